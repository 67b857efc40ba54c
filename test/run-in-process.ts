/**
 * Runs a command-line tool of this repository inside the test's process, as runTs (test/run-ts.ts) runs it in a child
 * process, and returns the same { status, stdout, stderr }. A child pays a second or more loading cdktf and the
 * providers before it does anything; in-process, a suite loads them once. For the tools' behaviour: messages, exit
 * codes, files written, the commands they run. What only a real process shows (the exit code Node ends with, a pipe
 * closed under it, a syntax error at load, a lock held by another process) stays with runTs.
 *
 * The entry exports `run(argv)` and runs it itself only as the process's main module (main.ts, scripts/*.ts). For the
 * call, as for runTs's child:
 * - process.env holds only PATH, HOME and `env` (the tool sees nothing of the test's environment);
 * - the working folder is `cwd`, and process.argv is [node, entry, ...args];
 * - process.stdout and process.stderr writes are captured, console's too (a child process the tool starts with
 *   stdio "inherit", like cdktf in scripts/environment-ops.ts, writes to the test process's own output instead);
 * - the exit code is process.exitCode when the tool returns (0 when unset).
 * Afterwards all of that is put back, with Error.prepareStackTrace (runCli removes stack frames) and the listeners
 * runCli adds to process.stdout and process.stderr: tests of a suite share one process, in sequence.
 */
import { Console } from "node:console";
import { join } from "node:path";
import { REPO_ROOT, type RunResult } from "./run-ts";

/** What an in-process entry exports. */
interface Entry {
  run(argv: readonly string[]): Promise<void>;
}

let running = false;

export async function runInProcess(entry: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = {}, cwd = REPO_ROOT): Promise<RunResult> {
  // One process-wide state (env, cwd, exit code, output) per call: calls must not overlap.
  if (running) throw new Error("runInProcess: a call is already running (await it before the next)");
  running = true;
  const file = join(REPO_ROOT, entry);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const restore: (() => void)[] = [];
  try {
    for (const replace of [
      () => replaceEnvironment({ PATH: process.env.PATH, HOME: process.env.HOME, ...env }),
      () => replaceArgv([process.argv[0], file, ...args]),
      () => changeFolder(cwd),
      replaceExitCode,
      keepStackFormatter,
      () => keepListeners(process.stdout),
      () => keepListeners(process.stderr),
      () => capture(process.stdout, stdout),
      () => capture(process.stderr, stderr),
      replaceConsole,
    ]) {
      restore.push(replace());
    }
    // Loaded inside the call, so that a module reading the environment as it loads sees the tool's.
    const { run } = (await import(file)) as Entry;
    if (typeof run !== "function") throw new Error(`${entry}: exports no run(argv) to run it in-process`);
    await run(args);
    const code = process.exitCode;
    return { status: code === undefined ? 0 : Number(code), stdout: stdout.join(""), stderr: stderr.join("") };
  } finally {
    for (const undo of restore.reverse()) undo();
    running = false;
  }
}

/** Replaces process.env's variables with `env`'s (undefined ones left out, as spawn does); returns the undo. */
function replaceEnvironment(env: NodeJS.ProcessEnv): () => void {
  const saved = { ...process.env };
  const set = (values: NodeJS.ProcessEnv) => {
    for (const name of Object.keys(process.env)) Reflect.deleteProperty(process.env, name);
    for (const [name, value] of Object.entries(values)) if (value !== undefined) process.env[name] = value;
  };
  set(env);
  return () => set(saved);
}

function replaceArgv(argv: string[]): () => void {
  const saved = process.argv;
  process.argv = argv;
  return () => {
    process.argv = saved;
  };
}

function changeFolder(cwd: string): () => void {
  const saved = process.cwd();
  process.chdir(cwd);
  return () => process.chdir(saved);
}

/** Clears process.exitCode for the tool; the undo puts the test process's own back (else its exit code would be the tool's). */
function replaceExitCode(): () => void {
  const saved = process.exitCode;
  process.exitCode = undefined;
  return () => {
    process.exitCode = saved;
  };
}

function keepStackFormatter(): () => void {
  const saved = Error.prepareStackTrace;
  return () => {
    Error.prepareStackTrace = saved;
  };
}

/** The undo removes every listener added to `stream` meanwhile (runCli's 'error' guards). */
function keepListeners(stream: NodeJS.WriteStream): () => void {
  const saved = new Map(stream.eventNames().map((event) => [event, stream.listeners(event)]));
  return () => {
    for (const event of stream.eventNames()) {
      const before = saved.get(event) ?? [];
      for (const listener of stream.listeners(event)) {
        if (!before.includes(listener)) stream.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
  };
}

/** A console writing to process.stdout and process.stderr, as a process's does (jest's buffers what tests log). */
function replaceConsole(): () => void {
  const saved = globalThis.console;
  globalThis.console = new Console({ stdout: process.stdout, stderr: process.stderr });
  return () => {
    globalThis.console = saved;
  };
}

/** Sends `stream`'s writes to `sink` instead; the undo restores its write. */
function capture(stream: NodeJS.WriteStream, sink: string[]): () => void {
  const own = Object.getOwnPropertyDescriptor(stream, "write");
  const write = (
    chunk: string | Uint8Array,
    encoding?: BufferEncoding | ((error?: Error | null) => void),
    callback?: (error?: Error | null) => void,
  ) => {
    sink.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(typeof encoding === "string" ? encoding : "utf8"));
    const done = typeof encoding === "function" ? encoding : callback;
    if (done) process.nextTick(done);
    return true;
  };
  stream.write = write as NodeJS.WriteStream["write"];
  return () => {
    if (own) Object.defineProperty(stream, "write", own);
    else delete (stream as Partial<NodeJS.WriteStream>).write;
  };
}
