/**
 * The serving section: how people, applications and AI reach the data. Databricks SQL warehouses, Model Serving
 * endpoints behind AI Gateway (Amazon Bedrock, other external model providers, custom models), Lakebase with synced
 * tables, operational stores on AWS (RDS for PostgreSQL, DynamoDB) with the job that publishes into them, the ML
 * platform, QuickSight, a Lakeview dashboard with a freshness alert, and an AI app. Cross-field rules are in
 * ../rules/serving.ts.
 */
import { z } from "zod";
import { cidrBlock } from "./primitives";

/** A kebab-case key that becomes part of physical names. */
const key = (max: number) =>
  z
    .string()
    .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "must start with a lowercase letter and use only lowercase letters, digits and single hyphens")
    .max(max, `must be at most ${max} characters`);
/** A key of `workspace.groups`. */
const groupKey = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "must be a key of workspace.groups, like analysts");
/** A Unity Catalog object name (table, model). */
const ucName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, "must be lowercase letters, digits and underscores, starting with a letter")
  .max(255);

const warehouse = z.strictObject({
  name: key(30).meta({ description: "The warehouse's key; it is named <prefix>-<stage>-<name>." }),
  size: z
    .enum(["2X-Small", "X-Small", "Small", "Medium", "Large", "X-Large", "2X-Large", "3X-Large", "4X-Large"])
    .default("2X-Small")
    .meta({ description: "Cluster size of the serverless warehouse." }),
  minClusters: z.number().int().min(1).max(40).default(1).meta({ description: "Clusters kept running while the warehouse is up." }),
  maxClusters: z.number().int().min(1).max(40).default(1).meta({ description: "Most clusters under load (at least minClusters)." }),
  autoStopMinutes: z.number().int().min(1).max(1440).default(10).meta({ description: "Idle minutes before the warehouse stops." }),
  channel: z.enum(["CURRENT", "PREVIEW"]).default("CURRENT").meta({ description: "Databricks SQL release channel." }),
});

const bedrockModel = z.strictObject({
  provider: z.literal("amazon-bedrock").meta({ description: "A model on Amazon Bedrock, reached with an instance profile." }),
  model: z
    .string()
    .regex(/^[a-z0-9-]+\.[A-Za-z0-9.:-]+$/, "must be a Bedrock model id like anthropic.claude-3-5-sonnet-20240620-v1:0")
    .meta({ description: "The Bedrock model id; the instance profile's role may invoke only the configured models." }),
  bedrockProvider: z
    .enum(["anthropic", "cohere", "ai21labs", "amazon"])
    .meta({ description: "The model family on Bedrock (amazon_bedrock_config.bedrock_provider)." }),
});

const keyedModel = z.strictObject({
  provider: z.enum(["openai", "anthropic"]).meta({ description: "An external model provider reached with an API key." }),
  model: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,128}$/, "must be the provider's model name")
    .meta({ description: "The provider's model name." }),
  secretKey: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,128}$/, "must be a secret key name: letters, digits, . _ -")
    .meta({
      description:
        "Key in the environment's external-models secret scope holding the API key; its value is set outside Terraform (docs/layers/serving.md, with the CLI command).",
    }),
});

const rateLimits = z.strictObject({
  perUserPerMinute: z.number().int().min(1).default(60).meta({ description: "Calls per user per minute." }),
  perEndpointPerMinute: z.number().int().min(1).default(1000).meta({ description: "Calls per minute for the whole endpoint." }),
});

