/**
 * Compares two synthesized outputs (cdktf.out folders): the stacks and their dependencies from manifest.json, then
 * every stack's cdk.tf.json block by block, attribute by attribute, without cdktf's `//` metadata.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A folder that is not a readable synthesized output. */
export class SynthOutputError extends Error {
  override readonly name = "SynthOutputError";
}

/** One difference between the two outputs. */
export interface SynthDifference {
  /** The stack id, or "" for the app as a whole. */
  readonly stack: string;
  /** Where: `resource.aws_s3_bucket.Logs.bucket`, `dependencies`, ... */
  readonly path: string;
  readonly change: "added" | "removed" | "changed";
  readonly before?: unknown;
  readonly after?: unknown;
}

/** The result of a comparison. */
export interface SynthComparison {
  readonly stacks: readonly string[];
  /** How many blocks (resources, data sources, providers, outputs) were compared in all. */
  readonly blocks: number;
  readonly differences: readonly SynthDifference[];
}

interface Manifest {
  readonly stacks: Record<string, { readonly dependencies: readonly string[]; readonly synthesizedStackPath: string }>;
}

/** Compares the synthesized output in `before` with the one in `after`. */
export function compareSynthOutputs(before: string, after: string): SynthComparison {
  const left = readManifest(before);
  const right = readManifest(after);
  const differences: SynthDifference[] = [];
  const stacks = [...new Set([...Object.keys(left.stacks), ...Object.keys(right.stacks)])].sort();
  let blocks = 0;
  for (const stack of stacks) {
    const l = left.stacks[stack];
    const r = right.stacks[stack];
    if (!l || !r) {
      differences.push({ stack, path: "", change: l ? "removed" : "added" });
      continue;
    }
    diffValues(stack, "dependencies", [...l.dependencies].sort(), [...r.dependencies].sort(), differences);
    const lj = withoutMetadata(readJson(join(before, l.synthesizedStackPath)));
    const rj = withoutMetadata(readJson(join(after, r.synthesizedStackPath)));
    blocks += countBlocks(rj);
    diffValues(stack, "", lj, rj, differences);
  }
  return { stacks, blocks, differences };
}

/** One line per difference, then a summary line. */
export function formatComparison(comparison: SynthComparison): string {
  const lines = comparison.differences.map((d) => {
    const where = [d.stack, d.path].filter((p) => p).join(": ");
    if (d.change === "changed") return `~ ${where}: ${JSON.stringify(d.before)} -> ${JSON.stringify(d.after)}`;
    return `${d.change === "added" ? "+" : "-"} ${where}`;
  });
  const verdict = comparison.differences.length === 0 ? "identical" : `${comparison.differences.length} difference(s)`;
  lines.push(`${comparison.stacks.length} stacks, ${comparison.blocks} blocks compared: ${verdict}`);
  return lines.join("\n");
}

function readManifest(dir: string): Manifest {
  const file = join(dir, "manifest.json");
  if (!existsSync(file)) throw new SynthOutputError(`${dir}: no manifest.json (not a synthesized cdktf output folder)`);
  const manifest = readJson(file) as Partial<Manifest>;
  if (typeof manifest.stacks !== "object" || manifest.stacks === null) throw new SynthOutputError(`${file}: stacks: missing`);
  return manifest as Manifest;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as unknown;
  } catch (error) {
    throw new SynthOutputError(`${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : "not valid JSON"}`);
  }
}

/** The JSON without cdktf's `//` keys (construct paths and metadata), at any depth. */
function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== "//")
      .map(([k, v]) => [k, withoutMetadata(v)]),
  );
}

/** Resources and data sources by address, providers and outputs. */
function countBlocks(json: unknown): number {
  const top = json as Record<string, Record<string, unknown> | undefined>;
  const nested = (section: string) => Object.values(top[section] ?? {}).reduce<number>((n, byName) => n + Object.keys(byName as object).length, 0);
  return nested("resource") + nested("data") + Object.keys(top.provider ?? {}).length + Object.keys(top.output ?? {}).length;
}

function diffValues(stack: string, path: string, before: unknown, after: unknown, out: SynthDifference[]): void {
  if (isObject(before) && isObject(after)) {
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      const child = path ? `${path}.${key}` : key;
      if (!Object.hasOwn(after, key)) out.push({ stack, path: child, change: "removed", before: before[key] });
      else if (!Object.hasOwn(before, key)) out.push({ stack, path: child, change: "added", after: after[key] });
      else diffValues(stack, child, before[key], after[key], out);
    }
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ stack, path, change: "changed", before, after });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** One stack of a synthesized output: its dependencies and its Terraform JSON without cdktf's `//` metadata. */
export interface SynthStack {
  readonly dependencies: readonly string[];
  readonly json: Record<string, unknown>;
}

/** Every stack of the synthesized output in `dir`, by stack id; throws SynthOutputError if it is not one. */
export function readSynthOutput(dir: string): Record<string, SynthStack> {
  const manifest = readManifest(dir);
  return Object.fromEntries(
    Object.entries(manifest.stacks).map(([stack, entry]) => {
      const json = withoutMetadata(readJson(join(dir, entry.synthesizedStackPath)));
      return [stack, { dependencies: [...(entry.dependencies ?? [])], json: isObject(json) ? json : {} }];
    }),
  );
}

/** The differences between two values, attribute path by attribute path (`versioning.enabled`), as compare-synth finds them. */
export function attributeDifferences(before: unknown, after: unknown, stack = ""): SynthDifference[] {
  const out: SynthDifference[] = [];
  diffValues(stack, "", before, after, out);
  return out;
}
