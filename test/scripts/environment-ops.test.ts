import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENVIRONMENTS } from "../../environments";
import { BUILT, FIRST_UNBUILT, layersAfter, stacksOf } from "../layers";
import { runInProcess } from "../run-in-process";
import { REPO_ROOT, runTs, type RunResult } from "../run-ts";

const STAND_IN = "test/fixtures/stand-in-cdktf.js";
const dir = mkdtempSync(join(tmpdir(), "environment-ops-"));
let runs = 0;

interface Call {
  readonly args: string[];
  readonly cwd: string;
  readonly env: Record<string, string>;
}

/**
 * The stand-in for the in-process runs. cdktf writes to the tool's own output (stdio "inherit"), which in-process is
 * the test process's: this copy prints nothing, and does all else the stand-in does.
 */
const QUIET_STAND_IN = join(dir, "stand-in-cdktf-quiet.js");
writeFileSync(QUIET_STAND_IN, `#!/usr/bin/env node\nprocess.stdout.write = () => true;\nrequire(${JSON.stringify(join(REPO_ROOT, STAND_IN))});\n`, {
  mode: 0o755,
});

/** Runs an operation in-process with the stand-in cdktf (a child process still); returns the result and the stand-in's calls, in order. */
async function run(operation: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const log = newLog();
  return withCalls(
    log,
    await runInProcess("scripts/environment-ops.ts", [operation, ...args, "--cdktf", QUIET_STAND_IN], { STAND_IN_CDKTF_LOG: log, ...env }),
  );
}

/** As run, in a real process: for what only a real process shows, and what cdktf sees when the process starts it. */
function runProcess(operation: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const log = newLog();
  return withCalls(log, runTs("scripts/environment-ops.ts", [operation, ...args, "--cdktf", STAND_IN], { STAND_IN_CDKTF_LOG: log, ...env }));
}

/** An empty file for the stand-in's calls. */
function newLog(): string {
  const log = join(dir, `calls-${++runs}.jsonl`);
  writeFileSync(log, "");
  return log;
}

/** The result with the stand-in's calls recorded in `log` and the commands the tool printed. */
function withCalls(log: string, result: RunResult) {
  const lines = readFileSync(log, "utf8").split("\n").filter(Boolean);
  const calls = lines.map((l) => JSON.parse(l) as Call);
  return { ...result, calls, printed: result.stdout.split("\n").filter((l) => l.startsWith("$ ")) };
}

const PLAN_USAGE = "usage: npm run plan -- --env <env> [--stack <layer>] [--terraform-parallelism <n>] [--cdktf <path>]";
const DEV_ENV = { LAKEHOUSE_ENV: "dev", CHECKPOINT_DISABLE: "1" };
/** The built layers' stacks of dev and of prod, in deploy order, and in destroy order (the reverse). */
const DEV = stacksOf("dev");
const PROD = stacksOf("prod");
const DEV_REVERSED = [...DEV].reverse();
const PROD_REVERSED = [...PROD].reverse();

