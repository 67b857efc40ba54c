/**
 * The machinery of test/docs/commands.test.ts: what package.json's scripts run, their `--help` (spawned once per
 * script, cached), the cdktf CLI's commands and flags, and a small pool that spawns commands in parallel.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../run-ts";

export const SCRIPTS: Readonly<Record<string, string>> = (
  JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;

/** A script that runs one of this repository's tools: `node --require ./scripts/register.cjs <entry> [fixed args]`. */
export interface ToolScript {
  readonly entry: string;
  readonly fixedArgs: readonly string[];
}

/** The tool a script runs, or undefined when the script wraps other programs (prettier, tsc, a chain of them). */
export function toolOf(script: string): ToolScript | undefined {
  const match = /^node --require \.\/scripts\/register\.cjs (\S+\.ts)((?: [\w-]+)*)$/.exec(SCRIPTS[script] ?? "");
  return match ? { entry: match[1], fixedArgs: match[2].split(" ").filter((a) => a !== "") } : undefined;
}

export interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time. */
  readonly seconds: number;
}

/** A spawned program's exit code and output; the environment is only what `env` gives (with PATH and HOME). */
export function spawnAsync(program: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<Result> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(program, args, { cwd: REPO_ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: timeoutMs });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (error) => resolve({ status: null, stdout, stderr: `${stderr}${error.message}`, seconds: (Date.now() - started) / 1000 }));
    child.on("close", (status) => resolve({ status, stdout, stderr, seconds: (Date.now() - started) / 1000 }));
  });
}

/** Runs `tasks` with at most `size` at once; results in the order of the tasks. */
export async function inPool<T>(size: number, tasks: readonly (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, tasks.length) }, worker));
  return results;
}

/** Runs a repository tool the way `npm run <script> -- <args>` does. */
export function runTool(tool: ToolScript, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return spawnAsync(
    process.execPath,
    ["--require", join(REPO_ROOT, "scripts/register.cjs"), join(REPO_ROOT, tool.entry), ...tool.fixedArgs, ...args],
    env,
  );
}

export const CDKTF = join(REPO_ROOT, "node_modules/.bin/cdktf");

/** Runs the project's cdktf CLI (what `npx cdktf` finds), with its usage report to HashiCorp turned off. */
export function runCdktf(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return spawnAsync(CDKTF, args, { CHECKPOINT_DISABLE: "1", ...env });
}

/**
 * The flags a help text names: `--foo`, `-x` (a word starting with one or two dashes, not inside a word: `non-zero`
 * is not a flag).
 */
export function flagsNamedIn(help: string): Set<string> {
  return new Set([...help.matchAll(/(?<![\w-])(--?[A-Za-z][\w-]*)/g)].map((m) => m[1]));
}

/** The flags among a command's arguments: `--foo`, `--foo=bar` (as `--foo`), `-x`; placeholders and values are not. */
export function flagsAmong(args: readonly string[]): string[] {
  return args.filter((a) => /^--?[A-Za-z]/.test(a)).map((a) => a.replace(/=.*$/, ""));
}

/**
 * Whether a tool's usage line requires arguments after the script's name: `usage: npm run check [-- --json]` does not
 * (everything after the name is optional), `usage: npm run -s impact -- --base <git-ref> ...` does.
 */
export function usageRequiresArguments(help: string, script: string): boolean {
  const usage = help.split("\n").find((line) => line.startsWith("usage:")) ?? "";
  const at = new RegExp(`npm run (?:-s )?${script.replace(/[-/\\^$*+?.()|[\]{}]/g, "\\$&")}\\b(.*)$`).exec(usage);
  if (!at) return false;
  let rest = at[1];
  for (let previous = ""; previous !== rest;) {
    previous = rest;
    rest = rest.replace(/\[[^[\]]*\]/g, "");
  }
  return rest.trim() !== "";
}

/** The commands of the cdktf CLI (`cdktf --help`), aliases included. */
export function cdktfCommandsIn(help: string): Set<string> {
  const names = new Set<string>();
  for (const line of help.split("\n")) {
    const command = /^\s+cdktf ([a-z][\w-]*)/.exec(line);
    if (!command) continue;
    names.add(command[1]);
    for (const alias of /\[aliases: ([^\]]+)\]/.exec(line)?.[1].split(",") ?? []) names.add(alias.trim());
  }
  return names;
}
