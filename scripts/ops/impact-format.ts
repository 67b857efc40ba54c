/**
 * The change impact report as text (a terminal, a CI log) or markdown (a pull request comment): what would destroy
 * data first, then per stack the resources added (+), removed (-), replaced (!) and changed (~, with the attribute
 * paths), then a summary line.
 */
import { ImpactReport, isUnchanged, ResourceChange } from "./impact";

const SIGN: Record<ResourceChange["change"], string> = { added: "+", removed: "-", replaced: "!", changed: "~" };

/** The report as plain text, under a `title` line. */
export function formatImpactText(report: ImpactReport, title: string): string {
  const lines = [title];
  if (report.dataLoss.length > 0) {
    lines.push("", `WOULD DESTROY DATA (${report.dataLoss.length}):`);
    for (const loss of report.dataLoss) lines.push(`  ${loss.stack}: ${loss.address}: ${loss.reason}`);
  }
  for (const [stack, changes] of byStack(report)) {
    lines.push("", `${stack}${stackNote(report, stack)}: ${counts(changes)}`);
    for (const change of changes) lines.push(`  ${changeLine(change)}`);
  }
  for (const move of report.moves) {
    const from = `${move.from.stack}: ${move.from.address}`;
    lines.push("", `moved: ${from} -> ${move.to.stack}: ${move.to.address} (same ${move.type} ${JSON.stringify(move.physicalName)}; recreated)`);
  }
  lines.push("", summary(report));
  return lines.join("\n");
}

/** The report as markdown, under a `title` heading. */
export function formatImpactMarkdown(report: ImpactReport, title: string): string {
  const lines = [`### ${title}`, ""];
  if (report.dataLoss.length > 0) {
    lines.push(`**Would destroy data (${report.dataLoss.length}):**`, "", "| stack | resource | why |", "|---|---|---|");
    for (const loss of report.dataLoss) lines.push(`| ${cell(loss.stack)} | \`${loss.address}\` | ${cell(loss.reason)} |`);
    lines.push("");
  }
  for (const [stack, changes] of byStack(report)) {
    lines.push(`#### ${stack}${stackNote(report, stack)}: ${counts(changes)}`, "", "```diff");
    for (const change of changes) lines.push(changeLine(change));
    lines.push("```", "");
  }
  if (report.moves.length > 0) {
    lines.push(
      "**Removed and added again with the same physical name (destroyed and recreated):**",
      "",
      "| from | to | type | physical name |",
      "|---|---|---|---|",
    );
    for (const m of report.moves) {
      lines.push(
        `| ${cell(m.from.stack)}: \`${m.from.address}\` | ${cell(m.to.stack)}: \`${m.to.address}\` | ${m.type} | ${cell(JSON.stringify(m.physicalName))} |`,
      );
    }
    lines.push("");
  }
  lines.push(`**${summary(report)}**`);
  return lines.join("\n");
}

/** The summary line: `no change`, or the counts and how many would destroy data. */
export function summary(report: ImpactReport): string {
  if (isUnchanged(report)) return `${report.stacks.length} stacks: no change`;
  const loss = report.dataLoss.length === 0 ? "nothing stateful destroyed" : `${report.dataLoss.length} would destroy data`;
  return `${report.stacks.length} stacks: ${counts(report.changes)}; ${loss}`;
}

function byStack(report: ImpactReport): Map<string, ResourceChange[]> {
  const stacks = new Map<string, ResourceChange[]>();
  for (const stack of [...report.stacksAdded, ...report.stacksRemoved]) stacks.set(stack, []);
  for (const change of report.changes) stacks.set(change.stack, [...(stacks.get(change.stack) ?? []), change]);
  return new Map([...stacks].sort(([a], [b]) => a.localeCompare(b)));
}

function stackNote(report: ImpactReport, stack: string): string {
  return report.stacksAdded.includes(stack) ? " (new stack)" : report.stacksRemoved.includes(stack) ? " (stack removed)" : "";
}

function counts(changes: readonly ResourceChange[]): string {
  const n = (kind: ResourceChange["change"]) => changes.filter((c) => c.change === kind).length;
  const replaced = n("replaced") > 0 ? `, ${n("replaced")} replaced` : "";
  return `${n("added")} added, ${n("removed")} removed, ${n("changed")} changed${replaced}`;
}

function changeLine(change: ResourceChange): string {
  const paths = change.paths && change.paths.length > 0 ? `: ${change.paths.join(", ")}` : "";
  return `${SIGN[change.change]} ${change.address}${change.change === "replaced" ? " (replaced)" : ""}${paths}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}
