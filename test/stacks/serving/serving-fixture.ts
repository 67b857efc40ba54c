/**
 * Shared by the serving stack tests: building the lakehouse of one or more configs, the synthesized serving stack of
 * each (eagerly) and the workspace and unity-catalog stacks (on first use, once), and the references the serving
 * layer renders to the layers below.
 */
import { Testing } from "cdktf";
import { ENVIRONMENTS, validateEnvironments, type EnvironmentConfig } from "../../../environments";
import { buildLakehouse, type EnvironmentStacks } from "../../../stacks/lakehouse";
import { synthesize, type SynthesizedStack } from "../../synth-json";
import { REGISTERED, mapEntry } from "../ingestion/ingestion-fixture";

export { REGISTERED };

/** One environment's stacks and the synthesized JSON of the layers the serving tests read. */
export interface BuiltServing {
  readonly config: EnvironmentConfig;
  readonly stacks: EnvironmentStacks;
  readonly serving: SynthesizedStack;
  /** Synthesized on first use. */
  readonly workspace: SynthesizedStack;
  /** Synthesized on first use. */
  readonly unityCatalog: SynthesizedStack;
}

/** Builds the lakehouse of `configs` in one app (as main.ts does) and synthesizes each serving stack. */
export function buildServing(configs: readonly EnvironmentConfig[]): Record<string, BuiltServing> {
  return Object.fromEntries(
    buildLakehouse(Testing.app(), configs).map((stacks) => {
      const cache: { workspace?: SynthesizedStack; unityCatalog?: SynthesizedStack } = {};
      const built: BuiltServing = {
        config: stacks.config,
        stacks,
        serving: synthesize(stacks.serving),
        get workspace() {
          return (cache.workspace ??= synthesize(stacks.workspace));
        },
        get unityCatalog() {
          return (cache.unityCatalog ??= synthesize(stacks.unityCatalog));
        },
      };
      return [stacks.config.name, built];
    }),
  );
}

/** The input of a config as validation reads it, with the serving section typed loosely for changes. */
export type ServingInput = Record<string, unknown> & { ingestion: Record<string, unknown>; serving: Record<string, unknown> };

/** A registered config changed by `change` (on its input, serving section included), validated alone. */
export function servingVariant(base: EnvironmentConfig, change: (input: ServingInput) => void): EnvironmentConfig {
  const registered = Object.values(ENVIRONMENTS).find((e) => e.input.name === base.name);
  if (!registered) throw new Error(`${base.name} is not registered`);
  const input = structuredClone(registered.input) as unknown as ServingInput;
  input.serving ??= {};
  change(input);
  return validateEnvironments([{ source: registered.source, input }])[0];
}

/** `${data.terraform_remote_state.<layer>.outputs.<output>}`. */
export const fromLayer = (layer: "network-storage" | "workspace" | "unity-catalog" | "ingestion", output: string) =>
  `\${data.terraform_remote_state.${layer}.outputs.${output}}`;
export const fromStorage = (output: string) => fromLayer("network-storage", output);
export const fromWorkspace = (output: string) => fromLayer("workspace", output);
export const fromUnityCatalog = (output: string) => fromLayer("unity-catalog", output);
export const fromIngestion = (output: string) => fromLayer("ingestion", output);
export { mapEntry };
/** The application id of a service principal of the workspace layer. */
export const applicationIdOf = (key: string) => fromWorkspace(mapEntry("service_principal_application_ids", key));
export const DATA_KEY = fromStorage("data_key_arn");

/** Every key of every object anywhere in `value`, with its path. */
export function allKeys(value: unknown, path = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => allKeys(v, `${path}[${i}]`));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => [`${path}.${k}`, ...allKeys(v, `${path}.${k}`)]);
  return [];
}
