import { cdktfCommands, formatCommand, parseOperation, protectionsOf, selectStacks } from "../../../scripts/ops/environment-commands";
import { orderStacks } from "../../../scripts/ops/environment-stacks";

const STACKS = orderStacks("dev", [
  { id: "dev-unity-catalog", dependsOn: ["dev-network-storage", "dev-workspace"] },
  { id: "dev-workspace", dependsOn: ["dev-network-storage", "prod-workspace"] },
  { id: "dev-network-storage", dependsOn: [] },
  { id: "prod-workspace", dependsOn: [] },
]);

describe("environment stacks", () => {
  it("orders an environment's stacks by dependency and layer, dropping other environments' stacks", () => {
    expect(STACKS).toEqual([
      { layer: "network-storage", id: "dev-network-storage", dependsOn: [] },
      { layer: "workspace", id: "dev-workspace", dependsOn: ["dev-network-storage"] },
      { layer: "unity-catalog", id: "dev-unity-catalog", dependsOn: ["dev-network-storage", "dev-workspace"] },
    ]);
  });
});

describe("parseOperation", () => {
  it("reads options in both --name value and --name=value forms", () => {
    expect(parseOperation("deploy", ["--env=dev", "--stack", "workspace", "--auto-approve", "--parallelism", "3"])).toEqual({
      operation: "deploy",
      env: "dev",
      stack: "workspace",
      autoApprove: true,
      parallelism: 3,
      terraformParallelism: undefined,
      confirmDestroy: undefined,
      cdktf: undefined,
    });
  });

  it.each([
    [["--stack", "workspace"], "--env <env> is required"],
    [["dev"], 'unexpected argument "dev"; name the environment with --env dev'],
    [["--env", "dev", "--auto-approve"], "--auto-approve is not an option of plan"],
    [["--env", "dev", "--parallelism", "2"], "--parallelism is not an option of plan"],
    [["--env", "dev", "--force"], 'unknown option "--force"'],
    [["--env"], "--env needs a value"],
    [["--env", "dev", "--env", "prod"], "--env is given twice"],
    [["--env", "dev", "--terraform-parallelism", "1.5"], '--terraform-parallelism must be a positive whole number, not "1.5"'],
  ])("refuses plan %j: %s (exit 2)", (argv, problem) => {
    expect(() => parseOperation("plan", argv)).toThrow(
      expect.objectContaining({ exitCode: 2, message: expect.stringMatching(new RegExp(`^${problem.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\n`)) }),
    );
  });
});

describe("cdktfCommands", () => {
  it("destroys one layer with the flag the CLI needs while its dependants are in the app", () => {
    const options = parseOperation("destroy", ["--env", "dev", "--stack", "workspace"]);
    expect(cdktfCommands(options, STACKS, selectStacks(options, STACKS))).toEqual([
      { args: ["destroy", "dev-workspace", "--ignore-missing-stack-dependencies"], target: "dev-workspace" },
    ]);
  });

  it("says what protects an environment", () => {
    expect(protectionsOf({ production: true, dataProtection: true })).toEqual(["production: true", "dataProtection: true"]);
    expect(protectionsOf({ production: false, dataProtection: false })).toEqual([]);
  });

  it("prints commands as a shell would take them", () => {
    expect(formatCommand({ LAKEHOUSE_ENV: "dev" }, ["deploy", "dev-*", "--parallelism", "2"])).toBe(
      "LAKEHOUSE_ENV=dev cdktf deploy 'dev-*' --parallelism 2",
    );
  });
});
