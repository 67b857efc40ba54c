/**
 * The drift report's model, read from a Terraform plan in JSON (`terraform show -json <planfile>`; format documented
 * at developer.hashicorp.com/terraform/internals/json-format).
 *
 * - Drift: `resource_drift` entries whose actions are not `no-op` (changed outside Terraform; move-only entries of a
 *   refresh-only plan are `no-op` and left out).
 * - Pending: `resource_changes` entries whose actions are not `no-op` or `read` (code not yet applied).
 * - Both arrays are omitted by Terraform when empty: a missing array is empty.
 * - `["delete","create"]` and `["create","delete"]` are a replacement (destroy first, or create first as
 *   `create_before_destroy` orders), `["create","forget"]` a replacement that forgets the old object.
 * - Values under a path that `before_sensitive` or `after_sensitive` marks are never kept: they read "(sensitive)".
 *   Values `after_unknown` marks read "(known after apply)".
 * - A document whose `format_version` major is not 0 or 1, that is not a plan (a state file), or that Terraform marked
 *   `errored` is refused with a PlanError naming its source.
 */
import { UserError } from "../../modules/core/errors";

/** A plan that cannot be reported: unreadable, malformed, not a plan, or errored. `source` is the file or stack. */
export class PlanError extends UserError {
  constructor(
    public readonly source: string,
    public readonly problem: string,
  ) {
    super(`${source}: ${problem}`);
    this.name = "PlanError";
  }
}

export type ResourceAction = "create" | "update" | "delete" | "replace" | "forget";

/** The order of a replacement's two steps. */
export type ReplaceOrder = "delete-then-create" | "create-then-delete" | "create-then-forget";

/** One attribute that differs, as a path (`tags.Owner`, `ingress[0].cidr_blocks[1]`) and printable values. */
export interface AttributeChange {
  readonly path: string;
  /** A JSON rendering of the value, "(sensitive)", "(known after apply)", or "(none)" when absent. */
  readonly before: string;
  readonly after: string;
}

/** One resource instance of the report. */
export interface ResourceEntry {
  readonly address: string;
  /** The address before a `moved` block took effect. */
  readonly previousAddress?: string;
  readonly action: ResourceAction;
  /** Only for `replace`. */
  readonly replaceOrder?: ReplaceOrder;
  /** Terraform's `action_reason` (`replace_because_cannot_update`, `delete_because_no_resource_config`, ...). */
  readonly reason?: string;
  /** For `update` and `replace`: the attributes that differ (values masked where sensitive). */
  readonly attributes: readonly AttributeChange[];
  /** For `replace`: the paths that forced it (`replace_paths`). */
  readonly replacePaths?: readonly string[];
}

/** What one plan says: drift, pending changes, or the error that kept it from being read or made. */
export interface StackReport {
  /** The stack name (with --env) or the file name (with --plan-json). */
  readonly name: string;
  readonly drift: readonly ResourceEntry[];
  readonly pending: readonly ResourceEntry[];
  /** One line, without the name. Set when the plan could not be made or read; drift and pending are then empty. */
  readonly error?: string;
}

/** The report over every stack or file, in order. */
export interface DriftReport {
  readonly stacks: readonly StackReport[];
  readonly totals: { readonly stacks: number; readonly drift: number; readonly pending: number; readonly errors: number };
}

export const SENSITIVE = "(sensitive)";
export const UNKNOWN = "(known after apply)";
export const ABSENT = "(none)";
const MAX_VALUE_LENGTH = 120;

/** Builds the report, with per-stack and total counts. */
export function buildReport(stacks: readonly StackReport[]): DriftReport {
  return {
    stacks,
    totals: {
      stacks: stacks.length,
      drift: stacks.reduce((n, s) => n + s.drift.length, 0),
      pending: stacks.reduce((n, s) => n + s.pending.length, 0),
      errors: stacks.filter((s) => s.error !== undefined).length,
    },
  };
}

/** The exit code of a report: 1 any error, 2 drift or pending changes, 0 neither. */
export function exitCodeOf(report: DriftReport): 0 | 1 | 2 {
  if (report.totals.errors > 0) return 1;
  return report.totals.drift + report.totals.pending > 0 ? 2 : 0;
}

