/**
 * The batch concern: the AWS services that deliver files into the landing volume. DMS replicates operational
 * databases (full load, then changes) as Parquet; AppFlow copies SaaS objects on a schedule; a Glue job normalizes ERP
 * exports, and a Glue crawler catalogs the landing prefixes. Every writer is limited to its own prefix, and every file
 * is encrypted with the data key.
 */
import { DataAwsPrefixList } from "@cdktf/provider-aws/lib/data-aws-prefix-list";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Fn, Token } from "cdktf";
import type { AppflowSourceConnector } from "../../modules/aws/appflow-s3-flow";
import { HTTPS_PORT } from "../../modules/aws/databricks-ports";
import { AppflowS3Flow } from "../../modules/aws/appflow-s3-flow";
import { DmsAccountRoles } from "../../modules/aws/dms-account-roles";
import { DmsS3Replication } from "../../modules/aws/dms-s3-replication";
import { GlueEtlJob } from "../../modules/aws/glue-etl-job";
import { GLUE_SCRIPT, PIPELINES_ROOT } from "../../pipelines/manifest";
import { join } from "node:path";
import { landingPath, type IngestionContext } from "./context";
import { LANDING_PATHS } from "../shared/landing-paths";

/** DMS replications by source key (and the account roles, where this stack creates them). */
export function createDmsReplications(ctx: IngestionContext): Readonly<Record<string, DmsS3Replication>> {
  const { stack, storage, ingestion } = ctx;
  if (ingestion.dms.sources.length === 0) return {};
  // HTTPS only inside the VPC (the Secrets Manager endpoint) and to S3 (the gateway endpoint's prefix list).
  const s3PrefixList = new DataAwsPrefixList(stack, "S3PrefixList", { name: `com.amazonaws.${stack.config.aws.region}.s3` });
  const accountRoles = ingestion.dms.createAccountRoles
    ? new DmsAccountRoles(stack, "DmsAccountRoles", { protect: stack.config.dataProtection })
    : undefined;
  const replications: Record<string, DmsS3Replication> = {};
  for (const source of ingestion.dms.sources) {
    const folder = landingPath(ctx.landing, LANDING_PATHS.dms(source.name)).keyPrefix;
    replications[source.name] = new DmsS3Replication(stack, `Dms-${source.name}`, {
      name: stack.naming.name(source.name),
      vpcId: storage.vpcId,
      subnetIds: storage.workspaceSubnetIds,
      kmsKeyArn: storage.dataKeyArn,
      sourceEngine: source.engine,
      sourcePort: source.port,
      sourceDatabaseName: source.databaseName,
      sourceSecretArn: source.credentialsSecret,
      sourceCidrBlocks: source.sourceCidrs,
      httpsEgressCidrBlocks: [storage.vpcCidr],
      httpsEgressPrefixListIds: [s3PrefixList.id],
      tables: source.tables,
      bucketName: storage.landingBucketName,
      // DMS takes the folder without the trailing slash and writes <folder>/<schema>/<table>/.
      bucketFolder: folder.replace(/\/$/, ""),
      compute: source.compute,
      multiAz: source.multiAz,
      protect: stack.config.dataProtection,
      ...(accountRoles ? { dependsOn: accountRoles.ready } : {}),
    });
    // DMS reads the source's secret through the Secrets Manager endpoint network-storage adds for it (no route to the
    // internet in an isolated VPC): admit the replication's security group there.
    new VpcSecurityGroupIngressRule(stack, `Dms-${source.name}-SecretsEndpointAccess`, {
      securityGroupId: Token.asString(Fn.lookup(storage.awsEndpoints, "security-group-id")),
      description: `HTTPS from DMS replication ${source.name} (Secrets Manager)`,
      ipProtocol: "tcp",
      fromPort: HTTPS_PORT,
      toPort: HTTPS_PORT,
      referencedSecurityGroupId: replications[source.name].securityGroup.id,
    });
  }
  return replications;
}

/** AppFlow flows by key, writing `appflow/<flow name>/` of the landing volume. */
export function createAppflowFlows(ctx: IngestionContext): Readonly<Record<string, AppflowS3Flow>> {
  const { stack, storage } = ctx;
  const flows: Record<string, AppflowS3Flow> = {};
  for (const spec of ctx.ingestion.appflow.flows) {
    flows[spec.name] = new AppflowS3Flow(stack, `Appflow-${spec.name}`, {
      name: stack.naming.name(spec.name),
      connectorType: spec.connectorType as AppflowSourceConnector,
      connectorProfileName: spec.connectorProfile,
      object: spec.object,
      kmsKeyArn: storage.dataKeyArn,
      bucketName: storage.landingBucketName,
      bucketPrefix: landingPath(ctx.landing, LANDING_PATHS.appflow).keyPrefix.replace(/\/$/, ""),
      scheduleExpression: spec.schedule,
      ...(stack.config.aws.assumeRoleArn ? { activationRoleArn: stack.config.aws.assumeRoleArn } : {}),
    });
  }
  return flows;
}

/** The Glue database, crawler and ERP job, when configured: raw exports in, curated Parquet out, both in the landing volume. */
export function createGlueJob(ctx: IngestionContext): GlueEtlJob | undefined {
  const spec = ctx.ingestion.glue;
  if (!spec) return undefined;
  const { stack, storage } = ctx;
  const url = (relative: string) => `s3://${storage.landingBucketName}/${landingPath(ctx.landing, relative).keyPrefix}`;
  return new GlueEtlJob(stack, "Glue", {
    name: stack.naming.name("erp-exports"),
    kmsKeyArn: storage.dataKeyArn,
    databaseName: stack.naming.unityCatalog("landing"),
    crawlerS3Paths: [url(LANDING_PATHS.glueCurated)],
    crawlerSchedule: spec.crawlerSchedule,
    scriptPath: join(PIPELINES_ROOT, GLUE_SCRIPT.file),
    scriptBucketName: storage.landingBucketName,
    sourcePaths: [url(LANDING_PATHS.glueRaw)],
    targetPath: url(LANDING_PATHS.glueCurated),
    // The script's arguments (pipelines/glue/normalize_erp_exports.py).
    jobArguments: { "--source_path": url(LANDING_PATHS.glueRaw), "--target_path": url(LANDING_PATHS.glueCurated) },
    numberOfWorkers: spec.workers,
    jobSchedule: spec.jobSchedule,
    protect: stack.config.dataProtection,
  });
}
