/**
 * The unity-catalog layer: the first stack with a workspace-level Databricks provider. It applies the workspace's
 * security settings, attaches the metastore, assigns the account's groups and service principals to the workspace
 * (identity federation comes with the metastore), governs the network-storage buckets through a storage credential and
 * external locations, builds the medallion catalogs with their grants, enables system tables, and federates Redshift,
 * Glue and a Hive metastore into Unity Catalog.
 */
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { DefaultNamespaceSetting } from "@cdktf/provider-databricks/lib/default-namespace-setting";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { Fn, Token, type ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import type { UnityCatalogConfig } from "../environments/schema/unity-catalog";
import { RedshiftServerlessWarehouse } from "../modules/aws/redshift-serverless-warehouse";
import { Naming } from "../modules/core/naming";
import { volumePath, type CatalogSchema } from "../modules/databricks/unity-catalog/catalog-schema";
import { ConnectionCredentials } from "../modules/databricks/unity-catalog/connection-credentials";
import { ForeignCatalog } from "../modules/databricks/unity-catalog/foreign-catalog";
import { GlueFederation } from "../modules/databricks/unity-catalog/glue-federation";
import { MedallionCatalog, UNIFORM_TABLE_PROPERTIES, type MedallionLayer } from "../modules/databricks/unity-catalog/medallion-catalog";
import { RedshiftFederation } from "../modules/databricks/unity-catalog/redshift-federation";
import { SystemSchemas } from "../modules/databricks/unity-catalog/system-schemas";
import type { UnityCatalogExternalLocation } from "../modules/databricks/unity-catalog/unity-catalog-external-location";
import { SHARED_METASTORE_PRIVILEGES } from "../modules/databricks/unity-catalog/privileges";
import { UnityCatalogMetastore } from "../modules/databricks/unity-catalog/unity-catalog-metastore";
import { UnityCatalogStorageCredential } from "../modules/databricks/unity-catalog/unity-catalog-storage-credential";
import { WorkspaceAssignments, type PrincipalAssignment } from "../modules/databricks/account/workspace-assignments";
import { WorkspaceHardening } from "../modules/databricks/workspace/workspace-hardening";
import { backendOf } from "./backend";
import { defineLayerContract } from "./layer-contract";
import { LayerStack, type LayerStackProps } from "./layer-stack";
import { NetworkStorageOutputs } from "./network-storage-stack";
import { accountGroupName } from "./shared-names";
import { WorkspaceOutputs } from "./workspace-outputs";
import { DATABRICKS_ACCOUNTS_HOST } from "./workspace-stack";

/** What the unity-catalog layer gives ingestion, serving and collaboration. Fields that depend on config are "" (or empty) when off. */
export interface UnityCatalogOutputs {
  readonly metastoreId: string;
  /** The default (first) medallion catalog. */
  readonly catalogName: string;
  /** `catalog.bronze` of the default catalog. */
  readonly bronzeSchemaName: string;
  readonly silverSchemaName: string;
  readonly goldSchemaName: string;
  /** `catalog.ml` of the default catalog; "" without an ml schema. */
  readonly mlSchemaName: string;
  /** Every medallion catalog's name by its config name. */
  readonly catalogNames: Record<string, string>;
  /** Every schema's full name by `<catalog config name>.<schema>`. */
  readonly schemaNames: Record<string, string>;
  /** `/Volumes/<catalog>/bronze/landing` of the default catalog; "" without a landing volume. */
  readonly landingVolumePath: string;
  /** Every volume's path by `<catalog config name>.<schema>.<volume>`. */
  readonly volumePaths: Record<string, string>;
  /** External location names by key: catalog-storage, bronze, silver, gold, landing. */
  readonly externalLocationNames: Record<string, string>;
  /** External location URLs by the same keys. */
  readonly externalLocationUrls: Record<string, string>;
  readonly storageCredentialName: string;
  readonly storageCredentialRoleArn: string;
  /** Table properties pipelines set on gold tables (UniForm: Iceberg reads of Delta tables). */
  readonly goldTableProperties: Record<string, string>;
  readonly redshiftCatalogName: string;
  readonly redshiftConnectionName: string;
  readonly glueCatalogName: string;
  readonly glueServiceCredentialName: string;
  readonly hiveMetastoreCatalogName: string;
}

/** The unity-catalog contract: fixed output names (snake_case of each field) and the typed remote-state reader. */
export const UnityCatalogOutputs = defineLayerContract<UnityCatalogOutputs>("unity-catalog", {
  metastoreId: { kind: "string", description: "Unity Catalog metastore id assigned to the workspace" },
  catalogName: { kind: "string", description: "The workspace's default medallion catalog" },
  bronzeSchemaName: { kind: "string", description: "Full name of the default catalog's bronze schema" },
  silverSchemaName: { kind: "string", description: "Full name of the default catalog's silver schema" },
  goldSchemaName: { kind: "string", description: "Full name of the default catalog's gold schema" },
  mlSchemaName: { kind: "string", description: "Full name of the default catalog's ml schema; empty without one" },
  catalogNames: { kind: "map", description: "Medallion catalog names by config name" },
  schemaNames: { kind: "map", description: "Schema full names by <catalog>.<schema> (catalog by config name)" },
  landingVolumePath: { kind: "string", description: "Path of the default catalog's landing volume; empty without one" },
  volumePaths: { kind: "map", description: "Volume paths by <catalog>.<schema>.<volume> (catalog by config name)" },
  externalLocationNames: { kind: "map", description: "External location names by key (catalog-storage, bronze, silver, gold, landing)" },
  externalLocationUrls: { kind: "map", description: "External location URLs by key" },
  storageCredentialName: { kind: "string", description: "Storage credential of the lakehouse buckets" },
  storageCredentialRoleArn: { kind: "string", description: "IAM role behind the storage credential" },
  goldTableProperties: { kind: "map", description: "Table properties pipelines set on gold tables (UniForm Iceberg reads)" },
  redshiftCatalogName: { kind: "string", description: "Foreign catalog over Redshift; empty without Redshift federation" },
  redshiftConnectionName: { kind: "string", description: "Redshift connection; empty without Redshift federation" },
  glueCatalogName: { kind: "string", description: "Foreign catalog over the Glue Data Catalog; empty without Glue federation" },
  glueServiceCredentialName: { kind: "string", description: "Service credential reading Glue; empty without Glue federation" },
  hiveMetastoreCatalogName: { kind: "string", description: "Foreign catalog over the Hive metastore; empty without one" },
});

/** Keys of the external locations in the contract. */
type LocationKey = "catalog-storage" | MedallionLayer | "landing";

/** The unity-catalog stack of one environment. */
export class UnityCatalogStack extends LayerStack {
  public readonly outputs: UnityCatalogOutputs;
  /** The account-level Databricks provider (metastore, its assignment, the workspace permission assignments). */
  public readonly accountProvider: DatabricksProvider;
  /** The workspace-level Databricks provider (everything else). */
  public readonly workspaceProvider: DatabricksProvider;
  public readonly metastore: UnityCatalogMetastore;
  /** The groups' and service principals' permissions in the workspace. */
  public readonly workspaceAssignments: WorkspaceAssignments;
  public readonly hardening: WorkspaceHardening;
  public readonly storageCredential: UnityCatalogStorageCredential;
  public readonly locations: Record<LocationKey, UnityCatalogExternalLocation>;
  /** Medallion catalogs by config name. */
  public readonly catalogs: Record<string, MedallionCatalog> = {};
  /** System schemas enabled and granted here; undefined where the environment neither enables nor reads any. */
  public readonly systemTables?: SystemSchemas;
  public readonly redshift?: RedshiftFederation;
  public readonly redshiftWarehouse?: RedshiftServerlessWarehouse;
  public readonly glue?: GlueFederation;
  public readonly hiveMetastore?: ForeignCatalog;

  private readonly storage: NetworkStorageOutputs;
  private readonly workspace: WorkspaceOutputs;
  private readonly workspaceId: number;
  private readonly schemaNames: Record<string, string> = {};
  private readonly volumePaths: Record<string, string> = {};
  private readonly principalNames = new Map<string, string>();

  constructor(scope: Construct, props: LayerStackProps) {
    super(scope, "unity-catalog", props);
    const { config } = this;
    this.storage = NetworkStorageOutputs.fromRemoteState(this, "network-storage", backendOf(config, "network-storage"));
    this.workspace = WorkspaceOutputs.fromRemoteState(this, "workspace", backendOf(config, "workspace"));
    this.workspaceId = Token.asNumber(this.workspace.workspaceId);
    new TimeProvider(this, "time");
    // Credentials come from the environment at deploy time (DATABRICKS_CLIENT_ID / DATABRICKS_CLIENT_SECRET).
    this.accountProvider = new DatabricksProvider(this, "databricks-account", { alias: "account", host: DATABRICKS_ACCOUNTS_HOST, accountId: config.databricks.accountId });
    this.workspaceProvider = new DatabricksProvider(this, "databricks-workspace", { alias: "workspace", host: this.workspace.workspaceUrl });

    this.metastore = this.createMetastore();
    this.workspaceAssignments = this.createWorkspaceAssignments();
    // Workspace-level calls wait for the metastore and for the principals' workspace access: the principal that
    // deploys this layer (the deployer) is itself assigned here.
    const ready: ITerraformDependable[] = [
      this.metastore.ready,
      ...Object.values(this.workspaceAssignments.groups),
      ...Object.values(this.workspaceAssignments.servicePrincipals),
    ];
    this.grantSharingEnvironments(ready);
    this.hardening = this.createHardening(ready);
    this.storageCredential = this.createStorageCredential(ready);
    this.locations = this.createLocations();
    for (const catalog of this.uc.catalogs) this.catalogs[catalog.name] = this.createCatalog(catalog, ready);
    new DefaultNamespaceSetting(this, "DefaultNamespace", {
      provider: this.workspaceProvider,
      namespace: { value: this.defaultCatalog.name },
      dependsOn: ready,
    });
    this.grantLandingFiles();
    this.systemTables = this.createSystemTables(ready);
    const redshift = this.createRedshift(ready);
    this.redshift = redshift?.federation;
    this.redshiftWarehouse = redshift?.warehouse;
    this.glue = this.createGlue(ready);
    this.hiveMetastore = this.createHiveMetastore(ready);
    this.outputs = this.collectOutputs();
    UnityCatalogOutputs.publish(this, this.outputs);
  }

  private get uc(): UnityCatalogConfig {
    return this.config.unityCatalog;
  }

  private get defaultCatalog(): MedallionCatalog {
    return this.catalogs[this.uc.catalogs[0].name];
  }

  /**
   * A config principal key as Unity Catalog names it: a group's display name (a pure function of config), or a
   * service principal's application id (known after the workspace layer is applied, read from its contract).
   */
  private principal(key: string): string {
    // One token per key, so that grants to the same principal merge into one grant block.
    let name = this.principalNames.get(key);
    if (name === undefined) {
      name =
        key in this.config.workspace.servicePrincipals
          ? Token.asString(Fn.lookup(this.workspace.servicePrincipalApplicationIds, key))
          : accountGroupName(this.naming, key);
      this.principalNames.set(key, name);
    }
    return name;
  }

  private get owner(): string {
    return this.principal(this.uc.grants.owner);
  }

  private createMetastore(): UnityCatalogMetastore {
    const { metastore } = this.uc;
    const { aws, project, dataProtection } = this.config;
    const common = { provider: this.accountProvider, region: aws.region, workspaceId: this.workspaceId };
    if (metastore.mode === "existing") {
      return new UnityCatalogMetastore(this, "Metastore", { ...common, mode: "existing", existingMetastoreId: metastore.metastoreId });
    }
    return new UnityCatalogMetastore(this, "Metastore", {
      ...common,
      mode: "create",
      // No stage in the name: the metastore serves every environment of the region in this account.
      name: metastore.name ?? `${project.prefix}-${aws.region}`,
      owner: this.principal(metastore.owner),
      storageRoot: metastore.storageRoot,
      protect: dataProtection,
    });
  }

  /**
   * Metastore privileges for each environment that shares the metastore created here (`metastore.sharedWith`), so
   * its unity-catalog layer can create its catalogs, locations, credentials and connections. The group's name is
   * built as the sharing environment's workspace layer builds it: `<prefix>-<environment>-<group>`.
   */
  private grantSharingEnvironments(dependsOn: ITerraformDependable[]): void {
    const { metastore } = this.uc;
    if (metastore.mode !== "create") return;
    for (const { environment, group } of metastore.sharedWith) {
      const principal = accountGroupName(new Naming(this.config.project.prefix, environment), group);
      this.metastore.grant(principal, SHARED_METASTORE_PRIVILEGES, { provider: this.workspaceProvider, dependsOn });
    }
  }

  /**
   * ADMIN/USER assignments of the workspace layer's groups and principals, by the ids in its state. The assignment
   * API needs identity federation, which the metastore assignment turns on, so they come after it; and after the
   * settle wait that follows it, because right after an assignment the workspace can still answer as if it had no
   * metastore (provider issues #1832, #3850; Databricks KB "dependency error while deploying workspace").
   */
  private createWorkspaceAssignments(): WorkspaceAssignments {
    const { groups, servicePrincipals } = this.config.workspace;
    const assignments = (specs: Record<string, { workspacePermission?: "ADMIN" | "USER" }>, ids: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(specs).flatMap(([key, spec]): [string, PrincipalAssignment][] =>
          spec.workspacePermission ? [[key, { principalId: Token.asString(Fn.lookup(ids, key)), permission: spec.workspacePermission }]] : [],
        ),
      );
    return new WorkspaceAssignments(this, "WorkspaceAssignments", {
      provider: this.accountProvider,
      workspaceId: this.workspaceId,
      groups: assignments(groups, this.workspace.groupIds),
      servicePrincipals: assignments(servicePrincipals, this.workspace.servicePrincipalIds),
      dependsOn: [this.metastore.assignment, this.metastore.ready],
    });
  }

  private createHardening(dependsOn: ITerraformDependable[]): WorkspaceHardening {
    const security = this.uc.workspaceSecurity;
    const lists = (specs: { label: string; cidrs: string[] }[]) => specs.map((s) => ({ label: s.label, ipAddresses: s.cidrs }));
    return new WorkspaceHardening(this, "WorkspaceHardening", {
      provider: this.workspaceProvider,
      allowedIpAddresses: lists(security.ipAccessLists.allow),
      blockedIpAddresses: lists(security.ipAccessLists.block),
      maxTokenLifetimeDays: security.maxTokenLifetimeDays,
      workspaceConf: security.workspaceConf,
      complianceStandards: security.complianceSecurityProfile,
      enhancedSecurityMonitoring: security.enhancedSecurityMonitoring,
      automaticClusterUpdate: security.automaticClusterUpdate,
      restrictWorkspaceAdmins: security.restrictWorkspaceAdmins,
      disableLegacyAccess: security.disableLegacyAccess,
      disableLegacyDbfs: security.disableLegacyDbfs,
      dependsOn,
    });
  }

  private createStorageCredential(dependsOn: ITerraformDependable[]): UnityCatalogStorageCredential {
    const { aws } = this.config;
    const { storage } = this;
    return new UnityCatalogStorageCredential(this, "StorageCredential", {
      provider: this.workspaceProvider,
      name: this.naming.unityCatalog("data-access"),
      roleName: this.naming.iam("uc-data-access"),
      awsAccountId: aws.accountId,
      region: aws.region,
      buckets: [
        { bucketName: storage.unityCatalogBucketName },
        { bucketName: storage.medallionBucketName },
        // Ingestion services write the landing zone through AWS; Databricks only reads it, and Auto Loader
        // learns of new files through file events.
        { bucketName: storage.landingBucketName, readOnly: true, fileEvents: true },
      ],
      kmsKeyArn: storage.dataKeyArn,
      owner: this.owner,
      comment: `Lakehouse buckets of ${this.config.name}`,
      propagationSeconds: this.uc.iamPropagationSeconds,
      protect: this.config.dataProtection,
      dependsOn,
    });
  }

  private createLocations(): Record<LocationKey, UnityCatalogExternalLocation> {
    const { storage, naming } = this;
    const location = (id: string, component: string, url: string, extra: { readOnly?: boolean; fileEvents?: boolean } = {}) =>
      this.storageCredential.addExternalLocation(id, {
        name: naming.unityCatalog(component),
        url,
        owner: this.owner,
        // Every bucket is SSE-KMS with the data key, the read-only landing zone included: each location says so.
        kmsKeyArn: storage.dataKeyArn,
        ...extra,
      });
    const layer = (l: MedallionLayer) => location(capitalize(l), l, `s3://${storage.medallionBucketName}/${l}/`);
    return {
      "catalog-storage": location("CatalogStorage", "catalog-storage", `s3://${storage.unityCatalogBucketName}/`),
      bronze: layer("bronze"),
      silver: layer("silver"),
      gold: layer("gold"),
      landing: location("Landing", "landing", `s3://${storage.landingBucketName}/`, { readOnly: true, fileEvents: true }),
    };
  }

  private createCatalog(spec: UnityCatalogConfig["catalogs"][number], ready: ITerraformDependable[]): MedallionCatalog {
    const { storage, locations } = this;
    const name = this.naming.unityCatalog(spec.name);
    const layerRoot = (layer: MedallionLayer, schema: string) => `s3://${storage.medallionBucketName}/${layer}/${name}/${schema}`;
    const catalog = new MedallionCatalog(this, `Catalog-${spec.name}`, {
      provider: this.workspaceProvider,
      name,
      storageRoot: `s3://${storage.unityCatalogBucketName}/${name}`,
      workspaceIds: [this.workspaceId],
      layerStorageRoots: { bronze: layerRoot("bronze", "bronze"), silver: layerRoot("silver", "silver"), gold: layerRoot("gold", "gold") },
      uniformGold: spec.uniformGold,
      owner: this.owner,
      comment: `Medallion catalog ${spec.name} of ${this.config.name}`,
      protect: this.config.dataProtection,
      dependsOn: [...ready, locations["catalog-storage"].location, locations.bronze.location, locations.silver.location, locations.gold.location],
    });
    const schemas: Record<string, CatalogSchema> = { bronze: catalog.layer("bronze"), silver: catalog.layer("silver"), gold: catalog.layer("gold") };
    const layerOf: Record<string, MedallionLayer> = { bronze: "bronze", silver: "silver", gold: "gold" };
    for (const domain of spec.domainSchemas) {
      schemas[domain.name] = catalog.addSchema(`Schema-${domain.name}`, { name: domain.name, storageRoot: layerRoot(domain.layer, domain.name) });
      layerOf[domain.name] = domain.layer;
    }
    if (spec.mlSchema) schemas.ml = catalog.addSchema("Ml", { name: "ml", comment: "Models, feature tables and functions" });
    for (const [schema, s] of Object.entries(schemas)) this.schemaNames[`${spec.name}.${schema}`] = s.fullName;
    this.addVolumes(spec, name, schemas);
    this.grantCatalog(schemas, layerOf);
    return catalog;
  }

  private addVolumes(spec: UnityCatalogConfig["catalogs"][number], catalogName: string, schemas: Record<string, CatalogSchema>): void {
    if (spec.landingVolume) {
      schemas.bronze.addVolume("LandingVolume", {
        name: "landing",
        storageLocation: `s3://${this.storage.landingBucketName}/${catalogName}/`,
        comment: "Files delivered by ingestion services (read-only: the landing location is)",
        owner: this.owner,
        dependsOn: [this.locations.landing.location],
      });
      this.volumePaths[`${spec.name}.bronze.landing`] = volumePath(catalogName, "bronze", "landing");
    }
    for (const v of spec.volumes) {
      schemas[v.schema].addVolume(`Volume-${v.name}`, { name: v.name, owner: this.owner });
      this.volumePaths[`${spec.name}.${v.schema}.${v.name}`] = volumePath(catalogName, v.schema, v.name);
    }
  }

  /** The governance model: writers and pipelines write a layer, readers read it, the ml schema is for models. */
  private grantCatalog(schemas: Record<string, CatalogSchema>, layerOf: Record<string, MedallionLayer>): void {
    const { grants } = this.uc;
    for (const [name, schema] of Object.entries(schemas)) {
      const layer = layerOf[name] as MedallionLayer | undefined;
      if (!layer) continue;
      for (const key of unique([...grants[layer].write, ...grants.pipelines])) schema.grantWrite(this.principal(key));
      for (const key of grants[layer].read) schema.grantRead(this.principal(key));
    }
    if (schemas.ml) {
      for (const key of grants.ml.createModels) schemas.ml.grantCreateModels(this.principal(key));
      for (const key of grants.ml.read) schemas.ml.grantRead(this.principal(key));
    }
  }

  /** Whoever loads bronze (its writers and the pipelines) reads the landing files. */
  private grantLandingFiles(): void {
    const { grants } = this.uc;
    for (const key of unique([...grants.bronze.write, ...grants.pipelines])) this.locations.landing.grantReadFiles(this.principal(key));
  }

  private createSystemTables(dependsOn: ITerraformDependable[]): SystemSchemas | undefined {
    const { systemTables } = this.uc;
    if (systemTables.enable.length === 0 && systemTables.readers.length === 0) return undefined;
    return new SystemSchemas(this, "SystemTables", {
      provider: this.workspaceProvider,
      enable: systemTables.enable,
      read: systemTables.read,
      readers: systemTables.readers.map((k) => this.principal(k)),
      dependsOn,
    });
  }

  private createRedshift(ready: ITerraformDependable[]): { federation: RedshiftFederation; warehouse?: RedshiftServerlessWarehouse } | undefined {
    const rs = this.uc.redshift;
    if (!rs) return undefined;
    // A read-only federation user's secret, required by validation; never the warehouse's admin secret.
    const secret = rs.credentialsSecret;
    if (secret === undefined) throw new Error(`unityCatalog.redshift.credentialsSecret is missing in ${this.config.name}: validate the config first`);
    const { storage, config } = this;
    const warehouse = rs.serverless
      ? new RedshiftServerlessWarehouse(this, "RedshiftWarehouse", {
          name: this.naming.name("redshift"),
          kmsKeyArn: storage.dataKeyArn,
          vpcId: storage.vpcId,
          subnetIds: storage.workspaceSubnetIds,
          clientSecurityGroupIds: [storage.workspaceSecurityGroupId],
          databaseName: rs.database,
          baseCapacityRpus: rs.serverless.baseCapacityRpus,
          port: rs.port,
          protect: config.dataProtection,
        })
      : undefined;
    const name = this.naming.unityCatalog(rs.catalog);
    const federation = new RedshiftFederation(this, "Redshift", {
      provider: this.workspaceProvider,
      connectionName: name,
      catalogName: name,
      host: warehouse ? warehouse.endpointAddress : (rs.host ?? ""),
      port: rs.port,
      database: rs.database,
      credentialsSecretId: secret,
      workspaceIds: [this.workspaceId],
      owner: this.owner,
      protect: this.config.dataProtection,
      dependsOn: [...ready, ...(warehouse ? [warehouse.workgroup] : [])],
    });
    for (const key of rs.readers) federation.foreignCatalog.grantRead(this.principal(key));
    return { federation, warehouse };
  }

  private createGlue(ready: ITerraformDependable[]): GlueFederation | undefined {
    const glue = this.uc.glue;
    if (!glue) return undefined;
    const { aws } = this.config;
    const name = this.naming.unityCatalog(glue.catalog);
    const federation = new GlueFederation(this, "Glue", {
      provider: this.workspaceProvider,
      credentialName: this.naming.unityCatalog(`${glue.catalog}-access`),
      roleName: this.naming.iam(`uc-${glue.catalog.replace(/_/g, "-")}`),
      awsAccountId: aws.accountId,
      region: aws.region,
      connectionName: name,
      catalogName: name,
      authorizedPaths: glue.landingPrefixes.map((p) => `s3://${this.storage.landingBucketName}/${p}`),
      databases: glue.databases,
      storageRoot: `s3://${this.storage.unityCatalogBucketName}/${name}`,
      workspaceIds: [this.workspaceId],
      owner: this.owner,
      propagationSeconds: this.uc.iamPropagationSeconds,
      protect: this.config.dataProtection,
      dependsOn: ready,
      catalogDependsOn: [this.locations.landing.location, this.locations["catalog-storage"].location],
    });
    for (const key of glue.readers) federation.foreignCatalog.grantRead(this.principal(key));
    return federation;
  }

  private createHiveMetastore(ready: ITerraformDependable[]): ForeignCatalog | undefined {
    const hms = this.uc.hiveMetastore;
    if (!hms) return undefined;
    const credentials = new ConnectionCredentials(this, "HiveMetastoreCredentials", { secretId: hms.credentialsSecret });
    const name = this.naming.unityCatalog(hms.catalog);
    const hive = new ForeignCatalog(this, "HiveMetastore", {
      provider: this.workspaceProvider,
      connectionName: name,
      connectionType: "HIVE_METASTORE",
      connectionOptions: {
        host: hms.host,
        port: String(hms.port),
        user: credentials.username,
        password: credentials.password,
        database: hms.database,
        db_type: hms.dbType,
        version: hms.version,
      },
      catalogName: name,
      catalogOptions: { authorized_paths: hms.landingPrefixes.map((p) => `s3://${this.storage.landingBucketName}/${p}`).join(",") },
      workspaceIds: [this.workspaceId],
      owner: this.owner,
      comment: "External Hive metastore, federated into Unity Catalog",
      protect: this.config.dataProtection,
      dependsOn: ready,
      catalogDependsOn: [this.locations.landing.location],
    });
    for (const key of hms.readers) hive.grantRead(this.principal(key));
    return hive;
  }

  private collectOutputs(): UnityCatalogOutputs {
    const first = this.uc.catalogs[0];
    const schema = (name: string) => this.schemaNames[`${first.name}.${name}`] ?? "";
    const keys = Object.keys(this.locations) as LocationKey[];
    return {
      metastoreId: this.metastore.metastoreId,
      catalogName: this.defaultCatalog.name,
      bronzeSchemaName: schema("bronze"),
      silverSchemaName: schema("silver"),
      goldSchemaName: schema("gold"),
      mlSchemaName: schema("ml"),
      catalogNames: Object.fromEntries(Object.entries(this.catalogs).map(([key, c]) => [key, c.name])),
      schemaNames: { ...this.schemaNames },
      landingVolumePath: this.volumePaths[`${first.name}.bronze.landing`] ?? "",
      volumePaths: { ...this.volumePaths },
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
    };
  }
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
