/**
 * Reads the documentation a config schema carries (`.meta({ description })` on every field) back out of its JSON
 * Schema: one entry per object, each field with its type, default, whether it is required and its description.
 * docs/config.md and the test that every field is documented both read this, so they see exactly what an editor
 * sees through `npm run config -- schema`, whatever zod wrapper (optional, default, prefault) holds the description.
 */
import { z } from "zod";

export type JsonSchema = z.core.JSONSchema.JSONSchema;

/** One field of an object. */
export interface FieldDoc {
  /** The field's path in a config: `network.privateLink.enabled`; `[]` is an item of a list, `<key>` a key of a map. */
  readonly path: string;
  /** The type as a reader says it: `integer (1 to 730)`, `"isolated" | "nat"`, `list of object (at least 2)`. */
  readonly type: string;
  /** True when a config must give the field: it is neither optional nor defaulted. */
  readonly required: boolean;
  /** The default as JSON; absent when the field has none. */
  readonly default?: string;
  /** The field's description; absent when the schema does not document it. */
  readonly description?: string;
}

/** One object of the schema: a section, a list item, a map value, or one shape of a union. */
export interface ObjectDoc {
  /** The object's path, as FieldDoc.path; "" for the config itself. */
  readonly path: string;
  /** For one shape of a union: the property and value that select it, like `mode "create"`. */
  readonly variant?: string;
  /** The description of the field that holds the object. */
  readonly description?: string;
  readonly fields: readonly FieldDoc[];
}

/** The JSON Schema of a config as a user writes it (defaults may be left out): what `npm run config -- schema` prints. */
export function configJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: "input" });
}

/** Every object of the schema with its fields, depth first: an object comes before the objects inside it. */
export function describeObjects(schema: z.ZodType): ObjectDoc[] {
  const root = configJsonSchema(schema);
  return new Walker(root).objectsIn(root, "", root.description);
}

/** The paths of the fields that have no description, each once (a field in two shapes of a union is one field). */
export function undocumentedFields(schema: z.ZodType): string[] {
  const paths = describeObjects(schema).flatMap((object) => object.fields.filter((field) => !field.description?.trim()).map((field) => field.path));
  return [...new Set(paths)];
}

/** Walks a JSON Schema, following `$ref`s into its `$defs` (zod emits them only for recursive or registered schemas). */
class Walker {
  constructor(private readonly root: JsonSchema) {}

  /** The objects in `node`, whether it is an object itself or holds objects as list items, map values or union shapes. */
  objectsIn(node: JsonSchema, path: string, description: string | undefined, variant?: string): ObjectDoc[] {
    const schema = this.resolve(node);
    if (schema.properties) return this.objectAndInner(schema, path, description, variant);
    const items = schemaOrUndefined(schema.items);
    if (items) return this.objectsIn(items, `${path}[]`, description);
    const values = mapValues(schema);
    if (values) return this.objectsIn(values, `${path}.<key>`, description);
    return (schema.oneOf ?? schema.anyOf ?? []).flatMap((shape) => this.objectsIn(shape, path, description, variantOf(this.resolve(shape))));
  }

  private objectAndInner(schema: JsonSchema, path: string, description: string | undefined, variant: string | undefined): ObjectDoc[] {
    const required = new Set(schema.required ?? []);
    const properties = Object.entries(schema.properties ?? {}).flatMap(([key, value]) => {
      const child = schemaOrUndefined(value);
      return child ? [{ path: path ? `${path}.${key}` : key, schema: this.resolve(child), required: required.has(key) }] : [];
    });
    const fields = properties.map((p) => fieldDoc(p.path, p.schema, p.required, (s) => this.resolve(s)));
    const inner = properties.flatMap((p) => this.objectsIn(p.schema, p.path, p.schema.description));
    return [{ path, ...(variant ? { variant } : {}), ...(description ? { description } : {}), fields }, ...inner];
  }

  private resolve(node: JsonSchema): JsonSchema {
    const ref = node.$ref;
    if (!ref) return node;
    const target = ref.startsWith("#/$defs/") ? this.root.$defs?.[ref.slice("#/$defs/".length)] : undefined;
    if (!target) throw new Error(`cannot resolve ${ref} in the config's JSON Schema`);
    return this.resolve(target);
  }
}

