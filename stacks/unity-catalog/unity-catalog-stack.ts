/**
 * The unity-catalog layer: the first stack with a workspace-level Databricks provider. It applies the workspace's
 * security settings, attaches the metastore, assigns the account's groups and service principals to the workspace
 * (identity federation comes with the metastore), governs the network-storage buckets through a storage credential and
 * external locations, builds the medallion catalogs with the grants every layer asks for, enables system tables, and
 * federates Redshift, Glue and a Hive metastore into Unity Catalog.
 *
 * Composition only: each concern maps config to construct props in its own file of this folder.
 */
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { Token } from "cdktf";
import type { Construct } from "constructs";
import type { RedshiftServerlessWarehouse } from "../../modules/aws/redshift-serverless-warehouse";
import type { WorkspaceAssignments } from "../../modules/databricks/account/workspace-assignments";
import type { ForeignCatalog } from "../../modules/databricks/unity-catalog/foreign-catalog";
import type { GlueFederation } from "../../modules/databricks/unity-catalog/glue-federation";
import { UNIFORM_TABLE_PROPERTIES, type MedallionCatalog } from "../../modules/databricks/unity-catalog/medallion-catalog";
import type { RedshiftFederation } from "../../modules/databricks/unity-catalog/redshift-federation";
import type { SystemSchemas } from "../../modules/databricks/unity-catalog/system-schemas";
import type { WorkspaceMetastoreAssignment } from "../../modules/databricks/unity-catalog/workspace-metastore-assignment";
import type { UnityCatalogStorageCredential } from "../../modules/databricks/unity-catalog/unity-catalog-storage-credential";
import type { WorkspaceHardening } from "../../modules/databricks/workspace/workspace-hardening";
import { NetworkStorageOutputs } from "../network-storage/outputs";
import { backendOf } from "../shared/backend";
import { LayerStack, type LayerStackProps } from "../shared/layer-stack";
import { PrincipalDirectory } from "../shared/principal-directory";
import { databricksAccountProvider, databricksWorkspaceProvider, timeProvider } from "../shared/providers";
import { WorkspaceOutputs } from "../workspace/outputs";
import { createDedicatedCatalogStorage, createDedicatedLocations, dedicatedBucketAccess } from "./catalog-storage";
import { createCatalogs, grantLandingFiles, type Catalogs } from "./catalogs";
import type { Ready, UnityCatalogContext } from "./context";
import { createGlue, createHiveMetastore, createRedshift } from "./federation";
import { unityCatalogGrantRequests, type GrantRequest } from "./grant-requests";
import { createHardening } from "./hardening";
import { assignMetastore, createWorkspaceAssignments, grantSharingEnvironments } from "./metastore";
import { UnityCatalogOutputs } from "./outputs";
import { createLocations, createStorageCredential, type ExternalLocations, type LocationKey } from "./storage";
import { createSystemTables } from "./system-tables";

/** Props of the unity-catalog stack. */
export interface UnityCatalogStackProps extends LayerStackProps {
  /**
   * Every grant the layers ask for on this layer's securables, rendered here into one authoritative grants resource
   * per securable (grant-requests.ts).
   * @default - this layer's own requests, from `unityCatalog.grants`
   */
  readonly grantRequests?: readonly GrantRequest[];
}

/** The unity-catalog stack of one environment (`<env>-unity-catalog`). */
export class UnityCatalogStack extends LayerStack {
  public readonly outputs: UnityCatalogOutputs;
  public readonly accountProvider: DatabricksProvider;
  public readonly workspaceProvider: DatabricksProvider;
  public readonly principals: PrincipalDirectory;
  /** The metastore's assignment to the workspace (the metastore itself is the workspace layer's). */
  public readonly metastore: WorkspaceMetastoreAssignment;
  /** The groups' and service principals' permissions in the workspace. */
  public readonly workspaceAssignments: WorkspaceAssignments;
  public readonly hardening: WorkspaceHardening;
  public readonly storageCredential: UnityCatalogStorageCredential;
  public readonly locations: ExternalLocations;
  /** Medallion catalogs by config name. */
  public readonly catalogs: Readonly<Record<string, MedallionCatalog>>;
  /** System schemas enabled and granted here; undefined where the environment neither enables nor reads any. */
  public readonly systemTables?: SystemSchemas;
  public readonly redshift?: RedshiftFederation;
  public readonly redshiftWarehouse?: RedshiftServerlessWarehouse;
  public readonly glue?: GlueFederation;
  public readonly hiveMetastore?: ForeignCatalog;

