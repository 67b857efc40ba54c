/**
 * The benchmark's parts: its statistics, the generated environments of the scale phase, the per-stack sizes, the
 * peak-memory probe and the targets it judges.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENVIRONMENTS } from "../../../environments";
import { writeBaselineApp } from "../../../scripts/bench/baseline-app";
import { generatedEnvironments, MAX_GENERATED } from "../../../scripts/bench/generated-environments";
import { measure } from "../../../scripts/bench/measure";
import type { BenchFigures } from "../../../scripts/bench/phases";
import { targets } from "../../../scripts/bench/report";
import { stackSizes } from "../../../scripts/bench/stack-sizes";
import { leastSquares, summarize } from "../../../scripts/bench/stats";
import { REPO_ROOT } from "../../run-ts";

describe("statistics", () => {
  it("summarizes a sample by median, min and max (the mean of the middle two for an even count)", () => {
    expect(summarize([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, runs: 3 });
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, runs: 4 });
    expect(() => summarize([])).toThrow(RangeError);
  });

  it("fits a line by least squares, and needs two different x", () => {
    const line = leastSquares([1, 3, 10, 30].map((x) => ({ x, y: 2000 + 120 * x })));
    expect(line.slope).toBeCloseTo(120, 9);
    expect(line.intercept).toBeCloseTo(2000, 9);
    expect(() =>
      leastSquares([
        { x: 3, y: 1 },
        { x: 3, y: 2 },
      ]),
    ).toThrow(RangeError);
  });
});

describe("the scale phase's generated environments", () => {
  const generated = generatedEnvironments(12);

  it("are valid together, with distinct names, accounts and state buckets", () => {
    expect(generated.map((c) => c.name)).toEqual(Array.from({ length: 12 }, (_, i) => `scale-${String(i + 1).padStart(2, "0")}`));
    for (const field of [
      (c: (typeof generated)[0]) => c.aws.accountId,
      (c: (typeof generated)[0]) => c.databricks.accountId,
      (c: (typeof generated)[0]) => c.state.bucket,
    ]) {
      expect(new Set(generated.map(field)).size).toBe(12);
    }
  });

  it("have non-overlapping workspace and front-end networks", () => {
    const blocks = generated.flatMap((c) => [c.network.vpcCidr, c.network.frontEnd?.vpcCidr]);
    expect(blocks.every((b) => b !== undefined)).toBe(true);
    const secondOctets = blocks.map((b) => (b as string).split(".")[1]);
    expect(new Set(secondOctets).size).toBe(blocks.length);
  });

  it("keep every section of the shipped stage they copy, so every layer is on", () => {
    const template = ENVIRONMENTS.prod.input as unknown as Record<string, unknown>;
    const copy = generated[0] as unknown as Record<string, unknown>;
    for (const section of Object.keys(template)) expect({ section, present: copy[section] !== undefined }).toEqual({ section, present: true });
  });

  it("refuses a count outside 1 to the address plan's room", () => {
    expect(() => generatedEnvironments(0)).toThrow(`count: 0 is not a whole number from 1 to ${MAX_GENERATED}`);
    expect(() => generatedEnvironments(MAX_GENERATED + 1)).toThrow(RangeError);
  });
});

describe("stack sizes", () => {
  it("count resources and data sources of every stack and its JSON bytes, largest first", () => {
    const outdir = mkdtempSync(join(tmpdir(), "bench-sizes-"));
    try {
      const write = (stack: string, json: object) => {
        mkdirSync(join(outdir, "stacks", stack), { recursive: true });
        writeFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), JSON.stringify(json));
      };
      write("small", { resource: { aws_s3_bucket: { a: {} } } });
      write("large", {
        resource: { aws_s3_bucket: { a: {}, b: {} }, aws_kms_key: { k: {} } },
        data: { aws_region: { r: {} } },
        output: { padding: "x".repeat(200) },
      });
      const sizes = stackSizes(outdir);
      expect(sizes.map(({ stack, resources, dataSources }) => ({ stack, resources, dataSources }))).toEqual([
        { stack: "large", resources: 3, dataSources: 1 },
        { stack: "small", resources: 1, dataSources: 0 },
      ]);
      expect(sizes[0].bytes).toBeGreaterThan(200);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe("measure", () => {
  it("reports the peak memory of the largest node process in the command's tree", () => {
    // A child node process (below a parent node process) that touches 300 MB: the peak is that child's.
    const child = "Buffer.alloc(300 * 1024 * 1024, 1)";
    const parent = `require("node:child_process").execFileSync(process.execPath, ["-e", ${JSON.stringify(child)}])`;
    const measured = measure({ program: process.execPath, args: ["-e", parent], cwd: REPO_ROOT });
    expect(measured.peakRssMb).toBeGreaterThan(300);
    expect(measured.wallMs).toBeGreaterThan(0);
  });

  it("refuses to report a figure for a command that failed, with its output's last lines", () => {
    expect(() => measure({ program: process.execPath, args: ["-e", 'console.error("no such stage"); process.exit(3)'], cwd: REPO_ROOT })).toThrow(
      /exited 3:\nno such stage/,
    );
  });
});

describe("targets", () => {
  const summary = (median: number, max = median) => ({ median, min: median, max, runs: 3 });

  it("judges each measured figure against its limit, and nothing that was not measured", () => {
    const figures: BenchFigures = {
      synth: { oursMs: summary(3000), oursPeakMb: summary(380, 410), baselineMs: summary(15000), baselinePeakMb: summary(1600), ratio: summary(0.2) },
      scale: {
        points: [1, 30].map((environments) => ({ environments, wallMs: summary(environments * 1000), peakMb: summary(300) })),
        perEnvironmentMs: 160,
        perEnvironmentMb: 12,
      },
    };
    expect(targets(figures).map(({ target, met }) => [target, met])).toEqual([
      ["npm run synth / baseline (median of pairs)", true],
      ["npm run synth peak memory (max of runs)", false],
      ["one more environment, time", false],
      ["one more environment, memory", true],
      ["30 environments in one process (median)", true],
    ]);
  });
});

describe("the baseline app", () => {
  it("is a new user's app: both providers from their package roots, type-checked by ts-node, with our packages", () => {
    const folder = mkdtempSync(join(tmpdir(), "bench-baseline-"));
    try {
      writeBaselineApp(folder, REPO_ROOT);
      const main = readFileSync(join(folder, "main.ts"), "utf8");
      expect(main).toMatch(/from "@cdktf\/provider-aws";/);
      expect(main).toMatch(/from "@cdktf\/provider-databricks";/);
      expect(main).toContain("app.synth();");
      const tsconfig = JSON.parse(readFileSync(join(folder, "tsconfig.json"), "utf8")) as Record<string, unknown>;
      // Nothing that would turn ts-node's type check off (transpileOnly, swc) or skip our strictness.
      expect(tsconfig["ts-node"]).toBeUndefined();
      expect(tsconfig).toMatchObject({ compilerOptions: { strict: true, module: "CommonJS" } });
      expect(JSON.parse(readFileSync(join(folder, "cdktf.json"), "utf8"))).toMatchObject({ app: "npx ts-node main.ts" });
      expect(existsSync(join(folder, "node_modules", "cdktf", "package.json"))).toBe(true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
