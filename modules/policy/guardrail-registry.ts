/**
 * Which stacks of an app have guardrails, with their settings and latest results. Kept per app (keyed
 * by the construct tree's root) so separate apps, e.g. in tests, never see each other's results.
 */
import { Annotations, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { evaluateStack } from "./engine";
import { PolicyCatalog } from "./pack";
import { ResolvedGuardrailSettings } from "./settings";
import { PolicyResult } from "./types";

/** The guardrail state of one stack. */
export interface GuardedStack {
  readonly stack: TerraformStack;
  readonly settings: ResolvedGuardrailSettings;
  /** The packs that run on it. */
  readonly catalog: PolicyCatalog;
  /** The aspect has visited the stack (its synthesis has started) at least once. */
  visited: boolean;
  /** Results of the latest evaluation; cleared when a new synthesis starts. */
  results?: readonly PolicyResult[];
}

const byApp = new WeakMap<IConstruct, Map<TerraformStack, GuardedStack>>();
const annotated = new WeakMap<IConstruct, Set<string>>();

/** Registers a stack; throws if guardrails were already applied to it. */
export function registerStack(stack: TerraformStack, settings: ResolvedGuardrailSettings, catalog: PolicyCatalog): GuardedStack {
  const stacks = byApp.get(stack.node.root) ?? new Map<TerraformStack, GuardedStack>();
  byApp.set(stack.node.root, stacks);
  if (stacks.has(stack)) {
    throw new Error(`applyGuardrails(${stack.node.path}): guardrails are already applied to this stack; apply them once`);
  }
  const state: GuardedStack = { stack, settings, catalog, visited: false };
  stacks.set(stack, state);
  return state;
}

/** Every guarded stack of the app that `scope` belongs to, in registration order. */
export function guardedStacks(scope: IConstruct): GuardedStack[] {
  return [...(byApp.get(scope.node.root)?.values() ?? [])];
}

/** Evaluates a stack unless its results are current, and records annotations for the manifest. */
export function evaluateGuarded(state: GuardedStack): readonly PolicyResult[] {
  if (state.results === undefined) {
    state.results = evaluateStack(state.stack, state.settings, state.catalog);
    annotate(state.stack, state.results);
  }
  return state.results;
}

/** Errors for findings, warnings for rules rolling out, infos for suppressions, once each, on the construct concerned. */
function annotate(stack: TerraformStack, results: readonly PolicyResult[]): void {
  const byPath = new Map(stack.node.findAll().map((c) => [c.node.path, c] as const));
  for (const r of results) {
    if (r.status === "pass") {
      continue;
    }
    const target = byPath.get(r.path) ?? stack;
    const text = annotationText(r);
    const seen = annotated.get(target) ?? new Set<string>();
    annotated.set(target, seen);
    if (seen.has(text)) {
      continue;
    }
    seen.add(text);
    if (r.status === "fail") {
      Annotations.of(target).addError(text);
    } else if (r.status === "warn") {
      Annotations.of(target).addWarning(text);
    } else {
      Annotations.of(target).addInfo(text);
    }
  }
}

function annotationText(r: PolicyResult): string {
  switch (r.status) {
    case "suppressed":
      return `${r.ruleId} suppressed: ${r.reason} (finding: ${r.message})`;
    case "warn":
      return `${r.ruleId} (warning while the rule rolls out): ${r.message}. Fix: ${r.fix}`;
    default:
      return `${r.ruleId}: ${r.message}. Fix: ${r.fix}`;
  }
}
