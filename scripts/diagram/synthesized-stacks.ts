/**
 * Reading what `npm run synth` wrote for one environment: its stacks `<env>-<layer>` in the output folder, each
 * stack's cdk.tf.json parsed into a flat list of resources. A missing or malformed file is one line naming it.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../../modules/core/errors";
import { LAYERS, type Layer } from "../../stacks/shared/backend";

/** One resource of a synthesized stack: its Terraform type and name, the stack and layer it is in, its body. */
export interface SynthesizedResource {
  readonly type: string;
  readonly name: string;
  readonly stack: string;
  readonly layer: Layer;
  readonly body: Readonly<Record<string, unknown>>;
}

/** The synthesized stacks of one environment, in layer order, and all their resources. */
export interface EnvironmentResources {
  readonly env: string;
  readonly stacks: readonly { readonly id: string; readonly layer: Layer }[];
  readonly resources: readonly SynthesizedResource[];
}

/**
 * The layers of `env` that have a synthesized stack in `outdir` (a `stacks/<env>-<layer>/cdk.tf.json`), in layer
 * order. A stack folder holding only Terraform's committed lock file has not been synthesized.
 */
export function synthesizedLayers(outdir: string, env: string): Layer[] {
  return LAYERS.filter((layer) => existsSync(join(outdir, "stacks", `${env}-${layer}`, "cdk.tf.json")));
}

/**
 * The layers of `env` to draw: every layer, since the app builds every layer's stack for every environment. Some but
 * not all of them synthesized (a synth interrupted, a stack folder deleted) would draw the missing layers' components
 * as left out, so that is a UserError naming the stacks without a cdk.tf.json.
 */
export function completeLayers(outdir: string, env: string): Layer[] {
  const synthesized = synthesizedLayers(outdir, env);
  const missing = LAYERS.filter((layer) => !synthesized.includes(layer)).map((layer) => `${env}-${layer}`);
  if (missing.length > 0) {
    throw new UserError(
      `${join(outdir, "stacks")}: ${missing.join(", ")} ${missing.length === 1 ? "has" : "have"} no cdk.tf.json; run LAKEHOUSE_ENV=${env} npm run synth`,
    );
  }
  return synthesized;
}

/** Reads the synthesized stacks of `env` from `outdir`; a missing or malformed cdk.tf.json is a UserError naming it. */
export function readEnvironment(outdir: string, env: string, layers: readonly Layer[]): EnvironmentResources {
  const stacks = layers.map((layer) => ({ id: `${env}-${layer}`, layer }));
  const resources = stacks.flatMap(({ id, layer }) => {
    const file = join(outdir, "stacks", id, "cdk.tf.json");
    return resourcesOf(file, readStackFile(file), id, layer);
  });
  return { env, stacks, resources };
}

function readStackFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    throw new UserError(`${file}: ${code === "ENOENT" ? "is missing; run npm run synth" : `cannot read it (${code ?? (error as Error).message})`}`);
  }
  return parseJson(file, text);
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file}: is not valid JSON (${(error as Error).message}); run npm run synth`);
  }
}

/** The resources of one parsed cdk.tf.json, sorted by type and name so that everything after is deterministic. */
export function resourcesOf(file: string, json: unknown, stack: string, layer: Layer): SynthesizedResource[] {
  if (!isObject(json)) throw new UserError(`${file}: is not a Terraform JSON object; run npm run synth`);
  const byType = json.resource ?? {};
  if (!isObject(byType)) throw new UserError(`${file}: "resource" is not an object`);
  const resources: SynthesizedResource[] = [];
  for (const type of Object.keys(byType).sort()) {
    const byName = byType[type];
    if (!isObject(byName)) throw new UserError(`${file}: resource.${type} is not an object`);
    for (const name of Object.keys(byName).sort()) {
      const body = byName[name];
      if (!isObject(body)) throw new UserError(`${file}: resource.${type}.${name} is not an object`);
      resources.push({ type, name, stack, layer, body });
    }
  }
  return resources;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
