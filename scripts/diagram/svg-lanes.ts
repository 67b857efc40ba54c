/**
 * The lanes part of the SVG: the lane columns with their titles, the flows (routes from the layout, arrowheads at
 * the target) and the component boxes (stack band, name, detail, stacks; greyed when absent).
 */
import { LINE_STYLES, STRIPE_HEIGHT } from "./box-content";
import type { LanesLayout, PlacedComponent, PlacedFlow, PlacedLane } from "./layout";
import { LANE_TITLE_HEIGHT } from "./layout";
import { COLOURS, stackColour } from "./palette";
import { element, escapeXml, num } from "./svg-text";

/** What the lanes part needs besides the layout. */
export interface LanesStyle {
  readonly env: string;
  /** Prefix of every id in this SVG (an index page holds several). */
  readonly idPrefix: string;
  /** Components to outline as differing from another environment. */
  readonly changed: ReadonlySet<string>;
}

/** The arrowhead markers, one for active and one for greyed flows. */
export function flowMarkers(idPrefix: string): string {
  const marker = (id: string, fill: string) =>
    element(
      "marker",
      { id: `${idPrefix}${id}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
      element("path", { d: "M0,0L10,5L0,10z", fill }),
    );
  return marker("arrow", COLOURS.flow) + marker("arrow-absent", COLOURS.absentFlow);
}

/** The lanes, flows and boxes, translated by (dx, dy). */
export function renderLanes(layout: LanesLayout, style: LanesStyle, dx: number, dy: number): string {
  const inactive = layout.flows.filter((f) => !f.flow.active);
  const active = layout.flows.filter((f) => f.flow.active);
  return element(
    "g",
    { transform: `translate(${num(dx)} ${num(dy)})` },
    [
      ...layout.lanes.map((lane, i) => renderLane(lane, i)),
      // Greyed flows first, so an active flow sharing a route is drawn over them.
      ...inactive.map((f) => renderFlow(f, style.idPrefix)),
      ...active.map((f) => renderFlow(f, style.idPrefix)),
      ...layout.components.map((c) => renderBox(c, style)),
    ].join("\n"),
  );
}

function renderLane(placed: PlacedLane, index: number): string {
  const spanning = placed.lane.id === "governance" || placed.lane.id === "collaboration";
  const fill = spanning ? COLOURS.spanningLane : COLOURS.lane[index % 2];
  return element(
    "g",
    { "data-lane": placed.lane.id },
    element("rect", { "data-role": "lane", x: placed.x, y: placed.y, width: placed.width, height: placed.height, rx: 6, fill }) +
      element(
        "text",
        {
          "data-role": "lane-title",
          x: placed.x + placed.width / 2,
          y: placed.y + LANE_TITLE_HEIGHT * 0.68,
          "text-anchor": "middle",
          "font-size": 14,
          "font-weight": "bold",
          fill: COLOURS.laneTitle,
        },
        escapeXml(placed.lane.title),
      ),
  );
}

function renderFlow(placed: PlacedFlow, idPrefix: string): string {
  if (placed.points.length < 2) return "";
  const d = placed.points.map((p, i) => `${i === 0 ? "M" : "L"}${num(p.x)},${num(p.y)}`).join("");
  const { active, from, to } = placed.flow;
  return element("path", {
    "data-flow": `${from}->${to}`,
    "data-active": String(active),
    d,
    fill: "none",
    stroke: active ? COLOURS.flow : COLOURS.absentFlow,
    "stroke-width": active ? 1.5 : 1,
    "stroke-dasharray": active ? undefined : "4 3",
    "marker-end": `url(#${idPrefix}${active ? "arrow" : "arrow-absent"})`,
  });
}

function renderBox(placed: PlacedComponent, style: LanesStyle): string {
  const { component, content, x, y } = placed;
  const present = component.present;
  const changed = style.changed.has(component.id);
  const parts = [
    element("rect", {
      "data-role": "box",
      x,
      y,
      width: content.width,
      height: content.height,
      rx: 5,
      fill: present ? COLOURS.box : COLOURS.absentBox,
      stroke: changed ? COLOURS.changed : present ? COLOURS.boxStroke : COLOURS.absentStroke,
      "stroke-width": changed ? 3 : 1,
      "stroke-dasharray": present || changed ? undefined : "4 3",
    }),
    ...stackBand(placed, style.env),
    element("text", { "data-role": "label", x: x + content.textX, y, fill: present ? COLOURS.text : COLOURS.absentText }, boxLines(placed)),
  ];
  const title = `${component.name}: ${present ? component.detail : `not in ${style.env}`}`;
  return element(
    "g",
    {
      id: `${style.idPrefix}component-${component.id}`,
      "data-component": component.id,
      "data-lane": component.lane,
      "data-present": String(present),
      "data-changed": changed ? "true" : undefined,
    },
    element("title", {}, escapeXml(title)) + parts.join(""),
  );
}

/** The coloured band at the top of a present box: one segment per stack its resources are in. */
function stackBand(placed: PlacedComponent, env: string): string[] {
  const { component, content, x, y } = placed;
  if (!component.present || component.stacks.length === 0) return [];
  const inner = content.width - 8;
  const segment = inner / component.stacks.length;
  return component.stacks.map((stack, i) =>
    element("rect", {
      "data-role": "stack-band",
      x: x + 4 + i * segment,
      y: y + 2,
      width: segment,
      height: STRIPE_HEIGHT,
      rx: 1,
      fill: stackColour(stack, env),
    }),
  );
}

function boxLines(placed: PlacedComponent): string {
  const { content, x, y, component } = placed;
  return content.lines
    .map((line) => {
      const style = LINE_STYLES[line.kind];
      return element(
        "tspan",
        {
          x: x + content.textX,
          y: y + line.baseline,
          "font-size": style.fontSize,
          "font-weight": style.weight === "bold" ? "bold" : undefined,
          fill: line.kind === "name" || !component.present ? undefined : COLOURS.mutedText,
        },
        escapeXml(line.text),
      );
    })
    .join("");
}
