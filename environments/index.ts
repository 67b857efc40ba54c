/** The environments package: the registry of stages, the schema, validation and selection. */
export { ENVIRONMENTS, type RegisteredEnvironment } from "./registry";
export { environmentSchema, type EnvironmentConfig, type EnvironmentInput } from "./schema";
export { ConfigError, formatProblem, validateConfigFile, validateEnvironments, type ConfigProblem } from "./validate";
export { loadSelectedEnvironments, readConfigFile, registeredEnvironment } from "./select";
