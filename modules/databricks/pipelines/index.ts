/** Databricks constructs of the ingestion layer: pipelines, jobs and their compute and credentials (re-exports only). */
export * from "./declarative-pipeline";
export * from "./job-cluster-policy";
export * from "./lakeflow-connect-ingestion";
export * from "./lakeflow-job";
export * from "./pipeline-permissions";
export * from "./pipeline-settings";
export * from "./unity-catalog-service-credential";
export * from "./workspace-source-files";
