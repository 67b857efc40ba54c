/**
 * Validation of environment configs: structure (the zod schema in ./schema) first, then the cross-field rules a
 * schema cannot express (./rules). Every problem is collected and reported at once, one line each, naming the source
 * and the field path.
 */
import type { z } from "zod";
import { UserError } from "../modules/core/errors";
import { ENVIRONMENTS } from "./registry";
import { crossEnvironmentProblems, duplicateNameProblems, environmentProblems } from "./rules/environment";
import type { ConfigProblem, FieldProblem, SourcedConfig } from "./rules/problem";
import { environmentSchema, type EnvironmentConfig } from "./schema";

export type { ConfigProblem } from "./rules/problem";

/** Thrown when one or more configs are invalid; `message` holds one line per problem. */
export class ConfigError extends UserError {
  constructor(public readonly problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "ConfigError";
  }
}

/** `<source>: <path>: <message>`, the line a user sees. */
export function formatProblem(problem: ConfigProblem): string {
  return problem.path ? `${problem.source}: ${problem.path}: ${problem.message}` : `${problem.source}: ${problem.message}`;
}

/** Validates one config; returns the config with defaults applied, or the problems found. */
export function validateEnvironment(input: unknown, source: string): { config: EnvironmentConfig } | { problems: ConfigProblem[] } {
  // reportInput: issues carry the value received, which tells "missing" apart from "wrong type".
  const parsed = environmentSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    return { problems: parsed.error.issues.flatMap((issue) => describeIssue(issue).map((p) => ({ source, ...p }))) };
  }
  const problems = environmentProblems(parsed.data).map((p) => ({ source, ...p }));
  return problems.length > 0 ? { problems } : { config: parsed.data };
}

/**
 * Validates every config, then the rules that span environments (unique names, shared metastores, log delivery).
 * Throws one ConfigError listing every problem of every config; returns the configs only when all are valid.
 */
export function validateEnvironments(inputs: readonly { source: string; input: unknown }[]): EnvironmentConfig[] {
  const problems: ConfigProblem[] = [];
  const valid: SourcedConfig[] = [];
  for (const { source, input } of inputs) {
    const result = validateEnvironment(input, source);
    if ("problems" in result) {
      problems.push(...result.problems);
      continue;
    }
    const next = { source, config: result.config };
    problems.push(...duplicateNameProblems(next, valid));
    valid.push(next);
  }
  problems.push(...crossEnvironmentProblems(valid, Object.keys(ENVIRONMENTS)));
  if (problems.length > 0) throw new ConfigError(problems);
  return valid.map(({ config }) => config);
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), "");
}

/** One problem per zod issue, except unknown keys: one per key, at the key's own path. */
function describeIssue(issue: z.core.$ZodIssue): FieldProblem[] {
  const path = formatPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      path: path ? `${path}.${key}` : key,
      message: "unknown field; check its spelling against environments/schema (unknown fields are refused so a typo cannot pass silently)",
    }));
  }
  if (issue.code === "invalid_type" && issue.input === undefined) return [{ path, message: "is required" }];
  return [{ path, message: issue.message }];
}
