import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "js-yaml";
import { APPS_ROOT, LAKEHOUSE_ASSISTANT } from "../../apps/manifest";
import { SAMPLE_PIPELINES } from "../../pipelines/manifest";

const PYTHON = "python3";
// Writes the .pyc to argv[2], so compiling leaves no __pycache__ in the repository.
const COMPILE = "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)";
const appDir = join(APPS_ROOT, LAKEHOUSE_ASSISTANT.folder);
const read = (file: string) => readFileSync(join(appDir, file), "utf8");

interface AppYaml {
  command: string[];
  env: { name: string; value?: string; valueFrom?: string }[];
}

describe("the lakehouse assistant app", () => {
  const appYaml = load(read("app.yaml")) as AppYaml;
  const bindings = Object.values(LAKEHOUSE_ASSISTANT.resources).filter((b) => b !== undefined);
  let outDir: string;
  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), "apps-pyc-"));
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("deploys exactly the files the manifest lists", () => {
    expect(readdirSync(appDir).sort()).toEqual([...LAKEHOUSE_ASSISTANT.files].sort());
  });

  it.each(LAKEHOUSE_ASSISTANT.files.filter((f) => f.endsWith(".py")))("%s compiles with python3 -m py_compile", (file) => {
    const result = spawnSync(PYTHON, ["-c", COMPILE, join(appDir, file), join(outDir, `${file}c`)], { encoding: "utf8", timeout: 30_000 });
    expect(result.error).toBeUndefined();
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
  });

  it("has an app.yaml whose command runs gunicorn with the config that binds DATABRICKS_APP_PORT", () => {
    expect(appYaml.command.slice(0, 2)).toEqual(["gunicorn", "app:app"]);
    expect(appYaml.command).toContain("gunicorn.conf.py");
    expect(read("gunicorn.conf.py")).toMatch(/bind = f"0\.0\.0\.0:\{os\.environ\.get\('DATABRICKS_APP_PORT', '8000'\)\}"/);
  });

  it("takes every env value from a resource the manifest declares, and binds every declared resource", () => {
    for (const entry of appYaml.env) {
      expect(entry.value).toBeUndefined();
      expect(bindings.map((b) => b.key)).toContain(entry.valueFrom);
    }
    expect(appYaml.env.map((e) => [e.name, e.valueFrom]).sort()).toEqual(bindings.map((b) => [b.env, b.key]).sort());
  });

  it("reads each bound env var in app.py and holds no credential", () => {
    const app = read("app.py");
    for (const binding of bindings) expect(app).toContain(`"${binding.env}"`);
    expect(app).not.toMatch(/dapi[0-9a-f]{32}|password\s*=\s*["']/i);
    expect(Object.keys(appYaml).sort()).toEqual(["command", "env"]);
  });

  it("queries the serving endpoint with chat messages and uses a fresh OAuth token as the Lakebase password", () => {
    const app = read("app.py");
    expect(app).toMatch(/workspace\.serving_endpoints\.query\(\s*name=settings\.serving_endpoint,\s*messages=\[/);
    expect(app).toMatch(/password = workspace\.config\.oauth_token\(\)\.access_token/);
    expect(app).toMatch(/sql\.Identifier\(settings\.pg_schema, settings\.pg_table\)/);
  });

  it("grounds on a gold table the ingestion pipelines publish", () => {
    const [schema, table] = LAKEHOUSE_ASSISTANT.groundingTable.split(".");
    expect(schema).toBe("gold");
    expect(Object.values(SAMPLE_PIPELINES).some((p) => p.publishes.gold.includes(table))).toBe(true);
  });

  it("pins its Python dependencies to a major version", () => {
    const requirements = read("requirements.txt")
      .split("\n")
      .filter((l) => l.trim() && !l.startsWith("#"));
    expect(requirements.map((r) => r.split(/[<>=]/)[0])).toEqual(["databricks-sdk", "flask", "gunicorn", "psycopg[binary]"]);
    for (const r of requirements) expect(r).toMatch(/>=[0-9.]+,<[0-9]+$/);
  });

  it("has a README", () => {
    expect(existsSync(join(APPS_ROOT, "README.md"))).toBe(true);
  });
});
