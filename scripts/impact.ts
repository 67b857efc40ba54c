/**
 * `npm run impact -- --base <git-ref> [--format text|markdown]`: the change impact of the working tree against a git
 * ref, without a cloud. Synthesizes both (the ref in a temporary worktree, each into a temporary folder, never
 * cdktf.out), then reports per stack the resources added, removed and changed (attribute paths), and flags what
 * would destroy data: a stateful resource removed or replaced, or removed and added again under another address with
 * the same physical name (a renamed construct id). See docs/impact.md.
 *
 * Exit codes: 0 nothing stateful destroyed, 1 a synth failed or the ref is unknown, 2 something stateful would be
 * destroyed, or a usage error.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand, usageError } from "./cli";
import { analyzeImpact } from "./ops/impact";
import { formatImpactMarkdown, formatImpactText } from "./ops/impact-format";
import { repositoryRoot, resolveCommit, synthesizeTree, withWorktree } from "./ops/impact-synth";

const USAGE = "usage: [LAKEHOUSE_ENV=<env>[,<env>]] npm run -s impact -- --base <git-ref> [--format text|markdown]";
const HELP = `${USAGE}

Synthesizes the working tree and <git-ref> (in a temporary worktree), each into a temporary folder (never
cdktf.out), and reports per stack the resources added, removed and changed (with the attribute paths), flagging what
would destroy data: a resource of a stateful type (bucket, key, database, stream, catalog, schema, volume,
metastore, ...) removed or replaced (its physical name changed), or removed and added at another address with the
same type and physical name (a renamed construct id: Terraform destroys and recreates it).
  --base <git-ref>     the commit to compare with (main, origin/main, HEAD~1, a hash)
  --format <format>    text (default) or markdown (for a pull request comment)
Exit codes: 0 nothing stateful destroyed, 1 a synth failed or an unknown ref, 2 something stateful would be destroyed
or a usage error. See docs/impact.md.`;

interface Options {
  readonly base: string;
  readonly format: "text" | "markdown";
}

function parse(argv: readonly string[]): Options {
  let base: string | undefined;
  let format: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (flag !== "--base" && flag !== "--format") {
      throw usageError(USAGE, arg.startsWith("-") ? `unknown option "${arg}"` : `unexpected argument "${arg}"`);
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === "" || (inline === undefined && value.startsWith("-"))) throw usageError(USAGE, `${flag} needs a value`);
    if (flag === "--base") {
      if (base !== undefined) throw usageError(USAGE, "--base given twice");
      base = value;
    } else {
      if (format !== undefined) throw usageError(USAGE, "--format given twice");
      format = value;
    }
  }
  if (base === undefined) throw usageError(USAGE, "--base <git-ref> is required");
  if (format !== undefined && format !== "text" && format !== "markdown") throw usageError(USAGE, `--format ${format}: expected text or markdown`);
  return { base, format: (format ?? "text") as Options["format"] };
}

async function main(argv: readonly string[]): Promise<void> {
  const { base, format } = parse(argv);
  const root = repositoryRoot(process.cwd());
  const commit = resolveCommit(root, base);
  const work = mkdtempSync(join(tmpdir(), "impact-"));
  try {
    const before = join(work, "base");
    const after = join(work, "working-tree");
    await Promise.all([
      withWorktree(root, commit, (tree) => synthesizeTree(tree, before, `${base} (${commit.slice(0, 12)})`)),
      synthesizeTree(root, after, "the working tree"),
    ]);
    const report = analyzeImpact(before, after);
    const title = `Change impact of the working tree against ${base} (${commit.slice(0, 12)})`;
    process.stdout.write(`${format === "markdown" ? formatImpactMarkdown(report, title) : formatImpactText(report, title)}\n`);
    if (report.dataLoss.length > 0) process.exitCode = 2;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

void runCommand(HELP, process.argv.slice(2), main);
