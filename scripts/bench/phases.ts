/**
 * The benchmark's phases, each a set of whole-process measurements of a command users run (or its baseline):
 * synth (ours against a new user's app, alternating), cli (`npx cdktf synth`), scale (N generated environments in
 * one process), stacks (resources and bytes per stack) and tests (`npm test`, with its slowest suites).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeBaselineApp } from "./baseline-app";
import { measure, type Command, type Measurement } from "./measure";
import { stackSizes, type StackSize } from "./stack-sizes";
import { leastSquares, summarize, type Summary } from "./stats";

export const PHASES = ["synth", "cli", "scale", "stacks", "tests"] as const;
export type Phase = (typeof PHASES)[number];

export interface BenchOptions {
  readonly root: string;
  readonly phases: readonly Phase[];
  /** Measured runs per command, after one warm-up run. */
  readonly runs: number;
  /** Environment counts of the scale phase. */
  readonly scale: readonly number[];
  /** Called with a line of progress for the person waiting. */
  readonly progress: (line: string) => void;
}

export interface SynthFigures {
  readonly oursMs: Summary;
  readonly oursPeakMb: Summary;
  readonly baselineMs: Summary;
  readonly baselinePeakMb: Summary;
  /** Ours divided by the baseline, run pair by run pair. */
  readonly ratio: Summary;
}

export interface CliFigures {
  readonly wallMs: Summary;
  readonly peakMb: Summary;
  /** The CLI's median minus `npm run synth`'s median (measured in this run). */
  readonly overheadMs: number;
}

export interface ScalePoint {
  readonly environments: number;
  readonly wallMs: Summary;
  readonly peakMb: Summary;
}

export interface ScaleFigures {
  readonly points: readonly ScalePoint[];
  /** The marginal cost of one more environment: the least-squares slope of the medians. */
  readonly perEnvironmentMs: number;
  readonly perEnvironmentMb: number;
}

export interface TestFigures {
  readonly wallMs: number;
  readonly peakMb: number;
  readonly tests: number;
  readonly suites: number;
  readonly slowestSuites: readonly { readonly suite: string; readonly seconds: number }[];
}

export interface BenchFigures {
  synth?: SynthFigures;
  cli?: CliFigures;
  scale?: ScaleFigures;
  stacks?: readonly StackSize[];
  tests?: TestFigures;
}

