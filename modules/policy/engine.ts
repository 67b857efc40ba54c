/**
 * Evaluates every rule over a stack's synthesized JSON and turns outcomes into results, applying
 * suppressions. Pure over the JSON: the construct tree is only used to name paths and find suppressions.
 */
import {
  TerraformBackend,
  TerraformElement,
  TerraformLocal,
  TerraformOutput,
  TerraformProvider,
  TerraformStack,
  TerraformVariable,
  Token,
} from "cdktf";
import { IConstruct } from "constructs";
import { POLICY_CATALOG } from "./catalog";
import { Match, matchAny } from "./matcher";
import { PolicyCatalog } from "./pack";
import { matchersOf, PolicyRule, ResourceRule, RuleContext, StackRule } from "./rule";
import { ResolvedGuardrailSettings } from "./settings";
import { Suppression, suppressionFor } from "./suppressions";
import { Block, StackModel } from "./synth-model";
import { Outcome, PolicyResult, ResultStatus } from "./types";
import { show } from "./values";

/** Optional hooks into the construct tree for {@link evaluateModel}. */
export interface EvaluationHooks {
  /** The construct that produced a block. @default - none known */
  readonly constructOf?: (block: Block) => IConstruct | undefined;
  /** The suppression of a rule at a construct path. @default - nothing is suppressed */
  readonly suppressionAt?: (path: string, ruleId: string) => Suppression | undefined;
}

/**
 * Evaluates every rule of a catalogue over a stack model. A resource rule runs on each block one of its matchers
 * selects; a block whose matching depends on an attribute that cannot be resolved at synth is a finding.
 *
 * @param catalog the packs to run @default POLICY_CATALOG
 */
export function evaluateModel(
  model: StackModel,
  settings: ResolvedGuardrailSettings,
  hooks: EvaluationHooks = {},
  catalog: PolicyCatalog = POLICY_CATALOG,
): PolicyResult[] {
  const ctx: RuleContext = { settings, model, constructOf: hooks.constructOf ?? (() => undefined), declarations: catalog.declarations };
  const suppressionAt = hooks.suppressionAt ?? (() => undefined);
  const resolve = (value: unknown) => model.resolve(value);
  const results: PolicyResult[] = [];
  for (const rule of catalog.rules) {
    if (rule.scope === "stack") {
      results.push(...toResults(rule, model, undefined, safeCheck(rule, ctx), suppressionAt));
      continue;
    }
    const matchers = matchersOf(rule, catalog.declarations);
    for (const block of model.blocks) {
      const match = matchAny(matchers, block, resolve);
      if (match.kind !== "no-match") {
        results.push(
          ...toResults(rule, model, block, match.kind === "match" ? safeCheck(rule, ctx, block) : unknownApplicability(match), suppressionAt),
        );
      }
    }
  }
  return results;
}

/**
 * Evaluates every rule over a stack: synthesizes its JSON (overrides included) and maps blocks to constructs.
 *
 * @param catalog the packs to run @default POLICY_CATALOG
 */
export function evaluateStack(stack: TerraformStack, settings: ResolvedGuardrailSettings, catalog: PolicyCatalog = POLICY_CATALOG): PolicyResult[] {
  const byPath = new Map(stack.node.findAll().map((c) => [c.node.path, c] as const));
  const model = StackModel.fromJson(stack.toTerraform(), {
    stackName: stack.node.id,
    stackPath: stack.node.path,
    pathsByAddress: elementPaths(stack),
  });
  const hooks: EvaluationHooks = {
    constructOf: (block) => (block.path ? byPath.get(block.path) : undefined),
    suppressionAt: (path, ruleId) => suppressionFor(byPath.get(path) ?? stack, ruleId),
  };
  return evaluateModel(model, settings, hooks, catalog);
}

/** Construct paths of elements whose JSON carries no path: providers, variables, locals, outputs, the backend. */
function elementPaths(stack: TerraformStack): Map<string, string> {
  const paths = new Map<string, string>();
  for (const c of stack.node.findAll()) {
    const address = addressOfElement(c);
    if (address !== undefined && TerraformStack.of(c) === stack) {
      paths.set(address, c.node.path);
    }
  }
  return paths;
}

function addressOfElement(c: IConstruct): string | undefined {
  if (!TerraformElement.isTerraformElement(c)) {
    return undefined;
  }
  if (TerraformBackend.isBackend(c)) {
    return "terraform.backend";
  }
  if (TerraformProvider.isTerraformProvider(c)) {
    const alias = c.alias;
    return alias && !Token.isUnresolved(alias) ? `provider.${c.terraformResourceType}.${alias}` : `provider.${c.terraformResourceType}`;
  }
  if (c instanceof TerraformVariable) {
    return `var.${c.friendlyUniqueId}`;
  }
  if (c instanceof TerraformLocal) {
    return `local.${c.friendlyUniqueId}`;
  }
  return c instanceof TerraformOutput ? `output.${c.friendlyUniqueId}` : undefined;
}

function safeCheck(rule: PolicyRule, ctx: RuleContext, block?: Block): Outcome {
  try {
    return rule.scope === "stack" ? (rule as StackRule).check(ctx) : (rule as ResourceRule).check(block as Block, ctx);
  } catch (error) {
    // A crashing rule must not pass silently or abort synth with a stack trace: it is a finding.
    return {
      kind: "fail",
      message: `the rule could not evaluate this ${block ? "block" : "stack"}: ${(error as Error).message}`,
      fix: "report this as a bug in modules/policy",
    };
  }
}

/** A block a rule may apply to, depending on a value that cannot be resolved at synth: a finding, never a silent skip. */
function unknownApplicability(match: Extract<Match, { kind: "unresolved" }>): Outcome {
  return {
    kind: "fail",
    message: `${match.attribute} is ${show(match.value)}, which cannot be resolved at synth, so whether the rule applies is unknown`,
    fix: `give ${match.attribute} a literal value (or a reference to a literal in this stack), or suppress the rule with the reason the block is safe`,
  };
}

function toResults(
  rule: PolicyRule,
  model: StackModel,
  block: Block | undefined,
  outcome: Outcome,
  suppressionAt: (path: string, ruleId: string) => Suppression | undefined,
): PolicyResult[] {
  if (outcome.kind === "skip") {
    return [];
  }
  const path = block?.path ?? model.stackPath;
  const base = {
    ruleId: rule.id,
    severity: rule.severity,
    stack: model.stackName,
    path,
    ...(block ? { address: block.address } : {}),
  };
  if (outcome.kind === "pass") {
    return [{ ...base, status: "pass" }];
  }
  const located = block && !block.path ? `${block.address}: ` : "";
  const message = oneLine(`${located}${outcome.message}`).replace(/\.+$/, "");
  const fix = oneLine(outcome.fix ?? rule.fix);
  const suppression = suppressionAt(path, rule.id);
  const status: ResultStatus = rule.rollout === "warn" ? "warn" : "fail";
  return suppression ? [{ ...base, status: "suppressed", message, fix, reason: suppression.reason }] : [{ ...base, status, message, fix }];
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