const endpoint = z.strictObject({
  name: key(40).meta({ description: "The endpoint's key; it is named <prefix>-<stage>-<name>." }),
  task: z
    .enum(["llm/v1/chat", "llm/v1/completions", "llm/v1/embeddings"])
    .default("llm/v1/chat")
    .meta({ description: "The task every model serves." }),
  models: z
    .array(z.discriminatedUnion("provider", [bedrockModel, keyedModel]))
    .min(1)
    .max(5)
    .meta({ description: "External models served, in fallback order: AI Gateway falls back to the next when one fails." }),
  rateLimits: rateLimits.prefault({}).meta({ description: "AI Gateway rate limits." }),
  guardrails: z
    .strictObject({
      pii: z
        .enum(["BLOCK", "MASK", "NONE"])
        .default("NONE")
        .meta({ description: "What AI Gateway does with personal data in requests and responses." }),
      safety: z.boolean().default(false).meta({ description: "Filter unsafe content in requests." }),
    })
    .prefault({})
    .meta({ description: "AI Gateway guardrails on input and output." }),
});

const customModel = z.strictObject({
  name: key(40).meta({ description: "The endpoint's key; it is named <prefix>-<stage>-<name>." }),
  registeredModel: ucName.meta({ description: "A model registered in the default catalog's ml schema (serving.ml.registeredModels)." }),
  version: z
    .string()
    .regex(/^[1-9][0-9]*$/, "must be a model version number")
    .meta({ description: "The model version served." }),
  workloadSize: z.enum(["Small", "Medium", "Large"]).default("Small").meta({ description: "Compute per replica." }),
  scaleToZero: z.boolean().default(true).meta({ description: "Scale to zero when idle (cold starts; off in production for latency)." }),
  rateLimits: rateLimits.prefault({}).meta({ description: "AI Gateway rate limits." }),
});

const lakebase = z.strictObject({
  capacity: z.enum(["CU_1", "CU_2", "CU_4", "CU_8"]).default("CU_1").meta({ description: "Capacity of the Lakebase instance." }),
  syncedTables: z
    .array(
      z.strictObject({
        table: ucName.meta({ description: "A gold table the ingestion pipelines publish, synced into Postgres." }),
        primaryKey: z
          .array(z.string().regex(/^[a-z_][a-z0-9_]*$/, "must be a column name"))
          .min(1)
          .meta({ description: "Its primary key columns." }),
      }),
    )
    .default([])
    .meta({ description: "Gold tables applications read from Lakebase." }),
  minMinutesBetweenSyncs: z.number().int().min(1).max(10_080).default(60).meta({
    description:
      "Minutes at least between two snapshot syncs: each copies the whole table, and gold may refresh every few minutes. A sync starts after gold changed and this long after the last one.",
  }),
});

const rds = z.strictObject({
  instanceClass: z
    .string()
    .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "must be an RDS instance class like db.t4g.medium")
    .default("db.t4g.medium")
    .meta({ description: "The instance class." }),
  allocatedStorageGb: z.number().int().min(20).max(65536).default(50).meta({ description: "Storage (GiB)." }),
  multiAz: z.boolean().default(false).meta({ description: "A standby in a second availability zone (production requires it)." }),
  clientCidrs: z.array(cidrBlock).default([]).meta({
    description: "Private ranges of the applications that read the database (peered networks), admitted on 5432 besides the workspace's clusters.",
  }),
});

const dynamoTable = z.strictObject({
  name: key(40).meta({ description: "The table's key; it is named <prefix>-<stage>-<name>." }),
  hashKey: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, "must be an attribute name")
    .meta({ description: "The partition key attribute (a string)." }),
});

const quicksight = z.strictObject({
  groupName: z
    .string()
    .regex(/^[\w+=,.@-]{1,128}$/, "must be a QuickSight group name")
    .meta({ description: "The QuickSight group (namespace default) that may use the data source." }),
  warehouse: key(30).meta({ description: "The key of the serving.warehouses entry QuickSight queries." }),
  servicePrincipal: z
    .string()
    .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "must be a key of workspace.servicePrincipals, like quicksight")
    .default("quicksight")
    .meta({
      description:
        "The service principal QuickSight signs in as: a key of workspace.servicePrincipals with tokenSecret, whose secret (a token, set outside Terraform) the data source uses. It may use the warehouse and read gold.",
    }),
});

