import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stacksOf } from "../layers";
import { runInProcess } from "../run-in-process";
import { runTs } from "../run-ts";

const PLANS = "test/fixtures/plans";
const STAND_IN = join(__dirname, "..", "fixtures", "stand-in-terraform.js");
/** The tool run in-process; `driftProcess` runs it as a child process, for what only a real process shows. */
const drift = (args: readonly string[], env: NodeJS.ProcessEnv = {}) => runInProcess("scripts/drift.ts", args, env);
const driftProcess = (args: readonly string[], env: NodeJS.ProcessEnv = {}) => runTs("scripts/drift.ts", args, env);
const planArgs = (...files: string[]) => files.flatMap((f) => ["--plan-json", `${PLANS}/${f}`]);

describe("npm run drift -- --plan-json", () => {
  it("exits 0 with nothing drifted and nothing pending", () => {
    const result = driftProcess(planArgs("tf-cloud-no-changes.json", "tfjson-no-changes-0.12.json"));
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("total: 2 plans, 0 drifted resources, 0 pending changes, 0 errors");
  });

  it("exits 2 with drift or pending changes, per-plan and total counts in the text report", async () => {
    const result = await drift(planArgs("tf-equiv-drift-simple.json", "tf-equiv-data-read-create.json"));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe(
      [
        `${PLANS}/tf-equiv-drift-simple.json: 1 drifted resource, 1 pending change`,
        "  drift (changed outside Terraform):",
        "    ~ tfcoremock_simple_resource.drift: update",
        '        string: "Hello, world!" -> "Hello, drift!"',
        "  pending (in the code, not yet applied):",
        "    ~ tfcoremock_simple_resource.drift: update",
        '        string: "Hello, drift!" -> "Hello, world!"',
        `${PLANS}/tf-equiv-data-read-create.json: 0 drifted resources, 3 pending changes`,
        "  pending (in the code, not yet applied):",
        "    + tfcoremock_simple_resource.create: create",
        "    + module.create.local_file.data_file: create",
        "    + module.create.random_integer.random: create",
        "total: 2 plans, 1 drifted resource, 4 pending changes, 0 errors",
        "",
      ].join("\n"),
    );
  });

  it("writes markdown for a CI job summary", async () => {
    const result = await drift([...planArgs("tf-equiv-replace.json", "own-no-changes.json"), "--format", "markdown"]);
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/^## Drift report: drift or pending changes found\n/);
    expect(result.stdout).toContain(`| \`${PLANS}/tf-equiv-replace.json\` | 0 | 1 | changes |`);
    expect(result.stdout).toContain(`| \`${PLANS}/own-no-changes.json\` | 0 | 0 | clean |`);
    expect(result.stdout).toContain(
      "- `tfcoremock_object.object`: replace (delete, then create) (replace\\_because\\_cannot\\_update; forced by id)",
    );
  });

  it("writes JSON with the documented fields", async () => {
    const result = await drift([...planArgs("precloud-aws-sqs-drift-update-delete-create.json"), "--format=json"]);
    expect(result.status).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(["version", "status", "totals", "stacks"]);
    expect(report.totals).toEqual({ stacks: 1, drift: 1, pending: 3, errors: 0 });
    expect(report.stacks[0].drift).toEqual([
      {
        address: "aws_sqs_queue.test_tf_sqs_2",
        previousAddress: null,
        action: "update",
        replaceOrder: null,
        reason: null,
        replacePaths: [],
        attributes: [{ path: "tags", before: "null", after: "{}" }],
      },
    ]);
  });

  it("never prints a sensitive value, in any format", async () => {
    for (const format of ["text", "markdown", "json"]) {
      const result = await drift([...planArgs("own-sensitive-module-foreach-replace.json"), "--format", format]);
      expect(result.status).toBe(2);
      expect(result.stdout + result.stderr).not.toMatch(/s3cr3t/);
    }
  });

  it.each([
    ["own-truncated.txt", "is not valid JSON"],
    ["own-state-file.json", "is a Terraform state file, not a plan (use terraform show -json <planfile>)"],
    ["own-errored.json", "terraform marked this plan errored (errored: true); it is incomplete and cannot be reported"],
    ["no-such-file.json", "no such file"],
  ])("exits 1 with one line naming %s, and still reports the other plans", async (file, message) => {
    const result = await drift(planArgs("tf-equiv-delete.json", file));
    expect(result.status).toBe(1);
    // One line (the JSON parser's position, when Node gives one, may follow the message).
    expect(result.stderr).toMatch(new RegExp(`^${`${PLANS}/${file}: ${message}`.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[^\n]*\n$`));
    expect(result.stdout).toContain(`${PLANS}/tf-equiv-delete.json: 0 drifted resources, 1 pending change`);
  });

  it.each([
    [[], "give --env <env> or --plan-json <file>"],
    [["--plan-json"], "--plan-json needs a value"],
    [["--env", "dev", "--plan-json", "x.json"], "give --env or --plan-json, not both"],
    [["--plan-json", "x.json", "--format", "html"], '--format must be one of text, markdown, json, got "html"'],
    [["--env", "dev", "--concurrency", "0"], '--concurrency must be a whole number from 1 to 64, got "0"'],
    [["--plan-json", "x.json", "--terraform", "/bin/tf"], "--terraform and --concurrency go with --env only"],
    [["--bogus"], 'unknown option "--bogus"'],
  ])("refuses %j with the usage line, exit 2", async (args, problem) => {
    const result = await drift(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^${problem.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\nusage: npm run -s drift -- `));
    expect(result.stdout).toBe("");
  });

  it("prints its help with --help, exit 0", () => {
    const result = driftProcess(["--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^usage: npm run -s drift -- /);
  });
});

describe("npm run drift -- --env (synthesized, planned with a stand-in terraform)", () => {
  /** dev's stacks, one per built layer, in layer order. */
  const layers = stacksOf("dev");

  async function runEnv(env: Record<string, string>, args: readonly string[] = []) {
    const dir = mkdtempSync(join(tmpdir(), "drift-env-"));
    const result = await drift(["--env", "dev", "--terraform", STAND_IN, ...args], { CDKTF_OUTDIR: join(dir, "out"), STAND_IN_LOG: dir, ...env });
    const calls = readFileSync(join(dir, "calls.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { folder: string; args: string[]; start: number; end: number });
    return { result, calls };
  }

  it("synthesizes the environment and plans every stack of it: init in layer order, then plan and show", async () => {
    const { result, calls } = await runEnv({
      STAND_IN_SHOW: JSON.stringify({ "*": join(__dirname, "..", "fixtures", "plans", "own-no-changes.json") }),
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(layers.slice(0, 3)).toEqual(["dev-network-storage", "dev-workspace", "dev-unity-catalog"]);
    expect(calls.filter((c) => c.args[0] === "init").map((c) => c.folder)).toEqual(layers);
    for (const stack of layers) {
      expect(calls.filter((c) => c.folder === stack).map((c) => c.args.join(" "))).toEqual([
        "init -input=false",
        "plan -input=false -lock=false -detailed-exitcode -out=drift.tfplan",
        "show -json drift.tfplan",
      ]);
    }
    expect(result.stdout).toContain("synthesized dev into");
    expect(result.stdout).toContain(`total: ${layers.length} plans, 0 drifted resources, 0 pending changes, 0 errors`);
  });

  it("plans at most --concurrency stacks at once (default 2)", async () => {
    const show = JSON.stringify({ "*": join(__dirname, "..", "fixtures", "plans", "own-no-changes.json") });
    for (const [args, expected] of [
      [[], 2],
      [["--concurrency", "1"], 1],
    ] as const) {
      const { calls } = await runEnv({ STAND_IN_SHOW: show, STAND_IN_PLAN_MS: "700" }, args);
      const plans = calls.filter((c) => c.args[0] === "plan");
      expect(Math.max(...plans.map((p) => plans.filter((q) => q.start < p.end && p.start < q.end).length))).toBe(expected);
    }
  });

  it("reports drift per stack (exit 2), and one failing stack as its error while the others run (exit 1)", async () => {
    const plans = join(__dirname, "..", "fixtures", "plans");
    const show = JSON.stringify({ "*": join(plans, "own-no-changes.json"), "dev-workspace": join(plans, "tf-equiv-drift-simple.json") });
    const drifted = await runEnv({ STAND_IN_SHOW: show }, ["--format", "json"]);
    expect(drifted.result.status).toBe(2);
    const report = JSON.parse(drifted.result.stdout);
    expect(report.stacks.map((s: { name: string; status: string }) => [s.name, s.status])).toEqual(
      layers.map((stack) => [stack, stack === "dev-workspace" ? "changes" : "clean"]),
    );

    const failed = await runEnv({ STAND_IN_SHOW: show, STAND_IN_FAIL: "dev-network-storage:plan" });
    expect(failed.result.status).toBe(1);
    expect(failed.result.stderr).toBe("dev-network-storage: terraform plan exited 1: Error: stand-in plan failure in dev-network-storage\n");
    expect(failed.calls.filter((c) => c.args[0] === "show").map((c) => c.folder)).toEqual(
      expect.arrayContaining(layers.filter((stack) => stack !== "dev-network-storage")),
    );
    expect(failed.result.stdout).toContain("dev-workspace: 1 drifted resource, 1 pending change");
  });

  it("refuses an unknown environment with one line, exit 1", () => {
    // A real process: its exit code, one line on its stderr, no stack trace.
    const result = driftProcess(["--env", "nope", "--terraform", STAND_IN], { CDKTF_OUTDIR: join(mkdtempSync(join(tmpdir(), "drift-env-")), "out") });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/nope/);
  });
});
