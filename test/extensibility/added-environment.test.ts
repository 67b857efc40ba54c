/**
 * Following "Add an environment" (docs/environments.md, linked from the README) keeps `npm test` green: a copy of the repository gets a fourth stage
 * (`pre-prod`, made from staging as that page says: a name with a hyphen, registered first in
 * environments/registry.ts), and the type check and every suite that can see the registered environments run there
 * and pass (registry-dependent-suites.ts: the suites that load the registry, by jest's dependency graph, and those
 * that start the app or a tool in a child process). Tests derive their environment lists from the registry, so a
 * stage of any valid name, in any place of the registry, is covered without editing a test.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../run-ts";
import { registryDependentSuites } from "./registry-dependent-suites";

/**
 * How long the nested jest run may take: it runs every suite that can see the registered environments (six layers'
 * stack suites, the command-line tools' suites, the real cdktf CLI) for four stages, beside the outer run's other
 * worker on a 2-core CI machine. It bounds a hung run; it is not a speed requirement.
 */
const NESTED_RUN_MS = 1_200_000;

/** This suite, which the nested run must not repeat. */
const THIS_SUITE = "test/extensibility/added-environment.test.ts";

/** The added stage: a name with a hyphen (environment names allow them; Unity Catalog names turn it into "_"). */
const STAGE = "pre-prod";

/** The documented steps for the new stage made from staging: its name, its own accounts, and its own metastore. */
function newStageFromStaging(staging: string): string {
  const stage = staging
    .replace("export const staging", "export const preProd")
    .replace('name: "staging"', `name: "${STAGE}"`)
    .replaceAll("222222222222", "444444444444")
    .replaceAll("lakehouse/staging/", `lakehouse/${STAGE}/`)
    .replace('environment: "staging"', `environment: "${STAGE}"`)
    // Its own Databricks account, so it creates that account's metastore for the region (and enables system tables).
    .replace("3f2a9c4e-1b7d-4e5a-9c2f-6d8e0a1b2c3d", "9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e")
    .replace('metastore: { mode: "existing" }', 'metastore: { mode: "create" }')
    .replace("    systemTables: { enable: [], readers: [] },\n", "");
  if (stage === staging || !stage.includes(`name: "${STAGE}"`)) throw new Error("environments/staging.ts changed: update newStageFromStaging");
  return stage;
}

/** Registers the stage first, so no test can rely on the first registered stage being one of the shipped ones. */
function register(registry: string): string {
  const registered = registry
    .replace('import { staging } from "./staging";', `import { preProd } from "./${STAGE}";\nimport { staging } from "./staging";`)
    .replace(/(ENVIRONMENTS[^=]*= \{\n)/, `$1  "${STAGE}": { source: "environments/${STAGE}.ts", input: preProd },\n`);
  if (!registered.includes(`"${STAGE}": {`)) throw new Error("environments/registry.ts changed: update register");
  return registered;
}

/** Step 3: the stage added to the deploy workflow's choice of environments, after the last one. */
function offerInDeployWorkflow(workflow: string): string {
  const offered = workflow.replace(/(\n( +)options:\n(?:\2 {2}- [a-z0-9-]+\n)+)/, `$1$2  - ${STAGE}\n`);
  if (!offered.includes(`- ${STAGE}\n`)) throw new Error(".github/workflows/deploy.yml changed: update offerInDeployWorkflow");
  return offered;
}

/** The repository's files: what git tracks and does not ignore, or (outside a git work tree) every file but outputs. */
function repositoryFiles(): string[] {
  const listed = spawnSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: REPO_ROOT, encoding: "utf8" });
  if (listed.status === 0) return listed.stdout.split("\0").filter((f) => f.length > 0);
  const skipped = new Set(["node_modules", "cdktf.out", ".git", "dist", "coverage"]);
  const walk = (dir: string): string[] =>
    readdirSync(join(REPO_ROOT, dir), { withFileTypes: true })
      .filter((entry) => !skipped.has(entry.name) && !entry.name.startsWith("cdktf.out."))
      .flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
  return walk("");
}

/** A copy of the repository's files; node_modules linked. */
function copyRepository(): string {
  const root = mkdtempSync(join(tmpdir(), "lakehouse-added-stage-"));
  for (const file of repositoryFiles()) {
    try {
      cpSync(join(REPO_ROOT, file), join(root, file), { recursive: false });
    } catch {
      // A file deleted in the working tree but still in the index: nothing to copy.
    }
  }
  symlinkSync(join(REPO_ROOT, "node_modules"), join(root, "node_modules"));
  // A repository of its own (the change impact command and its tests read git history), with one commit.
  const git = (...args: string[]) => spawnSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args], { cwd: root });
  git("init", "-q");
  git("add", "-A", "--", ".", ":!node_modules");
  git("commit", "-q", "-m", "copy");
  return root;
}

describe("a fourth environment added as docs/environments.md says", () => {
  let root = "";
  beforeAll(() => {
    root = copyRepository();
    writeFileSync(join(root, `environments/${STAGE}.ts`), newStageFromStaging(readFileSync(join(root, "environments/staging.ts"), "utf8")));
    writeFileSync(join(root, "environments/registry.ts"), register(readFileSync(join(root, "environments/registry.ts"), "utf8")));
    const workflow = join(root, ".github/workflows/deploy.yml");
    writeFileSync(workflow, offerInDeployWorkflow(readFileSync(workflow, "utf8")));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const run = (command: string, args: string[]) =>
    spawnSync(process.execPath, [join(root, "node_modules", ".bin", command), ...args], {
      cwd: root,
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: "true" },
      timeout: NESTED_RUN_MS,
    });

  it("is registered and valid", () => {
    const printed = spawnSync(process.execPath, ["--require", join(root, "scripts/register.cjs"), join(root, "scripts/config.ts"), "print", STAGE], {
      cwd: root,
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    expect(printed.stderr).toBe("");
    expect(JSON.parse(printed.stdout)).toMatchObject({ name: STAGE, aws: { accountId: "444444444444" } });
  });

  it("type-checks", () => {
    const result = run("tsc", ["--noEmit"]);
    expect(`${result.stdout}${result.stderr}`).toBe("");
    expect(result.status).toBe(0);
  }, 300_000);

  it(
    "passes every suite that can see the registered environments",
    () => {
      const suites = registryDependentSuites(root, ["environments/registry.ts", `environments/${STAGE}.ts`], THIS_SUITE);
      const result = run("jest", ["--ci", "--silent", "--runTestsByPath", ...suites]);
      const summary = `${result.stderr}`.split("\n").filter((line) => /^(Tests:|Test Suites:)| ● /.test(line));
      expect(summary.filter((line) => line.includes("failed") || line.includes(" ● "))).toEqual([]);
      expect(result.status).toBe(0);
    },
    NESTED_RUN_MS,
  );
});
