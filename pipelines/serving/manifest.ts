/**
 * The serving layer's publish task, described for the stack: a Lakeflow Job `spark_python_task` on a classic job
 * cluster in the workspace VPC (isolated: no internet, so no PyPI) that copies gold.customer_order_summary to Amazon
 * RDS for PostgreSQL (IAM authentication, TLS, through the PostgreSQL JDBC driver Databricks Runtime bundles) and/or
 * Amazon DynamoDB, through a Unity Catalog service credential. test/pipelines/serving checks the script's command line
 * against this description.
 *
 * @see pipelines/serving/publish_operational_stores.py for the behaviour and its sources
 */

/** The publish task: its file (relative to pipelines/), command-line options, cluster libraries and what it reads. */
export const PUBLISH_TASK: {
  readonly file: "serving/publish_operational_stores.py";
  /** Options every run needs, each followed by one value. */
  readonly arguments: readonly string[];
  /**
   * The RDS for PostgreSQL store: give all four to write RDS, none to skip it (a partial set is refused). At least one
   * store, RDS or DynamoDB, is required.
   */
  readonly rdsArguments: readonly string[];
  /** The DynamoDB store: give it to write the table, omit it to skip DynamoDB. */
  readonly dynamodbArguments: readonly string[];
  /** Optional options of the RDS store: `--rds-table` (default public.customer_order_summary) and `--rds-ca-bundle` (TLS verify-full). */
  readonly optionalArguments: readonly string[];
  /**
   * PyPI libraries the job cluster installs: none, everything is in the runtime (boto3, the Databricks SDK and the
   * PostgreSQL JDBC driver); the cluster could not reach PyPI anyway.
   */
  readonly libraries: readonly string[];
  /** The gold table it reads (bare `gold.<table>`; the stack passes the full name as --source-table). */
  readonly reads: "gold.customer_order_summary";
  /** The lowest Databricks Runtime with service credentials in Python. */
  readonly minimumSparkVersion: "15.4";
  /** The RDS store opens a JDBC connection on the driver's JVM (Py4J), which only dedicated access mode allows. */
  readonly accessMode: "SINGLE_USER";
} = {
  file: "serving/publish_operational_stores.py",
  arguments: ["--source-table", "--region", "--service-credential"],
  rdsArguments: ["--rds-host", "--rds-port", "--rds-database", "--rds-user"],
  dynamodbArguments: ["--dynamodb-table"],
  optionalArguments: ["--rds-table", "--rds-ca-bundle"],
  libraries: [],
  reads: "gold.customer_order_summary",
  minimumSparkVersion: "15.4",
  accessMode: "SINGLE_USER",
};
