/** The invalid-props specification of modules/aws's constructs. */
import { join } from "node:path";
import { AppflowS3Flow } from "../../../modules/aws/appflow-s3-flow";
import { DatabricksVpc } from "../../../modules/aws/databricks-vpc";
import { DmsAccountRoles } from "../../../modules/aws/dms-account-roles";
import { DmsS3Replication } from "../../../modules/aws/dms-s3-replication";
import { DynamoDbTable } from "../../../modules/aws/dynamodb-table";
import { GlueEtlJob } from "../../../modules/aws/glue-etl-job";
import { GlueSecurityConfiguration } from "../../../modules/aws/glue-security-configuration";
import { IotKinesisTopicRule } from "../../../modules/aws/iot-kinesis-topic-rule";
import { KinesisDataStream } from "../../../modules/aws/kinesis-data-stream";
import { KmsKey } from "../../../modules/aws/kms-key";
import { MskKafkaCluster } from "../../../modules/aws/msk-kafka-cluster";
import { PrivateLinkEndpoints } from "../../../modules/aws/private-link-endpoints";
import { QuickSightDatabricksSource } from "../../../modules/aws/quicksight-databricks-source";
import { RdsPostgres } from "../../../modules/aws/rds-postgres";
import { RedshiftServerlessWarehouse } from "../../../modules/aws/redshift-serverless-warehouse";
import { SecureBucket } from "../../../modules/aws/secure-bucket";
import { VpcEndpoints } from "../../../modules/aws/vpc-endpoints";
import { WorkspaceFrontEnd } from "../../../modules/aws/workspace-front-end";
import type { PropsSpecification } from "./case";

// Valid values the cases share, so that each case's invalid props are the only ones wrong.
const KEY_ARN = "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const VPC_ID = "vpc-0123456789abcdef0";
const SUBNET_IDS = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb", "subnet-0cccccccccccccccc"];
const WORKSPACE_SG = "sg-0dddddddddddddddd";
const FLOW_LOGS = { destinationArn: "arn:aws:s3:::acme-prod-logs/vpc-flow-logs/" };

