/**
 * Environment selection from the command line: JSON config files (LAKEHOUSE_ENV_FILE, `config validate`) as a user
 * writes them, careless or hostile, and LAKEHOUSE_ENV names.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENVIRONMENTS, loadSelectedEnvironments, readConfigFile, validateConfigFile, validateEnvironments } from "../../environments";

const NAMES = Object.keys(ENVIRONMENTS);
const [FIRST] = NAMES;
const dir = mkdtempSync(join(tmpdir(), "environment-files-"));
let count = 0;
const fileWith = (text: string) => {
  const file = join(dir, `config-${count++}.json`);
  writeFileSync(file, text);
  return file;
};
const validated = (name: string) => validateEnvironments([ENVIRONMENTS[name]])[0];
/** The message of what `run` throws. */
const errorOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
};

describe("readConfigFile", () => {
  it("reads what JSON.parse reads", () => {
    const input = ENVIRONMENTS[FIRST].input;
    expect(readConfigFile(fileWith(JSON.stringify(input, null, 2)))).toEqual(JSON.parse(JSON.stringify(input)));
  });

  it('drops a UTF-8 byte order mark and the top-level "$schema" editors use', () => {
    expect(readConfigFile(fileWith('\uFEFF{ "$schema": "./env.schema.json", "name": "x" }'))).toEqual({ name: "x" });
  });

  it('refuses a "$schema" that is not a string, naming the field', () => {
    const file = fileWith('{ "$schema": 42 }');
    expect(errorOf(() => readConfigFile(file))).toBe(`${file}: $schema: must be a string: the path or URL of the config's JSON Schema`);
  });

  it("refuses a duplicate key anywhere, with the field's path and both positions", () => {
    const file = fileWith('{\n  "network": { "vpcCidr": "10.0.0.0/16",\n    "vpcCidr": "10.1.0.0/16" },\n  "tags": [{ "a": 1, "a": 2 }]\n}');
    expect(errorOf(() => readConfigFile(file))).toBe(
      `${file}: network.vpcCidr: duplicate key at line 3, column 5 (first at line 2, column 16); JSON would keep only the last, so remove one`,
    );
    const inList = fileWith('{ "list": [{}, { "a": 1, "a": 2 }] }');
    expect(errorOf(() => readConfigFile(inList))).toMatch(new RegExp(`^${inList}: list\\[1\\]\\.a: duplicate key at line 1, column 26 `));
  });

  it('keeps a "__proto__" key a key, which validation then refuses as unknown', () => {
    const config = readConfigFile(fileWith(JSON.stringify({ ...ENVIRONMENTS[FIRST].input }).replace(/^\{/, '{"__proto__": {"production": true},')));
    expect(Object.getPrototypeOf(config)).toBe(Object.prototype);
    expect(Object.keys(config as object)).toContain("__proto__");
    expect(errorOf(() => validateEnvironments([{ source: "x.json", input: config }]))).toMatch(/^x\.json: __proto__: unknown field; /);
  });

  it("refuses nesting deeper than any config needs, in one line instead of running out of stack", () => {
    const file = fileWith(`${"[".repeat(100000)}${"]".repeat(100000)}`);
    expect(errorOf(() => readConfigFile(file))).toBe(
      `${file}: is not valid JSON: line 1, column 65: objects and arrays are nested more than 64 deep`,
    );
  });

  it.each([
    ["", "line 1, column 1: the file ends where a value was expected"],
    ['{ "a": 1, }', 'line 1, column 11: a comma before "}": JSON allows no trailing comma'],
    ['{ "a": [1, 2,] }', 'line 1, column 14: a comma before "]": JSON allows no trailing comma'],
    ['{\n  // the secret\n  "a": 1 }', "line 2, column 3: expected a key in double quotes"],
    ["{ \"a\": 'secret' }", "line 1, column 8: strings must be in double quotes"],
    ['{ "a": "secret', "line 1, column 8: a string is not closed"],
    ['{ "a": "se\ncret" }', "line 1, column 11: a line break or control character inside a string; write it as an escape such as \\n"],
    ['{ "a": "\\q" }', "line 1, column 9: an invalid escape in a string"],
    ['{ "a": 012 }', "line 1, column 8: an invalid number"],
    ['{ "a": 1 } secret', "line 1, column 12: unexpected text after the end of the JSON value"],
    ['{ "a": 1\n  "b": 2 }', 'line 2, column 3: expected "," or "}" after a value in an object'],
    ['{ "a": secret }', "line 1, column 8: expected a value: an object, array, string in double quotes, number, true, false or null"],
  ])("refuses %j with its line and column, quoting none of its text", (text, message) => {
    const file = fileWith(text);
    const error = errorOf(() => readConfigFile(file));
    expect(error).toBe(`${file}: is not valid JSON: ${message}`);
    expect(error).not.toContain("secret");
  });
});

describe("LAKEHOUSE_ENV", () => {
  it.each([["toString"], ["__proto__"], ["constructor"], ["valueOf"]])(
    "refuses %s, a property of every object, as an unknown environment",
    (name) => {
      expect(errorOf(() => loadSelectedEnvironments({ LAKEHOUSE_ENV: name }))).toBe(
        `LAKEHOUSE_ENV: unknown environment "${name}"; registered: ${NAMES.join(", ")}`,
      );
    },
  );
});

describe("a config file against the registered environments", () => {
  // The tests that need a production environment run when the registry has one.
  const production = NAMES.find((name) => validated(name).production) ?? "";
  const withProduction = production ? it : it.skip;

  it.each(NAMES.map((name) => [name]))("accepts an exact copy of %s's config under its name, as `config print` writes it", (name) => {
    const file = fileWith(JSON.stringify(validated(name)));
    expect(loadSelectedEnvironments({ LAKEHOUSE_ENV_FILE: file })).toEqual([validated(name)]);
  });

  it("accepts a new name in another Databricks account", () => {
    const config = { ...validated(FIRST), name: "sandbox", databricks: { accountId: "0b7e0a8e-96c5-4c3f-9a1e-2d5f6a7b8c9d" } };
    expect(validateConfigFile("sandbox.json", config).name).toBe("sandbox");
  });

  withProduction("refuses the production environment's config with production: false under its name (its state keys, without its rules)", () => {
    const config = validated(production);
    const file = fileWith(JSON.stringify({ ...config, production: false }));
    expect(errorOf(() => loadSelectedEnvironments({ LAKEHOUSE_ENV_FILE: file }))).toBe(
      `${file}: name: "${production}" is the name of the registered environment in ${ENVIRONMENTS[production].source} (its stack ids, state keys s3://${config.state.bucket}/${production}/ and physical names); a file may use the name only as an exact copy of that config, and this one differs at production: rename it, or change ${ENVIRONMENTS[production].source}`,
    );
  });

  withProduction("refuses the production environment's config under another name: the rules its Databricks account shares apply", () => {
    const config = validated(production);
    const file = fileWith(JSON.stringify({ ...config, name: "copy" }));
    const lines = errorOf(() => loadSelectedEnvironments({ LAKEHOUSE_ENV_FILE: file })).split("\n");
    const expected = [
      ...(config.unityCatalog.metastore.mode === "create"
        ? [`${file}: unityCatalog.metastore.mode: ${production} (${ENVIRONMENTS[production].source}) already creates`]
        : []),
      ...(config.workspace.logDelivery.scope === "account" && !config.workspace.logDelivery.alreadyExists
        ? [`${file}: workspace.logDelivery.scope: ${production} (${ENVIRONMENTS[production].source}) already delivers`]
        : []),
    ];
    expect(expected.length).toBeGreaterThan(0);
    for (const start of expected) expect(lines.some((line) => line.startsWith(start))).toBe(true);
    expect(lines.every((line) => line.startsWith(`${file}: `))).toBe(true);
  });
});
