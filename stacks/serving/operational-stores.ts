/**
 * The operational-stores concern: the stores that deliver final data products to user applications, and the job
 * that publishes gold into them. Amazon RDS for PostgreSQL in the workspace subnets (reachable only from the
 * workspace's clusters and the configured application ranges, TLS enforced, IAM authentication, password managed by
 * RDS), DynamoDB tables (on demand, point-in-time recovery, our key), a service credential that may connect to the
 * database as the publisher user and write the target table only, and a Lakeflow job running the publish task
 * (pipelines/serving/) on a policy-governed job cluster in the VPC, as the orchestrator.
 */
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Fn, Token } from "cdktf";
import { commonTags } from "../../environments/tags";
import { dynamoWriteStatements, DynamoDbTable } from "../../modules/aws/dynamodb-table";
import { RdsPostgres } from "../../modules/aws/rds-postgres";
import { JobClusterPolicy } from "../../modules/databricks/pipelines/job-cluster-policy";
import { LakeflowJob } from "../../modules/databricks/pipelines/lakeflow-job";
import { UnityCatalogServiceCredential } from "../../modules/databricks/pipelines/unity-catalog-service-credential";
import { WorkspaceSourceFiles } from "../../modules/databricks/pipelines/workspace-source-files";
import { PIPELINES_ROOT } from "../../pipelines/manifest";
import { PUBLISH_TASK } from "../../pipelines/serving/manifest";
import { PUBLISHED_SUMMARY } from "../../environments/rules/serving";
import type { SourceFolder } from "../shared/source-folder";
import type { ServingContext } from "./context";

/** The database user the publish task connects as (IAM authentication; created once in the database, docs/layers/serving.md). */
export const PUBLISHER_DB_USER = "lakehouse_publisher";

/** The stores, and the publish job when it has a target. */
export interface OperationalStores {
  readonly rds?: RdsPostgres;
  readonly dynamodbTables: Readonly<Record<string, DynamoDbTable>>;
  readonly publishJob?: LakeflowJob;
}

export function createOperationalStores(ctx: ServingContext, folder: SourceFolder): OperationalStores {
  const rds = createRds(ctx);
  const dynamodbTables = createDynamoTables(ctx);
  const target = ctx.serving.publish.dynamodbTable;
  const table = target === undefined ? undefined : dynamodbTables[target];
  const publishJob = rds || table ? createPublishJob(ctx, folder, rds, table) : undefined;
  return { ...(rds ? { rds } : {}), dynamodbTables, ...(publishJob ? { publishJob } : {}) };
}

function createRds(ctx: ServingContext): RdsPostgres | undefined {
  const spec = ctx.serving.rds;
  if (!spec) return undefined;
  const { stack, storage } = ctx;
  const rds = new RdsPostgres(stack, "Rds", {
    identifier: stack.naming.name("operational"),
    vpcId: storage.vpcId,
    subnetIds: storage.workspaceSubnetIds,
    kmsKeyArn: storage.dataKeyArn,
    clientSecurityGroupIds: [storage.workspaceSecurityGroupId],
    instanceClass: spec.instanceClass,
    allocatedStorageGb: spec.allocatedStorageGb,
    multiAz: spec.multiAz,
    protect: stack.config.dataProtection,
  });
  // The applications that read the data products, from their own (peered) networks, on the database port only.
  spec.clientCidrs.forEach((cidr, i) => {
    new VpcSecurityGroupIngressRule(stack, `Rds-Clients${i}`, {
      securityGroupId: rds.securityGroupId,
      description: `Applications reading the operational database from ${cidr}`,
      ipProtocol: "tcp",
      fromPort: rds.port,
      toPort: rds.port,
      cidrIpv4: cidr,
    });
  });
  return rds;
}

