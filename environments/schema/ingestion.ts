/**
 * The ingestion section: every batch and streaming path of the reference architecture into the medallion, switched on
 * per environment. AWS services deliver into Kinesis and the landing zone (IoT Core, DMS, AppFlow, Glue), Kafka runs on
 * MSK, and the Databricks side (Lakeflow Declarative Pipelines, Lakeflow Connect, Lakeflow Jobs) moves the data into
 * bronze, silver and gold. Cross-field rules (references between sources and pipelines, the serverless egress the
 * pipelines need) are in ../rules/ingestion.ts.
 */
import { z } from "zod";
import { cidrBlock } from "./primitives";
import { DEFAULT_JOB_NODE_TYPE_IDS, DEFAULT_LTS_SPARK_VERSIONS } from "../../modules/databricks/enums";

/** A kebab-case config key that becomes part of physical names (`<prefix>-<stage>-<key>`). */
const sourceKey = (max: number) =>
  z
    .string()
    .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "must start with a lowercase letter and use only lowercase letters, digits and single hyphens")
    .max(max, `must be at most ${max} characters`);

/** A Secrets Manager secret ARN: the reference, never the value. DMS accepts only an ARN. */
const secretArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}$/,
    "must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<suffix>), never the secret's value",
  );

/** A database or SaaS identifier (schema, table, object): letters, digits, _ and $, as most engines allow unquoted. */
const sourceIdentifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_$]{0,127}$/, "must be an unquoted identifier: letters, digits, _ and $, starting with a letter or _");

const email = z.email({ message: "must be an e-mail address" });

const kinesisStream = z.strictObject({
  name: sourceKey(40).meta({ description: "The stream's key; the stream is named <prefix>-<stage>-<name>." }),
  mode: z
    .enum(["ON_DEMAND", "PROVISIONED"])
    .default("ON_DEMAND")
    .meta({ description: "Capacity mode: ON_DEMAND scales by itself; PROVISIONED has shardCount shards (cheaper at a steady low rate)." }),
  shardCount: z.number().int().min(1).max(500).optional().meta({ description: "Shards of a PROVISIONED stream; not allowed ON_DEMAND." }),
  retentionHours: z
    .number()
    .int()
    .min(24)
    .max(8760)
    .default(24)
    .meta({ description: "Hours records stay readable (24 to 8760); longer retention lets a stopped pipeline catch up." }),
});

const iotRule = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/, "must be lowercase letters, digits and underscores, starting with a letter (IoT rule names allow no hyphens)")
    .meta({ description: "The rule's key; the rule is named <prefix>_<stage>_<name>." }),
  sql: z
    .string()
    .min(1)
    .max(4096)
    .meta({ description: "The rule's IoT SQL (2016-03-23), e.g. SELECT *, topic(2) AS device_id FROM 'devices/+/telemetry'." }),
  stream: sourceKey(40).meta({ description: "The key of the kinesis.streams entry the rule puts messages into." }),
});

const dmsCompute = z.discriminatedUnion("mode", [
  z.strictObject({
    mode: z.literal("serverless").meta({ description: "DMS Serverless: capacity scales between the bounds, billed per DCU-hour." }),
    minCapacityUnits: z.number().int().min(1).max(384).default(1).meta({ description: "Lowest DMS capacity units (DCU)." }),
    maxCapacityUnits: z.number().int().min(1).max(384).default(4).meta({ description: "Highest DMS capacity units (DCU)." }),
  }),
  z.strictObject({
    mode: z.literal("instance").meta({ description: "A provisioned replication instance." }),
    instanceClass: z
      .string()
      .regex(/^dms\.[a-z0-9]+\.[a-z0-9]+$/, "must be a DMS instance class like dms.t3.medium")
      .default("dms.t3.medium")
      .meta({ description: "The replication instance class." }),
    allocatedStorageGb: z.number().int().min(5).max(6144).default(50).meta({ description: "Storage of the instance (GiB)." }),
  }),
]);

