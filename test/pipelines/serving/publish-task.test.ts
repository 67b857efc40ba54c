import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PIPELINES_ROOT, SAMPLE_PIPELINES } from "../../../pipelines/manifest";
import { PUBLISH_TASK } from "../../../pipelines/serving/manifest";

const PYTHON = "python3";
const COMPILE = "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)";
const script = join(PIPELINES_ROOT, PUBLISH_TASK.file);
const text = readFileSync(script, "utf8");

function run(args: string[]) {
  // -B: no bytecode files; the script imports Spark, boto3 and the Databricks runtime only after its arguments parse.
  return spawnSync(PYTHON, ["-B", script, ...args], { encoding: "utf8", timeout: 30_000 });
}

/** Runs Python with the script importable as a module (it imports nothing heavy at module level). */
function python(code: string) {
  return spawnSync(PYTHON, ["-B", "-c", code], {
    encoding: "utf8",
    timeout: 30_000,
    env: { ...process.env, PYTHONPATH: join(PIPELINES_ROOT, "serving") },
  });
}

/** Calls the script's parse_args in-process (so a valid command line does not go on to start Spark). */
function parse(args: string[]) {
  const code = `
import json, sys, publish_operational_stores as p
a = p.parse_args(json.loads(sys.argv[1]))
print(json.dumps({"rds": a.publish_rds, "dynamodb": a.publish_dynamodb, "rdsTable": a.rds_table}))
`;
  const result = spawnSync(PYTHON, ["-B", "-c", code, JSON.stringify(args)], {
    encoding: "utf8",
    timeout: 30_000,
    env: { ...process.env, PYTHONPATH: join(PIPELINES_ROOT, "serving") },
  });
  return { status: result.status, stderr: result.stderr, parsed: result.status === 0 ? JSON.parse(result.stdout) : undefined };
}

const COMMON_ARGS: Record<string, string> = {
  "--source-table": "main_prod.gold.customer_order_summary",
  "--region": "eu-west-1",
  "--service-credential": "main_prod_serving",
};
const RDS_ARGS: Record<string, string> = {
  "--rds-host": "orders.abc123.eu-west-1.rds.amazonaws.com",
  "--rds-port": "5432",
  "--rds-database": "serving",
  "--rds-user": "lakehouse_publisher",
};
const DYNAMODB_ARGS: Record<string, string> = { "--dynamodb-table": "customer-order-summary" };
const VALID_ARGS = { ...COMMON_ARGS, ...RDS_ARGS, ...DYNAMODB_ARGS };
const argv = (values: Record<string, string>) => Object.entries(values).flat();
const without = (values: Record<string, string>, option: string) => Object.fromEntries(Object.entries(values).filter(([key]) => key !== option));