export const AWS_CASES: readonly PropsSpecification[] = [
  {
    construct: KmsKey,
    build: (scope) => new KmsKey(scope, "Key", { alias: "alias/x", description: "d", deletionWindowDays: 45 }),
    badProps: ["alias", "deletionWindowDays"],
  },
  {
    construct: SecureBucket,
    build: (scope) => {
      const dataKey = new KmsKey(scope, "DataKey", { alias: "acme/prod/data", description: "Lakehouse data buckets" });
      new SecureBucket(scope, "Bronze", {
        bucketName: "acme.prod.bronze",
        encryptionKey: dataKey,
        // accessLogsBucket left out: every bucket must log its access.
        noncurrentVersionExpirationDays: 0,
      });
    },
    badProps: ["bucketName", "accessLogsBucket", "noncurrentVersionExpirationDays"],
  },
  {
    construct: DatabricksVpc,
    build: (scope) =>
      new DatabricksVpc(scope, "Network", {
        name: "acme-prod",
        cidrBlock: "10.0.0.0/12",
        egress: "nat", // without publicSubnets for the NAT gateways
        workspaceSubnets: [
          { cidrBlock: "10.0.0.0/22", availabilityZone: "us-west-2a" },
          { cidrBlock: "10.0.4.0/22", availabilityZone: "us-west-2b" },
        ],
        flowLogs: { destinationArn: "arn:aws:logs:us-west-2:123456789012:log-group:vpc-flow-logs" },
      }),
    badProps: ["cidrBlock", "publicSubnets", "flowLogs.destinationArn"],
  },
  {
    construct: PrivateLinkEndpoints,
    build: (scope) =>
      new PrivateLinkEndpoints(scope, "PrivateLink", {
        vpcId: VPC_ID,
        region: "us-west-1",
        workspaceSecurityGroupId: WORKSPACE_SG,
        subnets: [{ cidrBlock: "10.0.32.0/26", availabilityZone: "us-west-1a" }],
        subnetIds: SUBNET_IDS,
      }),
    badProps: ["region", "subnets / subnetIds"],
  },
  {
    construct: VpcEndpoints,
    build: (scope) =>
      new VpcEndpoints(scope, "AwsEndpoints", {
        vpcId: VPC_ID,
        region: "us-west-1",
        accountId: "12345678901",
        routeTableIds: [],
        subnetIds: SUBNET_IDS,
        workspaceSecurityGroupId: WORKSPACE_SG,
      }),
    badProps: ["region", "accountId", "routeTableIds"],
  },
  {
    construct: WorkspaceFrontEnd,
    build: (scope) =>
      new WorkspaceFrontEnd(scope, "FrontEnd", {
        name: "acme-prod",
        region: "us-west-2",
        cidrBlock: "10.31.0.0/20",
        endpointSubnets: [{ cidrBlock: "10.31.0.0/22", availabilityZone: "us-west-2a" }],
        clientCidrs: ["0.0.0.0/0"],
        runnerSubnets: [{ cidrBlock: "10.31.8.0/26", availabilityZone: "us-west-2a" }], // without natSubnets
        flowLogs: FLOW_LOGS,
      }),
    badProps: ["endpointSubnets[0].cidrBlock", "natSubnets", "clientCidrs[0]"],
  },
  {
    construct: KinesisDataStream,
    build: (scope) =>
      new KinesisDataStream(scope, "Telemetry", {
        streamName: "acme-prod-telemetry",
        kmsKeyArn: "alias/aws/kinesis",
        shardCount: 4, // with the default capacity mode, ON_DEMAND
        retentionHours: 12,
      }),
    badProps: ["kmsKeyArn", "shardCount", "retentionHours"],
  },
  {
    construct: IotKinesisTopicRule,
    build: (scope) =>
      new IotKinesisTopicRule(scope, "TelemetryRule", {
        ruleName: "acme-prod-telemetry",
        sql: "SELECT * FROM 'devices/+/telemetry'",
        stream: { streamName: "acme-prod-telemetry", streamArn: "arn:aws:kinesis:us-west-2:123456789012:stream/acme-prod-telemetry" },
        errorBucket: { bucketName: "acme-prod-landing", bucketArn: "arn:aws:s3:::acme-prod-landing" },
        errorPrefix: "iot-errors",
        keyArns: [],
        roleName: "acme-prod-iot-telemetry",
      }),
    badProps: ["ruleName", "errorPrefix", "keyArns"],
  },
  {
    construct: MskKafkaCluster,
    build: (scope) =>
      new MskKafkaCluster(scope, "Kafka", {
        clusterName: "acme-prod-events",
        mode: "serverless",
        vpcId: VPC_ID,
        subnetIds: SUBNET_IDS,
        clientSecurityGroupIds: [],
        kmsKeyArn: KEY_ARN, // MSK Serverless takes no key of ours
        brokerNodes: 3, // provisioned only
      }),
    badProps: ["clientSecurityGroupIds", "kmsKeyArn", "brokerNodes"],
  },
  {
    construct: DmsAccountRoles,
    nothingToValidate:
      "Its only props are protect (a boolean) and tags; the two role names are fixed by DMS, so it takes no name, ARN or number that could be wrong.",
  },
  {
    construct: DmsS3Replication,
    build: (scope) =>
      new DmsS3Replication(scope, "Orders", {
        name: "acme-prod-orders",
        vpcId: VPC_ID,
        subnetIds: SUBNET_IDS.slice(0, 1),
        kmsKeyArn: KEY_ARN,
        sourceEngine: "postgres",
        sourcePort: 5432,
        sourceDatabaseName: "shop",
        sourceSecretArn: "arn:aws:secretsmanager:us-west-2:123456789012:secret:acme/prod/orders-db-AbCdEf",
        sourceSslMode: "verify-full", // without sourceCertificateArn
        sourceCidrBlocks: ["10.20.0.0/16"],
        tables: [{ schema: "public", table: "order%" }],
        bucketName: "acme-prod-landing",
      }),
    badProps: ["subnetIds", "sourceCertificateArn", "tables[0].table"],
  },
  {
    construct: AppflowS3Flow,
    build: (scope) =>
      new AppflowS3Flow(scope, "ZendeskTickets", {
        name: "acme-prod-support",
        connectorType: "Zendesk", // incremental by default, and Zendesk has no default field to filter on
        connectorProfileName: "acme-zendesk",
        object: "tickets",
        kmsKeyArn: "alias/aws/s3",
        bucketName: "acme-prod-landing",
        bucketPrefix: "/appflow/",
      }),
    badProps: ["kmsKeyArn", "incrementalPullField", "bucketPrefix"],
  },
  {
    construct: GlueEtlJob,
    build: (scope) =>
      new GlueEtlJob(scope, "ErpInvoices", {
        name: "acme-prod-erp",
        kmsKeyArn: KEY_ARN,
        databaseName: "acme_prod_landing",
        crawlerS3Paths: ["s3://acme-prod-landing/glue/curated/invoices/"],
        scriptPath: join(__dirname, "no-such-script.py"),
        scriptBucketName: "acme-prod-landing",
        sourcePaths: ["s3://acme-prod-landing/glue/raw/invoices/"],
        targetPath: "s3://acme-prod-landing/glue/curated/invoices",
        jobArguments: { "--job-bookmark-option": "job-bookmark-disable" },
      }),
    badProps: ["targetPath", "scriptPath", "jobArguments"],
  },
  {
    construct: GlueSecurityConfiguration,
    build: (scope) => new GlueSecurityConfiguration(scope, "GlueSecurity", { name: "acme prod glue", kmsKeyArn: "alias/acme/prod/data" }),
    badProps: ["name", "kmsKeyArn"],
  },
  {
    construct: RdsPostgres,
    build: (scope) =>
      new RdsPostgres(scope, "Orders", {
        identifier: "acme-prod-orders",
        vpcId: VPC_ID,
        subnetIds: SUBNET_IDS,
        kmsKeyArn: KEY_ARN,
        clientSecurityGroupIds: [WORKSPACE_SG],
        engineVersion: "13",
        maxAllocatedStorageGb: 20, // not above the default allocation of 20 GiB
        masterUsername: "rdsadmin",
      }),
    badProps: ["engineVersion", "maxAllocatedStorageGb", "masterUsername"],
  },
  {
    construct: RedshiftServerlessWarehouse,
    build: (scope) =>
      new RedshiftServerlessWarehouse(scope, "Analytics", {
        name: "Acme_Analytics",
        kmsKeyArn: KEY_ARN,
        vpcId: VPC_ID,
        subnetIds: SUBNET_IDS.slice(0, 2),
        clientSecurityGroupIds: [WORKSPACE_SG],
        baseCapacityRpus: 12,
      }),
    badProps: ["name", "subnetIds", "baseCapacityRpus"],
  },
  {
    construct: DynamoDbTable,
    build: (scope) =>
      new DynamoDbTable(scope, "CustomerSummary", {
        tableName: "customer summary",
        hashKey: { name: "customer_id", type: "S" },
        rangeKey: { name: "customer_id", type: "S" },
        kmsKeyArn: "alias/aws/dynamodb",
      }),
    badProps: ["tableName", "rangeKey.name", "kmsKeyArn"],
  },
  {
    construct: QuickSightDatabricksSource,
    build: (scope) =>
      new QuickSightDatabricksSource(scope, "QuickSight", {
        dataSourceId: "acme-prod-databricks",
        name: "Lakehouse (prod)",
        host: "https://dbc-1234abcd-5678.cloud.databricks.com",
        sqlEndpointPath: "/sql/1.0/warehouses/1234abcd5678ef90",
        credentialsSecretArn: "acme/prod/quicksight-databricks",
        vpcConnection: { subnetIds: SUBNET_IDS.slice(0, 1), securityGroupIds: [WORKSPACE_SG] },
      }),
    badProps: ["host", "credentialsSecretArn", "vpcConnection.subnetIds"],
  },
];
