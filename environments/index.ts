/** The environments package: the registry of stages, the schema, validation, JSON config files and selection. */
export { ENVIRONMENTS, type RegisteredEnvironment } from "./registry";
export { environmentSchema, type EnvironmentConfig, type EnvironmentInput } from "./schema";
export { ConfigError, formatProblem, validateConfigFile, validateEnvironments, type ConfigProblem } from "./validate";
export { readConfigFile } from "./json-file";
export { loadSelectedEnvironments, registeredEnvironment } from "./select";
