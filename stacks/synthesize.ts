/**
 * Synthesis that writes all or nothing, into an output folder the cdktf CLI keeps working with.
 *
 * The app is synthesized into a staging folder beside the output folder, checked (guardrails, the caller's check),
 * and only then swapped in by two renames; any failure before that leaves the output folder exactly as it was.
 * This file is the order of those steps; the output folder's mechanics are in output-folder/:
 * - output-folder.ts: the folder and the names beside it; it is replaced whole, so one with anything but synthesized
 *   output in it (CDKTF_OUTDIR=$HOME) is refused, not emptied;
 * - lock.ts: one synth at a time writes it;
 * - recovery.ts: a run that dies half-way leaves named leftovers, which the next run restores or removes;
 * - swap.ts: the two renames, and what Terraform keeps in a stack's folder carried into the new output;
 * - fs-errors.ts: file-system failures as one-line messages.
 */
import { rmSync } from "node:fs";
import { App } from "cdktf";
import type { EnvironmentConfig } from "../environments";
import { UserError } from "../modules/core/errors";
import { formatFindingLine, PolicyReport } from "../modules/policy";
import { buildLakehouse, type EnvironmentStacks } from "./lakehouse";
import { asWriteError } from "./output-folder/fs-errors";
import { withLock } from "./output-folder/lock";
import { checkOwnOutput, outputFolder, type OutputFolder } from "./output-folder/output-folder";
import { recoverLeftovers } from "./output-folder/recovery";
import { swapIn } from "./output-folder/swap";

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
  /**
   * What went wrong around a successful run without spoiling it, one line each: leftovers of an interrupted run
   * restored, an old folder that could not be removed (the next run retries).
   */
  readonly warnings: readonly string[];
}

/**
 * Builds and synthesizes the lakehouse for `configs`; writes `outdir` only if every step succeeds and the
 * guardrails find nothing (else throws PolicyViolationError listing every finding of every stack).
 */
export function synthesizeLakehouse(configs: readonly EnvironmentConfig[], options: SynthesizeOptions = {}): SynthesizeResult {
  const folder = outputFolder(options.outdir, process.env.CDKTF_OUTDIR);
  return withLock(folder, () => {
    checkOwnOutput(folder);
    const warnings = recoverLeftovers(folder);
    const synthesized = synthesizeInto(folder, configs, options);
    warnings.push(...swapIn(folder));
    return { outdir: folder.path, ...synthesized, warnings };
  });
}

/** Synthesizes into the staging folder and runs the checks; on any failure the staging folder is removed. */
function synthesizeInto(
  folder: OutputFolder,
  configs: readonly EnvironmentConfig[],
  options: SynthesizeOptions,
): Pick<SynthesizeResult, "app" | "stacks" | "report"> {
  // cdktf would stop at the first stack with an error annotation; the guardrails report every stack at once.
  // cdktf reads this when a stack is created. (The cdktf CLI sets it too.)
  process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS ??= "true";
  try {
    // Stack traces in construct metadata cost time and memory on every construct, and nobody reads them here.
    const app = new App({ outdir: folder.staging, stackTraces: false });
    const stacks = (options.build ?? buildLakehouse)(app, configs);
    app.synth();
    const report = PolicyReport.of(app);
    if (report.findings().length > 0) throw new PolicyViolationError(report);
    options.check?.(app, stacks);
    return { app, stacks, report };
  } catch (error) {
    rmSync(folder.staging, { recursive: true, force: true });
    throw asWriteError(asValidationError(error), folder.label);
  }
}

/** How cdktf's failed construct validations begin (cdktf lib/errors.js, stackValidationFailure). */
const CDKTF_VALIDATION_FAILURE = "Validation failed with the following errors:";

/**
 * cdktf's construct validations (a resource without its provider, ...) as a UserError: one line per problem,
 * `<construct path>: <problem>`, instead of a first line that names none of them and advice to skip validation.
 */
function asValidationError(error: unknown): unknown {
  if (!(error instanceof Error) || !error.message.startsWith(CDKTF_VALIDATION_FAILURE)) return error;
  const problems = error.message
    .split("\n")
    .map((line) => /^\s*\[([^\]]+)\]\s*(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, path, problem]) => `${path}: ${problem}`);
  return new UserError(problems.length > 0 ? problems.join("\n") : error.message.split("\n")[0]);
}
