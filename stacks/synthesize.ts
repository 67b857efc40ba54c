/**
 * Synthesis that writes all or nothing, into an output folder the cdktf CLI keeps working with.
 *
 * The app is synthesized into a staging folder beside the output folder, checked (guardrails, the caller's check),
 * and only then swapped in by two renames; any failure before that leaves the output folder exactly as it was.
 * Around the swap:
 * - the output folder holds nothing but synthesized output: it is replaced whole, so a folder with anything else in
 *   it (CDKTF_OUTDIR=$HOME) is refused, not emptied;
 * - one synth at a time writes it: a lock file beside it;
 * - what Terraform keeps in a stack's folder (.terraform/, .terraform.lock.hcl, a saved plan) moves into the new
 *   output, as it stays when the cdktf CLI synthesizes in place; so do the folders of stacks this run did not
 *   synthesize, because the cdktf CLI deletes those itself after the app exits and fails if they are already gone;
 * - a run that dies half-way leaves named leftovers, which the next run restores or removes.
 *
 * Beside the output folder `cdktf.out`:
 *   cdktf.out.lock      held while a synth writes cdktf.out ({ pid, host, startedAt })
 *   cdktf.out.staging   the output being synthesized
 *   cdktf.out.previous  the output being replaced: from the first rename until its Terraform files have moved over
 * (Earlier versions named the last two `.staging-<pid>` and `.previous-<pid>`; the next run clears those too.)
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, type Stats } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
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

/** The output folder and the names beside it. */
interface OutputFolder {
  /** As given, without trailing separators. */
  readonly path: string;
  /** How messages name it: the path, with the variable it came from. */
  readonly label: string;
  readonly lock: string;
  readonly staging: string;
  readonly previous: string;
}

/** Checks the output folder's name and kind; its contents are checked once the lock is held. */
function outputFolder(given: string | undefined, fromEnvironment: string | undefined): OutputFolder {
  const raw = given ?? fromEnvironment ?? "cdktf.out";
  const variable = given === undefined && fromEnvironment !== undefined ? "CDKTF_OUTDIR" : undefined;
  if (raw.trim() === "") throw new UserError(`${variable ?? "outdir"}: is empty; name a folder such as cdktf.out${variable ? ", or unset it" : ""}`);
  const label = variable ? `${variable}=${raw}` : raw;
  const refuse = (problem: string) => new UserError(`${label}: ${problem}`);
  const path = raw.length > 1 ? raw.replace(/[\\/]+$/, "") || raw : raw;
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
function checkOwnOutput(folder: OutputFolder): void {
  if (!lstatOrUndefined(folder.path)) return;
  const problem = foreignContent(folder.path);
  if (problem) {
    throw new UserError(`${folder.label}: ${problem}; synth replaces this folder whole, so name a new folder or one only synth has written`);
  }
}

/**
 * Why `dir` is not a synthesized output folder, or undefined if it is one: only `manifest.json` and `stacks/`, with
 * only stack folders in `stacks/` (whatever they hold: Terraform writes there). Symbolic links are not followed.
 */
function foreignContent(dir: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "manifest.json" && entry.isFile()) continue;
    if (entry.name === "stacks" && entry.isDirectory()) {
      const other = readdirSync(join(dir, "stacks"), { withFileTypes: true }).find((stack) => !stack.isDirectory());
      if (other) return `holds stacks/${other.name}, which is not a stack folder`;
      continue;
    }
    return `holds "${entry.name}", which synth does not write`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// The lock: one synth writes an output folder at a time.

/** What a lock file says about its holder. */
interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

/** Locks this process holds (a synth started from inside another one's check must not take the same lock). */
const heldLocks = new Set<string>();

function withLock<T>(folder: OutputFolder, run: () => T): T {
  const lock = resolve(folder.lock);
  acquireLock(folder);
  heldLocks.add(lock);
  try {
    return run();
  } finally {
    heldLocks.delete(lock);
    rmSync(folder.lock, { force: true });
  }
}

/** Creates the lock file, or throws naming the synth that holds it; a lock left by a process that is gone is taken over. */
function acquireLock(folder: OutputFolder): void {
  const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      // "wx": create or fail, atomically; two synths cannot both succeed.
      writeFileSync(folder.lock, `${JSON.stringify(holder)}\n`, { flag: "wx" });
      return;
    } catch (error) {
      if (errorCode(error) !== "EEXIST") throw new UserError(`${folder.label}: cannot create the lock file ${folder.lock}: ${reasonOf(error)}`);
    }
    const current = readLock(folder.lock);
    if (attempt > 0 || !isStale(current, folder.lock)) {
      const who = current ? `pid ${current.pid} on ${current.host}, since ${current.startedAt}` : "its lock file cannot be read";
      throw new UserError(
        `${folder.label}: another synth is writing it (${who}); wait for it to finish, or delete ${folder.lock} if that process is gone`,
      );
    }
    rmSync(folder.lock, { force: true });
  }
}

