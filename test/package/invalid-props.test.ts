/**
 * Across the whole library: a construct given several bad props throws one ValidationError that names every one,
 * before it creates anything. Every exported construct has an entry (invalid-props/*.ts), so a new construct cannot
 * be exported without its validation being specified.
 */
import { Testing, TerraformStack } from "cdktf";
import { ValidationError } from "../../modules/core/errors";
import { AWS_CASES } from "./invalid-props/aws";
import type { InvalidPropsCase, PropsSpecification } from "./invalid-props/case";
import { CORE_CASES } from "./invalid-props/core";
import { DATABRICKS_CASES } from "./invalid-props/databricks";
import { SERVING_SHARING_REST_CASES } from "./invalid-props/serving-sharing-rest";
import { exportedConstructs } from "./exported-constructs";

const SPECIFICATIONS: readonly PropsSpecification[] = [...AWS_CASES, ...CORE_CASES, ...DATABRICKS_CASES, ...SERVING_SHARING_REST_CASES];

function isCase(specification: PropsSpecification): specification is InvalidPropsCase {
  return "build" in specification;
}

/** Runs a case and returns what it threw and the stack it built in. */
function attempt(testCase: InvalidPropsCase): { error: unknown; stack: TerraformStack } {
  const stack = new TerraformStack(Testing.app(), "spec");
  try {
    testCase.build(stack);
  } catch (error) {
    return { error, stack };
  }
  return { error: undefined, stack };
}

describe("invalid props, across every exported construct", () => {
  it("every exported construct has exactly one specification", () => {
    const specified = SPECIFICATIONS.map((s) => s.construct.name).sort();
    expect(specified).toEqual(exportedConstructs());
  });

  const cases = SPECIFICATIONS.filter(isCase);

  it.each(cases.map((c) => [c.construct.name, c] as const))(
    "%s reports every bad prop in one ValidationError, before creating anything",
    (_, testCase) => {
      expect(testCase.badProps.length).toBeGreaterThanOrEqual(2);
      const { error, stack } = attempt(testCase);
      expect(error).toBeInstanceOf(ValidationError);
      const validation = error as ValidationError;
      const named = testCase.badProps.filter((prop) => validation.problems.some((problem) => problem.startsWith(`${prop}:`)));
      expect(named).toEqual(testCase.badProps);
      // The error names the construct being built (a path in the stack), and nothing exists under it: nothing
      // half-written, whether the props were checked before or right after the construct joined the tree.
      expect(validation.constructPath.startsWith(`${stack.node.path}/`)).toBe(true);
      const built = stack.node.findAll().filter((node) => node.node.path.startsWith(`${validation.constructPath}/`));
      expect(built.map((node) => node.node.path)).toEqual([]);
    },
  );

  it("a construct without a case says why it has nothing to validate", () => {
    const unexplained = SPECIFICATIONS.filter((s) => !isCase(s) && s.nothingToValidate.trim().length < 20).map((s) => s.construct.name);
    expect(unexplained).toEqual([]);
  });
});
