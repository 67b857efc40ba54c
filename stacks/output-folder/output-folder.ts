/**
 * The output folder of a synth, the names beside it, and the checks that make replacing it whole safe.
 *
 * Synth replaces the output folder whole, so it must hold nothing but synthesized output: a folder with anything else
 * in it (CDKTF_OUTDIR=$HOME) is refused, not emptied. Beside the output folder `cdktf.out`:
 *   cdktf.out.lock      held while a synth writes cdktf.out ({ pid, host, startedAt }): see lock.ts
 *   cdktf.out.staging   the output being synthesized
 *   cdktf.out.previous  the output being replaced: from the first rename until its Terraform files have moved over
 * (Earlier versions named the last two `.staging-<pid>` and `.previous-<pid>`; recovery.ts clears those too.)
 */
import { readdirSync } from "node:fs";
import { dirname, isAbsolute, join, normalize, relative, resolve } from "node:path";
import { UserError } from "../../modules/core/errors";
import { lstatOrUndefined } from "./fs-errors";

/** The output folder and the names beside it. */
export interface OutputFolder {
  /** As given, without trailing separators. */
  readonly path: string;
  /** How messages name it: the path, with the variable it came from. */
  readonly label: string;
  readonly lock: string;
  readonly staging: string;
  readonly previous: string;
}

/** Checks the output folder's name and kind; its contents are checked once the lock is held. */
export function outputFolder(given: string | undefined, fromEnvironment: string | undefined): OutputFolder {
  const raw = given ?? fromEnvironment ?? "cdktf.out";
  const variable = given === undefined && fromEnvironment !== undefined ? "CDKTF_OUTDIR" : undefined;
  if (raw.trim() === "") throw new UserError(`${variable ?? "outdir"}: is empty; name a folder such as cdktf.out${variable ? ", or unset it" : ""}`);
  const label = variable ? `${variable}=${raw}` : raw;
  const refuse = (problem: string) => new UserError(`${label}: ${problem}`);
  // Normalized ("cdktf.out/." is cdktf.out), so the names beside it (.lock, .staging) are beside it, not inside.
  const path = normalize(raw).replace(/[\\/]+$/, "") || normalize(raw);
  const fromCwd = relative(resolve(path), process.cwd());
  if (fromCwd === "") throw refuse("is the current folder; synth replaces its output folder whole, so name a folder of its own such as cdktf.out");
  if (!fromCwd.startsWith("..") && !isAbsolute(fromCwd)) throw refuse("contains the current folder; name a folder of its own such as cdktf.out");
  const stats = lstatOrUndefined(path);
  if (stats?.isSymbolicLink()) throw refuse("is a symbolic link; name the folder itself (synth renames it, which would replace the link)");
  if (stats && !stats.isDirectory()) throw refuse("is a file, not a folder");
  if (!stats && !lstatOrUndefined(dirname(path))?.isDirectory()) throw refuse(`its parent folder ${dirname(path)} does not exist`);
  return { path, label, lock: `${path}.lock`, staging: `${path}.staging`, previous: `${path}.previous` };
}

/** Refuses an output folder that holds anything a synth does not write: it would be deleted with the old output. */
export function checkOwnOutput(folder: OutputFolder): void {
  if (!lstatOrUndefined(folder.path)) return;
  const problem = foreignContent(folder.path);
  if (problem) {
    throw new UserError(`${folder.label}: ${problem}; synth replaces this folder whole, so name a new folder or one only synth has written`);
  }
}

/**
 * Why `dir` is not a synthesized output folder, or undefined if it is one: only `manifest.json` and `stacks/`, with
 * only stack folders in `stacks/` (whatever they hold: Terraform writes there), and the `diagrams/` folder that
 * `npm run diagram` draws from these stacks (dropped with them, since a new synth makes it stale). Symbolic links are
 * not followed.
 */
export function foreignContent(dir: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "manifest.json" && entry.isFile()) continue;
    if (entry.name === "diagrams" && entry.isDirectory()) continue;
    if (entry.name === "stacks" && entry.isDirectory()) {
      const other = readdirSync(join(dir, "stacks"), { withFileTypes: true }).find((stack) => !stack.isDirectory());
      if (other) return `holds stacks/${other.name}, which is not a stack folder`;
      continue;
    }
    return `holds "${entry.name}", which synth does not write`;
  }
  return undefined;
}
