/**
 * Which environments a run synthesizes, from the process environment:
 * - LAKEHOUSE_ENV=<name>[,<name>] limits the run to those registered stages;
 * - LAKEHOUSE_ENV_FILE=<file.json> synthesizes that one JSON config instead of environments/;
 * - neither: every registered stage.
 */
import { readFileSync } from "node:fs";
import { ENVIRONMENTS } from "./registry";
import type { EnvironmentConfig } from "./schema";
import { ConfigError, validateEnvironments } from "./validate";

/** Reads and parses a JSON config file; a missing or malformed file is a ConfigError naming the file. */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : (error as Error).message;
    throw new ConfigError([{ source: file, path: "", message: `cannot read the config: ${reason}` }]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError([{ source: file, path: "", message: `is not valid JSON: ${(error as Error).message}` }]);
  }
}

/** The validated configs selected by `env`. Throws ConfigError (every problem at once) before anything is built. */
export function loadSelectedEnvironments(env: NodeJS.ProcessEnv = process.env): EnvironmentConfig[] {
  const file = env.LAKEHOUSE_ENV_FILE?.trim();
  const names = env.LAKEHOUSE_ENV?.trim();
  if (file && names) {
    throw new ConfigError([{ source: "LAKEHOUSE_ENV_FILE", path: "", message: "set either LAKEHOUSE_ENV_FILE or LAKEHOUSE_ENV, not both" }]);
  }
  if (file) return validateEnvironments([{ source: file, input: readConfigFile(file) }]);
  return validateEnvironments(selectRegistered(names));
}

function selectRegistered(names: string | undefined) {
  if (!names) return Object.values(ENVIRONMENTS);
  const requested = [
    ...new Set(
      names
        .split(",")
        .map((n) => n.trim())
        .filter((n) => n.length > 0),
    ),
  ];
  const unknown = requested.filter((n) => !(n in ENVIRONMENTS));
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
