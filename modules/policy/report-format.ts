/**
 * Text renderings of the report: one line per finding, warning and suppression, and a table of rules by
 * stacks with pass/fail/suppressed counts (pass/fail/warn/suppressed when a rule rolling out warns).
 */
import { PolicyReport, RuleStackCounts } from "./policy-report";
import { PolicyResult } from "./types";

/** Options of {@link formatSummary}. */
export interface SummaryOptions {
  /** The widest line the table may use; stacks beyond it continue in another table. @default 120 */
  readonly maxWidth?: number;
}

/** `<RULE-ID> <stack> <construct path>: <what is wrong>. Fix: <how>` on exactly one line. */
export function formatFindingLine(finding: PolicyResult): string {
  return oneLine(
    `${finding.ruleId} ${finding.stack} ${finding.path}: ${withoutPeriod(finding.message ?? "fails")}. Fix: ${withoutPeriod(finding.fix ?? "")}`,
  );
}

/** `<RULE-ID> <stack> <construct path>: suppressed: <reason> (finding: <what is wrong>)` on one line. */
export function formatSuppressionLine(result: PolicyResult): string {
  return oneLine(
    `${result.ruleId} ${result.stack} ${result.path}: suppressed: ${withoutPeriod(result.reason ?? "")} (finding: ${withoutPeriod(result.message ?? "")})`,
  );
}

/** `<RULE-ID> <stack> <construct path>: warning: <what is wrong>. Fix: <how>` on one line (a rule rolling out). */
export function formatWarningLine(result: PolicyResult): string {
  return oneLine(
    `${result.ruleId} ${result.stack} ${result.path}: warning: ${withoutPeriod(result.message ?? "fails")}. Fix: ${withoutPeriod(result.fix ?? "")}`,
  );
}

/**
 * The table of rules by stacks (cells `pass/fail/suppressed`, or `pass/fail/warn/suppressed` when there are
 * warnings), totals, every suppression with its reason and every warning.
 */
export function formatSummary(report: PolicyReport, options: SummaryOptions = {}): string {
  const counts = report.counts();
  const warns = counts.warn > 0;
  const lines = [
    `Guardrails: ${report.stacks.length} stack${report.stacks.length === 1 ? "" : "s"}, ${counts.pass} pass, ${counts.fail} fail, ${warns ? `${counts.warn} warn, ` : ""}${counts.suppressed} suppressed`,
    "",
    ...table(report, options.maxWidth ?? 120, warns),
    `cells: pass/fail/${warns ? "warn/" : ""}suppressed; · = nothing to check`,
  ];
  const suppressions = report.suppressions();
  if (suppressions.length > 0) {
    lines.push("", `Suppressed (${suppressions.length}):`, ...suppressions.map((s) => `  ${formatSuppressionLine(s)}`));
  }
  const warnings = report.warnings();
  if (warnings.length > 0) {
    lines.push(
      "",
      `Warnings (${warnings.length}), from rules rolling out; they do not fail synth:`,
      ...warnings.map((w) => `  ${formatWarningLine(w)}`),
    );
  }
  return lines.join("\n");
}

/** The summary followed by every finding, one per line. */
export function formatReport(report: PolicyReport, options: SummaryOptions = {}): string {
  const findings = report.findings();
  const tail = findings.length === 0 ? ["", "No findings."] : ["", `Findings (${findings.length}):`, ...findings.map(formatFindingLine)];
  return [formatSummary(report, options), ...tail].join("\n");
}

function table(report: PolicyReport, maxWidth: number, warns: boolean): string[] {
  const matrix = report.matrix();
  const rules = [...new Set(matrix.map((m) => m.ruleId))];
  if (rules.length === 0) {
    return ["(no rule had anything to check)"];
  }
  const cell = new Map(matrix.map((m) => [`${m.ruleId}\u0000${m.stack}`, m]));
  const text = (ruleId: string, stack: string) => cellText(cell.get(`${ruleId}\u0000${stack}`), warns);
  const ruleWidth = Math.max("rule".length, ...rules.map((r) => r.length));
  const widthOf = (stack: string) => Math.max(stack.length, ...rules.map((r) => text(r, stack).length));
  const lines: string[] = [];
  for (const chunk of chunkStacks(report.stacks, widthOf, maxWidth - ruleWidth)) {
    const row = (first: string, cells: string[]) =>
      [first.padEnd(ruleWidth), ...cells.map((c, i) => c.padEnd(widthOf(chunk[i])))].join("  ").trimEnd();
    lines.push(
      row("rule", chunk),
      ...rules.map((r) =>
        row(
          r,
          chunk.map((s) => text(r, s)),
        ),
      ),
      "",
    );
  }
  return lines;
}

function chunkStacks(stacks: readonly string[], widthOf: (s: string) => number, room: number): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let used = 0;
  for (const stack of stacks) {
    const width = widthOf(stack) + 2;
    if (current.length > 0 && used + width > room) {
      chunks.push(current);
      current = [];
      used = 0;
    }
    current.push(stack);
    used += width;
  }
  return current.length > 0 ? [...chunks, current] : chunks;
}

function cellText(counts: RuleStackCounts | undefined, warns: boolean): string {
  if (!counts) {
    return "·";
  }
  return warns ? `${counts.pass}/${counts.fail}/${counts.warn}/${counts.suppressed}` : `${counts.pass}/${counts.fail}/${counts.suppressed}`;
}

function withoutPeriod(text: string): string {
  return text.trim().replace(/\.+$/, "");
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ");
}
