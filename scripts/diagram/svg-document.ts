/**
 * One environment's diagram as a standalone SVG document: a header (title, what it was drawn from, the security
 * posture badges), the lanes with their boxes and flows, and a legend (stack colours, what greyed means).
 */
import type { EnvironmentModel } from "./environment-model";
import type { LanesLayout } from "./layout";
import { COLOURS, stackColour } from "./palette";
import { flowMarkers, renderLanes } from "./svg-lanes";
import { element, escapeXml, num, slug } from "./svg-text";
import { FONT_FAMILY, textWidth } from "./text-metrics";

/** Options of a rendering. */
export interface SvgOptions {
  /** Components to outline as differing from another environment. @default - none */
  readonly changed?: ReadonlySet<string>;
  /** Prefix of every element id, so several SVGs can share one HTML page. @default `<env>-` */
  readonly idPrefix?: string;
}

const MARGIN = 24;
const MIN_WIDTH = 960;
const PILL_HEIGHT = 22;
const PILL_FONT = 11.5;
const ROW_GAP = 8;

/** An item of a row that wraps: its width and how to draw it at (x, y). */
interface RowItem {
  readonly width: number;
  readonly draw: (x: number, y: number) => string;
}

/** Places items left to right, wrapping at `maxWidth`; returns the drawing and the height used. */
function wrapRow(items: readonly RowItem[], left: number, top: number, maxWidth: number): { svg: string; height: number } {
  let x = left;
  let y = top;
  const drawn: string[] = [];
  for (const item of items) {
    if (x > left && x + item.width > left + maxWidth) {
      x = left;
      y += PILL_HEIGHT + ROW_GAP;
    }
    drawn.push(item.draw(x, y));
    x += item.width + ROW_GAP;
  }
  return { svg: drawn.join(""), height: items.length === 0 ? 0 : y - top + PILL_HEIGHT };
}

function badgeItems(model: EnvironmentModel): RowItem[] {
  return model.badges.map((badge) => {
    const width = textWidth(badge.label, PILL_FONT) + 20;
    return {
      width,
      draw: (x, y) =>
        element(
          "g",
          { "data-badge": badge.id, "data-on": String(badge.on) },
          element("rect", {
            x,
            y,
            width,
            height: PILL_HEIGHT,
            rx: PILL_HEIGHT / 2,
            fill: badge.on ? COLOURS.badgeOn : COLOURS.badgeOff,
            stroke: badge.on ? COLOURS.badgeOnStroke : COLOURS.badgeOffStroke,
          }) +
            element(
              "text",
              { "data-role": "badge-label", x: x + 10, y: y + 15, "font-size": PILL_FONT, fill: badge.on ? COLOURS.text : COLOURS.absentText },
              escapeXml(badge.label),
            ),
        ),
    };
  });
}

function legendItems(model: EnvironmentModel): RowItem[] {
  const stacks = model.stacks.map((stack): RowItem => {
    const width = textWidth(stack, PILL_FONT) + 26;
    return {
      width,
      draw: (x, y) =>
        element(
          "g",
          { "data-legend": stack },
          element("rect", { x, y: y + 6, width: 12, height: 10, rx: 2, fill: stackColour(stack, model.env) }) +
            element("text", { x: x + 18, y: y + 15, "font-size": PILL_FONT, fill: COLOURS.mutedText }, escapeXml(stack)),
        ),
    };
  });
  const greyed = `dashed grey: named by the reference architecture, not in ${model.env}`;
  const note = (text: string): RowItem => ({
    width: textWidth(text, PILL_FONT),
    draw: (x, y) => element("text", { x, y: y + 15, "font-size": PILL_FONT, fill: COLOURS.mutedText }, escapeXml(text)),
  });
  return [note("stacks (band on each box):"), ...stacks, note(greyed), note("protected: resources with lifecycle.prevent_destroy")];
}

/** The SVG document of an environment's model and layout. */
export function renderSvg(model: EnvironmentModel, layout: LanesLayout, options: SvgOptions = {}): string {
  const idPrefix = options.idPrefix ?? `${slug(model.env)}-`;
  const width = Math.ceil(Math.max(MIN_WIDTH, layout.width + 2 * MARGIN));
  const inner = width - 2 * MARGIN;
  const title = element(
    "text",
    { "data-role": "title", x: MARGIN, y: 36, "font-size": 22, "font-weight": "bold", fill: COLOURS.text },
    escapeXml(`${model.env}: Databricks lakehouse on AWS`),
  );
  const subtitle = element(
    "text",
    { "data-role": "subtitle", x: MARGIN, y: 58, "font-size": 12.5, fill: COLOURS.mutedText },
    escapeXml(`Drawn from the synthesized Terraform JSON: ${model.stacks.length} stacks, ${model.resourceCount} resources.`),
  );
  const badges = wrapRow(badgeItems(model), MARGIN, 72, inner);
  const lanesTop = 72 + badges.height + 18;
  const lanes = renderLanes(layout, { env: model.env, idPrefix, changed: options.changed ?? new Set() }, MARGIN, lanesTop);
  const legendTop = lanesTop + layout.height + 14;
  const legend = wrapRow(legendItems(model), MARGIN, legendTop, inner);
  const height = Math.ceil(legendTop + legend.height + MARGIN);
  const label = `Architecture of ${model.env}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg"${attrsLine(width, height, label)}>`,
    element("title", {}, escapeXml(label)),
    element("defs", {}, flowMarkers(idPrefix)),
    element("rect", { x: 0, y: 0, width, height, fill: "#ffffff" }),
    title,
    subtitle,
    badges.svg,
    lanes,
    legend.svg,
    "</svg>",
    "",
  ].join("\n");
}

function attrsLine(width: number, height: number, label: string): string {
  return ` width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" font-family="${escapeXml(FONT_FAMILY)}" role="img" aria-label="${escapeXml(label)}"`;
}
