/**
 * The layers built so far, derived from the code rather than written into each test: those of LAYERS
 * (stacks/shared/backend.ts, in deploy order) with a folder under stacks/. Tests build their expected stack lists,
 * command lists and messages from these, so adding the next layer's folder needs no test edits.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { LAYERS, type Layer } from "../stacks/shared/backend";
import { REPO_ROOT } from "./run-ts";

/** The layers built in the repository (or copy of it) at `root`, in deploy order. */
export const builtLayersIn = (root: string): Layer[] => LAYERS.filter((layer) => existsSync(join(root, "stacks", layer)));

/** The built layers of this repository, in deploy order. */
export const BUILT: readonly Layer[] = builtLayersIn(REPO_ROOT);

/** The first layer of LAYERS that is not built yet, if any is left. */
export const FIRST_UNBUILT: Layer | undefined = LAYERS.find((layer) => !BUILT.includes(layer));

/** The stack ids of the built layers of environment `env`, in deploy order: `<env>-<layer>`. */
export const stacksOf = (env: string): string[] => BUILT.map((layer) => `${env}-${layer}`);

/** The built layers after `layer`, in deploy order. */
export function layersAfter(layer: Layer): Layer[] {
  if (!BUILT.includes(layer)) throw new Error(`layer ${layer} is not built`);
  return BUILT.slice(BUILT.indexOf(layer) + 1);
}