const dmsSource = z.strictObject({
  name: sourceKey(30).meta({ description: "The source's key: part of the DMS names and of its landing path dms/<name>/." }),
  engine: z
    .enum(["postgres", "aurora-postgresql", "mysql", "aurora", "sqlserver", "oracle"])
    .meta({ description: "The source database engine (DMS engine_name)." }),
  port: z.number().int().min(1).max(65535).meta({ description: "Port of the source database: the only port DMS connects to besides HTTPS." }),
  sourceCidrs: z.array(cidrBlock).min(1).meta({
    description:
      "CIDR ranges of the source database, reachable from the workspace subnets (peering, Transit Gateway or VPN, set up out of band): DMS may connect to them on port only.",
  }),
  databaseName: sourceIdentifier.meta({ description: "The database to replicate from." }),
  credentialsSecret: secretArn.meta({
    description:
      "ARN of the Secrets Manager secret holding the DMS user's connection (JSON with username, password, host, port), created out of band; DMS reads it through an access role, so no connection detail is in code.",
  }),
  tables: z
    .array(
      z.strictObject({
        schema: sourceIdentifier.meta({ description: "The table's schema in the source database." }),
        table: sourceIdentifier.meta({ description: "The table's name." }),
      }),
    )
    .min(1)
    .meta({ description: "The tables replicated (full load, then ongoing changes)." }),
  compute: dmsCompute.prefault({ mode: "serverless" }).meta({ description: "How DMS runs: serverless, or a replication instance." }),
  multiAz: z.boolean().default(false).meta({ description: "Run the replication in two availability zones (for production sources)." }),
});

const appflowFlow = z.strictObject({
  name: sourceKey(30).meta({ description: "The flow's key: part of the flow name and of its landing path appflow/<name>/." }),
  connectorType: z
    .enum(["Salesforce", "Servicenow", "Zendesk", "Slack", "Marketo"])
    .meta({ description: "The SaaS connector type of the source (AppFlow connector_type)." }),
  connectorProfile: z
    .string()
    .regex(/^[\w/!@#+=.-]{1,256}$/, "must be an AppFlow connector profile name")
    .meta({ description: "Name of the AppFlow connector profile, created out of band (it holds the SaaS OAuth credentials)." }),
  object: sourceIdentifier.meta({ description: "The SaaS object to copy, e.g. Account." }),
  schedule: z
    .string()
    .regex(/^(rate\(\d+(minutes|hours|days)\)|cron\(.+\))$/, "must be an AppFlow schedule expression like rate(1hours) or cron(0 * * * ? *)")
    .default("rate(1hours)")
    .meta({ description: "How often the flow runs (AppFlow schedule expression)." }),
});

const glue = z.strictObject({
  crawlerSchedule: z
    .string()
    .regex(/^cron\(.+\)$/, "must be a Glue cron expression like cron(0 2 * * ? *)")
    .default("cron(0 2 * * ? *)")
    .meta({ description: "When the crawler catalogs the landing prefixes (Glue cron, UTC)." }),
  jobSchedule: z
    .string()
    .regex(/^cron\(.+\)$/, "must be a Glue cron expression like cron(0 1 * * ? *)")
    .default("cron(0 1 * * ? *)")
    .meta({ description: "When the job normalizes the day's ERP exports (Glue cron, UTC)." }),
  workers: z.number().int().min(2).max(100).default(2).meta({ description: "G.1X workers of the Glue job." }),
});

const msk = z.strictObject({
  mode: z
    .enum(["serverless", "provisioned"])
    .meta({ description: "MSK Serverless (pay per use, IAM auth only) or a provisioned cluster (brokers in every workspace subnet)." }),
  brokerInstanceType: z
    .string()
    .regex(/^kafka\.[a-z0-9]+\.[a-z0-9]+$/, "must be an MSK broker instance type like kafka.m7g.large")
    .default("kafka.m7g.large")
    .meta({ description: "Broker instance type of a provisioned cluster." }),
  brokersPerZone: z.number().int().min(1).max(10).default(1).meta({ description: "Brokers per workspace subnet of a provisioned cluster." }),
  volumeSizeGb: z.number().int().min(1).max(16384).default(100).meta({ description: "EBS storage per broker of a provisioned cluster (GiB)." }),
  producerCidrs: z.array(cidrBlock).default([]).meta({
    description:
      "Private CIDR ranges of the applications that produce to the topic (reached through peering or Transit Gateway): admitted on the IAM port, like the workspace's clusters. Empty: only the workspace's clusters reach the brokers.",
  }),
  topic: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,249}$/, "must be a Kafka topic name: letters, digits, . _ -")
    .default("order-events")
    .meta({ description: "The topic of order events the Structured Streaming task reads into bronze." }),
});

const connectSaas = z.strictObject({
  name: sourceKey(30).meta({ description: "The source's key: part of the connection and pipeline names." }),
  type: z.literal("SALESFORCE").meta({ description: "A SaaS source." }),
  credentialsSecret: secretArn.meta({
    description:
      "ARN of the Secrets Manager secret with the Salesforce connected app's client_id, client_secret and refresh_token (the refresh token is obtained once, out of band), read at plan time, never written in code.",
  }),
  objects: z.array(sourceIdentifier).min(1).meta({ description: "The SaaS objects ingested, e.g. Account, Opportunity." }),
});

