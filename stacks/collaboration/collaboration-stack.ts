/**
 * The collaboration layer: how partners get the data. Delta Sharing shares of gold data and models with their
 * recipients (Databricks-to-Databricks and open sharing by token) and grants, clean rooms with their assets, and the
 * Marketplace provider profile and listings. Clean rooms and the Marketplace have no resources in databricks
 * provider 1.99, so they go through their REST APIs with the generic REST provider (Mastercard/restapi, OAuth M2M).
 *
 * Composition only: each concern maps config to construct props in its own file of this folder.
 */
import type { Construct } from "constructs";
import { DatabricksWorkspaceRestApi } from "../../modules/rest/databricks-workspace-rest-api";
import { IngestionOutputs } from "../ingestion/outputs";
import { backendOf } from "../shared/backend";
import type { LayerStackProps } from "../shared/layer-stack";
import { WorkspaceLayerStack } from "../shared/workspace-layer-stack";
import { databricksAccountProvider, timeProvider } from "../shared/providers";
import { UnityCatalogOutputs } from "../unity-catalog/outputs";
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
export class CollaborationStack extends WorkspaceLayerStack {
  public readonly outputs: CollaborationOutputs;

  constructor(scope: Construct, props: LayerStackProps) {
    super(scope, "collaboration", props);
    const { config, workspace } = this;
    // Token recipients' expiry is a time_offset kept in state; a new clean room is given time to become active.
    if (config.collaboration.recipients.some((r) => r.kind === "token") || config.collaboration.cleanRooms.length > 0) timeProvider(this);
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
