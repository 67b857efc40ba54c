/** Databricks constructs of the unity catalog control plane (re-exports only). */
export * from "./catalog-schema";
export * from "./connection-credentials";
export * from "./foreign-catalog";
export * from "./glue-federation";
export * from "./medallion-catalog";
export * from "./privileges";
export * from "./redshift-federation";
export * from "./securable-grants";
export * from "./system-schemas";
export * from "./unity-catalog-external-location";
export * from "./unity-catalog-iam-role";
export * from "./unity-catalog-metastore";
export * from "./unity-catalog-storage-credential";
export * from "./workspace-metastore-assignment";
