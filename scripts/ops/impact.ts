/**
 * Change impact between two synthesized outputs (cdktf.out folders), without a cloud: per stack, the resources added,
 * removed and changed (with the attribute paths that changed), and what would destroy data:
 *
 * - a resource of a stateful type (buckets, keys, databases, streams, catalogs, schemas, volumes, metastores, ...)
 *   removed, or replaced: at the same address with a different physical name (`bucket`, `name`, ...);
 * - a removal plus an addition of the same type and physical name: what a renamed construct id (or a resource moved
 *   to another stack) looks like. Terraform destroys the old address and creates the new one.
 *
 * Which other attribute changes force a replacement (ForceNew) is in the provider schemas, which are not available
 * here: those are listed as changes, not as replacements.
 */
import { attributeDifferences, readSynthOutput, SynthStack } from "../lib/synth-comparison";
import { PHYSICAL_NAME_ATTRIBUTES, physicalNameAttribute } from "./impact-types";

export { PHYSICAL_NAME_ATTRIBUTES };

/** A resource block in one stack. */
interface ResourceBlock {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  readonly address: string;
  readonly attributes: Record<string, unknown>;
  /** The physical name (literal, or the expression as written when it cannot be resolved), if the type has one. */
  readonly physicalName?: string;
}

/** What happened to one resource address. */
export interface ResourceChange {
  readonly stack: string;
  /** `aws_s3_bucket.Logs_1234`. */
  readonly address: string;
  readonly type: string;
  readonly change: "added" | "removed" | "changed" | "replaced";
  /** For a change or a replacement: the attribute paths that differ (`versioning.enabled`). */
  readonly paths?: readonly string[];
  /** For a replacement: the physical name before and after. */
  readonly physicalName?: { readonly before?: string; readonly after?: string };
}

/** A removal and an addition of the same type and physical name: Terraform destroys one and creates the other. */
export interface ResourceMove {
  readonly type: string;
  readonly physicalName: string;
  readonly from: { readonly stack: string; readonly address: string };
  readonly to: { readonly stack: string; readonly address: string };
}

/** Something that would destroy data, with why. */
export interface DataLoss {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly reason: string;
}

/** The impact of going from one synthesized output to another. */
export interface ImpactReport {
  /** Every stack in either output. */
  readonly stacks: readonly string[];
  readonly stacksAdded: readonly string[];
  readonly stacksRemoved: readonly string[];
  /** Resource changes, stack by stack, address by address. */
  readonly changes: readonly ResourceChange[];
  /** Removal + addition pairs of the same type and physical name (renamed construct ids, moves between stacks). */
  readonly moves: readonly ResourceMove[];
  /** What would destroy data (removed, replaced or moved resources of stateful types). */
  readonly dataLoss: readonly DataLoss[];
}

/** Options of analyzeImpact. */
export interface ImpactOptions {
  /** The resource types that hold data. @default statefulTypes() */
  readonly statefulTypes?: ReadonlySet<string>;
}

/**
 * The types that hold data: every type the registered policy packs declare `dataHolding` (one list, also read by
 * DATA-PREVENT-DESTROY). A pack's conditional declaration (a type with attribute conditions) counts for its whole
 * type.
 */
export function statefulTypes(): ReadonlySet<string> {
  // Loaded on demand: the policy catalogue loads every rule pack.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { POLICY_CATALOG } = require("../../modules/policy/catalog") as typeof import("../../modules/policy/catalog");
  const declared = POLICY_CATALOG.declarations.dataHolding.map(({ match }) => (typeof match === "string" ? match : match.type));
  return new Set(declared.filter((type) => !type.includes("*") && !type.startsWith("data.")));
}

/** Compares the synthesized output in `before` with the one in `after`; throws SynthOutputError on a folder that is not one. */
export function analyzeImpact(before: string, after: string, options: ImpactOptions = {}): ImpactReport {
  return impactOf(readSynthOutput(before), readSynthOutput(after), options.statefulTypes ?? statefulTypes());
}

/** The impact between two read outputs (stack id -> stack). */
export function impactOf(before: Record<string, SynthStack>, after: Record<string, SynthStack>, stateful: ReadonlySet<string>): ImpactReport {
  const stacks = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const changes: ResourceChange[] = [];
  const removed: ResourceBlock[] = [];
  const added: ResourceBlock[] = [];
  for (const stack of stacks) {
    const left = resourcesOf(stack, before[stack]);
    const right = resourcesOf(stack, after[stack]);
    for (const address of [...new Set([...left.keys(), ...right.keys()])].sort()) {
      const l = left.get(address);
      const r = right.get(address);
      if (l && !r) {
        removed.push(l);
        changes.push({ stack, address, type: l.type, change: "removed" });
      } else if (r && !l) {
        added.push(r);
        changes.push({ stack, address, type: r.type, change: "added" });
      } else if (l && r) {
        const paths = attributeDifferences(l.attributes, r.attributes).map((d) => d.path);
        if (paths.length === 0) continue;
        const renamed = l.physicalName !== r.physicalName && physicalNameAttribute(l.type) !== undefined;
        changes.push(
          renamed && stateful.has(l.type)
            ? { stack, address, type: l.type, change: "replaced", paths, physicalName: { before: l.physicalName, after: r.physicalName } }
            : { stack, address, type: l.type, change: "changed", paths },
        );
      }
    }
  }
  const moves = movesOf(removed, added);
  const moved = new Set(moves.map((m) => `${m.from.stack} ${m.from.address}`));
  const dataLoss: DataLoss[] = [];
  for (const change of changes) {
    if (!stateful.has(change.type)) continue;
    if (change.change === "replaced") {
      const { before: from, after: to } = change.physicalName ?? {};
      dataLoss.push({ ...where(change), reason: `replaced: its physical name changes (${show(from)} -> ${show(to)})` });
    } else if (change.change === "removed" && !moved.has(`${change.stack} ${change.address}`)) {
      dataLoss.push({ ...where(change), reason: `removed` });
    }
  }
  for (const move of moves.filter((m) => stateful.has(m.type))) {
    const target = move.to.stack === move.from.stack ? `renamed to ${move.to.address}` : `moved to ${move.to.stack}: ${move.to.address}`;
    dataLoss.push({
      stack: move.from.stack,
      address: move.from.address,
      type: move.type,
      reason: `${target} with the same physical name ${show(move.physicalName)}: destroyed and recreated`,
    });
  }
  dataLoss.sort((a, b) => a.stack.localeCompare(b.stack) || a.address.localeCompare(b.address));
  return {
    stacks,
    stacksAdded: stacks.filter((s) => !before[s]),
    stacksRemoved: stacks.filter((s) => !after[s]),
    changes,
    moves,
    dataLoss,
  };
}

