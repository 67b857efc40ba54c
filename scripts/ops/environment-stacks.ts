/**
 * The stacks of one environment as the app builds them: the app is built in memory (not synthesized, nothing
 * written) with only that environment selected, so the list follows stacks/lakehouse.ts as layers are added.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import type { EnvironmentConfig } from "../../environments";
import { buildLakehouse } from "../../stacks/lakehouse";
import { LAYERS, type Layer } from "../../stacks/shared/backend";

/** One stack of the environment: its layer, its id, and the ids of the environment's stacks it depends on. */
export interface EnvironmentStack {
  readonly layer: Layer;
  readonly id: string;
  readonly dependsOn: readonly string[];
}

/** The environment's stacks in deploy order (dependencies first, then LAYERS order). */
export function environmentStacks(config: EnvironmentConfig): EnvironmentStack[] {
  const outdir = mkdtempSync(join(tmpdir(), "lakehouse-ops-"));
  try {
    const app = new App({ outdir });
    buildLakehouse(app, [config]);
    const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
    return orderStacks(
      config.name,
      stacks.map((s) => ({ id: s.node.id, dependsOn: s.dependencies.map((d) => d.node.id) })),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Orders the stacks of environment `env` (ids `<env>-<layer>`): a stack comes after the stacks it depends on, and
 * otherwise in LAYERS order. Dependencies on other environments' stacks are dropped (they are not in the app when
 * one environment is selected).
 */
export function orderStacks(env: string, stacks: readonly { id: string; dependsOn: readonly string[] }[]): EnvironmentStack[] {
  const own = stacks
    .map((s) => ({ ...s, layer: layerOf(env, s.id) }))
    .filter((s): s is { id: string; dependsOn: readonly string[]; layer: Layer } => s.layer !== undefined);
  const ids = new Set(own.map((s) => s.id));
  const pending = own
    .map((s) => ({ layer: s.layer, id: s.id, dependsOn: s.dependsOn.filter((d) => ids.has(d)) }))
    .sort((a, b) => LAYERS.indexOf(a.layer) - LAYERS.indexOf(b.layer));
  const ordered: EnvironmentStack[] = [];
  while (pending.length > 0) {
    const next = pending.findIndex((s) => s.dependsOn.every((d) => ordered.some((o) => o.id === d)));
    if (next === -1) throw new Error(`stacks depend on each other in a cycle: ${pending.map((s) => s.id).join(", ")}`);
    ordered.push(...pending.splice(next, 1));
  }
  return ordered;
}

function layerOf(env: string, id: string): Layer | undefined {
  const prefix = `${env}-`;
  if (!id.startsWith(prefix)) return undefined;
  const layer = id.slice(prefix.length);
  return (LAYERS as readonly string[]).includes(layer) ? (layer as Layer) : undefined;
}
