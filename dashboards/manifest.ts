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
 * How stale each gold table of the overview is: the newest business time in it (the gold tables are materialized
 * views and carry no load time of their own) against now. invoice_aging's `as_of_date` is the day of its last refresh.
 */
const FRESHNESS_SOURCES: readonly { readonly table: string; readonly newest: string }[] = [
  { table: "gold.daily_revenue", newest: "CAST(max(order_date) AS TIMESTAMP)" },
  { table: "gold.device_hourly_metrics", newest: "max(reading_hour)" },
  { table: "gold.invoice_aging", newest: "CAST(max(as_of_date) AS TIMESTAMP)" },
];

/** The column of the freshness query an alert compares with its threshold (hours). */
export const FRESHNESS_VALUE_COLUMN = "max_lag_hours";

/**
 * The freshness query for a `databricks_alert`, with the catalog placeholder: one row, `max_lag_hours` (hours since the
 * newest row of the stalest gold table; NULL lag — an empty table — counts as stale with 1e6) and `stalest_table`.
 */
export const FRESHNESS_QUERY_TEMPLATE: string = [
  "WITH freshness AS (",
  FRESHNESS_SOURCES.map(
    (s) => `  SELECT '${s.table}' AS table_name, timestampdiff(HOUR, ${s.newest}, now()) AS lag_hours FROM ${CATALOG_PLACEHOLDER}.${s.table}`,
  ).join("\n  UNION ALL\n"),
  ")",
  `SELECT max(coalesce(lag_hours, 1000000)) AS ${FRESHNESS_VALUE_COLUMN}, max_by(table_name, coalesce(lag_hours, 1000000)) AS stalest_table`,
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
