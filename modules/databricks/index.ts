/** Reusable Databricks-on-AWS constructs, by control plane (re-exports only). */
export * from "./account";
export * from "./enums";
export * from "./unity-catalog";
export * from "./workspace";
