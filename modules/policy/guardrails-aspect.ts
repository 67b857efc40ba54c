/**
 * The guardrails as a cdktf Aspect on each stack.
 *
 * Evaluation is deferred to the end of the stack's synthesis: cdktf visits the stack node before its
 * children (and other aspects may still change them), so the aspect only marks the stack as being
 * synthesized; the rules run in the stack's custom-synthesis hook, which cdktf calls after all aspects
 * and validations and before it collects annotations (synthesize/synthesizer.js). `Testing.synth` has
 * no such hook: there the rules run when the report is asked for ({@link PolicyReport.of}).
 */
import { Aspects, IAspect, TerraformStack } from "cdktf";
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
import { IConstruct } from "constructs";
import { evaluateGuarded, GuardedStack, registerStack } from "./guardrail-registry";
import { GuardrailSettings, resolveGuardrailSettings } from "./settings";

/** The aspect {@link applyGuardrails} adds; it marks its stack as synthesized so its results are recomputed. */
class GuardrailsAspect implements IAspect {
  constructor(private readonly state: GuardedStack) {}

  /** Called by cdktf for the stack and every construct below it; acts on the stack only. */
  public visit(node: IConstruct): void {
    if (node === this.state.stack) {
      this.state.visited = true;
      this.state.results = undefined;
    }
  }
}

/**
 * Applies the policy rules to a stack: they run over its synthesized JSON at every synth, record results
 * for {@link PolicyReport}, and add an error annotation per finding (info per suppression).
 *
 * Throws if the settings are invalid or guardrails are already applied to the stack.
 *
 * @example
 * applyGuardrails(stack, { protectData: true, requiredTags: ["Project", "Environment"], requirePrivateLink: true, requireCustomerManagedKeys: true });
 */
export function applyGuardrails(stack: TerraformStack, settings: GuardrailSettings): void {
  const state = registerStack(stack, resolveGuardrailSettings(settings));
  Aspects.of(stack).add(new GuardrailsAspect(state));
  addCustomSynthesis(stack, { onSynthesize: () => void evaluateGuarded(state) });
}
