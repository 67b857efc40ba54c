import { REPO_ROOT } from "../run-ts";
import { allSuites, registryDependentSuites, sourceFolders, startsRepositoryCode, suitesImporting } from "./registry-dependent-suites";

const THIS_SUITE = "test/extensibility/added-environment.test.ts";

describe("the suites a fourth environment can change", () => {
  const selected = registryDependentSuites(REPO_ROOT, ["environments/registry.ts"], THIS_SUITE);

  it("follows imports through every TypeScript folder of tsconfig.json, so a suite importing the registry via a stack is found", () => {
    expect(sourceFolders(REPO_ROOT)).toEqual(expect.arrayContaining(["environments", "modules", "scripts", "stacks", "test"]));
    // Imports the registry only through stacks/synthesize.ts and environments/index.ts.
    expect(suitesImporting(REPO_ROOT, ["environments/registry.ts"])).toContain("test/stacks/synthesize.test.ts");
  });

  it("includes the suites that run the app or a tool in a child process, which no import graph follows", () => {
    expect(startsRepositoryCode(REPO_ROOT, "test/cli/cdktf-cli.test.ts")).toBe(true); // npx cdktf
    expect(startsRepositoryCode(REPO_ROOT, "test/main.test.ts")).toBe(true); // runTs("main.ts")
    expect(selected).toEqual(expect.arrayContaining(["test/cli/cdktf-cli.test.ts", "test/main.test.ts", "test/scripts/drift.test.ts"]));
  });

  it("leaves out suites that neither load the registry nor start the repository's code, and the asking suite", () => {
    expect(startsRepositoryCode(REPO_ROOT, "test/scripts/ops/terraform-runner.test.ts")).toBe(false);
    expect(selected).not.toContain("test/scripts/ops/terraform-runner.test.ts");
    expect(selected).not.toContain(THIS_SUITE);
    const every = allSuites(REPO_ROOT);
    expect(selected.filter((suite) => !every.includes(suite))).toEqual([]);
  });
});
