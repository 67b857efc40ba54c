/**
 * Which environments a run synthesizes, from the process environment:
 * - LAKEHOUSE_ENV=<name>[,<name>] limits the run to those registered stages;
 * - LAKEHOUSE_ENV_FILE=<file.json> synthesizes that one JSON config (read by json-file.ts) instead of environments/,
 *   checked against the registered stages as well;
 * - neither: every registered stage.
 */
import { readConfigFile } from "./json-file";
import { ENVIRONMENTS, type RegisteredEnvironment } from "./registry";
import type { EnvironmentConfig } from "./schema";
import { ConfigError, validateConfigFile, validateEnvironments } from "./validate";

/**
 * The registered environment called `name`, or undefined. Only the registry's own entries count: `toString` or
 * `__proto__` are properties of every object, not environments.
 */
export function registeredEnvironment(name: string): RegisteredEnvironment | undefined {
  return Object.hasOwn(ENVIRONMENTS, name) ? ENVIRONMENTS[name] : undefined;
}

/** The validated configs selected by `env`. Throws ConfigError (every problem at once) before anything is built. */
export function loadSelectedEnvironments(env: NodeJS.ProcessEnv = process.env): EnvironmentConfig[] {
  const file = env.LAKEHOUSE_ENV_FILE?.trim();
  const names = env.LAKEHOUSE_ENV?.trim();
  if (file && names) {
    throw new ConfigError([{ source: "LAKEHOUSE_ENV_FILE", path: "", message: "set either LAKEHOUSE_ENV_FILE or LAKEHOUSE_ENV, not both" }]);
  }
  if (file) return [validateConfigFile(file, readConfigFile(file))];
  return validateEnvironments(selectRegistered(names));
}

function selectRegistered(names: string | undefined): RegisteredEnvironment[] {
  if (!names) return Object.values(ENVIRONMENTS);
  const requested = [
    ...new Set(
      names
        .split(",")
        .map((n) => n.trim())
        .filter((n) => n.length > 0),
    ),
  ];
  const unknown = requested.filter((n) => !registeredEnvironment(n));
  if (unknown.length > 0 || requested.length === 0) {
    throw new ConfigError([
      {
        source: "LAKEHOUSE_ENV",
        path: "",
        message: `unknown environment ${unknown.map((n) => `"${n}"`).join(", ") || "(empty)"}; registered: ${Object.keys(ENVIRONMENTS).join(", ")}`,
      },
    ]);
  }
  return requested.map((n) => ENVIRONMENTS[n]);
}
