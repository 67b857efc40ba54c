import { COMMON_PIPELINE_PARAMETERS, SAMPLE_PIPELINES } from "../../pipelines/manifest";
import { manifestStages, readSource } from "./sample-sources";
import { analyzePython, analyzeSql, checkTableGraph, formatRef, type Stage } from "./table-graph";

type PipelineStage = Extract<Stage, { kind: "pipeline" }>;

/** The manifest's stages with one pipeline replaced. */
function withPipeline(name: string, change: (stage: PipelineStage) => PipelineStage): Stage[] {
  return manifestStages().map((s) => (s.kind === "pipeline" && s.name === name ? change(s) : s));
}

/** The stage with `from` replaced by `to` in one of its files. */
function editFile(stage: PipelineStage, path: string, from: string | RegExp, to: string): PipelineStage {
  const files = stage.files.map((f) => {
    if (f.path !== path) return f;
    const text = f.text.replace(from, to);
    if (text === f.text) throw new Error(`${path} does not contain ${String(from)}`);
    return { ...f, text };
  });
  return { ...stage, files };
}

function check(stages: Stage[]): string[] {
  return checkTableGraph(stages, COMMON_PIPELINE_PARAMETERS);
}

describe("the sample pipelines' table graph", () => {
  it("has no problems: every read is defined or published earlier, every pipeline defines what the manifest publishes, every key is declared", () => {
    expect(check(manifestStages())).toEqual([]);
  });

  it("reads at least one table in every pipeline, so the check has something to check", () => {
    for (const stage of manifestStages().filter((s): s is PipelineStage => s.kind === "pipeline")) {
      const reads = stage.files.flatMap((f) => (f.path.endsWith(".sql") ? analyzeSql(f.path, f.text) : analyzePython(f.path, f.text)).reads);
      expect({ pipeline: stage.name, reads: reads.length > 0 }).toEqual({ pipeline: stage.name, reads: true });
    }
  });

  it("reports a misspelled table name, naming it", () => {
    const stages = withPipeline("events", (s) =>
      editFile(s, "events/gold.sql", "${lakehouse.silver_schema}.order_events", "${lakehouse.silver_schema}.order_evnts"),
    );
    expect(check(stages)).toEqual([
      "events: events/gold.sql: reads silver.order_evnts, but this pipeline does not define it and no earlier stage publishes it",
    ]);
  });

  it("reports a misspelled pipeline-local view", () => {
    const stages = withPipeline("orders", (s) => editFile(s, "orders/silver.sql", "FROM STREAM(orders_changes)", "FROM STREAM(order_changes)"));
    expect(check(stages)).toEqual(["orders: orders/silver.sql: reads order_changes, but this pipeline does not define it"]);
  });

  it("reports a misspelled table in Python code", () => {
    const stages = withPipeline("telemetry", (s) =>
      editFile(s, "telemetry/bronze.py", 'name=f"{BRONZE_SCHEMA}.device_telemetry_raw"', 'name=f"{BRONZE_SCHEMA}.device_telemetry_rwa"'),
    );
    expect(check(stages)).toEqual([
      "telemetry: the manifest publishes bronze.device_telemetry_raw, which no source file defines",
      "telemetry: telemetry/bronze.py: defines bronze.device_telemetry_rwa, which the manifest does not publish",
      "telemetry: telemetry/silver.sql: reads bronze.device_telemetry_raw, but this pipeline does not define it and no earlier stage publishes it",
    ]);
  });

  it("reports a table read from a later stage: the Kafka task must come before the events pipeline", () => {
    const stages = manifestStages();
    const reordered = [...stages.slice(1), stages[0]];
    expect(check(reordered)).toEqual([
      "events: events/silver.sql: reads bronze.order_events_raw, but this pipeline does not define it and no earlier stage publishes it",
    ]);
  });

  it("reports a table the manifest publishes but the code does not define, and one the code defines but the manifest omits", () => {
    const stages = withPipeline("crm", (s) => ({ ...s, publishes: { ...s.publishes, gold: ["accounts_by_region"] } }));
    expect(check(stages)).toEqual([
      "crm: the manifest publishes gold.accounts_by_region, which no source file defines",
      "crm: crm/gold.sql: defines gold.accounts_by_industry, which the manifest does not publish",
    ]);
  });

  it("reports a table defined without a schema parameter", () => {
    const stages = withPipeline("erp", (s) => editFile(s, "erp/gold.sql", "${lakehouse.gold_schema}.invoice_aging", "invoice_aging"));
    expect(check(stages)).toEqual([
      "erp: erp/gold.sql: materialized view invoice_aging has no schema; write ${lakehouse.<layer>_schema}.invoice_aging",
      "erp: the manifest publishes gold.invoice_aging, which no source file defines",
    ]);
  });

  it("reports a hard-coded catalog and schema", () => {
    const stages = withPipeline("crm", (s) =>
      editFile(s, "crm/gold.sql", "FROM ${lakehouse.silver_schema}.crm_accounts", "FROM main_prod.silver.crm_accounts"),
    );
    expect(check(stages)).toEqual([
      'crm: crm/gold.sql: reads "main_prod.silver.crm_accounts" is neither ${lakehouse.<layer>_schema}.<table> nor a name local to the pipeline',
    ]);
  });

  it("reports a configuration key the manifest does not declare, and a declared key no code reads", () => {
    const undeclared = withPipeline("crm", (s) => editFile(s, "crm/bronze.sql", "${lakehouse.appflow_path}", "${lakehouse.appflow_root}"));
    expect(check(undeclared)).toEqual([
      "crm: reads configuration key lakehouse.appflow_root, which the manifest does not declare",
      "crm: the manifest declares configuration key lakehouse.appflow_path, which no source file reads",
    ]);
    const pythonKey = withPipeline("telemetry", (s) =>
      editFile(s, "telemetry/bronze.py", '"lakehouse.kinesis_region"', '"lakehouse.kinesis_regoin"'),
    );
    expect(check(pythonKey)).toEqual([
      "telemetry: reads configuration key lakehouse.kinesis_regoin, which the manifest does not declare",
      "telemetry: the manifest declares configuration key lakehouse.kinesis_region, which no source file reads",
    ]);
  });

  it("reports a CDC flow into a table the pipeline does not declare", () => {
    const stages = withPipeline("orders", (s) =>
      editFile(s, "orders/silver.sql", "AUTO CDC INTO ${lakehouse.silver_schema}.orders", "AUTO CDC INTO ${lakehouse.silver_schema}.order"),
    );
    expect(check(stages)).toEqual([
      "orders: orders/silver.sql: flow orders_apply_changes writes silver.order, which is not a streaming table of this pipeline",
    ]);
  });

  it("covers every pipeline of the manifest", () => {
    expect(manifestStages().map((s) => s.name)).toEqual(["kafka task", ...Object.keys(SAMPLE_PIPELINES)]);
  });
});

