/**
 * A stack's synthesized Terraform JSON as a list of blocks, with the look-ups rules need: blocks by type,
 * siblings that reference a block, the provider of a resource, the backend.
 */
import { isExpression, isPureExpression, interpolations, Reference, referencesInValue, scanExpression } from "./expressions";

/** The kinds of top-level Terraform blocks a rule can inspect. */
export type BlockKind = "resource" | "data" | "provider" | "variable" | "local" | "output" | "module" | "backend";

/** One top-level block of the synthesized JSON. */
export interface Block {
  /** What kind of block it is. */
  readonly kind: BlockKind;
  /** Resource or data source type (`aws_s3_bucket`); provider name (`aws`); backend type (`s3`, `cloud`); else the kind. */
  readonly type: string;
  /** The block's name: the logical id; for providers the alias or `default`. */
  readonly name: string;
  /** The Terraform address: `aws_s3_bucket.x`, `data.aws_x.y`, `var.x`, `local.x`, `output.x`, `module.x`, `provider.aws.alias`, `terraform.backend.s3`. */
  readonly address: string;
  /** The construct path, when the JSON or the construct tree knows it. */
  readonly path?: string;
  /** The block's attributes (the `"//"` metadata removed). */
  readonly attrs: Readonly<Record<string, unknown>>;
}

/** What {@link StackModel.fromJson} needs besides the JSON. */
export interface StackModelOptions {
  /** The stack id. */
  readonly stackName: string;
  /** The stack's construct path. */
  readonly stackPath: string;
  /** Construct paths of blocks the JSON carries no path for (providers, variables, outputs, ...), by address. */
  readonly pathsByAddress?: ReadonlyMap<string, string>;
}

type Json = Record<string, unknown>;

/** The synthesized JSON of one stack, indexed for rules. */
export class StackModel {
  /** Builds the model from a resolved stack JSON (`stack.toTerraform()`). */
  public static fromJson(json: unknown, options: StackModelOptions): StackModel {
    return new StackModel(parseBlocks(asObject(json), options.pathsByAddress ?? new Map()), options.stackName, options.stackPath);
  }

  private readonly byAddress = new Map<string, Block>();
  private readonly referenceCache = new Map<string, readonly Reference[]>();
  private readonly byType = new Map<string, Block[]>();

  private constructor(
    /** Every block, in JSON order. */
    public readonly blocks: readonly Block[],
    /** The stack id. */
    public readonly stackName: string,
    /** The stack's construct path. */
    public readonly stackPath: string,
  ) {
    for (const block of blocks) {
      this.byAddress.set(block.address, block);
      const key = typeKey(block);
      this.byType.set(key, [...(this.byType.get(key) ?? []), block]);
    }
  }

  /** Managed resources of a type. */
  public resources(type: string): readonly Block[] {
    return this.byType.get(type) ?? [];
  }

  /** Data sources of a type. */
  public dataSources(type: string): readonly Block[] {
    return this.byType.get(`data.${type}`) ?? [];
  }

  /** Blocks of a kind (`variable`, `local`, `provider`, ...). */
  public ofKind(kind: BlockKind): readonly Block[] {
    return this.blocks.filter((b) => b.kind === kind);
  }

  /** The block at a Terraform address, if the stack has it. */
  public find(address: string): Block | undefined {
    return this.byAddress.get(address);
  }

  /** The backend (`terraform.backend.<type>` or `terraform.cloud`), if any. */
  public backend(): Block | undefined {
    return this.blocks.find((b) => b.kind === "backend");
  }

  /** The provider configuration a resource uses: its `provider` meta-argument, else the default one. */
  public providerOf(block: Block, providerName: string): Block | undefined {
    const meta = block.attrs.provider;
    const alias = typeof meta === "string" && meta.includes(".") ? meta.slice(meta.indexOf(".") + 1) : "default";
    return this.find(alias === "default" ? `provider.${providerName}` : `provider.${providerName}.${alias}`);
  }

  /** True if `value` (anywhere inside it) references `target`, e.g. `${aws_s3_bucket.data.id}`. */
  public references(value: unknown, target: Block): boolean {
    return this.referencesOf(value).some((ref) => addressOf(ref) === target.address);
  }

  /** The references inside a value; strings are scanned once per model (sibling look-ups repeat them). */
  public referencesOf(value: unknown): readonly Reference[] {
    if (typeof value !== "string") {
      return referencesInValue(value);
    }
    let refs = this.referenceCache.get(value);
    if (refs === undefined) {
      refs = referencesInValue(value);
      this.referenceCache.set(value, refs);
    }
    return refs;
  }

  /** Blocks of `type` whose `attribute` references `target`, or equals one of `target`'s literal `names`. */
  public referrers(type: string, attribute: string, target: Block, names: readonly unknown[] = []): Block[] {
    const literals = names.filter((n): n is string => typeof n === "string" && n !== "" && !isExpression(n));
    return this.resources(type).filter((b) => {
      const value = b.attrs[attribute];
      return this.references(value, target) || (typeof value === "string" && literals.includes(value));
    });
  }

