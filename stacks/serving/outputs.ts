/**
 * The serving layer's contract: how people, applications and other teams' apps reach the data. Conventions for
 * growing it are in stacks/shared/layer-contract.ts: every field is a map keyed by config keys, empty when off.
 */
import { defineLayerContract } from "../shared/layer-contract";

/** What the serving layer gives collaboration and the people and apps that use the data. */
export interface ServingOutputs {
  /** SQL warehouse ids by `serving.warehouses` key. */
  readonly warehouseIds: Record<string, string>;
  /** HTTP paths (`/sql/1.0/warehouses/<id>`) for JDBC/ODBC clients and BI tools, by warehouse key. */
  readonly warehouseHttpPaths: Record<string, string>;
  /** Model Serving endpoint names by key (external-model endpoints and custom-model endpoints). */
  readonly endpointNames: Record<string, string>;
  /** Invocation URLs (`https://<workspace>/serving-endpoints/<name>/invocations`) by endpoint key. */
  readonly endpointUrls: Record<string, string>;
  /** Lakebase by key: `instance-name`, `read-write-dns`, `catalog`; empty without Lakebase. */
  readonly lakebase: Record<string, string>;
  /** RDS for PostgreSQL by key: `endpoint`, `master-secret-arn`, `database`; empty without RDS. */
  readonly rds: Record<string, string>;
  /** DynamoDB table names by key. */
  readonly dynamodbTables: Record<string, string>;
  /** Dashboard ids by key (`lakehouse-overview`). */
  readonly dashboardIds: Record<string, string>;
  /** Databricks App URLs by key (`lakehouse-assistant`). */
  readonly appUrls: Record<string, string>;
  /** The QuickSight data source ARN by key `databricks`; empty without QuickSight. */
  readonly quicksightDataSources: Record<string, string>;
}

/** The serving contract: fixed output names (snake_case of each field) and the typed remote-state reader. */
export const ServingOutputs = defineLayerContract<ServingOutputs>("serving", {
  warehouseIds: { kind: "map", description: "SQL warehouse ids by config key" },
  warehouseHttpPaths: { kind: "map", description: "SQL warehouse HTTP paths (JDBC/ODBC, BI tools) by config key" },
  endpointNames: { kind: "map", description: "Model Serving endpoint names by config key" },
  endpointUrls: { kind: "map", description: "Model Serving invocation URLs by config key" },
  lakebase: { kind: "map", description: "Lakebase instance-name, read-write-dns and catalog; empty without Lakebase" },
  rds: { kind: "map", description: "RDS for PostgreSQL endpoint, master-secret-arn and database; empty without RDS" },
  dynamodbTables: { kind: "map", description: "DynamoDB table names by config key" },
  dashboardIds: { kind: "map", description: "Lakeview dashboard ids by key" },
  appUrls: { kind: "map", description: "Databricks App URLs by key" },
  quicksightDataSources: { kind: "map", description: "QuickSight data source ARNs by key; empty without QuickSight" },
});
