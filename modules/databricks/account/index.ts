/** Databricks constructs at account level: mws APIs and account identities (re-exports only). */
export * from "./account-identities";
export * from "./audit-log-delivery";
export * from "./cross-account-credentials";
export * from "./customer-managed-key-policies";
export * from "./databricks-workspace";
export * from "./root-storage";
export * from "./serverless-egress";
export * from "./service-principal-secret-store";
export * from "./workspace-assignments";
export * from "./workspace-network";