const connectDatabase = z.strictObject({
  name: sourceKey(30).meta({ description: "The source's key: part of the connection and pipeline names." }),
  type: z.enum(["SQLSERVER", "MYSQL", "POSTGRESQL"]).meta({ description: "A database source: a gateway pipeline stages its changes." }),
  host: z
    .string()
    .regex(/^[A-Za-z0-9.-]{1,253}$/, "must be a host name or IP address")
    .meta({ description: "Host of the database, reachable from the workspace subnets (the gateway runs on classic compute)." }),
  port: z.number().int().min(1).max(65535).meta({ description: "Port of the database." }),
  sourceCidrs: z.array(cidrBlock).min(1).meta({
    description:
      "CIDR ranges of the database, reachable from the workspace subnets (peering, Transit Gateway or VPN, set up out of band; host must resolve there): the gateway's clusters may connect to them on port only.",
  }),
  credentialsSecret: secretArn.meta({
    description: "ARN of the Secrets Manager secret with the replication user's username and password, read at plan time, never written in code.",
  }),
  tables: z
    .array(
      z.strictObject({
        catalog: sourceIdentifier
          .optional()
          .meta({ description: "The source database (SQL Server) where the engine names one; omitted: the connection's default." }),
        schema: sourceIdentifier.meta({ description: "The table's schema in the source." }),
        table: sourceIdentifier.meta({ description: "The table's name." }),
      }),
    )
    .min(1)
    .meta({ description: "The tables ingested (catalog: the source database, where the engine has one)." }),
});

const pipelines = z.strictObject({
  telemetry: z
    .strictObject({ stream: sourceKey(40).meta({ description: "The key of the kinesis.streams entry the pipeline reads." }) })
    .optional()
    .meta({ description: "Device telemetry: the Kinesis stream and the IoT rules' error files into bronze, silver and gold." }),
  orders: z
    .strictObject({ dmsSource: sourceKey(30).meta({ description: "The key of the dms.sources entry whose landing files the pipeline loads." }) })
    .optional()
    .meta({ description: "Orders and customers: DMS change files applied as CDC (SCD 1 and 2) into silver, revenue in gold." }),
  crm: z
    .strictObject({ appflowFlow: sourceKey(30).meta({ description: "The key of the appflow.flows entry (a Salesforce Account flow)." }) })
    .optional()
    .meta({ description: "CRM accounts: the AppFlow files into bronze, silver and gold." }),
  erp: z.strictObject({}).optional().meta({ description: "ERP invoices: the Glue job's curated files into bronze, silver and gold (needs glue)." }),
  events: z.strictObject({}).optional().meta({ description: "Order events: the Kafka task's bronze table into silver and gold (needs msk)." }),
  channel: z.enum(["CURRENT", "PREVIEW"]).default("CURRENT").meta({ description: "The Lakeflow runtime channel of every pipeline." }),
  development: z
    .boolean()
    .default(false)
    .meta({ description: "Development mode: clusters stay up between updates and failures are not retried. Off in production." }),
});

const notifications = z.strictObject({
  onFailure: z.array(email).default([]).meta({ description: "E-mail addresses told when a job or pipeline fails." }),
  webhookDestinationIds: z
    .array(z.uuid({ message: "must be a notification destination id (a UUID, from the workspace settings)" }))
    .default([])
    .meta({ description: "Ids of workspace notification destinations (Slack, PagerDuty, webhooks) told when a job fails." }),
});

const jobs = z.strictObject({
  schedule: z
    .strictObject({
      cron: z
        .string()
        .regex(/^\S+( \S+){5,6}$/, "must be a Quartz cron expression of 6 or 7 fields, like 0 0/15 * * * ?")
        .default("0 0/15 * * * ?")
        .meta({ description: "When the streams job runs (Quartz cron): the Kafka task, the events and telemetry pipelines." }),
      timezone: z.string().min(1).default("UTC").meta({ description: "Java time zone id of the schedule, e.g. UTC or Europe/Berlin." }),
    })
    .prefault({})
    .meta({ description: "The schedule of the streams job." }),
  minSecondsBetweenFileTriggers: z
    .number()
    .int()
    .min(60)
    .max(86400)
    .default(300)
    .meta({ description: "Least seconds between two runs of a landing job started by file arrival." }),
  maxRetries: z.number().int().min(0).max(10).default(2).meta({ description: "Retries of a failed task." }),
  timeoutMinutes: z.number().int().min(5).max(2880).default(120).meta({ description: "Minutes after which a task is stopped." }),
  notifications: notifications.prefault({}).meta({ description: "Who hears about failures." }),
});

