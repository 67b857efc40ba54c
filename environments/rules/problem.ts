/**
 * The shapes every rule shares: a problem in one config (a field path and a message), the config it came from, and a
 * problem found across configs (which also names the config to fix).
 */
import type { EnvironmentConfig } from "../schema";

/** One problem in one config: where it is and what is wrong. */
export interface ConfigProblem {
  /** The config's source: a file path such as environments/dev.ts, or a JSON file given on the command line. */
  readonly source: string;
  /** The field path, e.g. network.workspaceSubnets[1].cidr; empty for the config as a whole. */
  readonly path: string;
  readonly message: string;
}

/** A problem a rule over one config finds; the caller knows the source. */
export type FieldProblem = Omit<ConfigProblem, "source">;

/** One environment's validated config with the file it came from, as the rules across environments see it. */
export interface SourcedConfig {
  readonly source: string;
  readonly config: EnvironmentConfig;
}
