/**
 * The ingestion layer's contract: what serving, collaboration and other teams' apps read from a deployed ingestion
 * layer. Conventions for growing it are in stacks/shared/layer-contract.ts: every field is a map keyed by config keys
 * (or table names), empty when the environment leaves that path out.
 */
import { defineLayerContract } from "../shared/layer-contract";

/** What the ingestion layer gives serving and collaboration. */
export interface IngestionOutputs {
  /** Kinesis stream names by `ingestion.kinesis.streams` key. */
  readonly streamNames: Record<string, string>;
  /** Kinesis stream ARNs by the same keys. */
  readonly streamArns: Record<string, string>;
  /** Kafka on MSK by key: `cluster-arn`, `bootstrap-brokers-iam` (host:port list for IAM auth), `topic`; empty without MSK. */
  readonly kafka: Record<string, string>;
  /** Pipeline ids by name: the sample pipelines (telemetry, orders, crm, erp, events) and `connect-<source>` for Lakeflow Connect. */
  readonly pipelineIds: Record<string, string>;
  /** Full names of the sample pipelines' published event logs (updates, flow progress, data quality), by pipeline name. */
  readonly pipelineEventLogs: Record<string, string>;
  /** Job ids by name (landing-<pipeline> for file-arrival jobs, streams for the scheduled one). */
  readonly jobIds: Record<string, string>;
  /** Full names (catalog.schema.table) of the bronze tables the pipelines and tasks publish, by table name. */
  readonly bronzeTables: Record<string, string>;
  /** Full names of the silver tables, by table name. */
  readonly silverTables: Record<string, string>;
  /** Full names of the gold tables, by table name (UniForm: readable as Iceberg). */
  readonly goldTables: Record<string, string>;
  /** Unity Catalog service credentials by use: `streams` reads the Kinesis streams and the MSK cluster. */
  readonly serviceCredentialNames: Record<string, string>;
  /** Id of the cluster policy job clusters use, by key `jobs`. */
  readonly clusterPolicyIds: Record<string, string>;
}

/** The ingestion contract: fixed output names (snake_case of each field) and the typed remote-state reader. */
export const IngestionOutputs = defineLayerContract<IngestionOutputs>("ingestion", {
  streamNames: { kind: "map", description: "Kinesis stream names by config key" },
  streamArns: { kind: "map", description: "Kinesis stream ARNs by config key" },
  kafka: { kind: "map", description: "MSK cluster-arn, bootstrap-brokers-iam and topic; empty without MSK" },
  pipelineIds: { kind: "map", description: "Lakeflow Declarative Pipeline ids by name (connect-<source> for Lakeflow Connect)" },
  pipelineEventLogs: { kind: "map", description: "Full names of the pipelines' event log tables, by pipeline name" },
  jobIds: { kind: "map", description: "Lakeflow Job ids by name" },
  bronzeTables: { kind: "map", description: "Full names of the bronze tables published, by table name" },
  silverTables: { kind: "map", description: "Full names of the silver tables published, by table name" },
  goldTables: { kind: "map", description: "Full names of the gold tables published, by table name" },
  serviceCredentialNames: { kind: "map", description: "Unity Catalog service credentials by use (streams)" },
  clusterPolicyIds: { kind: "map", description: "Cluster policy ids by use (jobs)" },
});