function readLock(file: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<LockHolder>;
    if (typeof parsed.pid === "number" && typeof parsed.host === "string" && typeof parsed.startedAt === "string") return parsed as LockHolder;
  } catch {
    // Unreadable or half-written: treated as held, and the message says how to clear it.
  }
  return undefined;
}

/**
 * A lock is stale when its process is gone: on this host, a pid that no longer runs, or our own pid when this process
 * does not hold it (containers reuse pids, so a crashed run's lock often names the pid of the next one).
 */
function isStale(holder: LockHolder | undefined, file: string): boolean {
  if (!holder || holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return !heldLocks.has(resolve(file));
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return errorCode(error) === "ESRCH";
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Leftovers of interrupted runs.

/**
 * Restores or removes what an interrupted run left beside the output folder; returns a line for each repair.
 * - `.previous` without the output folder: the run died between the two renames; the previous output is put back.
 * - `.previous` beside the output folder: it died after the swap; its Terraform files move over and it is removed.
 * - `.staging`: it died while synthesizing; removed.
 */
function recoverLeftovers(folder: OutputFolder): string[] {
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

// ---------------------------------------------------------------------------------------------------------------
// Synthesis and the swap.

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
    throw asWriteError(error, folder);
  }
}

/**
 * Replaces the output folder with the staging folder: the old one is renamed aside first, so that a failure of the
 * second rename can be undone (and a crash between them is undone by the next run). Returns warnings.
 */
function swapIn(folder: OutputFolder): string[] {
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
    throw asWriteError(error, folder);
  }
  return hadOutput ? carryOver(folder.previous, folder.path) : [];
}

/**
 * Moves from the replaced output `previous` into `target` what synth did not write again: each stack folder's other
 * files (Terraform's .terraform/ and .terraform.lock.hcl, a saved plan), and whole folders of stacks not synthesized
 * this time (the cdktf CLI removes those after the app exits). Removes `previous` when nothing is left to move.
 * A failure here comes after the new output is in place, so it is a warning, and the next run finishes the job.
 */
function carryOver(previous: string, target: string): string[] {
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

// ---------------------------------------------------------------------------------------------------------------
// Helpers.

/** A file-system failure while writing (a full disk, no permission) as one line naming the output folder. */
function asWriteError(error: unknown, folder: OutputFolder): unknown {
  if (error instanceof UserError || typeof (error as NodeJS.ErrnoException | undefined)?.syscall !== "string") return error;
  return new UserError(`${folder.label}: cannot write the synthesized output: ${reasonOf(error)}; the previous output is unchanged`);
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if (errorCode(error) === "ENOENT" || errorCode(error) === "ENOTDIR") return undefined;
    throw error;
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

/** "no space left on device (ENOSPC)" from Node's "ENOSPC: no space left on device, write". */
function reasonOf(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const text = code ? message.replace(new RegExp(`^${code}: `), "").replace(/, \w+( '.*')?( -> '.*')?$/, "") : message;
  return code ? `${text} (${code})` : text;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
