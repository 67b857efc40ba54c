import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GLUE_SCRIPT, KAFKA_TASK, PIPELINES_ROOT } from "../../pipelines/manifest";
import { filesOnDisk, readSource } from "./sample-sources";

const PYTHON = "python3";
// Writes the .pyc to argv[2], so compiling leaves no __pycache__ in the repository.
const COMPILE = "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)";

function compile(source: string, pyc: string) {
  return spawnSync(PYTHON, ["-c", COMPILE, source, pyc], { encoding: "utf8", timeout: 30_000 });
}

function runKafkaTask(args: string[]) {
  // -B: no bytecode files; the script imports Spark only after its arguments parse, so this runs without Spark.
  return spawnSync(PYTHON, ["-B", join(PIPELINES_ROOT, KAFKA_TASK.file), ...args], { encoding: "utf8", timeout: 30_000 });
}

const VALID_KAFKA_ARGS = [
  "--bootstrap-servers",
  "b-1.orders.kafka.eu-west-1.amazonaws.com:9098,b-2.orders.kafka.eu-west-1.amazonaws.com:9098",
  "--topic",
  "orders.events",
  "--service-credential",
  "main_prod_ingestion",
  "--table",
  "main_prod.bronze.order_events_raw",
  "--checkpoint",
  "/Volumes/main_prod/bronze/checkpoints/order_events_raw",
];

describe("pipeline Python sources", () => {
  const pythonFiles = filesOnDisk().filter((f) => f.endsWith(".py"));
  let outDir: string;
  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), "pipelines-pyc-"));
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("include the telemetry bronze, the Kafka task and the Glue script", () => {
    expect(pythonFiles).toEqual(expect.arrayContaining(["telemetry/bronze.py", KAFKA_TASK.file, GLUE_SCRIPT.file]));
  });

  it.each(pythonFiles)("%s compiles with python3 -m py_compile", (file) => {
    const result = compile(join(PIPELINES_ROOT, file), join(outDir, `${file.replace(/\//g, "_")}c`));
    expect(result.error).toBeUndefined();
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
  });

  it("fails to compile a file with a syntax error (the compile check is real)", () => {
    const broken = join(outDir, "broken.py");
    writeFileSync(broken, "def broken(:\n    pass\n");
    const result = compile(broken, join(outDir, "broken.pyc"));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/SyntaxError/);
  });
});

describe("the Kafka task's command line", () => {
  it("takes the contract's arguments", () => {
    const result = runKafkaTask(["--help"]);
    expect(result.status).toBe(0);
    for (const option of ["--bootstrap-servers", "--topic", "--service-credential", "--table", "--checkpoint"])
      expect(result.stdout).toContain(option);
  });

  it("rejects a table that is not catalog.schema.table and a checkpoint outside Unity Catalog storage, naming both", () => {
    const args = [...VALID_KAFKA_ARGS];
    args[args.indexOf("--table") + 1] = "bronze.order_events_raw";
    args[args.indexOf("--checkpoint") + 1] = "/tmp/checkpoints";
    const result = runKafkaTask(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--table: 'bronze\.order_events_raw' is not a three-part name/);
    expect(result.stderr).toMatch(/--checkpoint: '\/tmp\/checkpoints' must be a \/Volumes\/ path or an s3:\/\/ URL/);
  });

  it("requires every argument", () => {
    const result = runKafkaTask(VALID_KAFKA_ARGS.slice(0, -2));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/the following arguments are required: --checkpoint/);
  });

  it("reads MSK through the service credential and appends once per run to the table it is given", () => {
    const { text } = readSource(KAFKA_TASK.file);
    expect(text).toMatch(/\.option\("databricks\.serviceCredential", args\.service_credential\)/);
    expect(text).toMatch(/\.option\("subscribe", args\.topic\)/);
    expect(text).toMatch(/\.option\("checkpointLocation", args\.checkpoint\)/);
    expect(text).toMatch(/\.trigger\(availableNow=True\)/);
    expect(text).toMatch(/\.toTable\(args\.table\)/);
  });
});

describe("the Glue script", () => {
  const { text } = readSource(GLUE_SCRIPT.file);

  it("resolves exactly the contract's arguments", () => {
    expect(text).toMatch(/getResolvedOptions\(sys\.argv, \["JOB_NAME", "source_path", "target_path"\]\)/);
  });

  it("brackets the run with job.init and job.commit and names its source, so job bookmarks skip processed exports", () => {
    expect(text).toMatch(/job\.init\(args\["JOB_NAME"\], args\)/);
    expect(text).toMatch(/job\.commit\(\)\n\s*\n\s*\nif __name__/);
    expect(text).toMatch(/format="csv",\s*format_options=\{"withHeader": True[^}]*\},\s*transformation_ctx="raw_invoice_exports"/);
  });

  it("writes Parquet partitioned by invoice month to the target path", () => {
    expect(text).toMatch(/connection_options=\{"path": args\["target_path"\], "partitionKeys": \["invoice_month"\]\},\s*format="parquet"/);
  });
});
