import { spawnSync } from "node:child_process";
import { closeSync, existsSync, lstatSync, mkdtempSync, openSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENVIRONMENTS, validateEnvironments } from "../../environments";
import { runInProcess } from "../run-in-process";
import { REPO_ROOT, runTs } from "../run-ts";

const NAMES = Object.keys(ENVIRONMENTS);
const [FIRST] = NAMES;
const USAGE = "usage: npm run config -- print <env> [--out <file>] | validate <file.json> | schema [--out <file>]";
const dir = mkdtempSync(join(tmpdir(), "config-cli-"));
const writeJson = (name: string, value: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
};
/** The tool run in-process; `configProcess` runs it as a child process, for what only a real process shows. */
const config = (...args: string[]) => runInProcess("scripts/config.ts", args);
const configProcess = (...args: string[]) => runTs("scripts/config.ts", args);

describe("npm run config", () => {
  it("prints a registered environment's validated config with defaults applied", () => {
    const { status, stdout } = configProcess("print", FIRST);
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(validateEnvironments([ENVIRONMENTS[FIRST]])[0])));
  });

  it("validates a good JSON file and exits 0", async () => {
    const file = writeJson("good.json", ENVIRONMENTS[FIRST].input);
    const { status, stdout } = await config("validate", file);
    expect(status).toBe(0);
    expect(stdout).toBe(`${file}: valid (environment "${FIRST}")\n`);
  });

  it("refuses a bad JSON file with one line per problem naming the file and field, exit 1, no stack trace", () => {
    const file = writeJson("bad.json", { ...ENVIRONMENTS[FIRST].input, aws: { accountId: "42", region: "us-west-2" }, extra: true });
    const { status, stderr } = configProcess("validate", file);
    expect(status).toBe(1);
    expect(stderr.trim().split("\n")).toEqual([
      `${file}: aws.accountId: must be a 12-digit AWS account id`,
      `${file}: extra: unknown field; check its spelling against environments/schema (unknown fields are refused so a typo cannot pass silently)`,
    ]);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses a missing file and a folder with a one-line message", async () => {
    const missing = join(dir, "missing.json");
    expect(await config("validate", missing)).toMatchObject({ status: 1, stderr: `${missing}: cannot read the config: file not found\n` });
    expect(await config("validate", dir)).toMatchObject({ status: 1, stderr: `${dir}: cannot read the config: is a folder, not a JSON file\n` });
  });

  it("refuses malformed JSON with its line and column, without quoting the file's text", async () => {
    const malformed = writeJson("malformed.json", '{\n  "clientSecret": "s3cr3t-value"\n  "name": "x"\n}');
    const result = await config("validate", malformed);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`${malformed}: is not valid JSON: line 3, column 3: expected "," or "}" after a value in an object\n`);
    expect(result.stderr).not.toContain("s3cr3t");
  });

  it('accepts the "$schema" an editor needs and a UTF-8 byte order mark', async () => {
    const file = writeJson("with-schema.json", `\uFEFF${JSON.stringify({ $schema: "./env.schema.json", ...ENVIRONMENTS[FIRST].input })}`);
    expect(await config("validate", file)).toMatchObject({ status: 0, stdout: `${file}: valid (environment "${FIRST}")\n` });
  });

  it("refuses a duplicate key, naming the field and both places, instead of keeping the last one", async () => {
    const text = JSON.stringify(ENVIRONMENTS[FIRST].input, null, 2).replace(
      /\n  "production": (true|false),/,
      '\n  "production": true,\n  "production": false,',
    );
    const file = writeJson("duplicate.json", text);
    const lines = text.split("\n");
    const firstLine = lines.findIndex((line) => line.includes('"production"')) + 1;
    const { status, stderr } = await config("validate", file);
    expect(status).toBe(1);
    expect(stderr).toBe(
      `${file}: production: duplicate key at line ${firstLine + 1}, column 3 (first at line ${firstLine}, column 3); JSON would keep only the last, so remove one\n`,
    );
  });

  it("prints the JSON Schema, which refuses unknown keys and allows $schema", async () => {
    const { status, stdout } = await config("schema");
    expect(status).toBe(0);
    const schema = JSON.parse(stdout);
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.$schema).toMatchObject({ type: "string" });
    expect(schema.properties.network.properties.egress.enum).toEqual(["isolated", "nat"]);
    expect(schema.required).toEqual(expect.arrayContaining(["name", "aws", "network"]));
    expect(schema.required).not.toContain("$schema");
  });

  it("prints the JSON Schema with the fields' descriptions, for editors", async () => {
    const schema = JSON.parse((await config("schema")).stdout);
    const { properties } = schema;
    expect(properties.network.properties.egress.description).toMatch(/^How clusters reach the Databricks control plane/);
    expect(properties.aws.properties.assumeRoleArn.description).toMatch(/Omitted: the deployer's own credentials are used/);
    expect(properties.dataProtection.description).toMatch(/^Protect everything that holds data/);
    expect(properties.aws.properties.region.description).not.toBe(properties.state.properties.region.description);
    expect(properties.unityCatalog.properties.metastore.oneOf[1].properties.mode.description).toMatch(/existing metastore/);
  });

  it("writes valid JSON through npm as the README shows it (npm run -s config -- schema > file)", () => {
    const result = spawnSync("npm", ["run", "-s", "config", "--", "schema"], { cwd: REPO_ROOT, encoding: "utf8", timeout: 60_000 });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).title).toBe("Environment config");
  });

  it("writes the schema and a printed config into a file with --out, printing nothing", async () => {
    const schemaFile = join(dir, "env.schema.json");
    expect(await config("schema", "--out", schemaFile)).toMatchObject({ status: 0, stdout: "" });
    expect(JSON.parse(readFileSync(schemaFile, "utf8")).title).toBe("Environment config");
    const printed = join(dir, `${FIRST}.json`);
    expect(await config("print", FIRST, `--out=${printed}`)).toMatchObject({ status: 0, stdout: "" });
    expect(JSON.parse(readFileSync(printed, "utf8")).name).toBe(FIRST);
    // The printed config is a config file: validated again, it is the registered environment's exact copy.
    expect((await config("validate", printed)).status).toBe(0);
  });

  it("refuses --out to a symbolic link or a folder (a rename would replace it, not write through it), leaving it as it was", async () => {
    const real = join(dir, "real.json");
    writeFileSync(real, "old");
    const link = join(dir, "link.json");
    symlinkSync(real, link);
    const result = await config("schema", "--out", link);
    expect(result).toMatchObject({ status: 2, stdout: "" });
    expect(result.stderr).toBe(`${link}: is a symbolic link; give --out a regular file's path\n`);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, "utf8")).toBe("old");
    expect((await config("schema", "--out", dir)).stderr).toBe(`${dir}: is a folder; give --out a regular file's path\n`);
  });

  it("reports output it cannot write (a full disk) in one line, exit 1", () => {
    if (!existsSync("/dev/full")) return;
    const full = openSync("/dev/full", "w");
    try {
      const result = spawnSync(
        process.execPath,
        ["--require", join(REPO_ROOT, "scripts/register.cjs"), join(REPO_ROOT, "scripts/config.ts"), "schema"],
        {
          cwd: REPO_ROOT,
          encoding: "utf8",
          env: { PATH: process.env.PATH, HOME: process.env.HOME },
          stdio: ["ignore", full, "pipe"],
          timeout: 60_000,
        },
      );
      expect(result.stderr).toBe("error: cannot write the output: ENOSPC: no space left on device, write\n");
      expect(result.status).toBe(1);
    } finally {
      closeSync(full);
    }
  });

  it.each([[["--help"]], [["-h"]], [["print", "-h"]]])("prints its usage on stdout with %j and exits 0", async (args) => {
    // --help in a real process (the usage on the process's stdout, exit 0); the other spellings in-process.
    const { status, stdout, stderr } = args[0] === "--help" ? configProcess(...args) : await config(...args);
    expect(status).toBe(0);
    expect(stdout.split("\n")[0]).toBe(USAGE);
    expect(stdout).toContain("--out <file>");
    expect(stderr).toBe("");
  });

  it.each([
    [["bogus"], 'unknown command "bogus"'],
    [[], "no command given"],
    [["print"], "print needs an environment name"],
    [["print", "no-such-stage"], `unknown environment "no-such-stage"; registered: ${NAMES.join(", ")}`],
    [["print", "toString"], `unknown environment "toString"; registered: ${NAMES.join(", ")}`],
    [["print", "__proto__"], `unknown environment "__proto__"; registered: ${NAMES.join(", ")}`],
    [["schema", "extra"], 'unexpected argument "extra"'],
    [["schema", "--yaml"], 'unknown option "--yaml"'],
    [["schema", "--out"], "--out needs a file name"],
    [["validate", "x.json", "--out", "y"], "--out goes with print or schema"],
  ])("exits 2 with usage for %j", async (args, message) => {
    const { status, stderr } = await config(...args);
    expect(status).toBe(2);
    expect(stderr).toBe(`${message}\n${USAGE}\n`);
  });
});