describe("npm run plan", () => {
  it("runs cdktf diff once per stack in layer order, with only the environment in the app, and prints each command", () => {
    const { status, calls, printed, stderr } = runProcess("plan", ["--env", "dev"]);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(DEV.slice(0, 3)).toEqual(["dev-network-storage", "dev-workspace", "dev-unity-catalog"]);
    expect(calls).toEqual(DEV.map((stack) => ({ args: ["diff", stack], cwd: REPO_ROOT, env: DEV_ENV })));
    expect(printed).toEqual(DEV.map((stack) => `$ LAKEHOUSE_ENV=dev CHECKPOINT_DISABLE=1 cdktf diff ${stack}`));
  });

  it("keeps the user's CHECKPOINT_DISABLE, drops LAKEHOUSE_ENV_FILE and overrides LAKEHOUSE_ENV for the child", () => {
    const { status, calls, printed } = runProcess("plan", ["--env", "staging", "--stack", "workspace", "--terraform-parallelism", "4"], {
      CHECKPOINT_DISABLE: "yes",
      LAKEHOUSE_ENV: "prod",
    });
    expect(status).toBe(0);
    expect(calls).toEqual([
      {
        args: ["diff", "staging-workspace", "--terraform-parallelism", "4"],
        cwd: REPO_ROOT,
        env: { LAKEHOUSE_ENV: "staging", CHECKPOINT_DISABLE: "yes" },
      },
    ]);
    expect(printed).toEqual(["$ LAKEHOUSE_ENV=staging cdktf diff staging-workspace --terraform-parallelism 4"]);
  });

  it("stops at a failing stack: exit 1, one line naming it and the stacks not run", async () => {
    const { status, calls, stderr } = await run("plan", ["--env", "dev"], { STAND_IN_CDKTF_FAIL: "dev-workspace" });
    expect(status).toBe(1);
    expect(calls.map((c) => c.args[1])).toEqual(["dev-network-storage", "dev-workspace"]);
    const notRun = layersAfter("workspace").map((layer) => `dev-${layer}`);
    expect(stderr).toBe(`plan of dev-workspace failed: cdktf diff exited with 1; not run: ${notRun.join(", ")}\n`);
  });

  it("refuses an unknown environment with the registered ones before anything runs (exit 2)", () => {
    const { status, calls, stderr } = runProcess("plan", ["--env", "toString"]);
    expect(status).toBe(2);
    expect(calls).toEqual([]);
    expect(stderr).toBe(`unknown environment "toString"; registered: ${Object.keys(ENVIRONMENTS).join(", ")}\n${PLAN_USAGE}\n`);
  });

  it("refuses an unknown layer with the environment's layers before anything runs (exit 2)", async () => {
    const unknown = await run("plan", ["--env", "dev", "--stack", "networking"]);
    expect(unknown.status).toBe(2);
    expect(unknown.calls).toEqual([]);
    expect(unknown.stderr).toBe(`--stack "networking" is an unknown layer; layers of dev: ${BUILT.join(", ")}\n${PLAN_USAGE}\n`);
  });

  // Once every layer of LAYERS is built, no layer is left to refuse as unbuilt.
  (FIRST_UNBUILT === undefined ? it.skip : it)("refuses an unbuilt layer with the environment's layers before anything runs (exit 2)", async () => {
    const unbuilt = await run("plan", ["--env", "dev", "--stack", `${FIRST_UNBUILT}`]);
    expect(unbuilt.status).toBe(2);
    expect(unbuilt.calls).toEqual([]);
    expect(unbuilt.stderr.split("\n")[0]).toBe(`--stack "${FIRST_UNBUILT}" is a layer that is not built yet; layers of dev: ${BUILT.join(", ")}`);
  });

  it("prints its help and exits 0 without running cdktf", () => {
    const { status, calls, stdout } = runProcess("plan", ["--help"]);
    expect(status).toBe(0);
    expect(calls).toEqual([]);
    expect(stdout.split("\n")[0]).toBe(PLAN_USAGE);
  });
});

describe("npm run deploy", () => {
  it("deploys '<env>-*' in one cdktf run, auto-approving only when asked, passing the parallelism through", async () => {
    const plain = await run("deploy", ["--env", "dev"]);
    expect(plain.status).toBe(0);
    expect(plain.calls).toEqual([{ args: ["deploy", "dev-*"], cwd: REPO_ROOT, env: DEV_ENV }]);
    expect(plain.printed).toEqual(["$ LAKEHOUSE_ENV=dev CHECKPOINT_DISABLE=1 cdktf deploy 'dev-*'"]);
    const asked = await run("deploy", ["--env", "dev", "--auto-approve", "--parallelism", "2", "--terraform-parallelism=5"]);
    expect(asked.status).toBe(0);
    expect(asked.calls.map((c) => c.args)).toEqual([["deploy", "dev-*", "--auto-approve", "--parallelism", "2", "--terraform-parallelism", "5"]]);
  });

  it("deploys one layer with --stack, ignoring the missing lower stacks the CLI would otherwise ask for", async () => {
    const { status, calls } = await run("deploy", ["--env", "prod", "--stack", "unity-catalog"]);
    expect(status).toBe(0);
    expect(calls.map((c) => c.args)).toEqual([["deploy", "prod-unity-catalog", "--ignore-missing-stack-dependencies"]]);
    expect((await run("deploy", ["--env", "prod", "--stack", "network-storage"])).calls.map((c) => c.args)).toEqual([
      ["deploy", "prod-network-storage"],
    ]);
  });

  it("fails with exit 1 and one line naming the stack when cdktf fails", async () => {
    const { status, stderr } = await run("deploy", ["--env", "dev"], { STAND_IN_CDKTF_FAIL: "dev-*" });
    expect(status).toBe(1);
    expect(stderr).toBe("deploy of dev-* failed: cdktf deploy exited with 1\n");
  });

  it("refuses bad arguments with exit 2 before anything runs", async () => {
    for (const args of [["--env", "dev", "--parallelism", "0"], ["--env", "dev", "--confirm-destroy", "dev"], ["dev"], ["--stack", "workspace"]]) {
      const { status, calls } = await run("deploy", args);
      expect({ args, status, calls }).toEqual({ args, status: 2, calls: [] });
    }
  });
});

