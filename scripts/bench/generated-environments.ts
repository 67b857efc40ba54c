/**
 * Environments for the scale benchmark: N copies of prod (every layer on) with distinct names, accounts and
 * non-overlapping CIDRs, validated together as the registry's environments are. Nothing is written to environments/.
 */
import { ENVIRONMENTS, validateEnvironments, type EnvironmentConfig, type EnvironmentInput } from "../../environments";

/** The most environments the address plan below has room for (two /16 blocks each, from 10.140.0.0 up). */
export const MAX_GENERATED = 57;

/** The shipped stage every generated one copies: the one with every layer and option on. */
const TEMPLATE = "prod";

/** The name of the i-th generated environment (1-based): `scale-01`, `scale-02`, ... */
export function generatedName(index: number): string {
  return `scale-${String(index).padStart(2, "0")}`;
}

/** The i-th copy of the template: its own name, AWS and Databricks accounts, state and VPC address blocks. */
function copyOfTemplate(template: EnvironmentInput, index: number): EnvironmentInput {
  const name = generatedName(index);
  const awsAccount = `5${String(index).padStart(11, "0")}`;
  const databricksAccount = `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
  const workspaceBlock = 140 + 2 * (index - 1);
  const text = JSON.stringify(template)
    .replaceAll(template.aws.accountId, awsAccount)
    .replaceAll(template.databricks.accountId, databricksAccount)
    .replaceAll(`/${TEMPLATE}/`, `/${name}/`)
    .replaceAll(`-${TEMPLATE}-`, `-${name}-`)
    .replaceAll('"10.30.', `"10.${workspaceBlock}.`)
    .replaceAll('"10.31.', `"10.${workspaceBlock + 1}.`);
  return { ...(JSON.parse(text) as EnvironmentInput), name };
}

/** `count` generated environments, validated together (unique names, non-overlapping networks, ...). */
export function generatedEnvironments(count: number): EnvironmentConfig[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_GENERATED) {
    throw new RangeError(`count: ${count} is not a whole number from 1 to ${MAX_GENERATED}`);
  }
  const template = ENVIRONMENTS[TEMPLATE].input;
  return validateEnvironments(
    Array.from({ length: count }, (_, i) => ({
      source: `generated ${generatedName(i + 1)} (a copy of environments/${TEMPLATE}.ts)`,
      input: copyOfTemplate(template, i + 1),
    })),
  );
}
