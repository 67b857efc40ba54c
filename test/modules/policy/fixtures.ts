/**
 * Shared fixtures for the policy tests: a small stack with an AWS provider, evaluated by every rule,
 * and a table-driven `describeRule` that asserts a rule passes its compliant fixtures and fails its
 * non-compliant ones with the expected message.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { evaluateStack } from "../../../modules/policy/engine";
import { GuardrailSettings, resolveGuardrailSettings } from "../../../modules/policy/settings";
import { PolicyResult } from "../../../modules/policy/types";

/** The settings fixtures run with unless they say otherwise: a protected, private, CMK environment. */
export const STRICT_SETTINGS: GuardrailSettings = {
  protectData: true,
  requiredTags: ["Project"],
  requirePrivateLink: true,
  requireCustomerManagedKeys: true,
};

/** A fixture: a name (read as "passes <name>" / "fails <name>") and what to build in the stack. */
export interface Fixture {
  readonly name: string;
  readonly build: (stack: TerraformStack) => void;
  /** @default STRICT_SETTINGS */
  readonly settings?: Partial<GuardrailSettings>;
}

/** A failing fixture and the message its finding must match. */
export interface FailingFixture extends Fixture {
  readonly message: RegExp;
}

/** The fixtures of one rule. */
export interface RuleFixtures {
  readonly rule: string;
  readonly passes: readonly Fixture[];
  readonly fails: readonly FailingFixture[];
  /** Fixtures the rule does not apply to (no result at all). @default - none */
  readonly skips?: readonly Fixture[];
}

/** Builds a stack ("fixture", with a default AWS provider tagging Project) and evaluates every rule on it. */
export function evaluate(build: (stack: TerraformStack) => void, settings: Partial<GuardrailSettings> = {}): PolicyResult[] {
  const stack = new TerraformStack(Testing.app(), "fixture");
  new AwsProvider(stack, "aws", { region: "us-east-1", defaultTags: [{ tags: { Project: "lakehouse" } }] });
  build(stack);
  return evaluateStack(stack, resolveGuardrailSettings({ ...STRICT_SETTINGS, ...settings }));
}

/** The results of one rule. */
export function resultsOf(results: readonly PolicyResult[], ruleId: string): PolicyResult[] {
  return results.filter((r) => r.ruleId === ruleId);
}

/** Declares the tests of one rule: each compliant fixture passes, each non-compliant one fails with its message. */
export function describeRule(fixtures: RuleFixtures): void {
  describe(fixtures.rule, () => {
    for (const fixture of fixtures.passes) {
      it(`passes ${fixture.name}`, () => {
        const results = resultsOf(evaluate(fixture.build, fixture.settings), fixtures.rule);
        expect(results.filter((r) => r.status !== "pass")).toEqual([]);
        expect(results.length).toBeGreaterThan(0);
      });
    }
    for (const fixture of fixtures.fails) {
      it(`fails ${fixture.name}`, () => {
        const failures = resultsOf(evaluate(fixture.build, fixture.settings), fixtures.rule).filter((r) => r.status === "fail");
        expect(failures.map((f) => f.message)).toContainEqual(expect.stringMatching(fixture.message));
      });
    }
    for (const fixture of fixtures.skips ?? []) {
      it(`does not apply to ${fixture.name}`, () => {
        expect(resultsOf(evaluate(fixture.build, fixture.settings), fixtures.rule)).toEqual([]);
      });
    }
  });
}
