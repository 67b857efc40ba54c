/**
 * Shared command-line plumbing. Expected failures (a bad config, invalid props, policy findings, bad arguments) are
 * UserErrors: their message is printed whole, one line per problem, and the tool exits with the error's code (1, or
 * 2 for usage). A syntax error in a TypeScript file (environments/*.ts) is one line with its file, line and column; a
 * file-system failure (a full disk) is one line. Anything else is a bug: one line, no stack trace unless
 * LAKEHOUSE_DEBUG=1, exit 1. Output to a closed pipe (`| head`) ends quietly.
 */
import { lstatSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import { isUserError, UserError } from "../modules/core/errors";

/**
 * Stack traces without their frames, unless LAKEHOUSE_DEBUG=1 asks for them. cdktf captures a whole stack for every
 * token it creates (its creation stacks, read only in some of its own error messages), and formatting those stacks
 * was the largest cost of a synth after the work itself: a quarter of its CPU time and 160 MB when ts-node's
 * source-map-support mapped every frame, still a tenth with V8's own formatter (docs/performance.md). Nothing printed
 * without LAKEHOUSE_DEBUG uses frames: errors are one line each. With it, stack traces are whole and point at
 * TypeScript lines (scripts/register.cjs turns Node's source maps on).
 */
function withoutStackFrames(): void {
  if (process.env.LAKEHOUSE_DEBUG === "1") return;
  // An Error keeps its header line (`Error: message`); cdktf's capture, a plain object, gets no stack at all.
  Error.prepareStackTrace = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : "");
}

/** A usage error: the problem, then the usage line; exit code 2. */
export function usageError(usage: string, problem: string): UserError {
  return new UserError(`${problem}\n${usage}`, 2);
}

/** True when the arguments ask for help: `--help` or `-h` anywhere (before a `--` that ends the options). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

/**
 * Runs a command: prints `help` (usage first) on stdout and exits 0 when the arguments ask for it, else runs `main`.
 * On failure prints the message to stderr and sets the exit code.
 */
export async function runCommand(help: string, argv: readonly string[], main: (argv: readonly string[]) => void | Promise<void>): Promise<void> {
  await runCli(() => {
    if (wantsHelp(argv)) {
      process.stdout.write(`${help.trimEnd()}\n`);
      return;
    }
    return main(argv);
  });
}

/** Runs `main`; on failure prints the message to stderr and sets the exit code. */
export async function runCli(main: () => void | Promise<void>): Promise<void> {
  guardOutput();
  withoutStackFrames();
  try {
    await main();
  } catch (error) {
    if (isUserError(error)) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    const line = syntaxErrorLine(error) ?? systemErrorLine(error);
    if (line) {
      process.stderr.write(`${line}\n`);
      process.exitCode = 1;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message.split("\n")[0]}\n`);
    if (process.env.LAKEHOUSE_DEBUG === "1" && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    else process.stderr.write("(set LAKEHOUSE_DEBUG=1 for the stack trace)\n");
    process.exitCode = 1;
  }
}

/**
 * The command of a generated document (`npm run <script> [-- --check]`): writes `file` from `render`, or with
 * `--check` writes nothing and exits 1 when the file differs from what would be generated.
 */
export async function runDocGenerator(script: string, file: string, render: () => string): Promise<void> {
  const name = relative(process.cwd(), file);
  const usage = `usage: npm run ${script} [-- --check]`;
  const help = `${usage}\n\nGenerates ${name}.\n  --check  write nothing; exit 1 if ${name} differs from what would be generated\nExit codes: 0 written or current, 1 stale (--check), 2 usage error.`;
  await runCommand(help, process.argv.slice(2), (argv) => {
    const unknown = argv.find((a) => a !== "--check");
    if (unknown !== undefined) throw usageError(usage, `unknown argument "${unknown}"`);
    const text = render();
    if (!argv.includes("--check")) {
      writeOutputFile(file, text);
      process.stdout.write(`wrote ${name}\n`);
    } else if (readFileSync(file, "utf8") !== text) {
      throw new UserError(`${name} is out of date; run: npm run ${script}`);
    }
  });
}

/**
 * Writes `text` to `file` whole or not at all (a temporary file renamed over it), for `--out`: a redirect through npm
 * would catch npm's banner, and a failed write must not leave half a file.
 */
export function writeOutputFile(file: string, text: string): void {
  // The file is replaced by a rename: a link or a device there would be replaced, not written through.
  const existing = lstatSync(file, { throwIfNoEntry: false });
  if (existing && !existing.isFile()) {
    throw new UserError(
      `${file}: is ${existing.isSymbolicLink() ? "a symbolic link" : existing.isDirectory() ? "a folder" : "not a regular file"}; give --out a regular file's path`,
      2,
    );
  }
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new UserError(`${file}: cannot write it: ${(error as Error).message}`);
  }
}

/**
 * A write to stdout that fails (the reader of a pipe went away, the disk is full) is reported by an 'error' event,
 * which unhandled prints a stack trace. A closed pipe is the reader's choice (`| head`): stop quietly with the exit
 * code the command set. Anything else loses output: say so in one line and exit 1.
 */
function guardOutput(): void {
  if (process.stdout.listenerCount("error") > 0) return;
  // Nowhere is left to report a failed write to stderr (`2>&1 | head`); the exit code still tells.
  process.stderr.on("error", () => undefined);
  let reported = false;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE" || reported) return;
    reported = true;
    process.stderr.write(`error: cannot write the output: ${error.message}\n`);
    process.exitCode = 1;
  });
}

/**
 * `<file>:<line>:<column>: syntax error: <what>` for a TypeScript file that does not parse, as ts-node reports it:
 * SWC (tsconfig "swc": true) puts the file and position in a frame `,-[file:line:col]` and marks the column with
 * carets; TypeScript's own transpiler in the diagnostic `file(line,col): error TS...: what`.
 */
export function syntaxErrorLine(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const diagnostic = /^(.+?)\((\d+),(\d+)\): error TS\d+: (.*)$/m.exec((error as Error & { diagnosticText?: string }).diagnosticText ?? "");
  if (diagnostic) return `${relative(process.cwd(), diagnostic[1])}:${diagnostic[2]}:${diagnostic[3]}: syntax error: ${diagnostic[4]}`;
  const frame = /,-\[(.+):(\d+):(\d+)\]/.exec(error.message);
  if (!frame || !/Syntax Error/.test(error.message)) return undefined;
  const what = /^\s*x\s+(.+)$/m.exec(error.message)?.[1] ?? "cannot be parsed";
  return `${relative(process.cwd(), frame[1])}:${frame[2]}:${caretColumn(error.message) ?? frame[3]}: syntax error: ${what}`;
}

/** The column SWC marks with `^` under the source line (` 4 |   project: {},` then `   :   ^^^^^^^`). */
function caretColumn(message: string): number | undefined {
  const marker = /^( *: )( *)\^/m.exec(message);
  return marker ? marker[2].length + 1 : undefined;
}

/** One line for a file-system failure (a full disk, no permission): the user's environment, not a bug. */
function systemErrorLine(error: unknown): string | undefined {
  const { code, syscall, message } = (error ?? {}) as NodeJS.ErrnoException;
  return typeof code === "string" && typeof syscall === "string" ? `error: ${message.split("\n")[0]}` : undefined;
}
