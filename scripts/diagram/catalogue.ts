/**
 * The component catalogue: every component the reference architecture names, in lane order, and what an
 * environment's synthesized resources have of each. A component the environment leaves out is still listed (absent),
 * so the diagram can grey it and the gap shows.
 */
import {
  ANALYSIS_COMPONENTS,
  COLLABORATION_COMPONENTS,
  GOVERNANCE_COMPONENTS,
  QUERY_COMPONENTS,
  SERVE_COMPONENTS,
  STORAGE_COMPONENTS,
} from "./catalogue-consumption";
import { INGEST_COMPONENTS, SOURCE_COMPONENTS, TRANSFORM_COMPONENTS } from "./catalogue-intake";
import type { ComponentSpec } from "./component-spec";
import type { LaneId } from "./lanes";
import { isProtected, type ResourceIndex } from "./resource-index";
import { LAYERS } from "../../stacks/shared/backend";

/** Every component, in lane order, then the order a reader follows within a lane. */
export const CATALOGUE: readonly ComponentSpec[] = [
  ...SOURCE_COMPONENTS,
  ...INGEST_COMPONENTS,
  ...TRANSFORM_COMPONENTS,
  ...QUERY_COMPONENTS,
  ...SERVE_COMPONENTS,
  ...ANALYSIS_COMPONENTS,
  ...STORAGE_COMPONENTS,
  ...GOVERNANCE_COMPONENTS,
  ...COLLABORATION_COMPONENTS,
];

/** A component as one environment has it. */
export interface Component {
  readonly id: string;
  readonly name: string;
  readonly lane: LaneId;
  /** False when the environment leaves the component out (drawn greyed). */
  readonly present: boolean;
  /** What is deployed (`2 streams, on demand, KMS`); empty when absent. */
  readonly detail: string;
  /** The stacks its resources are in, in layer order; empty when absent. */
  readonly stacks: readonly string[];
  /** How many of its resources are protected from destroy. */
  readonly protectedResources: number;
}

/** Every catalogue component as the environment has it (present or absent), in catalogue order. */
export function detectComponents(index: ResourceIndex, catalogue: readonly ComponentSpec[] = CATALOGUE): Component[] {
  return catalogue.map((spec) => {
    const detection = spec.detect(index);
    return {
      id: spec.id,
      name: spec.name,
      lane: spec.lane,
      present: detection !== undefined,
      detail: detection?.detail ?? "",
      stacks: [...new Set([...(detection?.resources ?? [])].sort((a, b) => LAYERS.indexOf(a.layer) - LAYERS.indexOf(b.layer)).map((r) => r.stack))],
      protectedResources: detection?.resources.filter(isProtected).length ?? 0,
    };
  });
}