function createDynamoTables(ctx: ServingContext): Record<string, DynamoDbTable> {
  const { stack, storage } = ctx;
  const tables: Record<string, DynamoDbTable> = {};
  for (const spec of ctx.serving.dynamodb.tables) {
    tables[spec.name] = new DynamoDbTable(stack, `Dynamo-${spec.name}`, {
      tableName: stack.naming.name(spec.name),
      hashKey: { name: spec.hashKey, type: "S" },
      kmsKeyArn: storage.dataKeyArn,
      protect: stack.config.dataProtection,
    });
  }
  return tables;
}

/** The publish job: a service credential for exactly the targets, the task's code, a job cluster policy, the job. */
function createPublishJob(ctx: ServingContext, folder: SourceFolder, rds: RdsPostgres | undefined, table: DynamoDbTable | undefined): LakeflowJob {
  const { stack, storage, principals } = ctx;
  const { config } = stack;
  const runAs = principals.servicePrincipal(config.ingestion.runAs);
  const credential = new UnityCatalogServiceCredential(stack, "PublishCredential", {
    provider: ctx.workspaceProvider,
    credentialName: stack.naming.unityCatalog("operational-stores"),
    roleName: stack.naming.iam("uc-operational-stores"),
    awsAccountId: config.aws.accountId,
    statements: [
      ...(rds ? rds.connectStatements(PUBLISHER_DB_USER) : []),
      ...(table ? dynamoWriteStatements(table.tableArn, storage.dataKeyArn, config.aws.region) : []),
    ],
    comment: "Publishes the customer summary into the operational stores",
    workspaceIds: [ctx.workspaceId],
    owner: ctx.owner,
    protect: config.dataProtection,
  });
  credential.grantAccess(runAs);
  const code = new WorkspaceSourceFiles(stack, "PublishTaskSource", {
    provider: ctx.workspaceProvider,
    sourceRoot: PIPELINES_ROOT,
    files: [PUBLISH_TASK.file],
    workspaceFolder: `${folder.path}/tasks`,
  });
  const policy = new JobClusterPolicy(stack, "PublishClusterPolicy", {
    provider: ctx.workspaceProvider,
    name: stack.naming.name("serving-job-clusters"),
    tags: commonTags(config),
    sparkVersions: config.ingestion.clusterPolicy.runtimeVersions,
    nodeTypeIds: config.ingestion.clusterPolicy.nodeTypes,
    maxWorkers: config.ingestion.clusterPolicy.maxWorkers,
    users: [runAs],
  });
  const source = Token.asString(Fn.lookup(ctx.ingestion.goldTables, PUBLISHED_SUMMARY.table));
  const parameters = [
    "--source-table",
    source,
    "--region",
    config.aws.region,
    "--service-credential",
    credential.credentialName,
    ...(rds ? ["--rds-host", rds.address, "--rds-port", String(rds.port), "--rds-database", rds.databaseName, "--rds-user", PUBLISHER_DB_USER] : []),
    ...(table ? ["--dynamodb-table", table.tableName] : []),
  ];
  const { maxRetries, timeoutMinutes, notifications } = config.ingestion.jobs;
  return new LakeflowJob(stack, "Job-publish", {
    provider: ctx.workspaceProvider,
    name: stack.naming.name("publish-operational-stores"),
    runAs,
    tasks: [
      {
        type: "python",
        key: "publish",
        pythonFile: code.pathOf(PUBLISH_TASK.file),
        parameters,
        jobClusterKey: "publish",
        maxRetries,
        timeoutSeconds: timeoutMinutes * 60,
      },
    ],
    jobClusters: [{ key: "publish", policy, numWorkers: 1 }],
    schedule: { quartzCronExpression: ctx.serving.publish.cron, timezoneId: "UTC" },
    emailOnFailure: notifications.onFailure,
    webhookOnFailure: notifications.webhookDestinationIds,
    viewers: config.ingestion.viewers.map((g) => principals.group(g)),
    tags: { layer: "serving" },
  });
}
