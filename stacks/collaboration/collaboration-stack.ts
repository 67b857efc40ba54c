/**
 * The collaboration layer: how partners get the data. Delta Sharing shares of gold data and models with their
 * recipients (Databricks-to-Databricks and open sharing by token) and grants, clean rooms with their assets, and the
 * Marketplace provider profile and listings. Clean rooms and the Marketplace have no resources in databricks
 * provider 1.99, so they go through their REST APIs with the generic REST provider (Mastercard/restapi, OAuth M2M).
 *
 * Composition only: each concern maps config to construct props in its own file of this folder.
 */
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import type { Construct } from "constructs";
import { DatabricksWorkspaceRestApi } from "../../modules/rest/databricks-workspace-rest-api";
import { IngestionOutputs } from "../ingestion/outputs";
import { backendOf } from "../shared/backend";
import { LayerStack, type LayerStackProps } from "../shared/layer-stack";
import { PrincipalDirectory } from "../shared/principal-directory";
import { databricksAccountProvider, databricksWorkspaceProvider, timeProvider } from "../shared/providers";
import { UnityCatalogOutputs } from "../unity-catalog/outputs";
import { WorkspaceOutputs } from "../workspace/outputs";
import { createCleanRooms } from "./clean-rooms";
import type { CollaborationContext } from "./context";
import { createMarketplace } from "./marketplace";
import { grantMetastorePrivileges } from "./metastore-grants";
import { CollaborationOutputs } from "./outputs";
import { createRecipients, grantShares } from "./recipients";
import { createShares } from "./shares";

/** `make`, called at most once: its result is kept for later calls. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** The collaboration stack of one environment (`<env>-collaboration`). */
export class CollaborationStack extends LayerStack {
  public readonly outputs: CollaborationOutputs;
  public readonly workspaceProvider: DatabricksProvider;
  public readonly principals: PrincipalDirectory;

  constructor(scope: Construct, props: LayerStackProps) {
    super(scope, "collaboration", props);
    const { config } = this;
    const workspace = WorkspaceOutputs.fromRemoteState(this, "workspace", backendOf(config, "workspace"));
    // Token recipients' expiry is a time_offset kept in state; a new clean room is given time to become active.
    if (config.collaboration.recipients.some((r) => r.kind === "token") || config.collaboration.cleanRooms.length > 0) timeProvider(this);
    this.workspaceProvider = databricksWorkspaceProvider(this, workspace.workspaceUrl);
    this.principals = new PrincipalDirectory(this, { config, servicePrincipalApplicationIds: workspace.servicePrincipalApplicationIds });
    const ctx: CollaborationContext = {
      stack: this,
      collaboration: config.collaboration,
      workspaceProvider: this.workspaceProvider,
      accountProvider: once(() => databricksAccountProvider(this, config.databricks.accountId)),
      restApi: once(() => new DatabricksWorkspaceRestApi(this, "RestApi", { workspaceUrl: workspace.workspaceUrl })),
      workspace,
      unityCatalog: UnityCatalogOutputs.fromRemoteState(this, "unity-catalog", backendOf(config, "unity-catalog")),
      ingestion: IngestionOutputs.fromRemoteState(this, "ingestion", backendOf(config, "ingestion")),
      principals: this.principals,
      owner: this.principals.resolve(config.unityCatalog.grants.owner).name,
    };

    grantMetastorePrivileges(ctx);
    const shares = createShares(ctx);
    const recipients = createRecipients(ctx);
    grantShares(ctx, shares, recipients);
    const cleanRooms = createCleanRooms(ctx);
    const marketplace = createMarketplace(ctx, shares);

    const mapOf = <T>(items: Readonly<Record<string, T>>, value: (item: T) => string | undefined) =>
      Object.fromEntries(Object.entries(items).flatMap(([key, item]) => (value(item) === undefined ? [] : [[key, value(item) as string]])));
    this.outputs = {
      shareNames: mapOf(shares, (s) => s.shareName),
      recipientNames: mapOf(recipients, (r) => r.recipientName),
      activationUrls: mapOf(recipients, (r) => r.activationUrl),
      cleanRoomNames: mapOf(cleanRooms, (c) => c.cleanRoomName),
      listingIds: mapOf(marketplace?.listings ?? {}, (l) => l.listingId),
      marketplaceProviderIds: marketplace ? { provider: marketplace.profile.profileId } : {},
    };
    CollaborationOutputs.publish(this, this.outputs);
  }
}
