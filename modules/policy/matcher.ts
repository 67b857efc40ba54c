/**
 * Where a rule applies: block matchers, a type plus optional conditions on the block's attributes.
 *
 * A generic provider has one resource type for many kinds of object (the REST provider's `restapi_object`
 * is a clean room or a listing depending on its `path`), so a type alone cannot say what a block is:
 *
 * @example
 * const cleanRooms: BlockMatcher = { type: "restapi_object", where: { path: /^\/api\/2\.0\/clean-rooms(\/|$)/ }, description: "clean rooms" };
 * const buckets: BlockMatcher = "aws_s3_bucket"; // a type alone
 */
import { isExpression } from "./expressions";
import { Block } from "./synth-model";

/** A condition on one attribute's value: equal to a literal, a string matching a RegExp, or a predicate. */
export type AttributeCondition = string | number | boolean | RegExp | ((value: unknown) => boolean);

/** Blocks of a type whose attributes meet every condition. */
export interface BlockPattern {
  /**
   * A resource type (`aws_s3_bucket`), a data source (`data.aws_iam_policy_document`), a prefix (`aws_*`:
   * every managed resource of that provider) or `*` (every block of every kind).
   */
  readonly type: string;
  /**
   * Conditions on top-level attributes, all of which must hold. A value that is an expression (followed to a
   * literal in the stack where possible) cannot be tested: the block is then reported, never skipped.
   * @default - none
   */
  readonly where?: Readonly<Record<string, AttributeCondition>>;
  /** A predicate over the whole block, for what `where` cannot say (it sees expressions as they are). @default - none */
  readonly when?: (block: Block) => boolean;
  /** What the pattern selects, for docs/policy.md (e.g. "clean rooms"). @default - the conditions, written out */
  readonly description?: string;
}

/** A type (the short form of `{ type }`) or a pattern. */
export type BlockMatcher = string | BlockPattern;

/** Whether a block matches: yes, no, or unknown because an attribute it depends on cannot be resolved at synth. */
export type Match =
  { readonly kind: "match" } | { readonly kind: "no-match" } | { readonly kind: "unresolved"; readonly attribute: string; readonly value: unknown };

const MATCH: Match = { kind: "match" };
const NO_MATCH: Match = { kind: "no-match" };

/** Follows a value to a literal where it can (the stack model's one-hop resolution); identity by default. */
export type Resolve = (value: unknown) => unknown;

/** The pattern form of a matcher. */
export function patternOf(matcher: BlockMatcher): BlockPattern {
  return typeof matcher === "string" ? { type: matcher } : matcher;
}

/** True if the block is of a matcher's kind and type (`aws_s3_bucket`, `data.aws_x`, `aws_*`, `*`), conditions aside. */
export function typeMatches(type: string, block: Block): boolean {
  if (type === "*") {
    return true;
  }
  if (type.startsWith("data.")) {
    return block.kind === "data" && block.type === type.slice(5);
  }
  if (block.kind !== "resource") {
    return false;
  }
  return type.endsWith("*") ? block.type.startsWith(type.slice(0, -1)) : block.type === type;
}

/**
 * Whether one matcher selects a block: its type, each `where` condition and `when` must hold. A condition on a value
 * that stays an expression makes the answer unresolved, unless another condition already rules the block out.
 */
export function matchBlock(matcher: BlockMatcher, block: Block, resolve: Resolve = (v) => v): Match {
  if (typeof matcher === "string") {
    return typeMatches(matcher, block) ? MATCH : NO_MATCH;
  }
  const { type, where = {}, when } = matcher;
  if (!typeMatches(type, block)) {
    return NO_MATCH;
  }
  let unresolved: Match | undefined;
  for (const [attribute, condition] of Object.entries(where)) {
    const value = resolve(block.attrs[attribute]);
    if (isExpression(value)) {
      unresolved ??= { kind: "unresolved", attribute, value };
    } else if (!meets(condition, value)) {
      return NO_MATCH;
    }
  }
  if (when !== undefined && !when(block)) {
    return NO_MATCH;
  }
  return unresolved ?? MATCH;
}

/** Whether any of several matchers selects a block: a match wins, else an unresolved condition, else no match. */
export function matchAny(matchers: readonly BlockMatcher[], block: Block, resolve?: Resolve): Match {
  let unresolved: Match | undefined;
  for (const matcher of matchers) {
    const found = matchBlock(matcher, block, resolve);
    if (found.kind === "match") {
      return found;
    }
    unresolved ??= found.kind === "unresolved" ? found : undefined;
  }
  return unresolved ?? NO_MATCH;
}

function meets(condition: AttributeCondition, value: unknown): boolean {
  if (typeof condition === "function") {
    return condition(value);
  }
  if (condition instanceof RegExp) {
    return typeof value === "string" && value.search(condition) >= 0;
  }
  return value === condition;
}

/** A matcher in words, for docs/policy.md: its type, its description, and each condition (`path matches /^\/api/`). */
export function describeMatcher(matcher: BlockMatcher): {
  readonly type: string;
  readonly description?: string;
  readonly conditions: readonly string[];
} {
  const { type, where = {}, when, description } = patternOf(matcher);
  const conditions = Object.entries(where).map(([attribute, condition]) => `${attribute} ${describeCondition(condition)}`);
  if (when !== undefined) {
    conditions.push("a condition on the block");
  }
  return description === undefined ? { type, conditions } : { type, description, conditions };
}

function describeCondition(condition: AttributeCondition): string {
  if (typeof condition === "function") {
    return "meets a condition";
  }
  return condition instanceof RegExp ? `matches ${String(condition)}` : `is ${JSON.stringify(condition)}`;
}