describe("reading SQL", () => {
  const refs = (sql: string) => analyzeSql("x.sql", sql).reads.map((r) => formatRef(r.ref));

  it("finds tables after FROM, JOIN and STREAM, resolving the schema parameters and LIVE", () => {
    expect(
      refs(`CREATE OR REFRESH MATERIALIZED VIEW \${lakehouse.gold_schema}.g AS
            SELECT * FROM \${lakehouse.silver_schema}.a AS a
            JOIN LIVE.b ON a.id = b.id
            LEFT JOIN (SELECT * FROM STREAM(\${lakehouse.bronze_schema}.c)) AS c ON TRUE`),
    ).toEqual(["silver.a", "b", "bronze.c"]);
  });

  it("skips file sources, FROM inside EXTRACT and TRIM, comments, strings and common table expressions", () => {
    expect(
      refs(`-- FROM commented_out
            CREATE OR REFRESH STREAMING TABLE \${lakehouse.bronze_schema}.t AS
            WITH recent AS (SELECT * FROM \${lakehouse.bronze_schema}.source)
            SELECT EXTRACT(HOUR FROM ts) AS h, TRIM(BOTH ' ' FROM name) AS n, 'FROM quoted' AS q
            FROM STREAM read_files('\${lakehouse.landing_path}/x/', format => 'json')
            UNION ALL SELECT * FROM recent
            /* JOIN hidden */`),
    ).toEqual(["bronze.source"]);
  });

  it("reads datasets, expectations, table properties and CDC flows", () => {
    const facts = analyzeSql(
      "x.sql",
      `CREATE OR REFRESH STREAMING TABLE \${lakehouse.silver_schema}.s (
         CONSTRAINT id_present EXPECT (id IS NOT NULL) ON VIOLATION FAIL UPDATE,
         CONSTRAINT positive EXPECT (v > 0)
       ) TBLPROPERTIES ('a' = 'b');
       CREATE TEMPORARY VIEW v AS SELECT * FROM STREAM(\${lakehouse.bronze_schema}.raw);
       CREATE FLOW f AS AUTO CDC INTO \${lakehouse.silver_schema}.s FROM STREAM(v) KEYS (id, region)
         APPLY AS DELETE WHEN op = 'D' SEQUENCE BY STRUCT(ts, seq) COLUMNS * EXCEPT (op) STORED AS SCD TYPE 2;`,
    );
    expect(facts.datasets.map((d) => ({ kind: d.kind, ref: formatRef(d.ref), expectations: d.expectations, properties: d.properties }))).toEqual([
      { kind: "streaming table", ref: "silver.s", expectations: ["id_present", "positive"], properties: { a: "b" } },
      { kind: "temporary view", ref: "v", expectations: [], properties: {} },
    ]);
    expect(
      facts.flows.map((f) => ({ name: f.name, target: formatRef(f.target), keys: f.keys, sequenceBy: f.sequenceBy, scdType: f.scdType })),
    ).toEqual([{ name: "f", target: "silver.s", keys: ["id", "region"], sequenceBy: "STRUCT(ts, seq)", scdType: 2 }]);
    expect(facts.configKeys).toEqual(["lakehouse.bronze_schema", "lakehouse.silver_schema"]);
  });
});

