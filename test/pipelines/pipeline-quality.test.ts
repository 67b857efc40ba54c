import { UNIFORM_TABLE_PROPERTIES } from "../../modules/databricks/unity-catalog/medallion-catalog";
import { SAMPLE_PIPELINES } from "../../pipelines/manifest";
import { pipelineFacts, readSource, samplePipelines } from "./sample-sources";
import { formatRef, type CdcFlow, type Dataset } from "./table-graph";

/**
 * How DMS changes are ordered: change files after full-load files (a change cached during the full load carries an
 * earlier time than the row it changes), then commit time, then file.
 */
const DMS_SEQUENCE = "STRUCT(change_phase, dms_commit_ts, source_file)";

const datasets: Dataset[] = samplePipelines().flatMap((p) => pipelineFacts(p).flatMap((f) => f.datasets));
const inLayer = (layer: string) => datasets.filter((d) => d.ref.layer === layer && d.kind !== "temporary view");
const flowsOf = (pipeline: keyof typeof SAMPLE_PIPELINES): CdcFlow[] => pipelineFacts(SAMPLE_PIPELINES[pipeline]).flatMap((f) => f.flows);

describe("silver tables", () => {
  const silver = inLayer("silver");

  it("are every silver table the manifest publishes", () => {
    const published = samplePipelines().flatMap((p) => p.publishes.silver.map((t) => `silver.${t}`));
    expect(silver.map((d) => formatRef(d.ref)).sort()).toEqual(published.sort());
  });

  it.each(silver.map((d) => [formatRef(d.ref), d] as const))("%s carries at least one data-quality expectation", (_name, dataset) => {
    expect(dataset.expectations.length).toBeGreaterThan(0);
  });
});

describe("gold tables", () => {
  const gold = inLayer("gold");

  it("are every gold table the manifest publishes, each a materialized view", () => {
    const published = samplePipelines().flatMap((p) => p.publishes.gold.map((t) => `gold.${t}`));
    expect(gold.map((d) => formatRef(d.ref)).sort()).toEqual(published.sort());
    expect(new Set(gold.map((d) => d.kind))).toEqual(new Set(["materialized view"]));
  });

  it.each(gold.map((d) => [formatRef(d.ref), d] as const))(
    "%s sets exactly the UniForm table properties of the unity-catalog layer",
    (_name, dataset) => {
      expect(dataset.properties).toEqual(UNIFORM_TABLE_PROPERTIES);
    },
  );
});

describe("change data capture from DMS", () => {
  const flows = flowsOf("orders");
  const flowInto = (table: string) => flows.find((f) => formatRef(f.target) === table);

  it("applies the orders changes by order id as SCD type 1, sequenced by the DMS commit timestamp", () => {
    expect(flowInto("silver.orders")).toMatchObject({ keys: ["order_id"], sequenceBy: DMS_SEQUENCE, scdType: 1 });
  });

  it("applies the customers changes by customer id as SCD type 2, sequenced by the DMS commit timestamp", () => {
    expect(flowInto("silver.customers")).toMatchObject({ keys: ["customer_id"], sequenceBy: DMS_SEQUENCE, scdType: 2 });
  });

  it("sequences every flow of the DMS pipeline changes-after-full-load, then by commit time and file, and deletes on Op = 'D'", () => {
    expect(flows).toHaveLength(2);
    for (const flow of flows) expect({ flow: flow.name, sequenceBy: flow.sequenceBy }).toEqual({ flow: flow.name, sequenceBy: DMS_SEQUENCE });
    const { text } = readSource("orders/silver.sql");
    expect(text.match(/APPLY AS DELETE WHEN Op = 'D'/g)).toHaveLength(2);
    expect(text.match(/COLUMNS \* EXCEPT \(Op, dms_commit_ts, change_phase, source_file\)/g)).toHaveLength(2);
  });

  it("reads each DMS table's own folder under dms_path with Auto Loader, as Parquet", () => {
    const { text } = readSource("orders/bronze.sql");
    for (const table of ["orders", "customers"]) {
      expect(text).toMatch(new RegExp(String.raw`STREAM read_files\(\s*'\$\{lakehouse\.dms_path\}public/${table}/',\s*format => 'parquet'\s*\)`));
    }
  });
});

describe("the other sources' bronze tables", () => {
  it("read the Kinesis stream through the Unity Catalog service credential, and the IoT rule errors with Auto Loader", () => {
    const { text } = readSource("telemetry/bronze.py");
    expect(text).toMatch(/spark\.readStream\.format\("kinesis"\)/);
    expect(text).toMatch(/\.option\("streamName", KINESIS_STREAM\)/);
    expect(text).toMatch(/\.option\("region", KINESIS_REGION\)/);
    expect(text).toMatch(/\.option\("serviceCredential", SERVICE_CREDENTIAL\)/);
    expect(text).toMatch(
      /spark\.readStream\.format\("cloudFiles"\)\s*(?:#[^\n]*)?\s*\.option\("cloudFiles\.format", "json"\)[\s\S]*?\.load\(IOT_ERRORS_PATH\)/,
    );
  });

  it.each([
    ["crm/bronze.sql", "appflow_path"],
    ["erp/bronze.sql", "erp_curated_path"],
  ])("%s reads its landing path with Auto Loader, as Parquet", (file, key) => {
    expect(readSource(file).text).toMatch(new RegExp(String.raw`STREAM read_files\(\s*'\$\{lakehouse\.${key}\}',\s*format => 'parquet'\s*\)`));
  });
});
