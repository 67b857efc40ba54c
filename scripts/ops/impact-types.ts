/**
 * The attributes that name a resource's physical object (a bucket's `bucket`, a table's `name`), by type. A type not
 * listed is named by its `name` attribute when it has one. A KMS key has none: its aliases (`aws_kms_alias` name)
 * name it, and changing an alias does not replace the key.
 */
export const PHYSICAL_NAME_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_s3_bucket: ["bucket"],
  aws_db_instance: ["identifier"],
  aws_rds_cluster: ["cluster_identifier"],
  aws_dynamodb_table: ["name"],
  aws_kinesis_stream: ["name"],
  aws_msk_cluster: ["cluster_name"],
  aws_redshiftserverless_namespace: ["namespace_name"],
  aws_iam_role: ["name"],
  aws_secretsmanager_secret: ["name"],
  databricks_mws_workspaces: ["workspace_name"],
  databricks_catalog: ["name"],
  databricks_schema: ["catalog_name", "name"],
  databricks_volume: ["catalog_name", "schema_name", "name"],
};

/** Whether a change of the physical name replaces the object (every named type but a KMS key, named by its aliases). */
export function physicalNameAttribute(type: string): readonly string[] | undefined {
  if (type === "aws_kms_key") return undefined;
  return PHYSICAL_NAME_ATTRIBUTES[type] ?? ["name"];
}