describe("npm run destroy", () => {
  it("destroys an unprotected environment one stack at a time in reverse layer order", async () => {
    const { status, calls, printed, stdout } = await run("destroy", ["--env", "dev", "--auto-approve"]);
    expect(status).toBe(0);
    // The top layer has no dependants; every layer below it has one (the layer above it), so the CLI must be told
    // to ignore the dependant it has just destroyed.
    const [top, ...below] = DEV_REVERSED;
    expect(calls).toEqual([
      { args: ["destroy", top, "--auto-approve"], cwd: REPO_ROOT, env: DEV_ENV },
      ...below.map((stack) => ({ args: ["destroy", stack, "--ignore-missing-stack-dependencies", "--auto-approve"], cwd: REPO_ROOT, env: DEV_ENV })),
    ]);
    expect(below.slice(-3)).toEqual(["dev-unity-catalog", "dev-workspace", "dev-network-storage"]);
    expect(printed[0]).toBe(`$ LAKEHOUSE_ENV=dev CHECKPOINT_DISABLE=1 cdktf destroy ${top} --auto-approve`);
    expect(stdout).toContain(`destroy of dev done: ${DEV_REVERSED.join(", ")}\n`);
  });

  it("refuses a production environment, saying what would be destroyed and why, exit 1, nothing run", async () => {
    const { status, calls, stderr } = await run("destroy", ["--env", "prod", "--auto-approve"]);
    expect(status).toBe(1);
    expect(calls).toEqual([]);
    expect(stderr).toBe(
      [
        "refusing to destroy prod: it is protected (production: true, dataProtection: true)",
        `it would destroy, in this order: ${PROD_REVERSED.join(", ")}`,
        "to destroy it anyway, name the environment again: npm run destroy -- --env prod --confirm-destroy prod",
        "",
      ].join("\n"),
    );
  });

  it("refuses an environment with data protection on, for one layer too", async () => {
    const { status, calls, stderr } = await run("destroy", ["--env", "staging", "--stack", "unity-catalog"]);
    expect(status).toBe(1);
    expect(calls).toEqual([]);
    expect(stderr.split("\n")[0]).toBe("refusing to destroy staging: it is protected (dataProtection: true)");
    expect(stderr).toContain("npm run destroy -- --env staging --stack unity-catalog --confirm-destroy staging");
  });

  it("destroys a protected environment when --confirm-destroy repeats its name; another name is a usage error", async () => {
    const confirmed = await run("destroy", ["--env", "prod", "--confirm-destroy", "prod"]);
    expect(confirmed.status).toBe(0);
    expect(confirmed.calls.map((c) => c.args[1])).toEqual(PROD_REVERSED);
    const wrong = await run("destroy", ["--env", "prod", "--confirm-destroy", "staging"]);
    expect(wrong.status).toBe(2);
    expect(wrong.calls).toEqual([]);
    expect(wrong.stderr.split("\n")[0]).toBe('--confirm-destroy names "staging", but the environment is "prod"');
  });

  it("destroys one layer with --stack, warning when later layers depend on it", async () => {
    const { status, calls, stdout } = await run("destroy", ["--env", "dev", "--stack", "workspace"]);
    expect(status).toBe(0);
    expect(calls.map((c) => c.args)).toEqual([["destroy", "dev-workspace", "--ignore-missing-stack-dependencies"]]);
    // Every layer above the workspace depends on it.
    const dependants = layersAfter("workspace").map((layer) => `dev-${layer}`);
    const [verb, pronoun] = dependants.length === 1 ? ["depends", "it"] : ["depend", "them"];
    expect(stdout.split("\n")[0]).toBe(`warning: ${dependants.join(", ")} ${verb} on dev-workspace; destroy ${pronoun} first`);
  });

  it("stops at the first failing stack, naming it; lower layers are not destroyed", async () => {
    const { status, calls, stderr } = await run("destroy", ["--env", "dev"], { STAND_IN_CDKTF_FAIL: "dev-unity-catalog" });
    expect(status).toBe(1);
    // The layers above unity-catalog are destroyed first; the failure stops the run before the layers below it.
    const failing = DEV_REVERSED.indexOf("dev-unity-catalog");
    expect(calls.map((c) => c.args[1])).toEqual(DEV_REVERSED.slice(0, failing + 1));
    expect(stderr).toBe(`destroy of dev-unity-catalog failed: cdktf destroy exited with 1; not run: ${DEV_REVERSED.slice(failing + 1).join(", ")}\n`);
    expect(DEV_REVERSED.slice(failing + 1)).toEqual(["dev-workspace", "dev-network-storage"]);
  });
});
