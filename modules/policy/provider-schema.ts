/**
 * Attribute names of resource and data source types, read from the installed provider packages: a local
 * stand-in for the schema `terraform validate` would use.
 *
 * Which package holds a provider's types is pack data (`providerPackages` of a rule pack, see pack.ts), passed
 * in by the rules. Each type is looked up once, by deep path (`@cdktf/provider-aws/lib/s3-bucket`), only when a
 * stack uses it; the package root is never loaded (it costs seconds and hundreds of MB).
 */
import { TerraformDataSource, TerraformResource } from "cdktf";

/** Provider name (the type prefix) to its prebuilt package, e.g. `{ aws: "@cdktf/provider-aws" }`. */
export type ProviderPackages = Readonly<Record<string, string>>;

/** Types built into Terraform, with their attributes. */
const BUILTIN: Readonly<Record<string, readonly string[]>> = {
  "resource:terraform_data": ["id", "input", "output", "triggers_replace"],
  "data:terraform_remote_state": ["backend", "config", "defaults", "outputs", "workspace"],
};

/** A class generated for a resource or data source type. */
interface GeneratedClass {
  readonly tfResourceType?: unknown;
  readonly prototype: object;
}

const cache = new Map<string, ReadonlySet<string> | null>();

/**
 * The attribute names (snake_case) of a type, or undefined if no installed package or given class
 * defines it.
 *
 * @param kind `resource` or `data`
 * @param type the Terraform type, e.g. `aws_s3_bucket`
 * @param packages the prebuilt package of each provider (in rules: `ctx.declarations.providerPackages`)
 * @param fallback the class of the construct that produced the block, used when no provider package is
 *   known for the type (bindings generated with `cdktf get`, a hand-written binding)
 */
export function attributeNames(
  kind: "resource" | "data",
  type: string,
  packages: ProviderPackages,
  fallback?: GeneratedClass,
): ReadonlySet<string> | undefined {
  const pkg = packages[providerOf(type)];
  const key = `${pkg ?? ""}:${kind}:${type}`;
  if (!cache.has(key)) {
    cache.set(key, lookUp(kind, type, pkg));
  }
  const found = cache.get(key);
  if (found) {
    return found;
  }
  return fallback && fallback.tfResourceType === type ? gettersOf(fallback) : undefined;
}

/** The provider name of a type: the part before the first underscore. */
export function providerOf(type: string): string {
  return type.split("_")[0];
}

function lookUp(kind: "resource" | "data", type: string, pkg: string | undefined): ReadonlySet<string> | null {
  const builtin = BUILTIN[`${kind}:${type}`];
  if (builtin) {
    return new Set(builtin);
  }
  if (!pkg) {
    return null;
  }
  for (const dir of candidateDirs(kind, type)) {
    const cls = generatedClass(`${pkg}/lib/${dir}`, type);
    if (cls) {
      return gettersOf(cls);
    }
  }
  return null;
}

/** Package folders a type may live in: `aws_s3_bucket` -> `s3-bucket`; data sources -> `data-aws-...`. */
function candidateDirs(kind: "resource" | "data", type: string): string[] {
  const kebab = type.replace(/_/g, "-");
  if (kind === "data") {
    return [`data-${kebab}`];
  }
  const rest = kebab.slice(providerOf(type).length + 1);
  // Types whose name collides with a package export get a suffix (databricks_provider -> provider-resource).
  return [rest, `${rest}-resource`];
}

function generatedClass(modulePath: string, type: string): GeneratedClass | undefined {
  let exported: Record<string, unknown>;
  try {
    // A deep, per-type require: loading only what a stack uses keeps synth fast.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exported = require(modulePath) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  return Object.values(exported).find((v): v is GeneratedClass => typeof v === "function" && (v as GeneratedClass).tfResourceType === type);
}

/** Getter names along the prototype chain below cdktf's base classes, as snake_case attribute names. */
function gettersOf(cls: GeneratedClass): ReadonlySet<string> {
  const names = new Set<string>();
  const stops = new Set<object>([TerraformResource.prototype, TerraformDataSource.prototype, Object.prototype]);
  for (let proto: object | null = cls.prototype; proto && !stops.has(proto); proto = Object.getPrototypeOf(proto) as object | null) {
    for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
      if (descriptor.get) {
        names.add(name);
      }
    }
  }
  const attributes = new Set<string>();
  for (const name of names) {
    // `fooInput` is the generated reader of input `foo`, not an attribute.
    if (name.endsWith("Input") && names.has(name.slice(0, -"Input".length))) {
      continue;
    }
    attributes.add(snakeCase(name));
    // Attributes that clash with construct members are generated as `<name>Attribute`.
    if (name.endsWith("Attribute")) {
      attributes.add(snakeCase(name.slice(0, -"Attribute".length)));
    }
  }
  return attributes;
}

/** `kmsMasterKeyId` -> `kms_master_key_id`. */
export function snakeCase(name: string): string {
  return name.replace(/([A-Z])/g, "_$1").toLowerCase();
}
