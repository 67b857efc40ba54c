/** Databricks constructs of the serving layer: warehouses, Model Serving, Lakebase, ML, dashboards and apps (re-exports only). */
export * from "./bedrock-access";
export * from "./databricks-app";
export * from "./external-model-secrets";
export * from "./lakebase";
export * from "./lakeview-dashboard";
export * from "./ml-workspace";
export * from "./model-serving-endpoint";
export * from "./sql-warehouse";