const clusterPolicy = z.strictObject({
  runtimeVersions: z
    .array(z.string().regex(/^\d+\.\d+\.x-(photon-)?scala2\.1[23]$/, "must be a Databricks Runtime version key like 16.4.x-scala2.12"))
    .min(1)
    .default([...DEFAULT_LTS_SPARK_VERSIONS])
    .meta({ description: "Databricks Runtime versions job clusters may use (LTS releases); the first is the default." }),
  nodeTypes: z
    .array(z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "must be an EC2 instance type like m5d.xlarge"))
    .min(1)
    .default([...DEFAULT_JOB_NODE_TYPE_IDS])
    .meta({ description: "Instance types job clusters may use; the first is the default." }),
  maxWorkers: z.number().int().min(1).max(100).default(4).meta({ description: "Most workers of a job cluster." }),
});

export const ingestionSchema = z
  .strictObject({
    kinesis: z
      .strictObject({ streams: z.array(kinesisStream).default([]).meta({ description: "Kinesis data streams, encrypted with the data key." }) })
      .prefault({})
      .meta({ description: "Amazon Kinesis Data Streams for streaming ingest." }),
    iot: z
      .strictObject({
        rules: z.array(iotRule).default([]).meta({
          description: "IoT Core topic rules into a Kinesis stream; failed deliveries land in the landing zone under iot-errors/.",
        }),
      })
      .prefault({})
      .meta({ description: "AWS IoT Core topic rules." }),
    dms: z
      .strictObject({
        createAccountRoles: z.boolean().default(false).meta({
          description:
            "Create the account-global roles DMS requires (dms-vpc-role, dms-cloudwatch-logs-role). Only where the account lacks them: they have fixed names, so a second creator fails.",
        }),
        sources: z.array(dmsSource).default([]).meta({ description: "Databases replicated into the landing zone as Parquet with CDC." }),
      })
      .prefault({})
      .meta({ description: "AWS DMS change data capture from operational databases." }),
    appflow: z
      .strictObject({ flows: z.array(appflowFlow).default([]).meta({ description: "Scheduled SaaS flows into the landing zone." }) })
      .prefault({})
      .meta({ description: "Amazon AppFlow flows from SaaS applications." }),
    glue: glue.optional().meta({
      description: "AWS Glue: a catalog database and crawler over the landing zone, and the job that normalizes ERP exports. Omitted: off.",
    }),
    msk: msk.optional().meta({ description: "Kafka on Amazon MSK with IAM authentication, read by a Structured Streaming task. Omitted: off." }),
    lakeflowConnect: z
      .strictObject({
        sources: z
          .array(z.discriminatedUnion("type", [connectSaas, connectDatabase]))
          .default([])
          .meta({ description: "Lakeflow Connect sources: managed ingestion pipelines into the bronze schema." }),
      })
      .prefault({})
      .meta({ description: "Databricks Lakeflow Connect: built-in connectors for SaaS applications and databases." }),
    pipelines: pipelines.prefault({}).meta({ description: "The Lakeflow Declarative Pipelines of the sample domain (code in pipelines/)." }),
    jobs: jobs.prefault({}).meta({ description: "The Lakeflow Jobs that run the pipelines and the Kafka task." }),
    clusterPolicy: clusterPolicy.prefault({}).meta({
      description: "The cluster policy of job clusters (Photon, Unity Catalog access mode, runtime range, instance types); engineers may use it.",
    }),
    runAs: z
      .string()
      .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "must be a key of workspace.servicePrincipals, like orchestrator")
      .default("orchestrator")
      .meta({ description: "The service principal every pipeline and job runs as, and that owns the service credential's use." }),
    viewers: z
      .array(z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "must be a key of workspace.groups, like data-engineers"))
      .default(["data-engineers"])
      .meta({ description: "Groups that see pipeline and job runs (CAN_VIEW) and may use the cluster policy." }),
  })
  .prefault({})
  .meta({ description: "Ingestion: the batch and streaming paths into the medallion, switched on per environment." });

export type IngestionConfig = z.output<typeof ingestionSchema>;
export type IngestionInput = z.input<typeof ingestionSchema>;
