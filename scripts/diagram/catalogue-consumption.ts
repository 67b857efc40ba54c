/**
 * The catalogue's components from where refined data is used to where it is kept and shared: the Query/Process,
 * Serve, Analysis, Storage, Governance and Collaboration lanes.
 */
import { detected, parts, type ComponentSpec } from "./component-spec";
import { attribute, count, countIfAny, distinct, stringAttribute, type ResourceIndex } from "./resource-index";
import type { SynthesizedResource } from "./synthesized-stacks";

/** The external models an endpoint serves, as `Bedrock anthropic`, `OpenAI`, `UC model`. */
function servedModels(endpoint: SynthesizedResource): string[] {
  const entities = attribute(endpoint, "config") as { served_entities?: unknown } | undefined;
  const list = Array.isArray(entities?.served_entities) ? (entities.served_entities as Record<string, unknown>[]) : [];
  return list.map((entity) => {
    const external = entity.external_model as Record<string, unknown> | undefined;
    if (!external) return "UC model";
    const bedrock = external.amazon_bedrock_config as Record<string, unknown> | undefined;
    if (bedrock) return `Bedrock ${String(bedrock.bedrock_provider ?? "")}`.trim();
    return PROVIDER_NAMES[String(external.provider)] ?? String(external.provider);
  });
}

const PROVIDER_NAMES: Readonly<Record<string, string>> = { openai: "OpenAI", anthropic: "Anthropic", "amazon-bedrock": "Bedrock" };

/** The served entities of every endpoint that call Bedrock. */
function bedrockEntities(index: ResourceIndex): SynthesizedResource[] {
  return index.ofType("databricks_model_serving").filter((e) => servedModels(e).some((m) => m.startsWith("Bedrock")));
}

/** The restapi objects (the generic REST provider) whose API path starts with `prefix`. */
function restObjects(index: ResourceIndex, prefix: string): SynthesizedResource[] {
  return index.ofType("restapi_object").filter((o) => (stringAttribute(o, "path") ?? "").startsWith(prefix));
}

/** Query/Process: SQL warehouses, clusters and the ML platform. */
export const QUERY_COMPONENTS: readonly ComponentSpec[] = [
  {
    id: "sql-warehouse",
    name: "SQL warehouse",
    lane: "query",
    detect: (index) =>
      detected(index.ofType("databricks_sql_endpoint"), (warehouses) =>
        parts(
          warehouses.length > 1 && count(warehouses.length, "warehouse"),
          warehouses.every((w) => w.body.enable_serverless_compute === true) && "serverless",
          distinct(warehouses.map((w) => stringAttribute(w, "cluster_size"))).join(", "),
        ),
      ),
  },
  {
    id: "ml",
    name: "MLflow and ML",
    lane: "query",
    detect: (index) => {
      const experiments = index.ofType("databricks_mlflow_experiment");
      const models = index.ofType("databricks_registered_model");
      return detected([...experiments, ...models], () =>
        parts(countIfAny(experiments.length, "experiment"), countIfAny(models.length, "registered model")),
      );
    },
  },
  {
    id: "clusters",
    name: "Spark and Photon clusters",
    lane: "query",
    detect: (index) =>
      detected(index.ofType("databricks_cluster_policy"), (policies) => count(policies.length, "cluster policy", "cluster policies")),
  },
];

/** Serve: real-time model serving and the operational databases. */
export const SERVE_COMPONENTS: readonly ComponentSpec[] = [
  {
    id: "model-serving",
    name: "Model Serving",
    lane: "serve",
    detect: (index) =>
      detected(index.ofType("databricks_model_serving"), (endpoints) =>
        parts(
          endpoints.length > 1 && count(endpoints.length, "endpoint"),
          distinct(endpoints.flatMap(servedModels)).join(", "),
          endpoints.some((e) => attribute(e, "ai_gateway") !== undefined) && "via AI Gateway",
        ),
      ),
  },
  {
    id: "bedrock",
    name: "Amazon Bedrock",
    lane: "serve",
    detect: (index) =>
      detected(bedrockEntities(index), (endpoints) =>
        parts(
          distinct(
            endpoints
              .flatMap(servedModels)
              .filter((m) => m.startsWith("Bedrock "))
              .map((m) => m.slice(8)),
          ).join(", "),
          "external models",
        ),
      ),
  },
  {
    id: "lakebase",
    name: "Lakebase",
    lane: "serve",
    detect: (index) => {
      const synced = index.ofType("databricks_database_synced_database_table");
      return detected(index.ofType("databricks_database_instance"), (instances) =>
        parts(
          distinct(instances.map((i) => stringAttribute(i, "capacity")))
            .map((c) => `capacity ${c}`)
            .join(", "),
          countIfAny(synced.length, "synced table"),
        ),
      );
    },
  },
  {
    id: "rds",
    name: "Amazon RDS",
    lane: "serve",
    detect: (index) =>
      detected(index.ofType("aws_db_instance"), (instances) =>
        parts(
          distinct(instances.map((i) => `${stringAttribute(i, "engine") ?? ""} ${stringAttribute(i, "engine_version") ?? ""}`.trim())).join(", "),
          instances.every((i) => i.body.multi_az === true) && "multi-AZ",
        ),
      ),
  },
  {
    id: "dynamodb",
    name: "Amazon DynamoDB",
    lane: "serve",
    detect: (index) =>
      detected(index.ofType("aws_dynamodb_table"), (tables) =>
        parts(count(tables.length, "table"), tables.every((t) => attribute(t, "point_in_time_recovery.enabled") === true) && "PITR"),
      ),
  },
];

