import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CATALOG_PLACEHOLDER,
  DASHBOARDS_ROOT,
  FRESHNESS_LOOKBACK_DAYS,
  FRESHNESS_QUERY_TEMPLATE,
  FRESHNESS_VALUE_COLUMN,
  LAKEHOUSE_OVERVIEW,
  freshnessQuery,
  withCatalog,
} from "../../dashboards/manifest";
import { SAMPLE_PIPELINES, eventLogTableOf } from "../../pipelines/manifest";

interface Dataset {
  name: string;
  displayName: string;
  queryLines: string[];
}
interface LayoutItem {
  widget: { name: string; queries?: { query: { datasetName: string; fields: { name: string }[] } }[]; spec?: { widgetType: string } };
  position: { x: number; y: number; width: number; height: number };
}
interface Dashboard {
  datasets: Dataset[];
  pages: { name: string; displayName: string; layout: LayoutItem[] }[];
}

const text = readFileSync(join(DASHBOARDS_ROOT, LAKEHOUSE_OVERVIEW.file), "utf8");
const TABLE_REFERENCE = /\b([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)\b/g;

function referencedTables(sql: string): string[] {
  return [...sql.matchAll(TABLE_REFERENCE)].map((m) => m[0]);
}

function goldPublished(table: string): boolean {
  const [schema, name] = table.split(".");
  return schema === "gold" && Object.values(SAMPLE_PIPELINES).some((p) => p.publishes.gold.includes(name));
}

describe("the lakehouse overview dashboard", () => {
  const dashboard = JSON.parse(text) as Dashboard;
  const queries = dashboard.datasets.map((d) => d.queryLines.join(""));

  it("is serialized Lakeview JSON: datasets with name, displayName and queryLines, pages with a layout", () => {
    expect(dashboard.datasets.length).toBeGreaterThan(0);
    for (const d of dashboard.datasets) {
      expect(d).toEqual({ name: expect.any(String), displayName: expect.any(String), queryLines: expect.any(Array) });
      expect(d.queryLines.slice(0, -1).every((l) => l.endsWith("\n"))).toBe(true);
    }
    expect(new Set(dashboard.datasets.map((d) => d.name)).size).toBe(dashboard.datasets.length);
    expect(dashboard.pages.length).toBeGreaterThan(0);
  });

  it("reads exactly the manifest's tables, each under the catalog placeholder", () => {
    const referenced = new Set(queries.flatMap(referencedTables));
    expect([...referenced].sort()).toEqual(LAKEHOUSE_OVERVIEW.tables.map((t) => `${CATALOG_PLACEHOLDER}.${t}`).sort());
    expect(LAKEHOUSE_OVERVIEW.catalogPlaceholder).toBe(CATALOG_PLACEHOLDER);
  });

  it("reads only gold tables that the ingestion pipelines publish", () => {
    for (const table of LAKEHOUSE_OVERVIEW.tables) expect({ table, published: goldPublished(table) }).toEqual({ table, published: true });
  });

  it("has no Terraform interpolation in it", () => {
    expect(text).not.toContain("${");
  });

  it("has widgets that each use existing datasets, with unique names, inside the 6-column grid", () => {
    const names = new Set(dashboard.datasets.map((d) => d.name));
    const widgets = dashboard.pages.flatMap((p) => p.layout);
    expect(new Set(widgets.map((w) => w.widget.name)).size).toBe(widgets.length);
    for (const { widget, position } of widgets) {
      for (const q of widget.queries ?? [])
        expect({ widget: widget.name, dataset: names.has(q.query.datasetName) }).toEqual({ widget: widget.name, dataset: true });
      expect(position.x + position.width).toBeLessThanOrEqual(6);
    }
    const used = new Set(widgets.flatMap((w) => (w.widget.queries ?? []).map((q) => q.query.datasetName)));
    expect([...used].sort()).toEqual([...names].sort());
  });

  it("replaces the placeholder with the catalog, and rejects a catalog that is not a plain name", () => {
    const replaced = withCatalog(text, "main_prod");
    expect(replaced).not.toContain(CATALOG_PLACEHOLDER);
    expect(replaced).toContain("main_prod.gold.daily_revenue");
    expect(() => withCatalog(text, "x; DROP")).toThrow(/catalog: 'x; DROP' is not a plain Unity Catalog name/);
  });
});

describe("the freshness query", () => {
  it("reads the event log of exactly the pipelines that publish the overview's tables, and only completed updates", () => {
    const feeding = Object.values(SAMPLE_PIPELINES).filter((p) => p.publishes.gold.some((t) => LAKEHOUSE_OVERVIEW.tables.includes(`gold.${t}`)));
    expect(feeding.length).toBeGreaterThan(0);
    expect(new Set(referencedTables(FRESHNESS_QUERY_TEMPLATE))).toEqual(
      new Set(feeding.map((p) => `${CATALOG_PLACEHOLDER}.bronze.${eventLogTableOf(p.name)}`)),
    );
    const branches = FRESHNESS_QUERY_TEMPLATE.split("UNION ALL");
    expect(branches).toHaveLength(feeding.length);
    for (const branch of branches) {
      expect(branch).toMatch(/timestampdiff\(HOUR, max\(timestamp\), now\(\)\)/);
      expect(branch).toContain("WHERE event_type = 'update_progress' AND details:update_progress.state = 'COMPLETED'");
      expect(branch).toContain(`timestamp > now() - INTERVAL ${FRESHNESS_LOOKBACK_DAYS} DAYS`);
    }
    expect(FRESHNESS_QUERY_TEMPLATE).toContain(`AS ${FRESHNESS_VALUE_COLUMN}`);
    expect(FRESHNESS_QUERY_TEMPLATE).not.toContain("${");
  });

  it("is filled with the catalog", () => {
    const sql = freshnessQuery("main_dev");
    expect(sql).not.toContain(CATALOG_PLACEHOLDER);
    expect(sql).toContain("FROM main_dev.bronze.orders_event_log");
    expect(() => freshnessQuery("main.dev")).toThrow(/catalog/);
  });
});
