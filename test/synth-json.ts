/**
 * Reading a synthesized stack in tests: the Terraform JSON (`Testing.synth`) with small helpers to find resources
 * and to build the `${type.name.attribute}` references Terraform resolves.
 */
import { Testing, type TerraformStack } from "cdktf";

/** A resource or data source block as synthesized. */
export type Block = Record<string, unknown> & { "//"?: { metadata: { path: string } } };

export interface SynthesizedStack {
  readonly json: Record<string, unknown> & {
    resource?: Record<string, Record<string, Block>>;
    data?: Record<string, Record<string, Block>>;
    output?: Record<string, { value: unknown; description?: string; sensitive?: boolean }>;
    provider?: Record<string, Block[]>;
    terraform: Record<string, unknown> & { backend?: Record<string, Record<string, unknown>> };
  };
  /** Every resource of a type, by logical name; {} when there is none. */
  resources(type: string): Record<string, Block>;
  /** Every data source of a type, by logical name. */
  dataSources(type: string): Record<string, Block>;
  /** The one resource of `type` whose construct path ends with `pathSuffix`, with its logical name. */
  resource(type: string, pathSuffix: string): { name: string; block: Block };
  /** `${type.name.attribute}` for the resource at `pathSuffix`. */
  ref(type: string, pathSuffix: string, attribute: string): string;
  /** The one data source of `type` whose construct path ends with `pathSuffix`, with its logical name. */
  dataSource(type: string, pathSuffix: string): { name: string; block: Block };
}

/**
 * Synthesizes `stack` (aspects included) and returns its Terraform JSON with the construct-path metadata that
 * `Testing.synth` strips, so tests can find resources by construct path.
 */
export function synthesize(stack: TerraformStack): SynthesizedStack {
  Testing.synth(stack);
  return fromJson(JSON.parse(JSON.stringify(stack.toTerraform())) as SynthesizedStack["json"]);
}

export function fromJson(json: SynthesizedStack["json"]): SynthesizedStack {
  const resources = (type: string) => json.resource?.[type] ?? {};
  const dataSources = (type: string) => json.data?.[type] ?? {};
  const one = (blocks: Record<string, Block>, type: string, pathSuffix: string) => {
    const matches = Object.entries(blocks).filter(([, block]) => block["//"]?.metadata.path.endsWith(pathSuffix));
    if (matches.length !== 1) throw new Error(`expected one ${type} at *${pathSuffix}, found ${matches.length}`);
    return { name: matches[0][0], block: matches[0][1] };
  };
  const resource = (type: string, pathSuffix: string) => one(resources(type), type, pathSuffix);
  return {
    json,
    resources,
    dataSources,
    dataSource: (type, pathSuffix) => one(dataSources(type), `data.${type}`, pathSuffix),
    resource,
    ref: (type, pathSuffix, attribute) => `\${${type}.${resource(type, pathSuffix).name}.${attribute}}`,
  };
}
