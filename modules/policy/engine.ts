/**
 * Evaluates every rule over a stack's synthesized JSON and turns outcomes into results, applying
 * suppressions. Pure over the JSON: the construct tree is only used to name paths and find suppressions.
 */
import { TerraformBackend, TerraformElement, TerraformLocal, TerraformOutput, TerraformProvider, TerraformStack, TerraformVariable, Token } from "cdktf";
import { IConstruct } from "constructs";
import { ALL_RULES } from "./catalog";
import { PolicyRule, ResourceRule, RuleContext, ruleMatches, StackRule } from "./rule";
import { ResolvedGuardrailSettings } from "./settings";
import { Suppression, suppressionFor } from "./suppressions";
import { Block, StackModel } from "./synth-model";
import { Outcome, PolicyResult } from "./types";

/** Optional hooks into the construct tree for {@link evaluateModel}. */
export interface EvaluationHooks {
  /** The construct that produced a block. @default - none known */
  readonly constructOf?: (block: Block) => IConstruct | undefined;
  /** The suppression of a rule at a construct path. @default - nothing is suppressed */
  readonly suppressionAt?: (path: string, ruleId: string) => Suppression | undefined;
}

/**
 * Evaluates every rule over a stack model.
 *
 * @param rules the rules to run @default ALL_RULES
 */
export function evaluateModel(model: StackModel, settings: ResolvedGuardrailSettings, hooks: EvaluationHooks = {}, rules: readonly PolicyRule[] = ALL_RULES): PolicyResult[] {
  const ctx: RuleContext = { settings, model, constructOf: hooks.constructOf ?? (() => undefined) };
  const suppressionAt = hooks.suppressionAt ?? (() => undefined);
  const results: PolicyResult[] = [];
  for (const rule of rules) {
    if (rule.scope === "stack") {
      results.push(...toResults(rule, model, undefined, safeCheck(rule, ctx), suppressionAt));
    } else {
      for (const block of model.blocks.filter((b) => ruleMatches(rule, b))) {
        results.push(...toResults(rule, model, block, safeCheck(rule, ctx, block), suppressionAt));
      }
    }
  }
  return results;
}

/** Evaluates every rule over a stack: synthesizes its JSON (overrides included) and maps blocks to constructs. */
export function evaluateStack(stack: TerraformStack, settings: ResolvedGuardrailSettings): PolicyResult[] {
  const byPath = new Map(stack.node.findAll().map((c) => [c.node.path, c] as const));
  const model = StackModel.fromJson(stack.toTerraform(), {
    stackName: stack.node.id,
    stackPath: stack.node.path,
    pathsByAddress: elementPaths(stack),
  });
  return evaluateModel(model, settings, {
    constructOf: (block) => (block.path ? byPath.get(block.path) : undefined),
    suppressionAt: (path, ruleId) => suppressionFor(byPath.get(path) ?? stack, ruleId),
  });
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
    return { kind: "fail", message: `the rule could not evaluate this ${block ? "block" : "stack"}: ${(error as Error).message}`, fix: "report this as a bug in modules/policy" };
  }
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
  return suppression
    ? [{ ...base, status: "suppressed", message, fix, reason: suppression.reason }]
    : [{ ...base, status: "fail", message, fix }];
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
