/**
 * The data flows between components, as the reference architecture draws them: from sources through ingest to the
 * medallion stages, then to what queries, serves, analyses, stores and shares the gold data. A flow is drawn in full
 * when the environment has both ends, greyed when it leaves one out.
 */
import type { Component } from "./catalogue";

/** A flow from one catalogue component to another, by id. */
export interface FlowSpec {
  readonly from: string;
  readonly to: string;
}

/** A flow as one environment has it. */
export interface Flow extends FlowSpec {
  /** True when the environment has both ends. */
  readonly active: boolean;
}

const pairs = (from: string, ...to: readonly string[]): FlowSpec[] => to.map((t) => ({ from, to: t }));

/** Every flow, in the order a reader follows the data. */
export const FLOWS: readonly FlowSpec[] = [
  ...pairs("operational-sources", "dms", "appflow", "lakeflow-connect"),
  ...pairs("msk", "structured-streaming"),
  ...pairs("iot-core", "kinesis"),
  ...pairs("dms", "auto-loader"),
  ...pairs("appflow", "auto-loader"),
  ...pairs("glue-etl", "auto-loader"),
  ...pairs("kinesis", "bronze"),
  ...pairs("structured-streaming", "bronze"),
  ...pairs("auto-loader", "bronze"),
  ...pairs("lakeflow-connect", "bronze"),
  ...pairs("bronze", "silver"),
  ...pairs("silver", "gold"),
  ...pairs("redshift", "sql-warehouse"),
  ...pairs("glue-catalog", "sql-warehouse"),
  ...pairs("hive-metastore", "sql-warehouse"),
  ...pairs("gold", "sql-warehouse", "ml", "lakebase", "rds", "dynamodb", "s3", "delta-sharing"),
  ...pairs("sql-warehouse", "quicksight", "dashboards"),
  ...pairs("ml", "model-serving", "delta-sharing"),
  ...pairs("model-serving", "bedrock", "apps"),
  ...pairs("lakebase", "apps"),
  ...pairs("delta-sharing", "clean-rooms", "marketplace"),
];

/** The flows between the given components (both ends in the catalogue), active when both ends are present. */
export function flowsBetween(components: readonly Component[], flows: readonly FlowSpec[] = FLOWS): Flow[] {
  const byId = new Map(components.map((c) => [c.id, c]));
  return flows.flatMap((flow) => {
    const from = byId.get(flow.from);
    const to = byId.get(flow.to);
    return from && to ? [{ ...flow, active: from.present && to.present }] : [];
  });
}
