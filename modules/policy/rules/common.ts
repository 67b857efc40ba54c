/**
 * Small checks several rule packs share.
 */
import { isExpression } from "../expressions";
import { fail, PASS, unresolved } from "../rule";
import { Outcome } from "../types";
import { isSet, isTrue } from "../values";

/**
 * The problem with a KMS key attribute that must name one of our keys, if any: unset, or an AWS-managed
 * key (`alias/aws/...`). References (to a key in this stack or another stack's output) are accepted.
 */
export function customerKeyProblem(attribute: string, value: unknown): string | undefined {
  if (!isSet(value)) {
    return `${attribute} is not set`;
  }
  if (typeof value === "string" && !isExpression(value) && /(^|:)alias\/aws\//.test(value)) {
    return `${attribute} is the AWS-managed key ${value}`;
  }
  return undefined;
}

/**
 * The first of several named values that is still an expression (after the caller followed it to a literal in the
 * stack, if it could), as an `unresolved` finding; undefined when every value can be read.
 */
export function firstUnresolved(values: Readonly<Record<string, unknown>>): Outcome | undefined {
  const found = Object.entries(values).find(([, value]) => isExpression(value));
  return found === undefined ? undefined : unresolved(found[0], found[1]);
}

/** Fails with the first problem found, passes if there is none. */
export function firstProblem(problems: readonly (string | undefined)[], fix?: string): Outcome {
  const problem = problems.find((p): p is string => p !== undefined);
  return problem === undefined ? PASS : fail(problem, fix);
}

/** Fails listing every problem found (up to three, then a count), passes if there is none. */
export function allProblems(problems: readonly (string | undefined)[], fix?: string): Outcome {
  const found = problems.filter((p): p is string => p !== undefined);
  if (found.length === 0) {
    return PASS;
  }
  const shown = found.slice(0, 3).join("; ");
  return fail(found.length > 3 ? `${shown}; and ${found.length - 3} more` : shown, fix);
}

/** The problem with a flag that must be true, if any (an expression counts as a problem: it cannot be read). */
export function mustBeTrue(attribute: string, value: unknown): string | undefined {
  if (isExpression(value)) {
    return `${attribute} is ${value}, which cannot be resolved at synth`;
  }
  return isTrue(value) ? undefined : `${attribute} is ${value === undefined ? "not set" : JSON.stringify(value)}`;
}

/** Applies a check only when the data-protection setting is on. */
export function whenProtected(protectData: boolean, check: () => Outcome): Outcome {
  return protectData ? check() : { kind: "skip" };
}
