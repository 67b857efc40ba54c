/** Reusable AWS constructs for a Databricks lakehouse (re-exports only). */
export * from "./appflow-s3-flow";
export * from "./databricks-endpoint-services";
export * from "./databricks-ports";
export * from "./databricks-vpc";
export * from "./dms-account-roles";
export * from "./dms-s3-replication";
export * from "./dynamodb-table";
export * from "./glue-etl-job";
export * from "./glue-security-configuration";
export * from "./iot-kinesis-topic-rule";
export * from "./kinesis-data-stream";
export * from "./kms-key";
export * from "./lazy-aws-context";
export * from "./msk-kafka-cluster";
export * from "./policy-document";
export * from "./private-link-endpoints";
export * from "./quicksight-databricks-source";
export * from "./rds-postgres";
export * from "./redshift-serverless-warehouse";
export * from "./s3-key-prefix";
export * from "./secure-bucket";
export * from "./service-role";
export * from "./vpc-endpoints";
export * from "./workspace-front-end";
// The IoT rule and the Glue job escape their literal text with it; re-exported for whoever builds on this index.
export { escapeTerraformTemplate } from "../core/terraform-text";
