/**
 * Where everything goes: ELK's layered algorithm places the boxes left to right, one partition per swim lane (so the
 * lanes stay columns in the reference architecture's order) and routes the flows orthogonally around the boxes.
 * ELK is deterministic for the same graph, and the graph is built in catalogue order, so the same input gives the
 * same coordinates. Coordinates are rounded to a tenth of a pixel.
 */
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkNode } from "elkjs/lib/elk-api";
import type { Component } from "./catalogue";
import { boxContent, type BoxContent } from "./box-content";
import type { EnvironmentModel } from "./environment-model";
import type { Flow } from "./flows";
import { LANES, laneIndex, type Lane } from "./lanes";

/** A component's box: its content and top-left corner. */
export interface PlacedComponent {
  readonly component: Component;
  readonly content: BoxContent;
  readonly x: number;
  readonly y: number;
}

/** A flow's route, from its source box's edge to its target box's edge. */
export interface PlacedFlow {
  readonly flow: Flow;
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

/** A lane's column. */
export interface PlacedLane {
  readonly lane: Lane;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The positions of everything in the lanes, relative to the lanes' top-left corner (0, 0). */
export interface LanesLayout {
  readonly width: number;
  readonly height: number;
  readonly lanes: readonly PlacedLane[];
  readonly components: readonly PlacedComponent[];
  readonly flows: readonly PlacedFlow[];
}

/** Room inside a lane around its boxes, and the height of the lane's title. */
const LANE_PADDING = 12;
export const LANE_TITLE_HEIGHT = 30;
/** Gap between layers: two lane paddings and a visible gap between lanes, where the flows run. */
const BETWEEN_LAYERS = 56;

const LAYOUT_OPTIONS: Readonly<Record<string, string>> = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  // One partition per lane: a lane's boxes are all right of the previous lane's.
  "elk.partitioning.activate": "true",
  // Lanes are columns of one drawing: components with no flow between them must not be laid out apart.
  "elk.separateConnectedComponents": "false",
  "elk.edgeRouting": "ORTHOGONAL",
  "elk.layered.spacing.nodeNodeBetweenLayers": String(BETWEEN_LAYERS),
  "elk.spacing.nodeNode": "18",
  "elk.spacing.edgeNode": "12",
  "elk.spacing.edgeEdge": "8",
  // Keep the catalogue's order within a lane where crossings allow: a stable reading order across environments.
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
  "elk.randomSeed": "1",
  "elk.padding": "[top=0,left=0,bottom=0,right=0]",
};

const round = (n: number) => Math.round(n * 10) / 10;

/** Lays out the lanes, boxes and flows of an environment's model. */
export async function layoutLanes(model: EnvironmentModel): Promise<LanesLayout> {
  const contents = new Map(model.components.map((c) => [c.id, boxContent(c, model.env)]));
  const graph: ElkNode = {
    id: "lanes",
    layoutOptions: { ...LAYOUT_OPTIONS },
    children: model.components.map((c) => {
      const content = contents.get(c.id) as BoxContent;
      return {
        id: c.id,
        width: content.width,
        height: content.height,
        layoutOptions: { "elk.partitioning.partition": String(laneIndex(c.lane)) },
      };
    }),
    edges: model.flows.map((f) => ({ id: `${f.from}->${f.to}`, sources: [f.from], targets: [f.to] })),
  };
  const laidOut = await new ELK().layout(graph);
  const top = LANE_TITLE_HEIGHT + LANE_PADDING;
  const left = LANE_PADDING;
  const positions = new Map((laidOut.children ?? []).map((n) => [n.id, { x: round(left + (n.x ?? 0)), y: round(top + (n.y ?? 0)) }]));
  const components = model.components.map((component) => {
    const position = positions.get(component.id) ?? { x: 0, y: 0 };
    return { component, content: contents.get(component.id) as BoxContent, ...position };
  });
  const flows = model.flows.map((flow, i) => {
    const section = laidOut.edges?.[i]?.sections?.[0];
    const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
    return { flow, points: points.map((p) => ({ x: round(left + p.x), y: round(top + p.y) })) };
  });
  const height = round(top + (laidOut.height ?? 0) + LANE_PADDING);
  const lanes = placeLanes(components, height);
  const width = round(Math.max(...lanes.map((l) => l.x + l.width)));
  return { width, height, lanes, components, flows };
}

/** Each lane's column: around its boxes, the full height. */
function placeLanes(components: readonly PlacedComponent[], height: number): PlacedLane[] {
  return LANES.map((lane) => {
    const boxes = components.filter((c) => c.component.lane === lane.id);
    const x = Math.min(...boxes.map((b) => b.x)) - LANE_PADDING;
    const right = Math.max(...boxes.map((b) => b.x + b.content.width)) + LANE_PADDING;
    return { lane, x: round(x), y: 0, width: round(right - x), height };
  }).filter((l) => Number.isFinite(l.x));
}
