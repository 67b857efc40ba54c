/** Databricks constructs of the workspace control plane (re-exports only). */
export * from "./workspace-hardening";
