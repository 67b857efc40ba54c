/**
 * The federation concern: Lakehouse Federation to Redshift (optionally a private Redshift Serverless warehouse),
 * catalog federation to the AWS Glue Data Catalog, and an external Hive metastore, each as a foreign catalog with
 * read grants.
 */
import { RedshiftServerlessWarehouse } from "../../modules/aws/redshift-serverless-warehouse";
import { ConnectionCredentials } from "../../modules/databricks/unity-catalog/connection-credentials";
import { ForeignCatalog } from "../../modules/databricks/unity-catalog/foreign-catalog";
import { GlueFederation } from "../../modules/databricks/unity-catalog/glue-federation";
import { RedshiftFederation } from "../../modules/databricks/unity-catalog/redshift-federation";
import { ValidationError } from "../../modules/core/errors";
import type { Ready, UnityCatalogContext } from "./context";
import type { ExternalLocations } from "./storage";

/** The Redshift federation and the warehouse created for it, when configured. */
export function createRedshift(
  ctx: UnityCatalogContext,
  ready: Ready,
): { federation: RedshiftFederation; warehouse?: RedshiftServerlessWarehouse } | undefined {
  const rs = ctx.uc.redshift;
  if (!rs) return undefined;
  const { stack, storage } = ctx;
  // A read-only federation user's secret, required by validation; never the warehouse's admin secret.
  const secret = rs.credentialsSecret;
  if (secret === undefined)
    throw new ValidationError(stack.node.path, ["unityCatalog.redshift.credentialsSecret: is missing; validate the config first"]);
  const warehouse = rs.serverless
    ? new RedshiftServerlessWarehouse(stack, "RedshiftWarehouse", {
        name: stack.naming.name("redshift"),
        kmsKeyArn: storage.dataKeyArn,
        vpcId: storage.vpcId,
        subnetIds: storage.workspaceSubnetIds,
        clientSecurityGroupIds: [storage.workspaceSecurityGroupId],
        databaseName: rs.database,
        baseCapacityRpus: rs.serverless.baseCapacityRpus,
        port: rs.port,
        protect: stack.config.dataProtection,
      })
    : undefined;
  const name = stack.naming.unityCatalog(rs.catalog);
  const federation = new RedshiftFederation(stack, "Redshift", {
    provider: ctx.workspaceProvider,
    connectionName: name,
    catalogName: name,
    host: warehouse ? warehouse.endpointAddress : (rs.host ?? ""),
    port: rs.port,
    database: rs.database,
    credentialsSecretId: secret,
    workspaceIds: [ctx.workspaceId],
    owner: ctx.owner,
    protect: stack.config.dataProtection,
    dependsOn: [...ready, ...(warehouse ? [warehouse.workgroup] : [])],
  });
  for (const key of rs.readers) federation.foreignCatalog.grantRead(ctx.principals.resolve(key));
  return { federation, warehouse };
}

/** Catalog federation to the Glue Data Catalog through a service credential, when configured. */
export function createGlue(ctx: UnityCatalogContext, locations: ExternalLocations, ready: Ready): GlueFederation | undefined {
  const glue = ctx.uc.glue;
  if (!glue) return undefined;
  const { stack, storage } = ctx;
  const { aws } = stack.config;
  const name = stack.naming.unityCatalog(glue.catalog);
  const federation = new GlueFederation(stack, "Glue", {
    provider: ctx.workspaceProvider,
    credentialName: stack.naming.unityCatalog(`${glue.catalog}-access`),
    roleName: stack.naming.iam(`uc-${glue.catalog.replace(/_/g, "-")}`),
    awsAccountId: aws.accountId,
    region: aws.region,
    connectionName: name,
    catalogName: name,
    authorizedPaths: glue.landingPrefixes.map((p) => `s3://${storage.landingBucketName}/${p}`),
    databases: glue.databases,
    storageRoot: `s3://${storage.unityCatalogBucketName}/${name}`,
    workspaceIds: [ctx.workspaceId],
    owner: ctx.owner,
    propagationSeconds: ctx.uc.iamPropagationSeconds,
    protect: stack.config.dataProtection,
    dependsOn: [...ready],
    catalogDependsOn: [locations.landing.location, locations["catalog-storage"].location],
  });
  for (const key of glue.readers) federation.foreignCatalog.grantRead(ctx.principals.resolve(key));
  return federation;
}

/** A foreign catalog over an external Hive metastore, when configured. */
export function createHiveMetastore(ctx: UnityCatalogContext, locations: ExternalLocations, ready: Ready): ForeignCatalog | undefined {
  const hms = ctx.uc.hiveMetastore;
  if (!hms) return undefined;
  const { stack, storage } = ctx;
  const credentials = new ConnectionCredentials(stack, "HiveMetastoreCredentials", { secretId: hms.credentialsSecret });
  const name = stack.naming.unityCatalog(hms.catalog);
  const hive = new ForeignCatalog(stack, "HiveMetastore", {
    provider: ctx.workspaceProvider,
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
    catalogOptions: { authorized_paths: hms.landingPrefixes.map((p) => `s3://${storage.landingBucketName}/${p}`).join(",") },
    workspaceIds: [ctx.workspaceId],
    owner: ctx.owner,
    comment: "External Hive metastore, federated into Unity Catalog",
    protect: stack.config.dataProtection,
    dependsOn: [...ready],
    catalogDependsOn: [locations.landing.location],
  });
  for (const key of hms.readers) hive.grantRead(ctx.principals.resolve(key));
  return hive;
}