/** Analysis: BI tools, dashboards and apps. */
export const ANALYSIS_COMPONENTS: readonly ComponentSpec[] = [
  {
    id: "quicksight",
    name: "Amazon QuickSight",
    lane: "analysis",
    detect: (index) => {
      const connections = index.ofType("aws_quicksight_vpc_connection");
      return detected([...index.ofType("aws_quicksight_data_source"), ...connections], (resources) =>
        parts(countIfAny(resources.length - connections.length, "data source"), connections.length > 0 && "VPC connection"),
      );
    },
  },
  {
    id: "dashboards",
    name: "AI/BI dashboards",
    lane: "analysis",
    detect: (index) => {
      const alerts = index.ofType("databricks_alert");
      return detected(index.ofType("databricks_dashboard"), (dashboards) =>
        parts(count(dashboards.length, "dashboard"), countIfAny(alerts.length, "alert")),
      );
    },
  },
  {
    id: "apps",
    name: "Databricks Apps",
    lane: "analysis",
    detect: (index) => detected(index.ofType("databricks_app"), (apps) => count(apps.length, "app")),
  },
];

/** Storage: the object storage under the medallion tables and the keys that encrypt it. */
export const STORAGE_COMPONENTS: readonly ComponentSpec[] = [
  {
    id: "s3",
    name: "Amazon S3 (Delta)",
    lane: "storage",
    detect: (index) => {
      const encrypted = index.ofType("aws_s3_bucket_server_side_encryption_configuration");
      return detected(index.ofType("aws_s3_bucket"), (buckets) =>
        parts(count(buckets.length, "bucket"), encrypted.length >= buckets.length && "KMS-encrypted"),
      );
    },
  },
  {
    id: "kms",
    name: "AWS KMS",
    lane: "storage",
    detect: (index) => detected(index.ofType("aws_kms_key"), (keys) => count(keys.length, "key")),
  },
];

/** Governance: Unity Catalog and the audit trail. */
export const GOVERNANCE_COMPONENTS: readonly ComponentSpec[] = [
  {
    id: "unity-catalog",
    name: "Unity Catalog",
    lane: "governance",
    detect: (index) => {
      const catalogs = index.ofType("databricks_catalog");
      const schemas = index.ofType("databricks_schema");
      const locations = index.ofType("databricks_external_location");
      return detected([...catalogs, ...schemas, ...locations, ...index.ofType("databricks_volume")], () =>
        parts(countIfAny(catalogs.length, "catalog"), countIfAny(schemas.length, "schema"), countIfAny(locations.length, "external location")),
      );
    },
  },
  {
    id: "audit",
    name: "Audit logs and system tables",
    lane: "governance",
    detect: (index) => {
      const deliveries = index.ofType("databricks_mws_log_delivery");
      const systemSchemas = index.ofType("databricks_system_schema");
      return detected([...deliveries, ...systemSchemas], () =>
        parts(countIfAny(deliveries.length, "log delivery", "log deliveries"), countIfAny(systemSchemas.length, "system schema")),
      );
    },
  },
];

/** Collaboration: Delta Sharing and what is built on it. */
export const COLLABORATION_COMPONENTS: readonly ComponentSpec[] = [
  {
    id: "delta-sharing",
    name: "Delta Sharing",
    lane: "collaboration",
    detect: (index) => {
      const shares = index.ofType("databricks_share");
      const recipients = index.ofType("databricks_recipient");
      return detected([...shares, ...recipients], () => parts(countIfAny(shares.length, "share"), countIfAny(recipients.length, "recipient")));
    },
  },
  {
    id: "clean-rooms",
    name: "Clean Rooms",
    lane: "collaboration",
    detect: (index) =>
      detected(restObjects(index, "/api/2.0/clean-rooms"), (objects) => {
        const rooms = objects.filter((o) => o.body.path === "/api/2.0/clean-rooms");
        return parts(countIfAny(rooms.length, "clean room"), countIfAny(objects.length - rooms.length, "asset"));
      }),
  },
  {
    id: "marketplace",
    name: "Marketplace",
    lane: "collaboration",
    detect: (index) =>
      detected(restObjects(index, "/api/2.0/marketplace-provider"), (objects) => {
        const listings = objects.filter((o) => o.body.path === "/api/2.0/marketplace-provider/listings");
        return parts(objects.length > listings.length && "provider profile", countIfAny(listings.length, "listing"));
      }),
  },
];
