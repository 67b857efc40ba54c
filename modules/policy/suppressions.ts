/**
 * Suppressions: a deliberate, written exception to one rule for one construct and its children.
 * They never hide a finding: a suppressed finding is listed in the report with its reason.
 */
import { IConstruct } from "constructs";
import { findRule } from "./catalog";

/** The shortest reason accepted, in characters. */
export const MIN_REASON_LENGTH = 10;

/** One suppression: which rule, why, and on which construct it was declared. */
export interface Suppression {
  /** The suppressed rule's id. */
  readonly ruleId: string;
  /** The written reason. */
  readonly reason: string;
  /** The construct path the suppression was declared on. */
  readonly path: string;
}

const byConstruct = new WeakMap<IConstruct, Map<string, Suppression>>();

/**
 * Exempts a construct and all its children from one rule, with a mandatory reason that the report lists.
 *
 * Throws if the rule id is unknown, the reason is shorter than {@link MIN_REASON_LENGTH} characters, or
 * the rule is already suppressed on this construct.
 *
 * @example
 * suppressRule(scratchBucket, "S3-NO-FORCE-DESTROY", "scratch query results are rebuilt nightly; teardown must empty the bucket");
 */
export function suppressRule(scope: IConstruct, ruleId: string, reason: string): void {
  const where = scope.node.path || "<app>";
  if (!findRule(ruleId)) {
    throw new Error(`suppressRule(${where}): "${ruleId}" is not a rule id; use one of the ids listed in docs/policy.md, e.g. S3-ENCRYPTION`);
  }
  const text = typeof reason === "string" ? reason.trim() : "";
  if (text.length < MIN_REASON_LENGTH) {
    throw new Error(
      `suppressRule(${where}, ${ruleId}): the reason ${JSON.stringify(reason)} is shorter than ${MIN_REASON_LENGTH} characters; write why the exception is safe`,
    );
  }
  const existing = byConstruct.get(scope) ?? new Map<string, Suppression>();
  if (existing.has(ruleId)) {
    throw new Error(`suppressRule(${where}, ${ruleId}): the rule is already suppressed here ("${existing.get(ruleId)?.reason}"); keep one reason`);
  }
  existing.set(ruleId, { ruleId, reason: text, path: where });
  byConstruct.set(scope, existing);
}

/** The suppression of a rule that applies to a construct: its own, or the nearest ancestor's. */
export function suppressionFor(construct: IConstruct, ruleId: string): Suppression | undefined {
  const scopes = construct.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const found = byConstruct.get(scopes[i])?.get(ruleId);
    if (found) {
      return found;
    }
  }
  return undefined;
}
