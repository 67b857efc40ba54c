/**
 * What a rule is: data (id, severity, rationale, anchors) plus one small pure check over a synthesized
 * block (or a whole stack), returning pass, fail or skip (not applicable).
 */
import { IConstruct } from "constructs";
import { BlockMatcher } from "./matcher";
import type { PackDeclarations } from "./pack";
import { ResolvedGuardrailSettings } from "./settings";
import { Block, StackModel } from "./synth-model";
import { Anchor, Outcome, PackName, Rollout, Severity } from "./types";
import { show } from "./values";

/** What a rule's check sees besides the block: the whole stack and the environment's settings. */
export interface RuleContext {
  /** The environment's guardrail settings, defaults filled in. */
  readonly settings: ResolvedGuardrailSettings;
  /** The stack's synthesized JSON. */
  readonly model: StackModel;
  /** The construct that produced a block, when the stack's construct tree is available. */
  readonly constructOf: (block: Block) => IConstruct | undefined;
  /** What the registered packs declare: data-holding types, cascading deletes, provider packages. */
  readonly declarations: PackDeclarations;
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
  /** `warn` while the rule rolls out: its failures are reported, not failing synth. @default - the pack's, else "enforce" */
  readonly rollout?: Rollout;
}

/** The pack declarations a rule can apply to (see {@link RulePack}). */
export type DeclarationKind = "dataHolding" | "cascadingDelete";

/** Applies to whatever the registered packs declare, e.g. `{ declared: "dataHolding" }`. */
export interface DeclaredBlocks {
  readonly declared: DeclarationKind;
}

/** A rule evaluated once per matching block. */
export interface ResourceRule extends RuleInfo {
  readonly scope: "resource";
  /**
   * The blocks it inspects: matchers (a type such as `aws_s3_bucket`, `data.aws_iam_policy_document`, `aws_*` or
   * `*`, or a type with conditions on its attributes, see {@link BlockMatcher}), or what the packs declare.
   */
  readonly appliesTo: readonly BlockMatcher[] | DeclaredBlocks;
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

/** The matchers of a resource rule, its pack declarations looked up. */
export function matchersOf(rule: ResourceRule, declarations: PackDeclarations): readonly BlockMatcher[] {
  const appliesTo = rule.appliesTo;
  if (!("declared" in appliesTo)) {
    return appliesTo;
  }
  return appliesTo.declared === "dataHolding" ? declarations.dataHolding.map((d) => d.match) : declarations.cascadingDelete.map((d) => d.match);
}