/** A stack whose plan could not be made or read. */
export function errorStack(name: string, error: string): StackReport {
  return { name, drift: [], pending: [], error };
}

/** Reads a plan's JSON text; throws PlanError (naming `source`) when it is not a usable plan. */
export function parsePlanText(source: string, text: string): StackReport {
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    // The message names the position only: the text may hold secrets.
    const where = /position \d+|line \d+ column \d+/.exec((error as Error).message)?.[0];
    throw new PlanError(source, `is not valid JSON${where ? ` (${where})` : ""}`);
  }
  return parsePlan(source, document);
}

/** Reads a parsed plan document; throws PlanError (naming `source`) when it is not a usable plan. */
export function parsePlan(source: string, document: unknown): StackReport {
  if (!isObject(document)) throw new PlanError(source, "is not a Terraform plan: expected a JSON object");
  const plan = document;
  if ("lineage" in plan || "serial" in plan)
    throw new PlanError(source, "is a Terraform state file, not a plan (use terraform show -json <planfile>)");
  if (typeof plan.format_version !== "string") throw new PlanError(source, 'is not a Terraform plan: no "format_version"');
  const major = plan.format_version.split(".")[0];
  if (major !== "0" && major !== "1") {
    throw new PlanError(source, `has plan format_version ${plan.format_version}; only major versions 0 and 1 are understood`);
  }
  if (!isObject(plan.planned_values)) {
    const what =
      "values" in plan ? "is Terraform state (terraform show -json without a plan file), not a plan" : 'is not a Terraform plan: no "planned_values"';
    throw new PlanError(source, what);
  }
  if (plan.errored === true)
    throw new PlanError(source, "terraform marked this plan errored (errored: true); it is incomplete and cannot be reported");
  return {
    name: source,
    drift: readEntries(source, plan, "resource_drift", new Set(["no-op"])),
    pending: readEntries(source, plan, "resource_changes", new Set(["no-op", "read"])),
  };
}

function readEntries(source: string, plan: Record<string, unknown>, key: string, ignored: ReadonlySet<string>): ResourceEntry[] {
  const list = plan[key];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new PlanError(source, `"${key}" is not an array`);
  const entries: ResourceEntry[] = [];
  list.forEach((item: unknown, i) => {
    const where = `${key}[${i}]`;
    if (!isObject(item) || typeof item.address !== "string" || !isObject(item.change)) {
      throw new PlanError(source, `${where}: expected an object with "address" and "change"`);
    }
    const { actions } = item.change;
    if (!Array.isArray(actions) || actions.length === 0 || !actions.every((a) => typeof a === "string")) {
      throw new PlanError(source, `${where} (${item.address}): "change.actions" is not a list of actions`);
    }
    if (actions.length === 1 && ignored.has(actions[0] as string)) return;
    const kind = actionOf(actions as string[]);
    if (!kind) throw new PlanError(source, `${where} (${item.address}): unknown actions ${JSON.stringify(actions)}`);
    const change = item.change;
    const withAttributes = kind.action === "update" || kind.action === "replace";
    const replacePaths = kind.action === "replace" && Array.isArray(change.replace_paths) ? change.replace_paths.map(renderReplacePath) : undefined;
    entries.push({
      address: item.address,
      ...(typeof item.previous_address === "string" && item.previous_address !== item.address ? { previousAddress: item.previous_address } : {}),
      ...kind,
      ...(typeof item.action_reason === "string" ? { reason: item.action_reason } : {}),
      attributes: withAttributes ? attributeChanges(change) : [],
      ...(replacePaths && replacePaths.length > 0 ? { replacePaths } : {}),
    });
  });
  return entries;
}

function actionOf(actions: readonly string[]): { action: ResourceAction; replaceOrder?: ReplaceOrder } | undefined {
  const key = actions.join(",");
  switch (key) {
    case "create":
    case "update":
    case "delete":
    case "forget":
      return { action: key };
    case "delete,create":
      return { action: "replace", replaceOrder: "delete-then-create" };
    case "create,delete":
      return { action: "replace", replaceOrder: "create-then-delete" };
    case "create,forget":
      return { action: "replace", replaceOrder: "create-then-forget" };
    default:
      return undefined;
  }
}

