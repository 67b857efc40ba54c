/**
 * The swap: the staged output replaces the output folder by two renames, and what synth does not write moves from the
 * old output into the new one. Terraform keeps files in a stack's folder (.terraform/, .terraform.lock.hcl, a saved
 * plan) that stay when the cdktf CLI synthesizes in place, so they stay here too; so do the folders of stacks this run
 * did not synthesize, because the cdktf CLI deletes those itself after the app exits and fails if they are already gone.
 */
import { mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { asWriteError, lstatOrUndefined, reasonOf } from "./fs-errors";
import type { OutputFolder } from "./output-folder";

/**
 * Replaces the output folder with the staging folder: the old one is renamed aside first, so that a failure of the
 * second rename can be undone (and a crash between them is undone by the next run). Returns warnings.
 */
export function swapIn(folder: OutputFolder): string[] {
  const hadOutput = lstatOrUndefined(folder.path) !== undefined;
  try {
    if (hadOutput) renameSync(folder.path, folder.previous);
    try {
      renameSync(folder.staging, folder.path);
    } catch (error) {
      if (hadOutput) renameSync(folder.previous, folder.path);
      throw error;
    }
  } catch (error) {
    rmSync(folder.staging, { recursive: true, force: true });
    throw asWriteError(error, folder.label);
  }
  return hadOutput ? carryOver(folder.previous, folder.path) : [];
}

/**
 * Moves from the replaced output `previous` into `target` what synth did not write again: each stack folder's other
 * files (Terraform's .terraform/ and .terraform.lock.hcl, a saved plan), and whole folders of stacks not synthesized
 * this time (the cdktf CLI removes those after the app exits). Removes `previous` when nothing is left to move.
 * A failure here comes after the new output is in place, so it is a warning, and the next run finishes the job.
 */
export function carryOver(previous: string, target: string): string[] {
  const failures: string[] = [];
  const move = (from: string, to: string) => {
    try {
      renameSync(from, to);
    } catch (error) {
      failures.push(`could not move ${from} to ${to}: ${reasonOf(error)}`);
    }
  };
  const stacks = join(previous, "stacks");
  try {
    if (lstatOrUndefined(stacks)?.isDirectory()) {
      mkdirSync(join(target, "stacks"), { recursive: true });
      for (const stack of readdirSync(stacks)) {
        const from = join(stacks, stack);
        const to = join(target, "stacks", stack);
        if (!lstatOrUndefined(to)) {
          move(from, to);
          continue;
        }
        for (const entry of readdirSync(from).filter((e) => !lstatOrUndefined(join(to, e)))) move(join(from, entry), join(to, entry));
      }
    }
  } catch (error) {
    failures.push(`could not read ${stacks}: ${reasonOf(error)}`);
  }
  if (failures.length > 0) return [...failures, `kept ${previous}: the next synth moves what is left and removes it`];
  try {
    rmSync(previous, { recursive: true, force: true });
    return [];
  } catch (error) {
    return [`could not remove ${previous} (${reasonOf(error)}); the new output is in place, and the next synth removes it`];
  }
}
