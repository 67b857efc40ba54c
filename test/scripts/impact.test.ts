import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtLayersIn } from "../layers";
import { REPO_ROOT, runTs } from "../run-ts";

const USAGE = "usage: [LAKEHOUSE_ENV=<env>[,<env>]] npm run -s impact -- --base <git-ref> [--format text|markdown]";

/** A clone of this repository's HEAD in a temporary folder (its working tree equals HEAD), with node_modules linked. */
function cloneOfHead(): string {
  const parent = mkdtempSync(join(tmpdir(), "impact-e2e-"));
  const clone = join(parent, "repo");
  const result = spawnSync("git", ["clone", "--quiet", "--no-checkout", REPO_ROOT, clone], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`git clone failed: ${result.stderr}`);
  spawnSync("git", [
    "-C",
    clone,
    "checkout",
    "--quiet",
    "--detach",
    spawnSync("git", ["-C", REPO_ROOT, "rev-parse", "HEAD"], { encoding: "utf8" }).stdout.trim(),
  ]);
  symlinkSync(join(REPO_ROOT, "node_modules"), join(clone, "node_modules"), "dir");
  return clone;
}

describe("npm run impact", () => {
  it.each([["--help"], ["-h"]])("prints its usage with %s, exit 0", (flag) => {
    const { status, stdout } = runTs("scripts/impact.ts", [flag]);
    expect(status).toBe(0);
    expect(stdout.split("\n")[0]).toBe(USAGE);
  });

  it.each([
    [[], "--base <git-ref> is required"],
    [["--base"], "--base needs a value"],
    [["--base", "HEAD", "--format", "json"], "--format json: expected text or markdown"],
    [["--base", "HEAD", "--json"], 'unknown option "--json"'],
    [["--base", "HEAD", "main"], 'unexpected argument "main"'],
    [["--base", "HEAD", "--base", "main"], "--base given twice"],
  ])("refuses %j with its usage, exit 2", (args, problem) => {
    expect(runTs("scripts/impact.ts", args)).toMatchObject({ status: 2, stderr: `${problem}\n${USAGE}\n` });
  });

  it("refuses a ref that names no commit in one line, exit 1", () => {
    const { status, stderr } = runTs("scripts/impact.ts", ["--base", "no-such-ref-impact"]);
    expect(status).toBe(1);
    expect(stderr).toMatch(/^--base no-such-ref-impact: not a commit in .+\n$/);
  });

  it("end to end on a clone of HEAD: --base HEAD synthesizes both, says no change and exits 0, leaving no worktree or cdktf.out", () => {
    const clone = cloneOfHead();
    try {
      const result = spawnSync(
        process.execPath,
        ["--require", join(REPO_ROOT, "scripts/register.cjs"), join(REPO_ROOT, "scripts/impact.ts"), "--base", "HEAD"],
        {
          cwd: clone,
          encoding: "utf8",
          env: { PATH: process.env.PATH, HOME: process.env.HOME, LAKEHOUSE_ENV: "dev" },
          timeout: 240_000,
        },
      );
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^Change impact of the working tree against HEAD \([0-9a-f]{12}\)\n/);
      // One stack per layer built at HEAD (the clone), which may be fewer than the working tree has.
      const built = builtLayersIn(clone);
      expect(built.slice(0, 3)).toEqual(["network-storage", "workspace", "unity-catalog"]);
      expect(result.stdout).toContain(`\n${built.length} stacks: no change`);
      expect(spawnSync("git", ["-C", clone, "worktree", "list"], { encoding: "utf8" }).stdout.trim().split("\n")).toHaveLength(1);
      expect(existsSync(join(clone, "cdktf.out"))).toBe(false);
    } finally {
      rmSync(join(clone, ".."), { recursive: true, force: true });
    }
  }, 300_000);
});
