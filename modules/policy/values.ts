/**
 * Reading synthesized attribute values: nested blocks that may be an object or a list, booleans,
 * numbers and strings, and whether a value is set at all.
 */
import { isExpression } from "./expressions";

/** A nested block as a list: cdktf writes single blocks as objects, overrides may write lists. */
export function blocksOf(value: unknown): Record<string, unknown>[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v));
}

/** The first (usually only) instance of a nested block. */
export function blockOf(value: unknown): Record<string, unknown> | undefined {
  return blocksOf(value)[0];
}

/** True for `true` and `"true"`. */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** True for `false` and `"false"`. */
export function isFalse(value: unknown): boolean {
  return value === false || value === "false";
}

/** True unless the value is absent, null or an empty string or list. */
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === "") {
    return false;
  }
  return !Array.isArray(value) || value.length > 0;
}

/** A number given as a number or a numeric string; undefined otherwise. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === "number") {
    return value;
  }
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    return Number(value);
  }
  return undefined;
}

/** The strings of a list (or a single string as a list of one). */
export function stringsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === "string");
}

/** The first value among several that is an expression, for "cannot be resolved" findings. */
export function firstExpression(...values: unknown[]): string | undefined {
  for (const value of values) {
    if (isExpression(value)) {
      return value;
    }
    if (Array.isArray(value)) {
      const inner = value.find(isExpression);
      if (inner !== undefined) {
        return inner;
      }
    }
  }
  return undefined;
}

/** A value for messages: `not set` when absent, else its short JSON rendering. */
export function describeValue(value: unknown): string {
  return value === undefined || value === null ? "not set" : show(value);
}

/** A short rendering of a value for messages. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
