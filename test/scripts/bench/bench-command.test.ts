/**
 * `npm run bench` as a user runs it: its help, its refusals of bad arguments (one line, exit 2, nothing measured),
 * and a real run of its cheapest phase, whose figures cover every stack of every registered environment.
 */
import { spawnSync } from "node:child_process";
import { ENVIRONMENTS } from "../../../environments";
import { stacksOf } from "../../layers";
import { REPO_ROOT } from "../../run-ts";

function bench(...args: string[]) {
  const run = spawnSync("npm", ["run", "-s", "bench", "--", ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("npm run bench", () => {
  it("prints its usage and every phase with --help", () => {
    const run = bench("--help");
    expect(run.status).toBe(0);
    expect(run.stdout.split("\n")[0]).toMatch(/^usage: npm run -s bench -- /);
    for (const phase of ["synth", "cli", "scale", "stacks", "tests"]) expect(run.stdout).toMatch(new RegExp(`^  ${phase} `, "m"));
  });

  it.each([
    [["--phases", "synth,warp"], '--phases: unknown phase "warp"'],
    [["--runs", "0"], '--runs: "0" must be whole numbers from 1 to 20'],
    [["--scale", "10"], "--scale needs two counts at least"],
    [["--scale", "1,99"], '--scale: "1,99" must be whole numbers'],
    [["--fast"], 'unknown option "--fast"'],
  ])("refuses %j with one line naming it, exit 2", (args, message) => {
    const run = bench(...args);
    expect(run.status).toBe(2);
    expect(run.stderr.split("\n")[0]).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe("");
  });

  it("measures the size of every stack of every registered environment (--phases stacks --json)", () => {
    const run = bench("--phases", "stacks", "--runs", "1", "--json");
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as {
      machine: { cores: number };
      figures: { stacks: { stack: string; resources: number; bytes: number }[] };
    };
    expect(report.machine.cores).toBeGreaterThan(0);
    const expected = Object.keys(ENVIRONMENTS).flatMap(stacksOf);
    expect(report.figures.stacks.map((s) => s.stack).sort()).toEqual(expected.sort());
    expect(report.figures.stacks.every((s) => s.bytes > 0)).toBe(true);
  });
});