  constructor(scope: Construct, props: UnityCatalogStackProps) {
    super(scope, "unity-catalog", props);
    const { config } = this;
    const storage = NetworkStorageOutputs.fromRemoteState(this, "network-storage", backendOf(config, "network-storage"));
    const workspace = WorkspaceOutputs.fromRemoteState(this, "workspace", backendOf(config, "workspace"));
    timeProvider(this);
    this.accountProvider = databricksAccountProvider(this, config.databricks.accountId);
    this.workspaceProvider = databricksWorkspaceProvider(this, workspace.workspaceUrl);
    this.principals = new PrincipalDirectory(this, { config, servicePrincipalApplicationIds: workspace.servicePrincipalApplicationIds });
    const ctx: UnityCatalogContext = {
      stack: this,
      uc: config.unityCatalog,
      accountProvider: this.accountProvider,
      workspaceProvider: this.workspaceProvider,
      storage,
      workspace,
      workspaceId: Token.asNumber(workspace.workspaceId),
      principals: this.principals,
      owner: this.principals.resolve(config.unityCatalog.grants.owner).name,
    };
    const requests = props.grantRequests ?? unityCatalogGrantRequests(config);

    this.metastore = assignMetastore(ctx);
    this.workspaceAssignments = createWorkspaceAssignments(ctx, this.metastore);
    const ready: Ready = [
      this.metastore.ready,
      ...Object.values(this.workspaceAssignments.groups),
      ...Object.values(this.workspaceAssignments.servicePrincipals),
    ];
    grantSharingEnvironments(ctx, this.metastore, ready);
    this.hardening = createHardening(ctx, ready);
    const dedicated = createDedicatedCatalogStorage(ctx);
    this.storageCredential = createStorageCredential(ctx, ready, dedicatedBucketAccess(dedicated));
    this.locations = createLocations(ctx, this.storageCredential);
    const catalogs = createCatalogs(ctx, this.locations, createDedicatedLocations(ctx, this.storageCredential, dedicated), requests, ready);
    this.catalogs = catalogs.byName;
    grantLandingFiles(ctx, this.locations, requests);
    this.systemTables = createSystemTables(ctx, ready);
    const redshift = createRedshift(ctx, ready);
    this.redshift = redshift?.federation;
    this.redshiftWarehouse = redshift?.warehouse;
    this.glue = createGlue(ctx, this.locations, ready);
    this.hiveMetastore = createHiveMetastore(ctx, this.locations, ready);

    this.outputs = this.collectOutputs(catalogs);
    UnityCatalogOutputs.publish(this, this.outputs);
  }

  private collectOutputs(catalogs: Catalogs): UnityCatalogOutputs {
    const first = this.config.unityCatalog.catalogs[0];
    const schema = (name: string) => catalogs.schemaNames[`${first.name}.${name}`] ?? "";
    const keys = Object.keys(this.locations) as LocationKey[];
    return {
      metastoreId: this.metastore.metastoreId,
      catalogName: catalogs.default.name,
      bronzeSchemaName: schema("bronze"),
      silverSchemaName: schema("silver"),
      goldSchemaName: schema("gold"),
      mlSchemaName: schema("ml"),
      catalogNames: Object.fromEntries(Object.entries(catalogs.byName).map(([key, c]) => [key, c.name])),
      schemaNames: { ...catalogs.schemaNames },
      landingVolumePath: catalogs.volumePaths[`${first.name}.bronze.landing`] ?? "",
      volumePaths: { ...catalogs.volumePaths },
      externalLocationNames: Object.fromEntries(keys.map((k) => [k, this.locations[k].name])),
      externalLocationUrls: Object.fromEntries(keys.map((k) => [k, this.locations[k].url])),
      storageCredentialName: this.storageCredential.name,
      storageCredentialRoleArn: this.storageCredential.roleArn,
      goldTableProperties: { ...UNIFORM_TABLE_PROPERTIES },
      redshiftCatalogName: this.redshift?.foreignCatalog.catalogName ?? "",
      redshiftConnectionName: this.redshift?.foreignCatalog.connectionName ?? "",
      glueCatalogName: this.glue?.foreignCatalog.catalogName ?? "",
      glueServiceCredentialName: this.glue?.credentialName ?? "",
      hiveMetastoreCatalogName: this.hiveMetastore?.catalogName ?? "",
      landingKeyPrefixes: { ...catalogs.landingKeyPrefixes },
    };
  }
}