export const servingSchema = z
  .strictObject({
    warehouses: z.array(warehouse).default([]).meta({ description: "Serverless SQL warehouses." }),
    warehouseUsers: z
      .array(groupKey)
      .default(["analysts", "data-scientists"])
      .meta({ description: "Groups that may use the warehouses (CAN_USE); platform admins manage them." }),
    endpoints: z.array(endpoint).default([]).meta({ description: "Model Serving endpoints of external models, behind AI Gateway." }),
    customModels: z
      .array(customModel)
      .default([])
      .meta({ description: "Model Serving endpoints of Unity Catalog registered models, behind AI Gateway." }),
    endpointUsers: z
      .array(groupKey)
      .default(["data-scientists"])
      .meta({ description: "Groups that may query the endpoints (CAN_QUERY); the app's service principal queries its endpoint." }),
    lakebase: lakebase.optional().meta({ description: "A Lakebase (managed Postgres) instance with synced gold tables. Omitted: off." }),
    rds: rds.optional().meta({ description: "Amazon RDS for PostgreSQL as an operational store for applications. Omitted: off." }),
    dynamodb: z
      .strictObject({ tables: z.array(dynamoTable).default([]).meta({ description: "On-demand tables with point-in-time recovery." }) })
      .prefault({})
      .meta({ description: "Amazon DynamoDB tables as operational stores for applications." }),
    publish: z
      .strictObject({
        dynamodbTable: key(40).optional().meta({
          description:
            "The key of the serving.dynamodb.tables entry the customer summary is written to (its hash key is customer_id). Omitted: RDS only.",
        }),
        cron: z
          .string()
          .regex(/^\S+( \S+){5,6}$/, "must be a Quartz cron expression of 6 or 7 fields")
          .default("0 30 * * * ?")
          .meta({ description: "When the job that publishes gold into RDS and DynamoDB runs (Quartz cron, UTC)." }),
      })
      .prefault({})
      .meta({
        description:
          "The job that publishes gold.customer_order_summary into RDS (when configured) and a DynamoDB table; it runs when either is a target.",
      }),
    ml: z
      .strictObject({
        experiments: z.array(key(40)).default([]).meta({ description: "MLflow experiments, in the shared ML folder." }),
        registeredModels: z.array(ucName).default([]).meta({ description: "Models registered in the default catalog's ml schema." }),
        gpu: z.boolean().default(false).meta({ description: "Allow GPU instance types and runtimes in the ML cluster policy." }),
      })
      .prefault({})
      .meta({ description: "The machine-learning platform: experiments, registered models and the ML cluster policy." }),
    quicksight: quicksight
      .optional()
      .meta({ description: "Amazon QuickSight reading a warehouse (the QuickSight subscription exists out of band). Omitted: off." }),
    dashboard: z
      .strictObject({
        warehouse: key(30).meta({ description: "The key of the serving.warehouses entry the dashboard and its alert run on." }),
        alertDestinationId: z
          .uuid({ message: "must be a notification destination id (a UUID)" })
          .meta({ description: "Notification destination (workspace settings) told when the gold tables go stale." }),
      })
      .optional()
      .meta({ description: "The lakehouse overview Lakeview dashboard (dashboards/) and its data-freshness alert. Omitted: off." }),
    app: z
      .strictObject({
        endpoint: key(40).meta({ description: "The key of the serving.endpoints entry the app asks." }),
        syncedTable: ucName.meta({ description: "The Lakebase synced table the app reads (one of lakebase.syncedTables)." }),
      })
      .optional()
      .meta({ description: "The lakehouse assistant Databricks App (apps/). Omitted: off." }),
  })
  .prefault({})
  .meta({
    description: "Serving and analysis: warehouses, Model Serving and AI Gateway, Lakebase, operational stores, ML, BI, dashboards, an AI app.",
  });

export type ServingConfig = z.output<typeof servingSchema>;
