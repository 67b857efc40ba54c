/**
 * Shared by the ingestion stack tests: building the lakehouse of one or more configs and reading the synthesized
 * ingestion, network-storage and unity-catalog stacks, the references the ingestion layer renders to the layers below,
 * and the IAM statements of every policy in a stack.
 */
import { Testing } from "cdktf";
import { ENVIRONMENTS, validateEnvironments, type EnvironmentConfig } from "../../../environments";
import { buildLakehouse, type EnvironmentStacks } from "../../../stacks/lakehouse";
import type { JsonStatement } from "../../iam-json";
import { synthesize, type Block, type SynthesizedStack } from "../../synth-json";

/** Every registered environment's config, validated. */
export const REGISTERED: readonly EnvironmentConfig[] = validateEnvironments(Object.values(ENVIRONMENTS));

/** One environment's stacks and the synthesized JSON of the layers the ingestion tests read. */
export interface BuiltEnvironment {
  readonly config: EnvironmentConfig;
  readonly stacks: EnvironmentStacks;
  readonly ingestion: SynthesizedStack;
  readonly networkStorage: SynthesizedStack;
  readonly unityCatalog: SynthesizedStack;
}

/** Builds the lakehouse of `configs` in one app (as main.ts does) and synthesizes the layers asked for. */
export function buildEnvironments(
  configs: readonly EnvironmentConfig[],
  layers: { networkStorage?: boolean; unityCatalog?: boolean } = { networkStorage: true, unityCatalog: true },
): Record<string, BuiltEnvironment> {
  const built = buildLakehouse(Testing.app(), configs);
  const unsynthesized = new Proxy({} as SynthesizedStack, {
    get: () => {
      throw new Error("this layer was not synthesized");
    },
  });
  return Object.fromEntries(
    built.map((stacks) => [
      stacks.config.name,
      {
        config: stacks.config,
        stacks,
        ingestion: synthesize(stacks.ingestion),
        networkStorage: layers.networkStorage ? synthesize(stacks.networkStorage) : unsynthesized,
        unityCatalog: layers.unityCatalog ? synthesize(stacks.unityCatalog) : unsynthesized,
      },
    ]),
  );
}

/** A registered config changed by `change` (on its input), validated alone. */
export function variantConfig(
  base: EnvironmentConfig,
  change: (input: Record<string, unknown> & { ingestion: Record<string, unknown> }) => void,
): EnvironmentConfig {
  const registered = Object.values(ENVIRONMENTS).find((e) => e.input.name === base.name);
  if (!registered) throw new Error(`${base.name} is not registered`);
  const input = structuredClone(registered.input) as unknown as Record<string, unknown> & { ingestion: Record<string, unknown> };
  // The serving and collaboration layers read what ingestion publishes (their rules refuse a gold table no pipeline
  // publishes), and the ingestion stack reads neither: variants test ingestion alone.
  delete input.serving;
  delete input.collaboration;
  change(input);
  return validateEnvironments([{ source: registered.source, input }])[0];
}

/** `${data.terraform_remote_state.<layer>.outputs.<output>}`. */
export const fromLayer = (layer: "network-storage" | "workspace" | "unity-catalog", output: string) =>
  `\${data.terraform_remote_state.${layer}.outputs.${output}}`;
export const fromStorage = (output: string) => fromLayer("network-storage", output);
export const fromUnityCatalog = (output: string) => fromLayer("unity-catalog", output);
/** One entry of a map output, as `Fn.lookup(map, key)` renders it. */
export const mapEntry = (output: string, key: string) => (/^[_a-zA-Z][_a-zA-Z0-9]*$/.test(key) ? `${output}.${key}` : `${output}["${key}"]`);
/** The application id of a service principal of the workspace layer. */
export const applicationIdOf = (key: string) => fromLayer("workspace", mapEntry("service_principal_application_ids", key));
/** The landing volume's key prefix in the landing bucket (the default catalog's), as the ingestion layer reads it. */
export const landingKeyPrefixOf = (config: EnvironmentConfig) =>
  fromUnityCatalog(mapEntry("landing_key_prefixes", config.unityCatalog.catalogs[0].name));
/** The landing volume path (`/Volumes/<catalog>/bronze/landing`), as the ingestion layer reads it. */
export const LANDING_VOLUME = fromUnityCatalog("landing_volume_path");

/** Every resource block of a stack with its type and construct path. */
export function allResources(s: SynthesizedStack): { type: string; name: string; path: string; block: Block }[] {
  return Object.entries(s.json.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, block]) => ({ type, name, path: block["//"]?.metadata.path ?? "", block })),
  );
}

/** Resource counts by type. */
export function resourceCounts(s: SynthesizedStack): Record<string, number> {
  return Object.fromEntries(Object.entries(s.json.resource ?? {}).map(([type, byName]) => [type, Object.keys(byName).length]));
}

/** The construct paths of every resource (stack name removed), so two stacks of one environment compare. */
export function resourcePaths(s: SynthesizedStack): Set<string> {
  return new Set(allResources(s).map((r) => `${r.type} ${r.path.replace(/^[^/]+\//, "")}`));
}

/** Every IAM statement of every policy document (any string attribute holding one) of every resource, with where it is. */
export function iamStatements(s: SynthesizedStack): { where: string; statement: JsonStatement }[] {
  return allResources(s).flatMap(({ type, path, block }) =>
    Object.entries(block)
      .filter(([, value]) => typeof value === "string" && value.includes('"Statement"'))
      .flatMap(([attribute, value]) =>
        (JSON.parse(value as string) as { Statement: JsonStatement[] }).Statement.map((statement) => ({
          where: `${type} ${path} ${attribute}`,
          statement,
        })),
      ),
  );
}

/** The statements of the one `aws_iam_role_policy` at a construct path suffix. */
export function rolePolicyStatements(s: SynthesizedStack, pathSuffix: string): JsonStatement[] {
  return (JSON.parse(s.resource("aws_iam_role_policy", pathSuffix).block.policy as string) as { Statement: JsonStatement[] }).Statement;
}

export const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
