/**
 * The guardrails as a cdktf Aspect on each stack.
 *
 * Evaluation is deferred to the end of the stack's preparation: cdktf visits the stack node before its
 * children (and other aspects may still change them), so the aspect only marks the stack as being
 * synthesized; the rules run as a validation of the stack (the public `node.addValidation`), which cdktf
 * runs after every aspect and before it collects annotations and writes the stack. `Testing.synth`
 * runs no validations unless asked: there the rules run when the report is asked for
 * ({@link PolicyReport.of}). An app created with `skipValidation` skips the guardrails too.
 */
import { Aspects, IAspect, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { POLICY_CATALOG } from "./catalog";
import { evaluateGuarded, GuardedStack, registerStack } from "./guardrail-registry";
import { PolicyCatalog } from "./pack";
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
 * for {@link PolicyReport}, and add an error annotation per finding (warning per failure of a rule rolling
 * out, info per suppression).
 *
 * Throws if the settings are invalid or guardrails are already applied to the stack.
 *
 * @param catalog the packs to run @default POLICY_CATALOG
 * @example
 * applyGuardrails(stack, { protectData: true, requiredTags: ["Project", "Environment"], requirePrivateLink: true, requireCustomerManagedKeys: true });
 */
export function applyGuardrails(stack: TerraformStack, settings: GuardrailSettings, catalog: PolicyCatalog = POLICY_CATALOG): void {
  const state = registerStack(stack, resolveGuardrailSettings(settings), catalog);
  Aspects.of(stack).add(new GuardrailsAspect(state));
  // Findings are recorded (and annotated), not returned as validation errors: the caller decides with the whole
  // report in hand, so every stack's findings are listed, not only the first failing stack's.
  stack.node.addValidation({
    validate: () => {
      evaluateGuarded(state);
      return [];
    },
  });
}
