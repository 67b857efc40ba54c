/**
 * Synthesis that writes all or nothing: the app is synthesized into a staging folder next to the output folder,
 * checked, and only then swapped in. A failure (an error in a construct, a policy finding) leaves an existing
 * cdktf.out exactly as it was.
 */
import { existsSync, renameSync, rmSync } from "node:fs";
import { App } from "cdktf";
import type { EnvironmentConfig } from "../environments";
import { buildLakehouse, type EnvironmentStacks } from "./lakehouse";

/** Options of a synthesis run. */
export interface SynthesizeOptions {
  /** The output folder. @default "cdktf.out" (or CDKTF_OUTDIR when the cdktf CLI runs the app) */
  readonly outdir?: string;
  /**
   * Called after the app is synthesized into the staging folder and before it is swapped in; throw to discard it.
   * @default - no check
   */
  readonly check?: (app: App, stacks: readonly EnvironmentStacks[]) => void;
}

/** The result of a successful run. */
export interface SynthesizeResult {
  readonly outdir: string;
  readonly app: App;
  readonly stacks: readonly EnvironmentStacks[];
}

/** Builds and synthesizes the lakehouse for `configs`; writes `outdir` only if every step succeeds. */
export function synthesizeLakehouse(configs: readonly EnvironmentConfig[], options: SynthesizeOptions = {}): SynthesizeResult {
  const outdir = options.outdir ?? process.env.CDKTF_OUTDIR ?? "cdktf.out";
  const staging = `${outdir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    // Stack traces in construct metadata cost time and memory on every construct, and nobody reads them here.
    const app = new App({ outdir: staging, stackTraces: false });
    const stacks = buildLakehouse(app, configs);
    app.synth();
    options.check?.(app, stacks);
    swapInto(staging, outdir);
    return { outdir, app, stacks };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Replaces `target` with `staging`; the old folder is moved aside first so that a failure can be undone. */
function swapInto(staging: string, target: string): void {
  const previous = `${target}.previous-${process.pid}`;
  const hadPrevious = existsSync(target);
  if (hadPrevious) renameSync(target, previous);
  try {
    renameSync(staging, target);
  } catch (error) {
    if (hadPrevious) renameSync(previous, target);
    throw error;
  }
  if (hadPrevious) rmSync(previous, { recursive: true, force: true });
}
