/** The benchmark's figures for people (a text table, the Markdown of docs/performance.md) and the targets they meet. */
import { cpus, totalmem } from "node:os";
import type { BenchFigures } from "./phases";
import type { Summary } from "./stats";

/** The machine a run came from: the figures mean little without it. */
export interface Machine {
  readonly cores: number;
  readonly memoryGb: number;
  readonly cpu: string;
  readonly node: string;
  readonly platform: string;
}

export function thisMachine(): Machine {
  return {
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** One target of issue 16, as measured: `value` against `limit` (lower is better for all of them). */
export interface TargetResult {
  readonly target: string;
  readonly value: number;
  readonly limit: number;
  readonly unit: string;
  readonly met: boolean;
}

/** Every target the measured phases can judge. */
export function targets(figures: BenchFigures): TargetResult[] {
  const results: TargetResult[] = [];
  const add = (target: string, value: number, limit: number, unit: string) => results.push({ target, value, limit, unit, met: value <= limit });
  if (figures.synth) {
    add("npm run synth / baseline (median of pairs)", figures.synth.ratio.median, 0.25, "x");
    add("npm run synth peak memory (max of runs)", figures.synth.oursPeakMb.max, 400, "MB");
  }
  if (figures.scale) {
    add("one more environment, time", figures.scale.perEnvironmentMs, 150, "ms");
    add("one more environment, memory", figures.scale.perEnvironmentMb, 25, "MB");
    const thirty = figures.scale.points.find((p) => p.environments === 30);
    if (thirty) add("30 environments in one process (median)", thirty.wallMs.median / 1000, 60, "s");
  }
  if (figures.tests) add("npm test", figures.tests.wallMs / 1000, 60, "s");
  return results;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (value: number) => `${Math.round(value)} MB`;
const range = (s: Summary, unit: (v: number) => string) => `${unit(s.median)} (${unit(s.min)} to ${unit(s.max)}, ${s.runs} runs)`;

/** The figures as Markdown: tables a person reads (also the body of docs/performance.md's latest run). */
export function markdown(figures: BenchFigures, machine: Machine, date: string): string {
  const lines: string[] = [
    `Run on ${date}: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB, Node.js ${machine.node}, ${machine.platform}.`,
    "",
  ];
  const table = (header: string[], rows: string[][]) => {
    lines.push(`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`), "");
  };
  if (figures.synth) {
    const s = figures.synth;
    lines.push("**Synth of every shipped environment**, alternating with the baseline (median, min to max):", "");
    table(
      ["command", "wall time", "peak memory"],
      [
        ["`npm run synth`", range(s.oursMs, seconds), range(s.oursPeakMb, mb)],
        ["baseline (a new user's app, `npx ts-node main.ts`)", range(s.baselineMs, seconds), range(s.baselinePeakMb, mb)],
        ["ratio ours / baseline, pair by pair", range(s.ratio, (v) => v.toFixed(2)), ""],
      ],
    );
  }
  if (figures.cli) {
    const c = figures.cli;
    table(
      ["command", "wall time", "peak memory", "over `npm run synth`"],
      [["`npx cdktf synth`", range(c.wallMs, seconds), range(c.peakMb, mb), seconds(c.overheadMs)]],
    );
  }
  if (figures.scale) {
    const sc = figures.scale;
    lines.push("**Scale**: N generated environments (copies of prod, every layer on) synthesized in one process:", "");
    table(
      ["environments", "wall time", "peak memory"],
      sc.points.map((p) => [String(p.environments), range(p.wallMs, seconds), range(p.peakMb, mb)]),
    );
    lines.push(
      `One more environment costs ${Math.round(sc.perEnvironmentMs)} ms and ${sc.perEnvironmentMb.toFixed(1)} MB (least-squares slope of the medians).`,
      "",
    );
  }
  if (figures.stacks) {
    lines.push("**Per stack** (what each layer gives Terraform to plan):", "");
    table(
      ["stack", "resources", "data sources", "JSON"],
      figures.stacks.map((s) => [s.stack, String(s.resources), String(s.dataSources), `${(s.bytes / 1024).toFixed(1)} KiB`]),
    );
  }
  if (figures.tests) {
    const t = figures.tests;
    lines.push(`**npm test**: ${seconds(t.wallMs)}, ${t.tests} tests in ${t.suites} suites, peak memory ${mb(t.peakMb)}. Slowest suites:`, "");
    table(
      ["suite", "time"],
      t.slowestSuites.map((s) => [s.suite, `${s.seconds.toFixed(1)} s`]),
    );
  }
  const judged = targets(figures);
  if (judged.length > 0) {
    lines.push("**Targets** (issue 16, on a 2-core machine):", "");
    table(
      ["target", "measured", "limit", ""],
      judged.map((t) => [t.target, `${t.value.toFixed(t.unit === "x" ? 2 : 1)} ${t.unit}`, `${t.limit} ${t.unit}`, t.met ? "met" : "not met"]),
    );
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
