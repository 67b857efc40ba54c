/**
 * Shared by the collaboration stack tests: building the lakehouse of one or more configs and synthesizing each
 * collaboration stack once (the unity-catalog stack on first use), the references the layer renders to the layers below, and config variants.
 */
import { Testing } from "cdktf";
import { ENVIRONMENTS, validateEnvironments, type EnvironmentConfig } from "../../../environments";
import { buildLakehouse, type EnvironmentStacks } from "../../../stacks/lakehouse";
import { synthesize, type SynthesizedStack } from "../../synth-json";
import { REGISTERED, mapEntry } from "../ingestion/ingestion-fixture";

export { REGISTERED, mapEntry };

/** One environment's stacks and its synthesized collaboration stack. */
export interface BuiltCollaboration {
  readonly config: EnvironmentConfig;
  readonly stacks: EnvironmentStacks;
  readonly collaboration: SynthesizedStack;
  /** Synthesized on first use. */
  readonly unityCatalog: SynthesizedStack;
}

/** Builds the lakehouse of `configs` in one app (as main.ts does) and synthesizes each collaboration stack. */
export function buildCollaboration(configs: readonly EnvironmentConfig[]): Record<string, BuiltCollaboration> {
  return Object.fromEntries(
    buildLakehouse(Testing.app(), configs).map((stacks) => {
      const cache: { unityCatalog?: SynthesizedStack } = {};
      const built: BuiltCollaboration = {
        config: stacks.config,
        stacks,
        collaboration: synthesize(stacks.collaboration),
        get unityCatalog() {
          return (cache.unityCatalog ??= synthesize(stacks.unityCatalog));
        },
      };
      return [stacks.config.name, built];
    }),
  );
}

/** The input of a config as validation reads it, with the collaboration section typed loosely for changes. */
export type CollaborationInput = Record<string, unknown> & { collaboration: Record<string, unknown>; unityCatalog: Record<string, unknown> };

/** The registered config named `name`, changed by `change` (on its input), validated alone. Throws what validation finds. */
export function collaborationVariant(name: string, change: (input: CollaborationInput) => void): EnvironmentConfig {
  const registered = Object.values(ENVIRONMENTS).find((e) => e.input.name === name);
  if (!registered) throw new Error(`${name} is not registered`);
  const input = structuredClone(registered.input) as unknown as CollaborationInput;
  input.collaboration ??= {};
  change(input);
  return validateEnvironments([{ source: registered.source, input }])[0];
}

/** The message validation gives for a variant, or "" when it validates. */
export function problemsOf(name: string, change: (input: CollaborationInput) => void): string {
  try {
    collaborationVariant(name, change);
    return "";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** `${data.terraform_remote_state.<layer>.outputs.<output>}`. */
export const fromLayer = (layer: "workspace" | "unity-catalog" | "ingestion", output: string) =>
  `\${data.terraform_remote_state.${layer}.outputs.${output}}`;

/** The environments (of the registry) whose collaboration section creates something, and those that own their metastore. */
export const WITH_SHARES = REGISTERED.filter((c) => c.collaboration.shares.length > 0).map((c) => c.name);
export const OWNERS = REGISTERED.filter((c) => c.unityCatalog.metastore.mode === "create").map((c) => c.name);
export const SHARERS = REGISTERED.filter((c) => c.unityCatalog.metastore.mode === "existing").map((c) => c.name);
