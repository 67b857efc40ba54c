/**
 * The composition of the lakehouse: for each environment, one stack per layer, in dependency order, each reading
 * the layers below it through their typed contracts.
 */
import type { App } from "cdktf";
import type { EnvironmentConfig } from "../environments";
import { NetworkStorageStack } from "./network-storage-stack";

/** The stacks of one environment. Later layers are added by their own issues. */
export interface EnvironmentStacks {
  readonly config: EnvironmentConfig;
  readonly networkStorage: NetworkStorageStack;
}

/** Builds every layer stack of every environment in `app`. */
export function buildLakehouse(app: App, configs: readonly EnvironmentConfig[]): EnvironmentStacks[] {
  return configs.map((config) => buildEnvironment(app, config));
}

function buildEnvironment(app: App, config: EnvironmentConfig): EnvironmentStacks {
  const networkStorage = new NetworkStorageStack(app, { config });
  return { config, networkStorage };
}
