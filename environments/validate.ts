/**
 * Validation of environment configs: structure (the zod schema in ./schema) first, then the cross-field rules a
 * schema cannot express (./rules). Every problem is collected and reported at once, one line each, naming the source
 * and the field path.
 */
import type { z } from "zod";
import { UserError } from "../modules/core/errors";
import { ENVIRONMENTS, type RegisteredEnvironment } from "./registry";
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

/**
 * Validates a config that comes from a file rather than the registry (LAKEHOUSE_ENV_FILE, `config validate`): its own
 * rules, then the rules it shares with the registered environments, as one more of them. Without this, prod's config
 * renamed, or with `production: false`, would pass: a second metastore and account-scope log delivery in prod's
 * Databricks account, or prod's stack ids and state keys without prod's rules.
 */
export function validateConfigFile(
  source: string,
  input: unknown,
  registered: Readonly<Record<string, RegisteredEnvironment>> = ENVIRONMENTS,
): EnvironmentConfig {
  const [config] = validateEnvironments([{ source, input }]);
  const problems = registeredEnvironmentProblems({ source, config }, registered);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * The problems a file config has with the registered environments: taking one's name (and with it its stack ids,
 * state keys and physical names) without being an exact copy of its config, and every rule across environments
 * (one metastore per region and Databricks account, one account-scope log delivery) that the file breaks. A copy
 * of a registered config stands in for it rather than beside it. Registered configs that are invalid themselves are
 * left out: their own synth reports them.
 */
function registeredEnvironmentProblems(file: SourcedConfig, registered: Readonly<Record<string, RegisteredEnvironment>>): ConfigProblem[] {
  const names = Object.keys(registered);
  const others = Object.values(registered).flatMap(({ source, input }) => {
    const result = validateEnvironment(input, source);
    return "config" in result ? [{ source, config: result.config }] : [];
  });
  const namesake = others.find(({ config }) => config.name === file.config.name);
  const problems: ConfigProblem[] = [];
  const difference = namesake ? firstDifference(namesake.config, file.config, "") : undefined;
  if (namesake && difference !== undefined) {
    problems.push({
      source: file.source,
      path: "name",
      message: `"${file.config.name}" is the name of the registered environment in ${namesake.source} (its stack ids, state keys s3://${namesake.config.state.bucket}/${file.config.name}/ and physical names); a file may use the name only as an exact copy of that config, and this one differs at ${difference || "the top level"}: rename it, or change ${namesake.source}`,
    });
  }
  // Only what the file adds: problems among the registered environments alone are not this file's.
  const before = new Set(crossEnvironmentProblems(others, names).map(formatProblem));
  const withFile = [...others.filter((other) => other !== namesake), file];
  problems.push(...crossEnvironmentProblems(withFile, names).filter((problem) => !before.has(formatProblem(problem))));
  return problems;
}

/** The path of the first value that differs between two configs (`network.privateLink.enabled`), or undefined. */
function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return path;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
    const inner = Array.isArray(a) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    const found = firstDifference(left[key], right[key], inner);
    if (found !== undefined) return found;
  }
  return undefined;
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
  // A record key that fails its own checks: zod wraps them; say what the key itself lacks.
  if (issue.code === "invalid_key" && issue.issues.length > 0) return [{ path, message: issue.issues.map((inner) => inner.message).join("; ") }];
  return [{ path, message: issue.message }];
}
