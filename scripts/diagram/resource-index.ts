/**
 * Questions the component catalogue asks of an environment's synthesized resources: which resources of a type,
 * an attribute by path, and the references (`${type.name...}`) a resource's attributes make.
 */
import type { SynthesizedResource } from "./synthesized-stacks";

/** The resources of one environment, looked up by type. */
export class ResourceIndex {
  private readonly byType = new Map<string, SynthesizedResource[]>();

  constructor(public readonly resources: readonly SynthesizedResource[]) {
    for (const resource of resources) {
      const list = this.byType.get(resource.type) ?? [];
      list.push(resource);
      this.byType.set(resource.type, list);
    }
  }

  /** The resources of the given types, in the order they were read (type, then name). */
  ofType(...types: readonly string[]): SynthesizedResource[] {
    return types.flatMap((type) => this.byType.get(type) ?? []);
  }
}

/** The value at a dotted path of a resource's body (`ai_gateway.usage_tracking_config.enabled`); arrays use their first item. */
export function attribute(resource: SynthesizedResource, path: string): unknown {
  let value: unknown = resource.body;
  for (const key of path.split(".")) {
    if (Array.isArray(value)) value = value[0];
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The attribute as a string, or undefined when it is not one. */
export function stringAttribute(resource: SynthesizedResource, path: string): string | undefined {
  const value = attribute(resource, path);
  return typeof value === "string" ? value : undefined;
}

/** True when the resource's attributes reference a resource of `type` (`${aws_msk_cluster.Kafka.bootstrap_brokers}`). */
export function references(resource: SynthesizedResource, type: string): boolean {
  return JSON.stringify(resource.body).includes(`\${${type}.`);
}

/** True when the resource is protected from destroy (`lifecycle.prevent_destroy`). */
export function isProtected(resource: SynthesizedResource): boolean {
  return attribute(resource, "lifecycle.prevent_destroy") === true;
}

/** `1 stream`, `2 streams`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** `count(n, ...)` when n > 0, else nothing (for `parts`). */
export function countIfAny(n: number, singular: string, plural = `${singular}s`): string | false {
  return n > 0 && count(n, singular, plural);
}

/** The distinct values, sorted, without undefined. */
export function distinct(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))].sort();
}
