/**
 * Request bodies for the generic REST provider: built from typed values, serialized deterministically.
 *
 * Keys are sorted at every depth and `undefined` members are dropped, so the same config always yields the same
 * string (a stable `data` attribute: no spurious diff in a plan) and a test can compare a body with the API's
 * documented shape. Terraform tokens (`${...}`) are kept as they are inside strings: Terraform resolves them in the
 * JSON string at plan or apply time.
 */

/** A JSON value a request body may hold. `undefined` members of objects are left out of the body. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue | undefined };

/** The canonical JSON text of `value`: keys sorted, no insignificant whitespace, undefined members dropped. */
export function canonicalJson(value: JsonValue): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: JsonValue): unknown {
  if (Array.isArray(value)) return value.map((item: JsonValue) => sortKeys(item));
  if (value !== null && typeof value === "object") {
    const object = value as { readonly [key: string]: JsonValue | undefined };
    return Object.fromEntries(
      Object.keys(object)
        .filter((key) => object[key] !== undefined)
        .sort()
        .map((key) => [key, sortKeys(object[key] as JsonValue)]),
    );
  }
  if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`canonicalJson: ${value} is not a JSON number`);
  return value;
}
