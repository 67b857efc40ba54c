/**
 * Synthesis that writes all or nothing: the app is synthesized into a staging folder next to the output folder,
 * checked, and only then swapped in. A failure (an error in a construct, a policy finding) leaves an existing
 * cdktf.out exactly as it was.
 */
import { existsSync, renameSync, rmSync } from "node:fs";
import { App } from "cdktf";
import type { EnvironmentConfig } from "../environments";
import { UserError } from "../modules/core/errors";
import { formatFindingLine, PolicyReport } from "../modules/policy";
import { buildLakehouse, type EnvironmentStacks } from "./lakehouse";

/** Thrown when the guardrails find violations; `message` has one line per finding. */
export class PolicyViolationError extends UserError {
  constructor(public readonly report: PolicyReport) {
    const findings = report.findings();
    super(
      [
        ...findings.map(formatFindingLine),
        `${findings.length} guardrail finding${findings.length === 1 ? "" : "s"}: nothing was written (see docs/policy.md)`,
      ].join("\n"),
    );
    this.name = "PolicyViolationError";
  }
}

/** Options of a synthesis run. */
export interface SynthesizeOptions {
  /** The output folder. @default "cdktf.out" (or CDKTF_OUTDIR when the cdktf CLI runs the app) */
  readonly outdir?: string;
  /**
   * Called after the app is synthesized into the staging folder and the guardrails found nothing, before it is
   * swapped in; throw to discard it.
   * @default - no further check
   */
  readonly check?: (app: App, stacks: readonly EnvironmentStacks[]) => void;
  /**
   * Builds the stacks (tests and tools add constructs through it).
   * @default buildLakehouse
   */
  readonly build?: (app: App, configs: readonly EnvironmentConfig[]) => EnvironmentStacks[];
}

/** The result of a successful run. */
export interface SynthesizeResult {
  readonly outdir: string;
  readonly app: App;
  readonly stacks: readonly EnvironmentStacks[];
  /** The guardrails' results: every rule on every resource, suppressions with their reasons. */
  readonly report: PolicyReport;
}

/**
 * Builds and synthesizes the lakehouse for `configs`; writes `outdir` only if every step succeeds and the
 * guardrails find nothing (else throws PolicyViolationError listing every finding of every stack).
 */
export function synthesizeLakehouse(configs: readonly EnvironmentConfig[], options: SynthesizeOptions = {}): SynthesizeResult {
  const outdir = options.outdir ?? process.env.CDKTF_OUTDIR ?? "cdktf.out";
  const staging = `${outdir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  // cdktf would stop at the first stack with an error annotation; the guardrails report every stack at once.
  // cdktf reads this when a stack is created. (The cdktf CLI sets it too.)
  process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS ??= "true";
  try {
    // Stack traces in construct metadata cost time and memory on every construct, and nobody reads them here.
    const app = new App({ outdir: staging, stackTraces: false });
    const stacks = (options.build ?? buildLakehouse)(app, configs);
    app.synth();
    const report = PolicyReport.of(app);
    if (report.findings().length > 0) throw new PolicyViolationError(report);
    options.check?.(app, stacks);
    swapInto(staging, outdir);
    return { outdir, app, stacks, report };
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
