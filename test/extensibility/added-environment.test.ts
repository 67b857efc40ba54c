/**
 * Following the README's "Add an environment" keeps `npm test` green: a copy of the repository gets a fourth stage
 * (`qa`, made from staging as the README says), registered in environments/registry.ts, and the type check and every
 * suite that iterates over the registered environments run there and pass. Tests derive their environment lists
 * from the registry, so a stage of any name is covered without editing a test.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../run-ts";

/** The README's steps for a new stage `qa` made from staging: its name, its own accounts, and its own metastore. */
function qaFromStaging(staging: string): string {
  const qa = staging
    .replace("export const staging", "export const qa")
    .replace('name: "staging"', 'name: "qa"')
    .replaceAll("222222222222", "444444444444")
    .replaceAll("lakehouse/staging/", "lakehouse/qa/")
    .replace('environment: "staging"', 'environment: "qa"')
    // Its own Databricks account, so it creates that account's metastore for the region (and enables system tables).
    .replace("3f2a9c4e-1b7d-4e5a-9c2f-6d8e0a1b2c3d", "9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e")
    .replace('metastore: { mode: "existing" }', 'metastore: { mode: "create" }')
    .replace("    systemTables: { enable: [], readers: [] },\n", "");
  if (qa === staging || !qa.includes('name: "qa"')) throw new Error("environments/staging.ts changed: update qaFromStaging");
  return qa;
}

function register(registry: string): string {
  return registry
    .replace('import { staging } from "./staging";', 'import { qa } from "./qa";\nimport { staging } from "./staging";')
    .replace(/(\n};\s*)$/, '\n  qa: { source: "environments/qa.ts", input: qa },$1');
}

/** The repository's tracked and untracked (not ignored) files, copied; node_modules linked. */
function copyRepository(): string {
  const root = mkdtempSync(join(tmpdir(), "lakehouse-qa-"));
  const listed = spawnSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: REPO_ROOT, encoding: "utf8" });
  for (const file of listed.stdout.split("\0").filter((f) => f.length > 0)) {
    try {
      cpSync(join(REPO_ROOT, file), join(root, file), { recursive: false });
    } catch {
      // A file deleted in the working tree but still in the index: nothing to copy.
    }
  }
  symlinkSync(join(REPO_ROOT, "node_modules"), join(root, "node_modules"));
  return root;
}

describe("a fourth environment added as the README says", () => {
  let root = "";
  beforeAll(() => {
    root = copyRepository();
    writeFileSync(join(root, "environments/qa.ts"), qaFromStaging(readFileSync(join(root, "environments/staging.ts"), "utf8")));
    writeFileSync(join(root, "environments/registry.ts"), register(readFileSync(join(root, "environments/registry.ts"), "utf8")));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const run = (command: string, args: string[]) =>
    spawnSync(process.execPath, [join(root, "node_modules", ".bin", command), ...args], {
      cwd: root,
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: "true" },
      timeout: 600_000,
    });

  it("is registered and valid", () => {
    const printed = spawnSync(process.execPath, ["--require", "ts-node/register", join(root, "scripts/config.ts"), "print", "qa"], {
      cwd: root,
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    expect(printed.stderr).toBe("");
    expect(JSON.parse(printed.stdout)).toMatchObject({ name: "qa", aws: { accountId: "444444444444" } });
  });

  it("type-checks", () => {
    const result = run("tsc", ["--noEmit"]);
    expect(`${result.stdout}${result.stderr}`).toBe("");
    expect(result.status).toBe(0);
  }, 300_000);

  it("passes every suite that iterates over the registered environments", () => {
    const result = run("jest", ["--ci", "--silent", "test/stacks", "test/environments", "test/main.test.ts", "test/scripts"]);
    const summary = `${result.stderr}`.split("\n").filter((line) => /^(Tests:|Test Suites:)| ● /.test(line));
    expect(summary.filter((line) => line.includes("failed") || line.includes(" ● "))).toEqual([]);
    expect(result.status).toBe(0);
  }, 600_000);
});