describe("reading Python", () => {
  it("resolves f-string names through configuration variables and finds reads, expectations and properties", () => {
    const facts = analyzePython(
      "x.py",
      [
        "from pyspark import pipelines as dp",
        'SILVER = spark.conf.get("lakehouse.silver_schema")',
        'BRONZE = spark.conf.get("lakehouse.bronze_schema")  # comment with spark.read.table("ignored")',
        "",
        '@dp.expect_or_drop("id_present", "id IS NOT NULL")',
        '@dp.table(name=f"{SILVER}.clean", table_properties={"k": "v"})',
        "def clean():",
        '    return spark.readStream.table(f"{BRONZE}.raw").join(dp.read("lookup"), "id")',
        "",
        "@dp.temporary_view()",
        "def lookup():",
        '    return spark.read.table(f"{SILVER}.reference")',
      ].join("\n"),
    );
    expect(facts.datasets.map((d) => ({ kind: d.kind, ref: formatRef(d.ref), expectations: d.expectations, properties: d.properties }))).toEqual([
      { kind: "table", ref: "silver.clean", expectations: ["id_present"], properties: { k: "v" } },
      { kind: "temporary view", ref: "lookup", expectations: [], properties: {} },
    ]);
    expect(facts.reads.map((r) => formatRef(r.ref))).toEqual(["bronze.raw", "lookup", "silver.reference"]);
    expect(facts.configKeys).toEqual(["lakehouse.bronze_schema", "lakehouse.silver_schema"]);
  });

  it("finds the telemetry bronze tables the Kinesis and Auto Loader sources feed", () => {
    const { path, text } = readSource("telemetry/bronze.py");
    expect(analyzePython(path, text).datasets.map((d) => formatRef(d.ref))).toEqual(["bronze.device_telemetry_raw", "bronze.iot_rule_errors"]);
  });
});
