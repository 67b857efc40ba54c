/** A typed binding for the generic REST provider (Mastercard/restapi) and its Databricks workspace setup (re-exports only). */
export * from "./databricks-workspace-rest-api";
export * from "./json-body";
export * from "./rest-object";
export * from "./restapi-provider";
