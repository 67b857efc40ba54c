/**
 * What a rule is: data (id, severity, rationale, anchors) plus one small pure check over a synthesized
 * block (or a whole stack), returning pass, fail or skip (not applicable).
 */
import { IConstruct } from "constructs";
import { ResolvedGuardrailSettings } from "./settings";
import { Block, StackModel } from "./synth-model";
import { Anchor, Outcome, PackName, Severity } from "./types";
import { show } from "./values";

/** What a rule's check sees besides the block: the whole stack and the environment's settings. */
export interface RuleContext {
  /** The environment's guardrail settings, defaults filled in. */
  readonly settings: ResolvedGuardrailSettings;
  /** The stack's synthesized JSON. */
  readonly model: StackModel;
  /** The construct that produced a block, when the stack's construct tree is available. */
  readonly constructOf: (block: Block) => IConstruct | undefined;
}

/** The data every rule carries; docs/policy.md is generated from it. */
export interface RuleInfo {
  /** Stable id, upper case with dashes, e.g. `S3-ENCRYPTION`. Suppressions name it. */
  readonly id: string;
  /** The domain pack the rule belongs to. */
  readonly pack: PackName;
  /** How serious a violation is. */
  readonly severity: Severity;
  /** What is required, one line. */
  readonly title: string;
  /** Why it matters, one line. */
  readonly rationale: string;
  /** The controls this rule implements. */
  readonly anchors: readonly Anchor[];
  /** How to fix a violation, one line (a check may give a more specific one). */
  readonly fix: string;
  /** When the rule applies, if not always (e.g. "protectData"). @default - always */
  readonly appliesWhen?: string;
  /** Notes for the docs: defaults assumed, exemptions. @default - none */
  readonly notes?: string;
}

/** A rule evaluated once per matching block. */
export interface ResourceRule extends RuleInfo {
  readonly scope: "resource";
  /**
   * The blocks it inspects: a resource type (`aws_s3_bucket`), a data source (`data.aws_iam_policy_document`),
   * a prefix (`aws_*`: every managed resource of that provider) or `*` (every block of every kind).
   */
  readonly resourceTypes: readonly string[];
  /** The check: pure, over the block and its stack. */
  readonly check: (block: Block, ctx: RuleContext) => Outcome;
}

/** A rule evaluated once per stack. */
export interface StackRule extends RuleInfo {
  readonly scope: "stack";
  /** What it inspects, for the docs (e.g. `terraform.backend`). */
  readonly inspects: readonly string[];
  /** The check: pure, over the stack. */
  readonly check: (ctx: RuleContext) => Outcome;
}

/** A policy rule. */
export type PolicyRule = ResourceRule | StackRule;

/** The rule holds. */
export const PASS: Outcome = { kind: "pass" };

/** The rule does not apply to this block (not counted). */
export const SKIP: Outcome = { kind: "skip" };

/** The rule is violated: what is wrong (no trailing period) and, optionally, a specific fix. */
export function fail(message: string, fix?: string): Outcome {
  return fix === undefined ? { kind: "fail", message } : { kind: "fail", message, fix };
}

/** A value the rule must see but cannot resolve at synth: a finding, never a silent pass. */
export function unresolved(attribute: string, value: unknown): Outcome {
  return fail(
    `${attribute} is ${show(value)}, which cannot be resolved at synth`,
    `give ${attribute} a literal value (or a reference to a literal in this stack), or suppress the rule with the reason the value is safe`,
  );
}

/** What a rule inspects: its resource types, or for a stack rule the parts of the stack it reads. */
export function inspectedTypes(rule: PolicyRule): readonly string[] {
  return rule.scope === "stack" ? rule.inspects : rule.resourceTypes;
}

/** True if the rule inspects blocks of this kind and type. */
export function ruleMatches(rule: ResourceRule, block: Block): boolean {
  return rule.resourceTypes.some((pattern) => {
    if (pattern === "*") {
      return true;
    }
    if (pattern.startsWith("data.")) {
      return block.kind === "data" && block.type === pattern.slice(5);
    }
    if (block.kind !== "resource") {
      return false;
    }
    return pattern.endsWith("*") ? block.type.startsWith(pattern.slice(0, -1)) : block.type === pattern;
  });
}
