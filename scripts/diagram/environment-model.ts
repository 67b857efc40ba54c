/**
 * What one environment's diagram shows, before any layout: its components (present or absent), the flows between
 * them, its posture badges and its stacks. Built from the synthesized resources alone.
 */
import { detectComponents, type Component } from "./catalogue";
import { flowsBetween, type Flow } from "./flows";
import { postureBadges, type Badge } from "./posture";
import { ResourceIndex } from "./resource-index";
import type { EnvironmentResources } from "./synthesized-stacks";

/** The diagram of one environment, as data. */
export interface EnvironmentModel {
  readonly env: string;
  readonly stacks: readonly string[];
  readonly resourceCount: number;
  readonly components: readonly Component[];
  readonly flows: readonly Flow[];
  readonly badges: readonly Badge[];
}

/** The model of an environment from its synthesized stacks. */
export function environmentModel(environment: EnvironmentResources): EnvironmentModel {
  const index = new ResourceIndex(environment.resources);
  const components = detectComponents(index);
  return {
    env: environment.env,
    stacks: environment.stacks.map((s) => s.id),
    resourceCount: environment.resources.length,
    components,
    flows: flowsBetween(components),
    badges: postureBadges(index),
  };
}
