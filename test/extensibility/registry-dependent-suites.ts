/**
 * Which test suites can see a change to the registered environments, so the fourth-environment run repeats exactly
 * those: a suite sees the registry if it loads it, directly or through any module (jest's own dependency graph, the
 * one `--findRelatedTests` uses), or if it starts this repository's code in a child process (a child reads the
 * registry at run time, where no import graph can follow it). The rest cannot change with the environments and are
 * not run twice.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** The repository's TypeScript folders, from tsconfig.json's `include` (`stacks/**\/*.ts` gives `stacks`). */
export function sourceFolders(root: string): string[] {
  const { include } = JSON.parse(readFileSync(join(root, "tsconfig.json"), "utf8")) as { include: string[] };
  return [...new Set(include.filter((pattern) => pattern.includes("/")).map((pattern) => pattern.split("/")[0]))].sort();
}

/** Runs jest of the repository at `root` with `args`; its stdout, or an error with its stderr. */
function jest(root: string, args: readonly string[]): string {
  const result = spawnSync(process.execPath, [join(root, "node_modules", ".bin", "jest"), ...args], { cwd: root, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`jest ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

/** The suites (paths relative to `root`) whose modules import any of `files`, by jest's dependency graph. */
export function suitesImporting(root: string, files: readonly string[]): string[] {
  const roots = sourceFolders(root).map((folder) => `--roots=<rootDir>/${folder}`);
  return pathsIn(root, jest(root, ["--listTests", ...roots, "--findRelatedTests", ...files]));
}

/** Every suite of the repository at `root`. */
export function allSuites(root: string): string[] {
  return pathsIn(root, jest(root, ["--listTests"]));
}

function pathsIn(root: string, listing: string): string[] {
  return listing
    .split("\n")
    .filter((line) => line.endsWith(".test.ts"))
    .map((line) => relative(root, line))
    .sort();
}

/**
 * How a suite starts this repository's code in a child process: through scripts/register.cjs (`runTs` and direct
 * spawns of the app or a tool), the cdktf CLI (`npx cdktf`, which runs cdktf.json's app) or an npm script.
 */
const STARTS_REPOSITORY_CODE = /\brunTs\(|register\.cjs|"npx",\s*\["cdktf"|"npm",\s*\["run"/;

/** True when the suite starts this repository's app or tools in a child process (STARTS_REPOSITORY_CODE). */
export function startsRepositoryCode(root: string, suite: string): boolean {
  return STARTS_REPOSITORY_CODE.test(readFileSync(join(root, suite), "utf8"));
}

/** The suites that can see the registry change of `changedFiles`, without `exclude` (the suite that asks). */
export function registryDependentSuites(root: string, changedFiles: readonly string[], exclude: string): string[] {
  const importing = new Set(suitesImporting(root, changedFiles));
  return allSuites(root).filter((suite) => suite !== exclude && (importing.has(suite) || startsRepositoryCode(root, suite)));
}
