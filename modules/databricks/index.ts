/** Reusable Databricks-on-AWS constructs, by control plane (re-exports only). */
export * from "./account";
export * from "./enums";
export * from "./permission-access";
export * from "./pipelines";
export * from "./principal";
export * from "./serving";
export * from "./sharing";
export * from "./unity-catalog";
export * from "./workspace";
