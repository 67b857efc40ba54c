/**
 * Config variants for validation tests: a registered environment that fits the test, deep-copied and changed, and
 * the problem lines validation reports for it. Environments are picked by what they configure, never by name, so
 * the tests hold for any registered stages.
 */
import { ENVIRONMENTS, type EnvironmentConfig } from "../../environments";
import { formatProblem, validateEnvironment } from "../../environments/validate";

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

/** A registered config, typed as validated (the sections the tests change are present in every registered stage). */
export type VariantInput = Mutable<EnvironmentConfig>;

/** The first registered environment for which `predicate` holds, deep-copied and changed by `change`. */
export function variantOf(predicate: (input: VariantInput) => boolean, change: (config: VariantInput) => void): unknown {
  const found = Object.values(ENVIRONMENTS).find((e) => predicate(e.input as VariantInput));
  if (!found) throw new Error("no registered environment fits this test");
  const copy = structuredClone(found.input) as VariantInput;
  change(copy);
  return copy;
}

/** The problem lines of one config (validated alone, as `environments/test.ts`), or [] when it is valid. */
export function problemsOf(input: unknown): string[] {
  const result = validateEnvironment(input, "environments/test.ts");
  return "problems" in result ? result.problems.map(formatProblem) : [];
}
