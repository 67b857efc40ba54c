/**
 * What each layer reads from the layers below it, as the synthesized stacks say: every `terraform_remote_state` data
 * source of a stack (the layer it reads, from its state key `<env>/<layer>.tfstate`) and every
 * `data.terraform_remote_state.<name>.outputs.<output>` reference in the stack's Terraform JSON. A field a stack
 * reads through a contract but never uses does not appear in the JSON, so this is what the layer needs, not what it
 * could read.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Testing } from "cdktf";
import { ENVIRONMENTS, validateEnvironments } from "../../environments";
import { buildLakehouse } from "../../stacks/lakehouse";
import { LAYERS, type Layer } from "../../stacks/shared/backend";
import { LayerStack } from "../../stacks/shared/layer-stack";

/** One stack's Terraform JSON, with the stage and layer it belongs to. */
export interface StackJson {
  readonly stage: string;
  readonly layer: Layer;
  /** The JSON text, as `cdktf synth` writes it. */
  readonly json: string;
}

/** One output of a lower layer that a layer's stacks read, and the stages whose stack reads it. */
export interface RemoteStateRead {
  /** The layer whose state holds the output. */
  readonly layer: Layer;
  /** The Terraform output name (snake_case of the contract field). */
  readonly output: string;
  /** The stages whose stack reads it, in the order of the stacks given. */
  readonly stages: readonly string[];
}

/** What one layer's stacks read: the states they declare and the outputs they use. */
export interface LayerReads {
  /** The layers whose state some stage of this layer declares, in LAYERS order. */
  readonly states: readonly Layer[];
  /** The outputs read, by layer (LAYERS order), then by output name. */
  readonly reads: readonly RemoteStateRead[];
}

/**
 * Synthesizes every registered environment in memory (nothing is written; the guardrails are not run) and returns
 * each layer stack's Terraform JSON, stages in registry order, layers in LAYERS order.
 */
export function synthesizeRegisteredStacks(): StackJson[] {
  const configs = validateEnvironments(Object.values(ENVIRONMENTS));
  const outdir = mkdtempSync(join(tmpdir(), "lakehouse-layer-docs-"));
  try {
    const app = new App({ outdir });
    buildLakehouse(app, configs);
    const stacks = app.node.children.filter((child): child is LayerStack => child instanceof LayerStack);
    // Testing.synth runs the stack's aspects before it resolves the stack, as `cdktf synth` does, and writes nothing.
    return configs.flatMap((config) =>
      LAYERS.flatMap((layer) =>
        stacks.filter((s) => s.config.name === config.name && s.layer === layer).map((s) => ({ stage: config.name, layer, json: Testing.synth(s) })),
      ),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** What each layer reads, from the stacks' JSON; throws when a stack reads a state in a way that hides which outputs. */
export function readsByLayer(stacks: readonly StackJson[]): Record<Layer, LayerReads> {
  const states = new Map<Layer, Set<Layer>>();
  const reads = new Map<Layer, Map<string, { layer: Layer; output: string; stages: string[] }>>();
  for (const stack of stacks) {
    const names = remoteStates(stack);
    for (const below of names.values()) add(states, stack.layer, below);
    for (const [name, output] of references(stack)) {
      const below = names.get(name);
      if (below === undefined)
        throw new Error(`${stack.stage}-${stack.layer}: refers to data.terraform_remote_state.${name}, which it does not declare`);
      const byOutput = reads.get(stack.layer) ?? new Map<string, { layer: Layer; output: string; stages: string[] }>();
      reads.set(stack.layer, byOutput);
      const read = byOutput.get(`${below}.${output}`) ?? { layer: below, output, stages: [] };
      byOutput.set(`${below}.${output}`, read);
      if (!read.stages.includes(stack.stage)) read.stages.push(stack.stage);
    }
  }
  const order = (layer: Layer) => LAYERS.indexOf(layer);
  const result = {} as Record<Layer, LayerReads>;
  for (const layer of LAYERS) {
    result[layer] = {
      states: [...(states.get(layer) ?? [])].sort((a, b) => order(a) - order(b)),
      reads: [...(reads.get(layer)?.values() ?? [])].sort((a, b) => order(a.layer) - order(b.layer) || a.output.localeCompare(b.output)),
    };
  }
  return result;
}

/** The stack's remote-state data sources: data source name -> the layer whose state it reads. */
function remoteStates(stack: StackJson): Map<string, Layer> {
  const json = JSON.parse(stack.json) as { data?: { terraform_remote_state?: Record<string, { config?: { key?: string } }> } };
  const result = new Map<string, Layer>();
  for (const [name, block] of Object.entries(json.data?.terraform_remote_state ?? {})) {
    const layer = /^[^/]+\/(.+)\.tfstate$/.exec(block.config?.key ?? "")?.[1];
    if (!(LAYERS as readonly string[]).includes(layer ?? "")) {
      throw new Error(
        `${stack.stage}-${stack.layer}: data.terraform_remote_state.${name} reads state key "${block.config?.key}", which is no layer's <env>/<layer>.tfstate`,
      );
    }
    result.set(name, layer as Layer);
  }
  return result;
}

/** Every `data.terraform_remote_state.<name>.outputs.<output>` reference: [name, output] pairs. */
function references(stack: StackJson): [string, string][] {
  return [...stack.json.matchAll(/data\.terraform_remote_state\.([A-Za-z_][\w-]*)\.outputs(\.([A-Za-z_]\w*))?/g)].map((match) => {
    if (match[3] === undefined) {
      throw new Error(
        `${stack.stage}-${stack.layer}: uses the whole outputs of data.terraform_remote_state.${match[1]}; read single fields through the contract`,
      );
    }
    return [match[1], match[3]];
  });
}

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  map.set(key, (map.get(key) ?? new Set<V>()).add(value));
}