/** The attributes that differ between `before` and `after`, with sensitive values masked and unknown ones named. */
export function attributeChanges(change: Record<string, unknown>): AttributeChange[] {
  const out: AttributeChange[] = [];
  walk(change.before, change.after, [], change.before_sensitive, change.after_sensitive, change.after_unknown, false, out);
  return out;
}

type PathStep = string | number;

function walk(
  before: unknown,
  after: unknown,
  path: PathStep[],
  beforeSensitive: unknown,
  afterSensitive: unknown,
  afterUnknown: unknown,
  sensitiveAbove: boolean,
  out: AttributeChange[],
): void {
  const sensitive = sensitiveAbove || beforeSensitive === true || afterSensitive === true;
  if (afterUnknown === true) {
    out.push({ path: renderPath(path), before: sensitive || hasTrue(beforeSensitive) ? SENSITIVE : render(before), after: UNKNOWN });
    return;
  }
  const container = (v: unknown) => v === null || v === undefined || Array.isArray(v) || isObject(v);
  const structured = (Array.isArray(before) || isObject(before) || Array.isArray(after) || isObject(after)) && container(before) && container(after);
  if (structured && !(Array.isArray(before) && isObject(after)) && !(isObject(before) && Array.isArray(after))) {
    const count = out.length;
    for (const key of childKeys(before, after)) {
      walk(
        child(before, key),
        child(after, key),
        [...path, key],
        child(beforeSensitive, key),
        child(afterSensitive, key),
        child(afterUnknown, key),
        sensitive,
        out,
      );
    }
    // null -> {} or [] -> null: nothing below differs, but the value itself does.
    if (out.length === count && !sameValue(before, after) && path.length > 0) {
      out.push({ path: renderPath(path), before: mask(before, sensitive, beforeSensitive), after: mask(after, sensitive, afterSensitive) });
    }
    return;
  }
  if (sameValue(before, after)) return;
  if (path.length === 0) return;
  out.push({ path: renderPath(path), before: mask(before, sensitive, beforeSensitive), after: mask(after, sensitive, afterSensitive) });
}

function mask(value: unknown, sensitive: boolean, marker: unknown): string {
  return sensitive || hasTrue(marker) ? SENSITIVE : render(value);
}

function childKeys(a: unknown, b: unknown): PathStep[] {
  if (Array.isArray(a) || Array.isArray(b)) {
    const length = Math.max(Array.isArray(a) ? a.length : 0, Array.isArray(b) ? b.length : 0);
    return Array.from({ length }, (_, i) => i);
  }
  const keys = new Set([...Object.keys(isObject(a) ? a : {}), ...Object.keys(isObject(b) ? b : {})]);
  return [...keys].sort();
}

function child(value: unknown, key: PathStep): unknown {
  if (Array.isArray(value) && typeof key === "number") return value[key];
  if (isObject(value) && typeof key === "string") return value[key];
  return undefined;
}

/** True when a sensitivity marker marks anything (itself or anything below it). */
function hasTrue(marker: unknown): boolean {
  if (marker === true) return true;
  if (Array.isArray(marker)) return marker.some(hasTrue);
  if (isObject(marker)) return Object.values(marker).some(hasTrue);
  return false;
}

function render(value: unknown): string {
  if (value === undefined) return ABSENT;
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 3)}...` : text;
}

function renderPath(path: readonly PathStep[]): string {
  return path
    .map((step, i) =>
      typeof step === "number" ? `[${step}]` : /^[A-Za-z_][A-Za-z0-9_-]*$/.test(step) ? `${i === 0 ? "" : "."}${step}` : `[${JSON.stringify(step)}]`,
    )
    .join("");
}

function renderReplacePath(path: unknown): string {
  return Array.isArray(path) ? renderPath(path.filter((s): s is PathStep => typeof s === "string" || typeof s === "number")) : String(path);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
