/**
 * The Lakeview (AI/BI) dashboards of the serving layer, described for the stack. A dashboard file is the serialized
 * format the workspace exports (`.lvdash.json`: `datasets` with `queryLines`, `pages` with `layout` widgets) and names
 * its tables as `__CATALOG__.<schema>.<table>`; the stack replaces the placeholder with the environment's catalog at
 * synth time and passes the result as `databricks_dashboard.serialized_dashboard`. test/dashboards checks the file
 * against this description and the description against the tables the ingestion pipelines publish.
 *
 * Why a token and not `${catalog}`: the text ends up in Terraform JSON, where `${...}` is an interpolation.
 *
 * @see dashboards/README.md
 * @see https://docs.databricks.com/aws/en/dashboards/ (dashboard JSON export and import)
 */
import { join } from "node:path";
import { SAMPLE_PIPELINES, eventLogTableOf, type PipelineName } from "../pipelines/manifest";

/** The token every table reference in a dashboard file starts with; the stack replaces it with the catalog name. */
export const CATALOG_PLACEHOLDER = "__CATALOG__";

/** One dashboard file under dashboards/. */
export interface DashboardDescription {
  /** File name under dashboards/. */
  readonly file: string;
  /** The dashboard's display name in the workspace. */
  readonly displayName: string;
  readonly catalogPlaceholder: typeof CATALOG_PLACEHOLDER;
  /** The tables the dashboard's datasets read, as `schema.table`; exactly these may appear in its queries. */
  readonly tables: readonly string[];
}

/** Absolute path of dashboards/. */
export const DASHBOARDS_ROOT: string = join(__dirname);

/** Revenue per day, device metrics and invoice aging, over the gold layer. */
export const LAKEHOUSE_OVERVIEW: DashboardDescription = {
  file: "lakehouse-overview.lvdash.json",
  displayName: "Lakehouse overview",
  catalogPlaceholder: CATALOG_PLACEHOLDER,
  tables: ["gold.daily_revenue", "gold.device_hourly_metrics", "gold.invoice_aging"],
};

/** The dashboards, by file. */
export const DASHBOARDS: readonly DashboardDescription[] = [LAKEHOUSE_OVERVIEW];

/**
 * The pipelines that publish the overview's gold tables, each with the event log table it publishes in bronze
 * (pipelines/manifest.ts, eventLogTableOf).
 */
export const FRESHNESS_PIPELINES: readonly { readonly pipeline: PipelineName; readonly eventLog: string }[] = Object.values(SAMPLE_PIPELINES)
  .filter((p) => p.publishes.gold.some((table) => LAKEHOUSE_OVERVIEW.tables.includes(`gold.${table}`)))
  .map((p) => ({ pipeline: p.name, eventLog: `bronze.${eventLogTableOf(p.name)}` }));

/**
 * Days of event log the freshness query reads: no completed update in that window counts as stale anyway, and the
 * bound keeps the hourly query from scanning the whole log.
 */
export const FRESHNESS_LOOKBACK_DAYS = 30;

/** The column of the freshness query an alert compares with its threshold (hours). */
export const FRESHNESS_VALUE_COLUMN = "max_lag_hours";

/**
 * The freshness query for a `databricks_alert`, with the catalog placeholder: one row, `max_lag_hours` (hours since the
 * last completed update of the stalest pipeline behind the overview) and `stalest_pipeline`. It measures load time,
 * not business time: an update that finds no new orders still counts as fresh, a pipeline that stopped does not. A
 * pipeline without a completed update (NULL lag) counts as stale with 1e6. The event log's `update_progress` events
 * carry the update's state in `details` (https://docs.databricks.com/aws/en/ldp/monitor-event-log-schema); the `:`
 * operator reads the JSON string.
 */
export const FRESHNESS_QUERY_TEMPLATE: string = [
  "WITH freshness AS (",
  FRESHNESS_PIPELINES.map(
    (p) =>
      `  SELECT '${p.pipeline}' AS pipeline, timestampdiff(HOUR, max(timestamp), now()) AS lag_hours FROM ${CATALOG_PLACEHOLDER}.${p.eventLog}` +
      ` WHERE event_type = 'update_progress' AND details:update_progress.state = 'COMPLETED' AND timestamp > now() - INTERVAL ${FRESHNESS_LOOKBACK_DAYS} DAYS`,
  ).join("\n  UNION ALL\n"),
  ")",
  `SELECT max(coalesce(lag_hours, 1000000)) AS ${FRESHNESS_VALUE_COLUMN}, max_by(pipeline, coalesce(lag_hours, 1000000)) AS stalest_pipeline`,
  "FROM freshness",
].join("\n");

/** The freshness query for a catalog. */
export function freshnessQuery(catalog: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(catalog)) throw new Error(`catalog: '${catalog}' is not a plain Unity Catalog name`);
  return FRESHNESS_QUERY_TEMPLATE.split(CATALOG_PLACEHOLDER).join(catalog);
}

/** A dashboard file's text with the placeholder replaced by the catalog. */
export function withCatalog(serialized: string, catalog: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(catalog)) throw new Error(`catalog: '${catalog}' is not a plain Unity Catalog name`);
  return serialized.split(CATALOG_PLACEHOLDER).join(catalog);
}
