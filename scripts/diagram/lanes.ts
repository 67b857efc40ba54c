/**
 * The swim lanes of the reference architecture (/work/shared/reference-architecture.md), in its order, then the two
 * concerns that span them: governance (Unity Catalog) and collaboration. The diagram draws them as columns, left to
 * right in this order.
 */

/** One swim lane: its id (used in element ids and the catalogue) and its title as drawn. */
export interface Lane {
  readonly id: LaneId;
  readonly title: string;
}

/** The lane ids, in drawing order. */
export const LANE_IDS = ["source", "ingest", "transform", "query", "serve", "analysis", "storage", "governance", "collaboration"] as const;
export type LaneId = (typeof LANE_IDS)[number];

const TITLES: Readonly<Record<LaneId, string>> = {
  source: "Source",
  ingest: "Ingest",
  transform: "Transform",
  query: "Query/Process",
  serve: "Serve",
  analysis: "Analysis",
  storage: "Storage",
  governance: "Governance",
  collaboration: "Collaboration",
};

/** The lanes in drawing order. */
export const LANES: readonly Lane[] = LANE_IDS.map((id) => ({ id, title: TITLES[id] }));

/** The position of a lane in drawing order (0 = Source). */
export function laneIndex(id: LaneId): number {
  return LANE_IDS.indexOf(id);
}