  /**
   * Follows a value that is exactly one reference to a literal in this stack: a resource or data
   * attribute given literally, or a local. Anything else is returned unchanged.
   */
  public resolve(value: unknown): unknown {
    if (typeof value !== "string" || !isPureExpression(value)) {
      return value;
    }
    const found = interpolations(value);
    if (found.length !== 1) {
      return value;
    }
    const refs: Reference[] = [];
    scanExpression(found[0].expression, refs);
    const ref = refs.length === 1 && found[0].expression.trim() === refs[0].text ? refs[0] : undefined;
    const literal = ref ? this.literalAt(ref) : undefined;
    return literal === undefined || isExpression(literal) ? value : literal;
  }

  private literalAt(ref: Reference): unknown {
    if (ref.root === "local") {
      return this.find(`local.${ref.traversal[0]}`)?.attrs.value;
    }
    const address = addressOf(ref);
    const attribute = ref.traversal[ref.root === "data" ? 2 : 1];
    const block = address && attribute ? this.find(address) : undefined;
    return block && ref.traversal.length === (ref.root === "data" ? 3 : 2) ? block.attrs[attribute] : undefined;
  }
}

/** The address of the object a reference names (`aws_x.y`, `data.aws_x.y`, `var.x`, ...), if it names one. */
export function addressOf(ref: Reference): string | undefined {
  const [first, second] = ref.traversal;
  switch (ref.root) {
    case "data":
      return first && second ? `data.${first}.${second}` : undefined;
    case "var":
    case "local":
    case "module":
      return first ? `${ref.root}.${first}` : undefined;
    default:
      return first && ref.root.includes("_") ? `${ref.root}.${first}` : undefined;
  }
}

function typeKey(block: Block): string {
  if (block.kind === "resource") {
    return block.type;
  }
  return block.kind === "data" ? `data.${block.type}` : block.kind;
}

function asObject(value: unknown): Json {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}

function withoutMetadata(body: unknown): Json {
  const attrs = { ...asObject(body) };
  delete attrs["//"];
  return attrs;
}

function metadataPath(body: unknown): string | undefined {
  const meta = asObject(asObject(asObject(body)["//"]).metadata);
  return typeof meta.path === "string" ? meta.path : undefined;
}

function parseBlocks(json: Json, paths: ReadonlyMap<string, string>): Block[] {
  return [
    ...typedBlocks(json.resource, "resource", paths),
    ...typedBlocks(json.data, "data", paths),
    ...providerBlocks(json.provider, paths),
    ...namedBlocks(json.variable, "variable", "var", paths),
    ...localBlocks(json.locals, paths),
    ...namedBlocks(json.output, "output", "output", paths),
    ...namedBlocks(json.module, "module", "module", paths),
    ...backendBlocks(asObject(json.terraform), paths),
  ];
}

function typedBlocks(section: unknown, kind: "resource" | "data", paths: ReadonlyMap<string, string>): Block[] {
  return Object.entries(asObject(section)).flatMap(([type, byName]) =>
    Object.entries(asObject(byName)).map(([name, body]) => {
      const address = kind === "data" ? `data.${type}.${name}` : `${type}.${name}`;
      return { kind, type, name, address, path: metadataPath(body) ?? paths.get(address), attrs: withoutMetadata(body) };
    }),
  );
}

function providerBlocks(section: unknown, paths: ReadonlyMap<string, string>): Block[] {
  return Object.entries(asObject(section)).flatMap(([type, configs]) =>
    (Array.isArray(configs) ? configs : [configs]).map((config) => {
      const alias = asObject(config).alias;
      const name = typeof alias === "string" ? alias : "default";
      const address = name === "default" ? `provider.${type}` : `provider.${type}.${name}`;
      return { kind: "provider" as const, type, name, address, path: paths.get(address), attrs: withoutMetadata(config) };
    }),
  );
}

function namedBlocks(section: unknown, kind: BlockKind, prefix: string, paths: ReadonlyMap<string, string>): Block[] {
  return Object.entries(asObject(section)).map(([name, body]) => {
    const address = `${prefix}.${name}`;
    return { kind, type: kind, name, address, path: metadataPath(body) ?? paths.get(address), attrs: withoutMetadata(body) };
  });
}

function localBlocks(section: unknown, paths: ReadonlyMap<string, string>): Block[] {
  return Object.entries(asObject(section)).map(([name, value]) => {
    const address = `local.${name}`;
    return { kind: "local" as const, type: "local", name, address, path: paths.get(address), attrs: { value } };
  });
}

function backendBlocks(terraform: Json, paths: ReadonlyMap<string, string>): Block[] {
  const blocks: Block[] = Object.entries(asObject(terraform.backend)).map(([type, config]) => {
    const address = `terraform.backend.${type}`;
    return { kind: "backend" as const, type, name: type, address, path: paths.get("terraform.backend"), attrs: asObject(config) };
  });
  if (terraform.cloud !== undefined) {
    blocks.push({
      kind: "backend",
      type: "cloud",
      name: "cloud",
      address: "terraform.cloud",
      path: paths.get("terraform.backend"),
      attrs: asObject(terraform.cloud),
    });
  }
  return blocks;
}