describe("the publish task", () => {
  it("compiles with python3 -m py_compile", () => {
    const outDir = mkdtempSync(join(tmpdir(), "serving-pyc-"));
    try {
      const result = spawnSync(PYTHON, ["-c", COMPILE, script, join(outDir, "publish.pyc")], { encoding: "utf8", timeout: 30_000 });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  it("takes exactly the manifest's options: the common ones required, each store's and the RDS options not", () => {
    // Every option the parser knows, in its groups, with argparse's own `required` flag.
    const code = `
import json, publish_operational_stores as p
groups = [[[a.option_strings[-1], a.required] for a in g._group_actions if "--help" not in a.option_strings] for g in p.build_parser()._action_groups]
print(json.dumps([g for g in groups if g]))
`;
    const result = python(code);
    expect(result.stderr).toBe("");
    const groups: [string, boolean][][] = JSON.parse(result.stdout);
    expect(groups.map((g) => g.map(([option]) => option))).toEqual([
      PUBLISH_TASK.arguments,
      PUBLISH_TASK.rdsArguments,
      PUBLISH_TASK.dynamodbArguments,
      PUBLISH_TASK.optionalArguments,
    ]);
    expect(groups.map((g) => g.map(([, required]) => required))).toEqual([
      PUBLISH_TASK.arguments.map(() => true),
      PUBLISH_TASK.rdsArguments.map(() => false),
      PUBLISH_TASK.dynamodbArguments.map(() => false),
      PUBLISH_TASK.optionalArguments.map(() => false),
    ]);
    expect(Object.keys(COMMON_ARGS)).toEqual(PUBLISH_TASK.arguments);
    expect(Object.keys(RDS_ARGS)).toEqual(PUBLISH_TASK.rdsArguments);
    expect(Object.keys(DYNAMODB_ARGS)).toEqual(PUBLISH_TASK.dynamodbArguments);
    const help = run(["--help"]);
    expect(help.status).toBe(0);
    for (const option of [
      ...PUBLISH_TASK.arguments,
      ...PUBLISH_TASK.rdsArguments,
      ...PUBLISH_TASK.dynamodbArguments,
      ...PUBLISH_TASK.optionalArguments,
    ])
      expect(help.stdout).toContain(option);
  });

  it.each(PUBLISH_TASK.arguments)("requires %s", (option) => {
    const result = run(argv(without(VALID_ARGS, option)));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`the following arguments are required: ${option}`);
  });

  it("refuses a run with no store, naming the options of both", () => {
    const result = run(argv(COMMON_ARGS));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("no store to publish to");
    for (const option of [...PUBLISH_TASK.rdsArguments, ...PUBLISH_TASK.dynamodbArguments]) expect(result.stderr).toContain(option);
  });

  it.each(PUBLISH_TASK.rdsArguments)("refuses an RDS store without %s", (option) => {
    const result = run(argv({ ...COMMON_ARGS, ...without(RDS_ARGS, option), ...DYNAMODB_ARGS }));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`go together: missing ${option}$`, "m"));
  });

  it("refuses the RDS options without the RDS store", () => {
    const result = run(argv({ ...COMMON_ARGS, ...DYNAMODB_ARGS, "--rds-ca-bundle": "/Volumes/c/s/v/global-bundle.pem" }));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--rds-ca-bundle given without --rds-host");
  });

  it("publishes to RDS only, DynamoDB only, or both", () => {
    expect(parse(argv({ ...COMMON_ARGS, ...RDS_ARGS }))).toEqual({
      status: 0,
      stderr: "",
      parsed: { rds: true, dynamodb: false, rdsTable: "public.customer_order_summary" },
    });
    expect(parse(argv({ ...COMMON_ARGS, ...DYNAMODB_ARGS }))).toEqual({
      status: 0,
      stderr: "",
      parsed: { rds: false, dynamodb: true, rdsTable: "public.customer_order_summary" },
    });
    expect(parse([...argv(VALID_ARGS), "--rds-table", "serving.summary"])).toEqual({
      status: 0,
      stderr: "",
      parsed: { rds: true, dynamodb: true, rdsTable: "serving.summary" },
    });
  });

  it("rejects malformed values, naming every one", () => {
    const result = run(argv({ ...VALID_ARGS, "--source-table": "gold.customer_order_summary", "--region": "Europe", "--rds-port": "70000" }));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--source-table: 'gold\.customer_order_summary' is not a three-part name/);
    expect(result.stderr).toMatch(/--rds-port: 70000 is not a port/);
    expect(result.stderr).toMatch(/--region: 'Europe' is not an AWS region/);
  });

  it("reads a gold table the ingestion pipelines publish", () => {
    const name = PUBLISH_TASK.reads.split(".")[1];
    expect(Object.values(SAMPLE_PIPELINES).some((p) => p.publishes.gold.includes(name))).toBe(true);
    expect(VALID_ARGS["--source-table"].endsWith(PUBLISH_TASK.reads)).toBe(true);
  });

  it("needs no PyPI library: it imports only the standard library and what Databricks Runtime ships", () => {
    expect(PUBLISH_TASK.libraries).toEqual([]);
    const imported = [...text.matchAll(/^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w.]+))/gm)].map((m) => (m[1] ?? m[2]).split(".")[0]);
    const runtime = new Set(["argparse", "logging", "re", "sys", "uuid", "datetime", "decimal", "urllib", "boto3", "databricks", "pyspark"]);
    expect(imported.filter((name) => !runtime.has(name))).toEqual([]);
    expect(text).not.toMatch(/psycopg/);
  });

  it("signs in to AWS through the service credential and to RDS with an IAM token over TLS, through the runtime's JDBC driver", () => {
    expect(text).toMatch(/botocore_session=dbutils\.credentials\.getServiceCredentialsProvider\(args\.service_credential\)/);
    expect(text).toMatch(
      /generate_db_auth_token\(\s*DBHostname=args\.rds_host, Port=args\.rds_port, DBUsername=args\.rds_user, Region=args\.region\s*\)/,
    );
    expect(text).toMatch(/PG_DRIVER = "org\.postgresql\.Driver"/);
    expect(text).toMatch(/props\.setProperty\("password", token\(\)\)/);
    expect(text).toMatch(/\.option\("password", token\(\)\)/);
    expect(text).toMatch(/jvm\.java\.sql\.DriverManager\.getConnection\(url, props\)/);
    expect(text).toMatch(/\.write\.format\("jdbc"\)/);
    expect(text).toMatch(/finally:\s+connection\.close\(\)/);
    expect(text).toMatch(/table\.batch_writer\(overwrite_by_pkeys=\["customer_id"\]\)/);
  });

  it("chooses verify-full with a CA bundle and require without one, in the JDBC URL", () => {
    const result = python(`
import json, publish_operational_stores as p
print(json.dumps([
  p.pg_sslmode('/Volumes/c/s/v/global-bundle.pem'), p.pg_sslmode(None),
  p.jdbc_url('db.example.com', 5432, 'serving', '/Volumes/c/s/v/global-bundle.pem'), p.jdbc_url('db.example.com', 5432, 'serving', None),
]))
`);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { sslmode: "verify-full", sslrootcert: "/Volumes/c/s/v/global-bundle.pem" },
      { sslmode: "require" },
      "jdbc:postgresql://db.example.com:5432/serving?sslmode=verify-full&sslrootcert=/Volumes/c/s/v/global-bundle.pem",
      "jdbc:postgresql://db.example.com:5432/serving?sslmode=require",
    ]);
  });

  it("upserts from the run's staging table and deletes what the run did not write", () => {
    const result = python(`
import json
from datetime import datetime, timezone
import publish_operational_stores as p
staging = p.staging_table_name("customer_order_summary", "0123456789ab")
print(json.dumps({"staging": staging, "sql": p.pg_statements("public", "customer_order_summary", staging, datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc))}))
`);
    expect(result.stderr).toBe("");
    const { staging, sql } = JSON.parse(result.stdout);
    expect(staging).toBe("customer_order_summary_staging_0123456789ab");
    expect(sql.create_staging).toMatch(/^CREATE UNLOGGED TABLE "public"\."customer_order_summary_staging_0123456789ab" \(/);
    expect(sql.create_target).toMatch(/^CREATE TABLE IF NOT EXISTS "public"\."customer_order_summary" \(.*PRIMARY KEY \(customer_id, currency\)\)$/);
    expect(sql.upsert).toMatch(
      /^INSERT INTO "public"\."customer_order_summary" \(.*"published_at"\) SELECT .*COALESCE\("currency", 'XXX'\).*TIMESTAMPTZ '2026-01-02T03:04:05\+00:00' FROM "public"\."customer_order_summary_staging_0123456789ab" ON CONFLICT \(customer_id, currency\) DO UPDATE SET /,
    );
    expect(sql.upsert).not.toMatch(/"(customer_id|currency)" = EXCLUDED/);
    expect(sql.delete_stale).toBe(`DELETE FROM "public"."customer_order_summary" WHERE "published_at" < TIMESTAMPTZ '2026-01-02T03:04:05+00:00'`);
    expect(sql.drop_staging).toBe(`DROP TABLE IF EXISTS "public"."customer_order_summary_staging_0123456789ab"`);
    expect(staging.length).toBeLessThanOrEqual(63);
    const long = python(`import publish_operational_stores as p; print(len(p.staging_table_name("t" * 63, "0123456789ab")))`);
    expect(Number(long.stdout)).toBeLessThanOrEqual(63);
    const bad = python(`import publish_operational_stores as p; p.quote_ident("public", 'x"; DROP TABLE y; --')`);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("is not a lower-case PostgreSQL identifier");
  });

  it("folds a customer's currencies into one DynamoDB item, keeping customers without orders", () => {
    const code = `
import json
from datetime import datetime, timezone
from decimal import Decimal
import publish_operational_stores as p
t = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
rows = [
  dict(customer_id="c1", name="A", country="DE", segment="smb", currency="EUR", orders=2, lifetime_value=Decimal("10.50"), first_order_at=t, last_order_at=t),
  dict(customer_id="c1", name="A", country="DE", segment="smb", currency="USD", orders=1, lifetime_value=Decimal("3.00"), first_order_at=t, last_order_at=t),
  dict(customer_id="c2", name="B", country=None, segment="ent", currency=None, orders=0, lifetime_value=Decimal("0"), first_order_at=None, last_order_at=None),
]
items = [p.without_nulls(i) for i in p.dynamodb_items(iter(rows), t)]
print(json.dumps({"items": items}, default=str))
`;
    const result = python(code);
    expect(result.stderr).toBe("");
    const { items } = JSON.parse(result.stdout);
    expect(items).toEqual([
      {
        customer_id: "c1",
        name: "A",
        country: "DE",
        segment: "smb",
        orders: 3,
        published_at: "2026-01-02T03:04:05+00:00",
        by_currency: {
          EUR: { orders: 2, lifetime_value: "10.50", first_order_at: "2026-01-02T03:04:05+00:00", last_order_at: "2026-01-02T03:04:05+00:00" },
          USD: { orders: 1, lifetime_value: "3.00", first_order_at: "2026-01-02T03:04:05+00:00", last_order_at: "2026-01-02T03:04:05+00:00" },
        },
      },
      { customer_id: "c2", name: "B", segment: "ent", orders: 0, published_at: "2026-01-02T03:04:05+00:00", by_currency: {} },
    ]);
  });
});
