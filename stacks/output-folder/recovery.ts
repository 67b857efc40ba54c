/**
 * Recovery from interrupted runs: a synth that dies half-way leaves named leftovers beside the output folder (see
 * output-folder.ts), and the next run restores or removes them before it synthesizes.
 */
import { lstatSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { UserError } from "../../modules/core/errors";
import { lstatOrUndefined } from "./fs-errors";
import { foreignContent, type OutputFolder } from "./output-folder";
import { carryOver } from "./swap";

/**
 * Restores or removes what an interrupted run left beside the output folder; returns a line for each repair.
 * - `.previous` without the output folder: the run died between the two renames; the previous output is put back.
 * - `.previous` beside the output folder: it died after the swap; its Terraform files move over and it is removed.
 * - `.staging`: it died while synthesizing; removed.
 */
export function recoverLeftovers(folder: OutputFolder): string[] {
  const repairs: string[] = [];
  for (const previous of leftovers(folder, folder.previous)) {
    if (lstatOrUndefined(folder.path)) {
      repairs.push(...carryOver(previous, folder.path));
    } else {
      renameSync(previous, folder.path);
      repairs.push(`restored ${folder.path} from ${previous}, which an interrupted synth left`);
    }
  }
  for (const staging of leftovers(folder, folder.staging)) rmSync(staging, { recursive: true, force: true });
  return repairs;
}

/**
 * The existing leftovers named `name` (or `name-<pid>`, as earlier versions named them) that hold synthesized output.
 * `name` itself must be free for this run: anything else there is refused rather than deleted.
 */
function leftovers(folder: OutputFolder, name: string): string[] {
  const own = join(dirname(name), basename(name));
  const pattern = new RegExp(`^${escapeRegExp(basename(name))}(-\\d+)?$`);
  const found = readdirSync(dirname(name))
    .filter((entry) => pattern.test(entry))
    .map((entry) => join(dirname(name), entry))
    .sort();
  return found.filter((path) => {
    const stats = lstatSync(path);
    const problem = stats.isDirectory() ? foreignContent(path) : "is not a folder";
    if (problem === undefined) return true;
    if (path === own) {
      throw new UserError(`${folder.label}: ${path} ${problem}, so it is not a leftover of synth; move it away (synth needs the name)`);
    }
    return false;
  });
}

/** `text` matched literally in a RegExp: an output folder's name may hold ".", "+" or "(". */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
