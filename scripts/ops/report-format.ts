/**
 * The drift report in three formats: text for people, markdown for a CI job summary or an issue body, and JSON with
 * stable fields (documented in docs/drift.md). Values come from the model already masked (sensitive) or named
 * (known after apply); nothing here reads a plan.
 */
import type { DriftReport, ResourceEntry, StackReport } from "./plan-report";

export const FORMATS = ["text", "markdown", "json"] as const;
export type ReportFormat = (typeof FORMATS)[number];

/** The version of the JSON report's fields; bumped on any change that is not an added field. */
export const JSON_REPORT_VERSION = 1;

export function formatReport(report: DriftReport, format: ReportFormat): string {
  switch (format) {
    case "text":
      return formatText(report);
    case "markdown":
      return formatMarkdown(report);
    case "json":
      return `${JSON.stringify(toJson(report), null, 2)}\n`;
  }
}

const SYMBOL: Record<string, string> = { create: "+", update: "~", delete: "-", forget: ".", replace: "-/+" };

/** "replace (create, then delete)" and the like. */
export function describeAction(entry: ResourceEntry): string {
  switch (entry.replaceOrder) {
    case "delete-then-create":
      return "replace (delete, then create)";
    case "create-then-delete":
      return "replace (create, then delete: create_before_destroy)";
    case "create-then-forget":
      return "replace (create, then forget the old object)";
    default:
      return entry.action;
  }
}

function symbolOf(entry: ResourceEntry): string {
  return entry.replaceOrder === "create-then-delete" ? "+/-" : entry.replaceOrder === "create-then-forget" ? "+/." : SYMBOL[entry.action];
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function summaryOf(stack: StackReport): string {
  if (stack.error !== undefined) return `error: ${stack.error}`;
  if (stack.drift.length + stack.pending.length === 0) return "no drift, nothing pending";
  return `${plural(stack.drift.length, "drifted resource")}, ${plural(stack.pending.length, "pending change")}`;
}

function totalLine(report: DriftReport): string {
  const { stacks, drift, pending, errors } = report.totals;
  return `total: ${plural(stacks, "plan")}, ${plural(drift, "drifted resource")}, ${plural(pending, "pending change")}, ${plural(errors, "error")}`;
}

function entryDetails(entry: ResourceEntry): { head: string; notes: string[]; attributes: string[] } {
  const notes: string[] = [];
  if (entry.previousAddress) notes.push(`moved from ${entry.previousAddress}`);
  if (entry.reason) notes.push(entry.reason);
  if (entry.replacePaths) notes.push(`forced by ${entry.replacePaths.join(", ")}`);
  return {
    head: `${entry.address}: ${describeAction(entry)}`,
    notes,
    attributes: entry.attributes.map((a) => `${a.path}: ${a.before} -> ${a.after}`),
  };
}

function formatText(report: DriftReport): string {
  const lines: string[] = [];
  for (const stack of report.stacks) {
    lines.push(`${stack.name}: ${summaryOf(stack)}`);
    const sections: [string, readonly ResourceEntry[]][] = [
      ["drift (changed outside Terraform)", stack.drift],
      ["pending (in the code, not yet applied)", stack.pending],
    ];
    for (const [title, entries] of sections) {
      if (entries.length === 0) continue;
      lines.push(`  ${title}:`);
      for (const entry of entries) {
        const { head, notes, attributes } = entryDetails(entry);
        lines.push(`    ${symbolOf(entry)} ${head}${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`);
        for (const attribute of attributes) lines.push(`        ${attribute}`);
      }
    }
  }
  lines.push(totalLine(report));
  return `${lines.join("\n")}\n`;
}

/** Text inside a markdown code span: backticks would end it, so the span is fenced with more of them. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Text in a markdown table cell or list item, with markup characters escaped. */
function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}

function formatMarkdown(report: DriftReport): string {
  const { drift, pending, errors } = report.totals;
  const verdict = errors > 0 ? "errors" : drift + pending > 0 ? "drift or pending changes found" : "no drift, nothing pending";
  const lines = [
    `## Drift report: ${verdict}`,
    "",
    "| stack | drifted | pending | status |",
    "|---|---:|---:|---|",
    ...report.stacks.map(
      (s) =>
        `| ${code(s.name)} | ${s.error === undefined ? s.drift.length : "-"} | ${s.error === undefined ? s.pending.length : "-"} | ${escape(statusOf(s))} |`,
    ),
    `| **total** | ${drift} | ${pending} | ${plural(errors, "error")} |`,
  ];
  for (const stack of report.stacks) {
    if (stack.error === undefined && stack.drift.length + stack.pending.length === 0) continue;
    if (lines[lines.length - 1] !== "") lines.push("");
    lines.push(`### ${code(stack.name)}`, "");
    if (stack.error !== undefined) lines.push(`Error: ${escape(stack.error)}`);
    const sections: [string, readonly ResourceEntry[]][] = [
      ["Drift (changed outside Terraform)", stack.drift],
      ["Pending (in the code, not yet applied)", stack.pending],
    ];
    for (const [title, entries] of sections) {
      if (entries.length === 0) continue;
      lines.push(`**${title}**`, "");
      for (const entry of entries) {
        const { notes } = entryDetails(entry);
        lines.push(`- ${code(entry.address)}: ${escape(describeAction(entry))}${notes.length > 0 ? ` (${notes.map(escape).join("; ")})` : ""}`);
        for (const attribute of entry.attributes) lines.push(`  - ${code(attribute.path)}: ${code(attribute.before)} → ${code(attribute.after)}`);
      }
      lines.push("");
    }
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

function statusOf(stack: StackReport): string {
  if (stack.error !== undefined) return `error: ${stack.error}`;
  return stack.drift.length + stack.pending.length === 0 ? "clean" : "changes";
}

/** The JSON report: the fields documented in docs/drift.md, in a fixed order. */
export function toJson(report: DriftReport): unknown {
  const entry = (e: ResourceEntry) => ({
    address: e.address,
    previousAddress: e.previousAddress ?? null,
    action: e.action,
    replaceOrder: e.replaceOrder ?? null,
    reason: e.reason ?? null,
    replacePaths: e.replacePaths ?? [],
    attributes: e.attributes.map((a) => ({ path: a.path, before: a.before, after: a.after })),
  });
  return {
    version: JSON_REPORT_VERSION,
    status: report.totals.errors > 0 ? "error" : report.totals.drift + report.totals.pending > 0 ? "changes" : "clean",
    totals: { ...report.totals },
    stacks: report.stacks.map((s) => ({
      name: s.name,
      status: s.error !== undefined ? "error" : s.drift.length + s.pending.length > 0 ? "changes" : "clean",
      error: s.error ?? null,
      counts: { drift: s.drift.length, pending: s.pending.length },
      drift: s.drift.map(entry),
      pending: s.pending.map(entry),
    })),
  };
}
