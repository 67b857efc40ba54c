/**
 * The page of every environment (`--all`): a table of what differs between the stages (components present in one and
 * not another, different details such as a warehouse's size, different posture), then each environment's diagram
 * side by side, with the differing boxes outlined.
 */
import { compareBadges, compareComponents } from "./differences";
import type { EnvironmentModel } from "./environment-model";
import { htmlPage } from "./html-page";
import { escapeXml } from "./svg-text";

const STYLE = [
  "table{border-collapse:collapse;font-size:13px}",
  "th,td{border:1px solid #d9dee4;padding:4px 8px;text-align:left;vertical-align:top}",
  "tr.differs td,tr.differs th{background:#fff4e6}",
  "td.absent{color:#9aa3ad;font-style:italic}",
  ".side-by-side{display:grid;gap:16px;align-items:start}",
  ".side-by-side section{min-width:0}",
  ".side-by-side svg{width:100%;height:auto;border:1px solid #d9dee4}",
  ".note{color:#5f6b7a;font-size:13px}",
].join("");

const cell = (value: string | undefined) => (value === undefined ? `<td class="absent">absent</td>` : `<td>${escapeXml(value)}</td>`);

function differencesTable(models: readonly EnvironmentModel[]): string {
  const header = `<tr><th>component</th>${models.map((m) => `<th>${escapeXml(m.env)}</th>`).join("")}</tr>`;
  const componentRows = compareComponents(models).map(
    (c) =>
      `<tr data-component="${escapeXml(c.id)}"${c.differs ? ` class="differs"` : ""}><th>${escapeXml(c.name)}</th>${c.byEnvironment.map(cell).join("")}</tr>`,
  );
  const badgeRows = compareBadges(models).map(
    (b) =>
      `<tr data-badge="${escapeXml(b.id)}"${b.differs ? ` class="differs"` : ""}><th>posture: ${escapeXml(b.id)}</th>${b.byEnvironment
        .map((e) => (e.on ? `<td>${escapeXml(e.label)}</td>` : `<td class="absent">${escapeXml(e.label)}</td>`))
        .join("")}</tr>`,
  );
  return `<table>${header}${[...componentRows, ...badgeRows].join("")}</table>`;
}

/** The index page: `svgs[i]` is the diagram of `models[i]`, rendered with unique ids and the differences outlined. */
export function indexPage(models: readonly EnvironmentModel[], svgs: readonly string[]): string {
  const differing = compareComponents(models).filter((c) => c.differs).length;
  const intro = `<p class="note">${models.length} environments; ${differing} components differ (highlighted rows; outlined in orange in the diagrams). Each environment's own page: ${models
    .map((m) => `<a href="${escapeXml(encodeURIComponent(m.env))}.html">${escapeXml(m.env)}</a>`)
    .join(", ")}.</p>`;
  const diagrams = models
    .map((m, i) => `<section data-env="${escapeXml(m.env)}"><h2>${escapeXml(m.env)}</h2>\n${svgs[i].trimEnd()}\n</section>`)
    .join("\n");
  const columns = `.side-by-side{grid-template-columns:repeat(${models.length},minmax(0,1fr))}`;
  const body = `<main><h1>Environments side by side</h1>${intro}<h2>Differences between the stages</h2>${differencesTable(models)}<h2>Diagrams</h2><div class="side-by-side">\n${diagrams}\n</div></main>`;
  return htmlPage("Environments side by side", body, STYLE + columns);
}
