/**
 * Synthesizes a source tree into a folder of our choosing, as `npm run synth` does (never ./cdktf.out): the working
 * tree as it is, or a git ref checked out in a temporary worktree (removed afterwards) with this repository's
 * node_modules linked into it. LAKEHOUSE_ENV and LAKEHOUSE_ENV_FILE pass through to the app.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "../../modules/core/errors";

/** The top folder of the git repository that holds `cwd`; a UserError if there is none. */
export function repositoryRoot(cwd: string): string {
  const result = git(cwd, ["rev-parse", "--show-toplevel"]);
  if (result.status !== 0) throw new UserError(`${cwd}: not in a git repository`);
  return result.stdout.trim();
}

/** The commit `ref` names (full hash); a UserError if it names none. */
export function resolveCommit(root: string, ref: string): string {
  const result = git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  if (result.status !== 0) throw new UserError(`--base ${ref}: not a commit in ${root}`);
  return result.stdout.trim();
}

/** Synthesizes the app in `root` (its main.ts) into `outdir`; a UserError with the app's last lines if it fails. */
export async function synthesizeTree(root: string, outdir: string, label: string): Promise<void> {
  const env = { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" };
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    // This repository's TypeScript runner, whatever the tree's revision has (an older one may predate it).
    const child = spawn(process.execPath, ["--require", join(__dirname, "..", "register.cjs"), "main.ts"], {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (exit) => resolve({ code: exit, output }));
  });
  if (code !== 0) {
    const last = output.trim().split("\n").slice(-5).join("\n  ");
    throw new UserError(`cannot synthesize ${label} (exit ${code}):\n  ${last}`);
  }
}

/**
 * Checks `commit` out in a temporary worktree of `root`, links `root`'s node_modules into it, runs `use` on it, and
 * removes the worktree whatever happens.
 */
export async function withWorktree<T>(root: string, commit: string, use: (tree: string) => Promise<T>): Promise<T> {
  const parent = mkdtempSync(join(tmpdir(), "impact-base-"));
  const tree = join(parent, "tree");
  const added = git(root, ["worktree", "add", "--detach", "--quiet", tree, commit]);
  if (added.status !== 0) {
    rmSync(parent, { recursive: true, force: true });
    throw new UserError(`cannot check out ${commit.slice(0, 12)} in a temporary worktree: ${added.stderr.trim().split("\n")[0]}`);
  }
  try {
    const modules = join(root, "node_modules");
    if (existsSync(modules) && !existsSync(join(tree, "node_modules"))) symlinkSync(modules, join(tree, "node_modules"), "dir");
    return await use(tree);
  } finally {
    git(root, ["worktree", "remove", "--force", tree]);
    rmSync(parent, { recursive: true, force: true });
    git(root, ["worktree", "prune"]);
  }
}

function git(cwd: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (result.error) throw new UserError(`cannot run git: ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
