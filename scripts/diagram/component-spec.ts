/**
 * The shape of an entry of the component catalogue: which resources make a component, in which lane, and the one
 * line that says what the environment has of it.
 */
import type { LaneId } from "./lanes";
import type { ResourceIndex } from "./resource-index";
import type { SynthesizedResource } from "./synthesized-stacks";

/** What an environment has of a component: the resources behind it and a short description of them. */
export interface Detection {
  /** The resources that make the component; their stacks and protection show on its box. */
  readonly resources: readonly SynthesizedResource[];
  /** What is deployed, e.g. `2 streams, on demand, KMS`. */
  readonly detail: string;
}

/** One component the reference architecture names. */
export interface ComponentSpec {
  /** Stable id, used in element ids and to compare environments. */
  readonly id: string;
  /** The name drawn on the box. */
  readonly name: string;
  readonly lane: LaneId;
  /** What the environment has of it, or undefined when it leaves the component out. */
  readonly detect: (index: ResourceIndex) => Detection | undefined;
}

/** A detection, or undefined when there are no resources. */
export function detected(
  resources: readonly SynthesizedResource[],
  detail: (resources: readonly SynthesizedResource[]) => string,
): Detection | undefined {
  return resources.length === 0 ? undefined : { resources, detail: detail(resources) };
}

/** Joins the non-empty parts of a detail line with commas. */
export function parts(...items: readonly (string | false | undefined)[]): string {
  return items.filter((item): item is string => typeof item === "string" && item.length > 0).join(", ");
}
