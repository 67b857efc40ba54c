/** The construct classes the package exports (from its root entry point), by name, sorted. */
import { Construct } from "constructs";
import * as library from "../../modules";

export function exportedConstructs(): string[] {
  return Object.entries(library)
    .filter(([, value]) => typeof value === "function" && (value as { prototype: unknown }).prototype instanceof Construct)
    .map(([name]) => name)
    .sort();
}
