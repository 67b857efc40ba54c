/** What every domain shares: CIDR arithmetic, naming, errors and props validation, Databricks' AWS identities (re-exports only). */
export * from "./cidr";
export * from "./databricks-aws-identities";
export * from "./errors";
export * from "./naming";
export * from "./terraform-data";
export * from "./terraform-text";
export * from "./validation";
