import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareSynthOutputs } from "../../scripts/lib/synth-comparison";
import { runTs } from "../run-ts";

/** A synthesized output folder with one stack per entry of `stacks`. */
function output(stacks: Record<string, { dependencies?: string[]; json: unknown }>): string {
  const dir = mkdtempSync(join(tmpdir(), "compare-synth-"));
  const manifest: Record<string, unknown> = {};
  for (const [name, { dependencies = [], json }] of Object.entries(stacks)) {
    mkdirSync(join(dir, "stacks", name), { recursive: true });
    writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
    manifest[name] = { dependencies, synthesizedStackPath: `stacks/${name}/cdk.tf.json` };
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ stacks: manifest }));
  return dir;
}

const bucket = (name: string, path: string) => ({ resource: { aws_s3_bucket: { Logs: { bucket: name, "//": { metadata: { path } } } } } });

describe("compare-synth", () => {
  it("finds two outputs the same when only cdktf metadata (construct paths) differs", () => {
    const result = compareSynthOutputs(output({ a: { json: bucket("x", "a/Old") } }), output({ a: { json: bucket("x", "a/New") } }));
    expect(result.differences).toEqual([]);
    expect(result.blocks).toBe(1);
  });

  it("reports a changed attribute, a changed dependency list and a removed stack", () => {
    const before = output({ a: { json: bucket("x", "p") }, b: { dependencies: ["a"], json: {} }, c: { json: {} } });
    const after = output({ a: { json: bucket("y", "p") }, b: { dependencies: [], json: {} } });
    expect(compareSynthOutputs(before, after).differences).toEqual([
      { stack: "a", path: "resource.aws_s3_bucket.Logs.bucket", change: "changed", before: "x", after: "y" },
      { stack: "b", path: "dependencies", change: "changed", before: ["a"], after: [] },
      { stack: "c", path: "", change: "removed" },
    ]);
  });

  it("exits 0 and says identical, exits 1 listing each difference, exits 2 on a folder that is not an output", () => {
    const same = runTs("scripts/compare-synth.ts", [output({ a: { json: bucket("x", "p") } }), output({ a: { json: bucket("x", "q") } })]);
    expect(same.status).toBe(0);
    expect(same.stdout).toContain("1 stacks, 1 blocks compared: identical");
    const differ = runTs("scripts/compare-synth.ts", [output({ a: { json: bucket("x", "p") } }), output({ a: { json: bucket("y", "p") } })]);
    expect(differ.status).toBe(1);
    expect(differ.stdout).toContain('~ a: resource.aws_s3_bucket.Logs.bucket: "x" -> "y"');
    const bad = runTs("scripts/compare-synth.ts", [tmpdir(), tmpdir()]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/no manifest.json .*\nusage: /);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([["--help"], ["-h"]])("prints its usage with %s, exit 0", (flag) => {
    const { status, stdout } = runTs("scripts/compare-synth.ts", [flag]);
    expect(status).toBe(0);
    expect(stdout.split("\n")[0]).toBe("usage: npm run -s compare-synth -- <before cdktf.out> <after cdktf.out>");
  });

  it("refuses an unknown option and a wrong number of folders with its usage, exit 2", () => {
    const usage = "usage: npm run -s compare-synth -- <before cdktf.out> <after cdktf.out>";
    expect(runTs("scripts/compare-synth.ts", ["--json", "a", "b"])).toMatchObject({ status: 2, stderr: `unknown option "--json"\n${usage}\n` });
    expect(runTs("scripts/compare-synth.ts", ["a"])).toMatchObject({ status: 2, stderr: `expected exactly two folders, got 1\n${usage}\n` });
  });
});