function fieldDoc(path: string, schema: JsonSchema, required: boolean, resolve: (s: JsonSchema) => JsonSchema): FieldDoc {
  return {
    path,
    type: typeName(schema, resolve),
    required,
    ...("default" in schema ? { default: JSON.stringify(schema.default) } : {}),
    ...(schema.description ? { description: schema.description } : {}),
  };
}

/** The value schema of a map (`z.record`): `additionalProperties` as a schema, on an object without properties. */
function mapValues(schema: JsonSchema): JsonSchema | undefined {
  return schema.properties ? undefined : schemaOrUndefined(schema.additionalProperties);
}

/** JSON Schema allows `true`/`false` where a schema goes; neither holds fields. */
function schemaOrUndefined(node: unknown): JsonSchema | undefined {
  return typeof node === "object" && node !== null && !Array.isArray(node) ? (node as JsonSchema) : undefined;
}

/** The property with a constant value that selects this shape of a union, like `mode "create"`. */
function variantOf(shape: JsonSchema): string | undefined {
  const [key, value] = Object.entries(shape.properties ?? {}).find(([, p]) => schemaOrUndefined(p)?.const !== undefined) ?? [];
  return key ? `${key} ${JSON.stringify(schemaOrUndefined(value)?.const)}` : undefined;
}

const FORMAT_NAMES: Readonly<Record<string, string>> = { uuid: "UUID", cidrv4: "IPv4 CIDR", ipv4: "IPv4 address" };

/** The type as a reader says it, with the bounds the schema sets. */
function typeName(node: JsonSchema, resolve: (s: JsonSchema) => JsonSchema): string {
  const schema = resolve(node);
  const name = (s: JsonSchema) => typeName(s, resolve);
  if (schemaOrUndefined(schema.not) && Object.keys(schema.not as object).length === 0) return "not allowed";
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  const shapes = schema.oneOf ?? schema.anyOf;
  if (shapes) {
    const selectors = shapes.map((shape) => variantOf(resolve(shape))?.split(" ")[0]);
    return selectors.every((s) => s && s === selectors[0]) ? `object, by ${selectors[0]}` : shapes.map(name).join(" or ");
  }
  switch (schema.type) {
    case "string":
      return stringName(schema);
    case "integer":
    case "number": {
      const range = bounds(schema.minimum, schema.maximum, "");
      const both = schema.minimum !== undefined && schema.maximum !== undefined;
      const multiple = schema.multipleOf !== undefined ? `, multiple of ${schema.multipleOf}` : "";
      return `${schema.type}${range ? ` ${both ? "from " : ""}${range}` : ""}${multiple}`;
    }
    case "array": {
      const items = schemaOrUndefined(schema.items);
      const itemName = items ? name(items) : "any";
      const list = `list of ${itemName.includes(" | ") ? `(${itemName})` : itemName}`;
      if (schema.minItems === 1 && schema.maxItems === undefined) return `non-empty ${list}`;
      const count = bounds(schema.minItems, schema.maxItems, "item");
      return count ? `${list} (${count})` : list;
    }
    case "object": {
      const values = mapValues(schema);
      return values ? `map of string to ${name(values)}` : "object";
    }
    default:
      return typeof schema.type === "string" ? schema.type : "any";
  }
}

/** `UUID`, `non-empty string`, `string of at most 12 characters`. */
function stringName(schema: JsonSchema): string {
  const base = FORMAT_NAMES[schema.format ?? ""] ?? "string";
  if (schema.minLength === 1 && schema.maxLength === undefined) return `non-empty ${base}`;
  const length = bounds(schema.minLength, schema.maxLength, "character");
  return length ? `${base} of ${length}` : base;
}

/** `1 to 730 characters`, `at most 12 characters`, `at least 2 items`; undefined without bounds. */
function bounds(min: number | undefined, max: number | undefined, unit: string): string | undefined {
  const units = (n: number) => (unit ? ` ${unit}${n === 1 ? "" : "s"}` : "");
  if (min !== undefined && max !== undefined) return `${min} to ${max}${units(max)}`;
  if (min !== undefined) return `at least ${min}${units(min)}`;
  if (max !== undefined) return `at most ${max}${units(max)}`;
  return undefined;
}
