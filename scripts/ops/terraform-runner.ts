/**
 * Runs terraform for the drift report, in each stack's synthesized folder: `init -input=false` for every stack in
 * layer order, then, with a bounded pool (stacks are independent once initialised), `plan -input=false -lock=false
 * -detailed-exitcode -out=<file>` and `show -json <file>`. A stack whose init, plan or show fails becomes an error
 * for that stack; the others still run.
 */
import { spawn } from "node:child_process";
import { errorStack, parsePlanText, PlanError, type StackReport } from "./plan-report";

/** The plan file written in each stack's folder (synth keeps it across runs, as it keeps a saved plan). */
export const PLAN_FILE = "drift.tfplan";

export interface StackFolder {
  /** The stack's name (`dev-workspace`). */
  readonly name: string;
  /** Its synthesized folder (`cdktf.out/stacks/dev-workspace`). */
  readonly dir: string;
}

export interface RunOptions {
  /** The terraform binary: a path, or a name looked up in PATH. @default "terraform" */
  readonly terraform?: string;
  /** How many stacks are planned at once. @default 2 */
  readonly concurrency?: number;
  /** Called as each step starts, for progress lines. */
  readonly onStep?: (stack: string, step: "init" | "plan" | "show") => void;
}

interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly spawnError?: string;
}

/** Runs `items` through `task`, at most `limit` at a time; results in the order of `items`. */
export async function runPool<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** Inits every stack in order, plans the initialised ones with a bounded pool; one report per stack, in order. */
export async function planStacks(stacks: readonly StackFolder[], options: RunOptions = {}): Promise<StackReport[]> {
  const terraform = options.terraform ?? "terraform";
  const initErrors = new Map<string, string>();
  for (const stack of stacks) {
    options.onStep?.(stack.name, "init");
    const init = await run(terraform, ["init", "-input=false"], stack.dir);
    const problem = failure("init", init, [0]);
    if (problem) initErrors.set(stack.name, problem);
  }
  return runPool(stacks, options.concurrency ?? 2, async (stack) => {
    const initError = initErrors.get(stack.name);
    if (initError) return errorStack(stack.name, initError);
    options.onStep?.(stack.name, "plan");
    const plan = await run(terraform, ["plan", "-input=false", "-lock=false", "-detailed-exitcode", `-out=${PLAN_FILE}`], stack.dir);
    // -detailed-exitcode: 0 no changes, 2 changes, 1 error.
    const planProblem = failure("plan", plan, [0, 2]);
    if (planProblem) return errorStack(stack.name, planProblem);
    options.onStep?.(stack.name, "show");
    const show = await run(terraform, ["show", "-json", PLAN_FILE], stack.dir);
    const showProblem = failure("show -json", show, [0]);
    if (showProblem) return errorStack(stack.name, showProblem);
    try {
      return { ...parsePlanText(stack.name, show.stdout), name: stack.name };
    } catch (error) {
      if (error instanceof PlanError) return errorStack(stack.name, `terraform show -json: ${error.problem}`);
      throw error;
    }
  });
}

/** One line saying why a command failed, or undefined when it exited with one of `ok`. */
function failure(step: string, result: CommandResult, ok: readonly number[]): string | undefined {
  if (result.spawnError) return `cannot run terraform ${step}: ${result.spawnError}`;
  if (result.code !== null && ok.includes(result.code)) return undefined;
  const how = result.code === null ? "was killed" : `exited ${result.code}`;
  return `terraform ${step} ${how}${lastLine(result.stderr) ? `: ${lastLine(result.stderr)}` : ""}`;
}

/** The last meaningful line of terraform's error output (its "Error: ..." summary when there is one). */
function lastLine(stderr: string): string {
  const lines = stderr
    .replace(/\u001b\[[0-9;]*m/g, "")
    .split("\n")
    .map((l) => l.replace(/^[\s│╷╵]+/, "").trim());
  const error = lines.find((l) => l.startsWith("Error: "));
  return (error ?? lines.filter((l) => l !== "").pop() ?? "").slice(0, 300);
}

function run(command: string, args: readonly string[], cwd: string): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, TF_IN_AUTOMATION: "1", TF_INPUT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (error: NodeJS.ErrnoException) => {
      resolve({ code: null, stdout: "", stderr: "", spawnError: error.code === "ENOENT" ? `${command} not found` : error.message });
    });
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8") }));
  });
}