/** True when nothing at all changed between the two outputs' resources. */
export function isUnchanged(report: ImpactReport): boolean {
  return report.changes.length === 0 && report.stacksAdded.length === 0 && report.stacksRemoved.length === 0;
}

function where(change: ResourceChange): Pick<DataLoss, "stack" | "address" | "type"> {
  return { stack: change.stack, address: change.address, type: change.type };
}

function show(name: string | undefined): string {
  return name === undefined ? "none" : JSON.stringify(name);
}

/** Pairs each removed resource with an added one of the same type and physical name (in any stack), first come first paired. */
function movesOf(removed: readonly ResourceBlock[], added: readonly ResourceBlock[]): ResourceMove[] {
  const moves: ResourceMove[] = [];
  const free = [...added];
  for (const r of removed) {
    if (r.physicalName === undefined) continue;
    const i = free.findIndex((a) => a.type === r.type && a.physicalName === r.physicalName);
    if (i === -1) continue;
    const [a] = free.splice(i, 1);
    moves.push({
      type: r.type,
      physicalName: r.physicalName,
      from: { stack: r.stack, address: r.address },
      to: { stack: a.stack, address: a.address },
    });
  }
  return moves;
}

/** The resources of a stack by address, each with its physical name. */
function resourcesOf(stack: string, synth: SynthStack | undefined): Map<string, ResourceBlock> {
  const blocks = new Map<string, ResourceBlock>();
  const resources = (synth?.json.resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  for (const [type, byName] of Object.entries(resources)) {
    for (const [name, attributes] of Object.entries(byName ?? {})) {
      blocks.set(`${type}.${name}`, { stack, type, name, address: `${type}.${name}`, attributes: attributes ?? {} });
    }
  }
  const aliases = kmsAliasesByKey(blocks);
  for (const [address, block] of blocks) {
    const physicalName = block.type === "aws_kms_key" ? aliases.get(address) : physicalNameOf(block, blocks);
    if (physicalName !== undefined) blocks.set(address, { ...block, physicalName });
  }
  return blocks;
}

/** A KMS key has no name of its own: its aliases (`aws_kms_alias` whose target_key_id refers to it) name it. */
function kmsAliasesByKey(blocks: ReadonlyMap<string, ResourceBlock>): Map<string, string> {
  const names = new Map<string, string[]>();
  for (const block of blocks.values()) {
    if (block.type !== "aws_kms_alias") continue;
    const target = /^\$\{(aws_kms_key\.[^.}]+)\.(?:key_id|id|arn)\}$/.exec(String(block.attributes.target_key_id ?? ""));
    const name = resolved(block.attributes.name, blocks);
    if (target && name !== undefined) names.set(target[1], [...(names.get(target[1]) ?? []), name]);
  }
  return new Map([...names].map(([key, list]) => [key, list.sort().join(", ")]));
}

/** The physical name of a block: its naming attributes joined with "." (a schema's `main.bronze`). */
function physicalNameOf(block: ResourceBlock, blocks: ReadonlyMap<string, ResourceBlock>): string | undefined {
  const attributes = PHYSICAL_NAME_ATTRIBUTES[block.type] ?? (typeof block.attributes.name === "string" ? ["name"] : undefined);
  if (!attributes) return undefined;
  const parts = attributes.map((attribute) => resolved(block.attributes[attribute], blocks));
  const last = parts[parts.length - 1];
  return last === undefined ? undefined : parts.filter((p) => p !== undefined).join(".");
}

/**
 * A value with its `${type.name.attribute}` references to literal attributes of the same stack replaced by their
 * values (one hop), so that a catalog's construct id renamed does not look like its schemas' names changing.
 */
function resolved(value: unknown, blocks: ReadonlyMap<string, ResourceBlock>): string | undefined {
  if (typeof value !== "string") return value === undefined || value === null ? undefined : JSON.stringify(value);
  return value.replace(/\$\{([a-z0-9_]+)\.([^.}]+)\.([a-z0-9_]+)\}/g, (whole, type: string, name: string, attribute: string) => {
    const target = blocks.get(`${type}.${name}`)?.attributes[attribute];
    return typeof target === "string" && !target.includes("${") ? target : whole;
  });
}
