import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENVIRONMENTS } from "../../environments";
import { runTs } from "../run-ts";

const dir = mkdtempSync(join(tmpdir(), "config-cli-"));
const writeJson = (name: string, value: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
};
const config = (...args: string[]) => runTs("scripts/config.ts", args);

describe("npm run config", () => {
  it("prints a registered environment's validated config with defaults applied", () => {
    const { status, stdout } = config("print", "staging");
    expect(status).toBe(0);
    const printed = JSON.parse(stdout);
    expect(printed.name).toBe("staging");
    expect(printed.dataProtection).toBe(true);
    expect(printed.network.legacyHiveMetastore).toBe(false);
  });

  it("validates a good JSON file and exits 0", () => {
    const file = writeJson("good.json", ENVIRONMENTS.prod.input);
    const { status, stdout } = config("validate", file);
    expect(status).toBe(0);
    expect(stdout).toBe(`${file}: valid (environment "prod")\n`);
  });

  it("refuses a bad JSON file with one line per problem naming the file and field, exit 1, no stack trace", () => {
    const file = writeJson("bad.json", { ...ENVIRONMENTS.dev.input, aws: { accountId: "42", region: "us-west-2" }, extra: true });
    const { status, stderr } = config("validate", file);
    expect(status).toBe(1);
    expect(stderr.trim().split("\n")).toEqual([
      `${file}: aws.accountId: must be a 12-digit AWS account id`,
      `${file}: extra: unknown field; check its spelling against environments/schema (unknown fields are refused so a typo cannot pass silently)`,
    ]);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses a missing file and malformed JSON with a one-line message", () => {
    const missing = join(dir, "missing.json");
    expect(config("validate", missing)).toMatchObject({ status: 1, stderr: `${missing}: cannot read the config: file not found\n` });
    const malformed = writeJson("malformed.json", "{ not json");
    const result = config("validate", malformed);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^${malformed}: is not valid JSON: .+\\n$`));
  });

  it("prints the JSON Schema, which refuses unknown keys", () => {
    const { status, stdout } = config("schema");
    expect(status).toBe(0);
    const schema = JSON.parse(stdout);
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.network.properties.egress.enum).toEqual(["isolated", "nat"]);
    expect(schema.required).toEqual(expect.arrayContaining(["name", "aws", "network"]));
  });

  it("prints the JSON Schema with the fields' descriptions, for editors", () => {
    const schema = JSON.parse(config("schema").stdout);
    const { properties } = schema;
    expect(properties.network.properties.egress.description).toMatch(/^How clusters reach the Databricks control plane/);
    expect(properties.aws.properties.assumeRoleArn.description).toMatch(/Omitted: the deployer's own credentials are used/);
    expect(properties.dataProtection.description).toMatch(/^Protect everything that holds data/);
    expect(properties.aws.properties.region.description).not.toBe(properties.state.properties.region.description);
    expect(properties.unityCatalog.properties.metastore.oneOf[1].properties.mode.description).toMatch(/existing metastore/);
  });

  it.each([
    [["bogus"], 'unknown command "bogus"'],
    [[], "no command given"],
    [["print"], "print needs an environment name"],
    [["print", "qa"], 'unknown environment "qa"; registered: dev, staging, prod'],
  ])("exits 2 with usage for %j", (args, message) => {
    const { status, stderr } = config(...args);
    expect(status).toBe(2);
    expect(stderr).toBe(`${message}\nusage: npm run config -- print <env> | validate <file.json> | schema\n`);
  });
});
