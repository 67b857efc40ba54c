/** Reusable AWS constructs for a Databricks lakehouse (re-exports only). */
export * from "./databricks-endpoint-services";
export * from "./databricks-ports";
export * from "./databricks-vpc";
export * from "./kms-key";
export * from "./lazy-aws-context";
export * from "./policy-document";
export * from "./private-link-endpoints";
export * from "./secure-bucket";
export * from "./vpc-endpoints";
