/**
 * Whole-process measurements: wall time from spawn to exit, and peak memory as the operating system counted it
 * (ru_maxrss of each node process in the command's tree, collected by rss-probe.cjs; the largest is reported).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One run of a command. */
export interface Measurement {
  readonly wallMs: number;
  /** The largest peak resident set size of any node process the command ran, in MiB. */
  readonly peakRssMb: number;
}

/** A command to measure: what a user types, split into program and arguments. */
export interface Command {
  readonly program: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** Added to the environment. @default - none */
  readonly env?: Readonly<Record<string, string>>;
}

const PROBE = join(__dirname, "rss-probe.cjs");

/** The command as one line, for messages and the report. */
export function commandLine(command: Command): string {
  return [command.program, ...command.args].join(" ");
}

/** Runs `command` once; throws with its output's last lines when it fails, so no figure comes from a failed run. */
export function measure(command: Command): Measurement {
  const folder = mkdtempSync(join(tmpdir(), "lakehouse-bench-rss-"));
  const rssFile = join(folder, "rss");
  try {
    const nodeOptions = [process.env.NODE_OPTIONS, `--require ${JSON.stringify(PROBE)}`].filter(Boolean).join(" ");
    const started = process.hrtime.bigint();
    const run = spawnSync(command.program, command.args, {
      cwd: command.cwd,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", ...command.env, NODE_OPTIONS: nodeOptions, BENCH_RSS_FILE: rssFile },
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (run.error) throw new Error(`${commandLine(command)}: ${run.error.message}`);
    if (run.status !== 0) {
      const tail = `${run.stdout}\n${run.stderr}`.trim().split("\n").slice(-5).join("\n");
      throw new Error(`${commandLine(command)} exited ${run.status ?? run.signal}:\n${tail}`);
    }
    return { wallMs, peakRssMb: peakRssKib(rssFile) / 1024 };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function peakRssKib(file: string): number {
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return 0;
  }
  return Math.max(
    0,
    ...text
      .split("\n")
      .filter(Boolean)
      .map((line) => Number(line.split(" ")[1])),
  );
}