/** Runs the selected phases in a fixed order (synth first: cli and stacks reuse what it measured and wrote). */
export function runPhases(options: BenchOptions): BenchFigures {
  const work = mkdtempSync(join(tmpdir(), "lakehouse-bench-"));
  try {
    const figures: BenchFigures = {};
    const ours = oursCommand(options.root, join(work, "ours"));
    if (options.phases.includes("synth")) figures.synth = synthPhase(options, ours, baselineCommand(options.root, join(work, "baseline")));

    if (options.phases.includes("cli")) figures.cli = cliPhase(options, ours, join(work, "cli"), figures.synth);
    if (options.phases.includes("scale")) figures.scale = scalePhase(options, work);
    if (options.phases.includes("stacks")) {
      if (!figures.synth) measure(ours);
      figures.stacks = stackSizes(join(work, "ours"));
    }
    if (options.phases.includes("tests")) figures.tests = testPhase(options, work);
    return figures;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** `npm run synth` of every shipped environment, into its own folder. */
function oursCommand(root: string, outdir: string): Command {
  return { program: "npm", args: ["run", "-s", "synth"], cwd: root, env: { CDKTF_OUTDIR: outdir } };
}

/** The baseline app, written into `folder` and run there as its cdktf.json runs it: ts-node with type checking. */
function baselineCommand(root: string, folder: string): Command {
  mkdirSync(folder);
  writeBaselineApp(folder, root);
  return { program: "npx", args: ["ts-node", "main.ts"], cwd: folder, env: { CDKTF_OUTDIR: join(folder, "cdktf.out") } };
}

function repeat(options: BenchOptions, label: string, command: Command): Measurement[] {
  options.progress(`${label}: warm-up`);
  measure(command);
  return Array.from({ length: options.runs }, (_, i) => {
    options.progress(`${label}: run ${i + 1}/${options.runs}`);
    return measure(command);
  });
}

function synthPhase(options: BenchOptions, ours: Command, baseline: Command): SynthFigures {
  options.progress("synth: warm-up of ours and the baseline");
  measure(ours);
  measure(baseline);
  const pairs: { ours: Measurement; baseline: Measurement }[] = [];
  for (let i = 0; i < options.runs; i++) {
    options.progress(`synth: pair ${i + 1}/${options.runs} (npm run synth, then the baseline)`);
    pairs.push({ ours: measure(ours), baseline: measure(baseline) });
  }
  return {
    oursMs: summarize(pairs.map((p) => p.ours.wallMs)),
    oursPeakMb: summarize(pairs.map((p) => p.ours.peakRssMb)),
    baselineMs: summarize(pairs.map((p) => p.baseline.wallMs)),
    baselinePeakMb: summarize(pairs.map((p) => p.baseline.peakRssMb)),
    ratio: summarize(pairs.map((p) => p.ours.wallMs / p.baseline.wallMs)),
  };
}

function cliPhase(options: BenchOptions, ours: Command, outdir: string, synth: SynthFigures | undefined): CliFigures {
  const cli: Command = { program: "npx", args: ["cdktf", "synth", "--output", outdir], cwd: options.root };
  const runs = repeat(options, "cli: npx cdktf synth", cli);
  const npmMedian = synth?.oursMs.median ?? summarize(repeat(options, "cli: npm run synth, for the overhead", ours).map((m) => m.wallMs)).median;
  const wallMs = summarize(runs.map((m) => m.wallMs));
  return { wallMs, peakMb: summarize(runs.map((m) => m.peakRssMb)), overheadMs: wallMs.median - npmMedian };
}

function scalePhase(options: BenchOptions, work: string): ScaleFigures {
  const points = options.scale.map((environments): ScalePoint => {
    const command: Command = {
      program: process.execPath,
      args: ["--require", "./scripts/register.cjs", "scripts/bench/synth-generated.ts", String(environments), join(work, `scale-${environments}`)],
      cwd: options.root,
    };
    const runs = repeat(options, `scale: ${environments} environment${environments === 1 ? "" : "s"}`, command);
    return { environments, wallMs: summarize(runs.map((m) => m.wallMs)), peakMb: summarize(runs.map((m) => m.peakRssMb)) };
  });
  const slope = (value: (p: ScalePoint) => number) => leastSquares(points.map((p) => ({ x: p.environments, y: value(p) }))).slope;
  return { points, perEnvironmentMs: slope((p) => p.wallMs.median), perEnvironmentMb: slope((p) => p.peakMb.median) };
}

interface JestResults {
  readonly numTotalTests: number;
  readonly numFailedTests: number;
  readonly testResults: readonly { readonly name: string; readonly startTime: number; readonly endTime: number }[];
}

/** `npm test` once (it runs for minutes; a warm-up would double that): wall time and the five slowest suites. */
function testPhase(options: BenchOptions, work: string): TestFigures {
  const results = join(work, "jest.json");
  options.progress("tests: npm test (once)");
  const run = measure({ program: "npm", args: ["test", "--", "--json", `--outputFile=${results}`], cwd: options.root });
  const jest = JSON.parse(readFileSync(results, "utf8")) as JestResults;
  const slowestSuites = jest.testResults
    .map((r) => ({
      suite: r.name.startsWith(options.root) ? r.name.slice(options.root.length + 1) : r.name,
      seconds: (r.endTime - r.startTime) / 1000,
    }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 5);
  return { wallMs: run.wallMs, peakMb: run.peakRssMb, tests: jest.numTotalTests, suites: jest.testResults.length, slowestSuites };
}
