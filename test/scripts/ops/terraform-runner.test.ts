import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planStacks, runPool } from "../../../scripts/ops/terraform-runner";

const STAND_IN = join(__dirname, "..", "..", "fixtures", "stand-in-terraform.js");
const PLANS = join(__dirname, "..", "..", "fixtures", "plans");

interface Call {
  folder: string;
  args: string[];
  start: number;
  end: number;
}

/** Stack folders under a temporary folder, and the stand-in's log of calls. */
function setup(names: readonly string[], env: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), "drift-runner-"));
  const stacks = names.map((name) => {
    mkdirSync(join(root, name));
    return { name, dir: join(root, name) };
  });
  Object.assign(process.env, { STAND_IN_LOG: root, ...env });
  const calls = (): Call[] =>
    readFileSync(join(root, "calls.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Call);
  return { stacks, calls };
}

const STAND_IN_VARIABLES = ["STAND_IN_LOG", "STAND_IN_SHOW", "STAND_IN_FAIL", "STAND_IN_PLAN_MS", "STAND_IN_PLAN_EXIT"] as const;
afterEach(() => {
  for (const key of STAND_IN_VARIABLES) Reflect.deleteProperty(process.env, key);
});

describe("runPool", () => {
  it("runs at most `limit` tasks at once and keeps the order of results", async () => {
    let running = 0;
    let most = 0;
    const results = await runPool([5, 1, 4, 2, 3], 2, async (n) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, n * 5));
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });
});

describe("planStacks with the stand-in terraform", () => {
  it("inits every stack in order, then plans and shows each, with the documented arguments", async () => {
    const { stacks, calls } = setup(["a", "b", "c"], { STAND_IN_SHOW: JSON.stringify({ "*": join(PLANS, "tf-equiv-drift-simple.json") }) });
    const reports = await planStacks(stacks, { terraform: STAND_IN });
    expect(reports.map((r) => [r.name, r.drift.length, r.pending.length, r.error])).toEqual([
      ["a", 1, 1, undefined],
      ["b", 1, 1, undefined],
      ["c", 1, 1, undefined],
    ]);
    const log = calls();
    expect(log.slice(0, 3).map((c) => [c.folder, ...c.args])).toEqual([
      ["a", "init", "-input=false"],
      ["b", "init", "-input=false"],
      ["c", "init", "-input=false"],
    ]);
    for (const name of ["a", "b", "c"]) {
      expect(log.filter((c) => c.folder === name).map((c) => c.args.join(" "))).toEqual([
        "init -input=false",
        "plan -input=false -lock=false -detailed-exitcode -out=drift.tfplan",
        "show -json drift.tfplan",
      ]);
    }
  });

  it.each([1, 2, 3])("plans at most %i stacks at once", async (concurrency) => {
    const { stacks, calls } = setup(["a", "b", "c", "d"], {
      STAND_IN_PLAN_MS: "300",
      STAND_IN_SHOW: JSON.stringify({ "*": join(PLANS, "own-no-changes.json") }),
    });
    await planStacks(stacks, { terraform: STAND_IN, concurrency });
    const plans = calls().filter((c) => c.args[0] === "plan");
    const most = Math.max(...plans.map((p) => plans.filter((q) => q.start < p.end && p.start < q.end).length));
    expect(plans).toHaveLength(4);
    expect(most).toBe(concurrency);
  });

  it.each(["init", "plan", "show"])("reports a stack whose %s fails and still plans the others", async (step) => {
    const { stacks, calls } = setup(["a", "b", "c"], {
      STAND_IN_FAIL: `b:${step}`,
      STAND_IN_SHOW: JSON.stringify({ "*": join(PLANS, "tf-equiv-delete.json") }),
    });
    const reports = await planStacks(stacks, { terraform: STAND_IN });
    expect(reports[1]).toEqual({
      name: "b",
      drift: [],
      pending: [],
      error: `terraform ${step === "show" ? "show -json" : step} exited 1: Error: stand-in ${step} failure in b`,
    });
    expect(reports[0].pending).toHaveLength(1);
    expect(reports[2].pending).toHaveLength(1);
    if (step === "init")
      expect(
        calls()
          .filter((c) => c.folder === "b")
          .map((c) => c.args[0]),
      ).toEqual(["init"]);
  });

  it("reports an errored plan and a terraform that cannot be run as errors of the stack", async () => {
    const { stacks } = setup(["a"], { STAND_IN_SHOW: JSON.stringify({ "*": join(PLANS, "own-errored.json") }) });
    expect((await planStacks(stacks, { terraform: STAND_IN }))[0].error).toMatch(/^terraform show -json: terraform marked this plan errored/);
    expect((await planStacks(stacks, { terraform: join(tmpdir(), "no-such-terraform") }))[0].error).toMatch(
      /^cannot run terraform init: .*not found$/,
    );
  });
});
