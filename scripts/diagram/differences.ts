/**
 * The differences between environments: for each component, what each environment has of it (its detail, or
 * absent); a component differs when the environments do not all have the same.
 */
import type { EnvironmentModel } from "./environment-model";

/** One component across environments. */
export interface ComponentComparison {
  readonly id: string;
  readonly name: string;
  /** Per environment, in the order given: the detail, or undefined when absent. */
  readonly byEnvironment: readonly (string | undefined)[];
  readonly differs: boolean;
}

/** One posture badge across environments. */
export interface BadgeComparison {
  readonly id: string;
  readonly byEnvironment: readonly { readonly label: string; readonly on: boolean }[];
  readonly differs: boolean;
}

/** Every catalogue component across `models` (all built from the same catalogue), in catalogue order. */
export function compareComponents(models: readonly EnvironmentModel[]): ComponentComparison[] {
  const first = models[0]?.components ?? [];
  return first.map((component) => {
    const byEnvironment = models.map((m) => {
      const own = m.components.find((c) => c.id === component.id);
      return own?.present ? own.detail : undefined;
    });
    return { id: component.id, name: component.name, byEnvironment, differs: new Set(byEnvironment).size > 1 };
  });
}

/** Every posture badge across `models`. */
export function compareBadges(models: readonly EnvironmentModel[]): BadgeComparison[] {
  const first = models[0]?.badges ?? [];
  return first.map((badge) => {
    const byEnvironment = models.map((m) => m.badges.find((b) => b.id === badge.id) ?? { label: "", on: false });
    return { id: badge.id, byEnvironment, differs: new Set(byEnvironment.map((b) => `${b.on}:${b.label}`)).size > 1 };
  });
}

/** The ids of the components that differ between environments. */
export function changedComponents(models: readonly EnvironmentModel[]): Set<string> {
  return new Set(
    compareComponents(models)
      .filter((c) => c.differs)
      .map((c) => c.id),
  );
}
