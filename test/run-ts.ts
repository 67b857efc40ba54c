/**
 * Runs a TypeScript entry point of this repository in a child process, as `npm run` does (scripts/register.cjs: SWC, cached), and
 * returns its exit code and output. For tests of command-line behaviour: exit codes, messages, files written.
 * runInProcess (test/run-in-process.ts) runs a tool in the test's own process, without the second or more a child
 * spends loading cdktf; this is for what only a real process shows.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const REPO_ROOT = join(__dirname, "..");

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runTs(entry: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = {}, cwd = REPO_ROOT): RunResult {
  const result = spawnSync(process.execPath, ["--require", join(REPO_ROOT, "scripts/register.cjs"), join(REPO_ROOT, entry), ...args], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
