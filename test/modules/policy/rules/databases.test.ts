import { DbInstance, DbInstanceConfig } from "@cdktf/provider-aws/lib/db-instance";
import { DynamodbTable, DynamodbTableConfig } from "@cdktf/provider-aws/lib/dynamodb-table";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { TerraformStack } from "cdktf";
import { describeRule } from "../fixtures";

function postgres(stack: TerraformStack, config: Partial<DbInstanceConfig> = {}): DbInstance {
  return new DbInstance(stack, "db", { identifier: "serving", engine: "postgres", instanceClass: "db.t4g.medium", allocatedStorage: 20, ...config });
}

function table(stack: TerraformStack, config: Partial<DynamodbTableConfig> = {}): DynamodbTable {
  return new DynamodbTable(stack, "table", {
    name: "features",
    hashKey: "id",
    billingMode: "PAY_PER_REQUEST",
    attribute: [{ name: "id", type: "S" }],
    ...config,
  });
}

describeRule({
  rule: "RDS-ENCRYPTION",
  passes: [
    { name: "an instance with encrypted storage", build: (s) => void postgres(s, { storageEncrypted: true }) },
    {
      name: "an Aurora cluster with encrypted storage",
      build: (s) => void new RdsCluster(s, "aurora", { engine: "aurora-postgresql", storageEncrypted: true }),
    },
  ],
  fails: [
    { name: "an unencrypted instance", build: (s) => void postgres(s), message: /storage_encrypted is not set/ },
    {
      name: "an Aurora cluster with encryption off",
      build: (s) => void new RdsCluster(s, "aurora", { engine: "aurora-postgresql", storageEncrypted: false }),
      message: /storage_encrypted is false/,
    },
  ],
  skips: [{ name: "a read replica (it follows its source)", build: (s) => void postgres(s, { replicateSourceDb: "serving-primary" }) }],
});

describeRule({
  rule: "RDS-NOT-PUBLIC",
  passes: [
    { name: "an instance without publicly_accessible", build: (s) => void postgres(s) },
    {
      name: "an Aurora instance that is not public",
      build: (s) =>
        void new RdsClusterInstance(s, "aurora-1", {
          clusterIdentifier: "aurora",
          engine: "aurora-postgresql",
          instanceClass: "db.r6g.large",
          publiclyAccessible: false,
        }),
    },
  ],
  fails: [{ name: "a public instance", build: (s) => void postgres(s, { publiclyAccessible: true }), message: /publicly_accessible is true/ }],
});

describeRule({
  rule: "RDS-DELETION-PROTECTION",
  passes: [{ name: "an instance with deletion protection", build: (s) => void postgres(s, { deletionProtection: true }) }],
  fails: [
    {
      name: "an Aurora cluster without deletion protection",
      build: (s) => void new RdsCluster(s, "aurora", { engine: "aurora-postgresql" }),
      message: /deletion_protection is not set/,
    },
  ],
  skips: [
    { name: "an instance without deletion protection when protectData is off", build: (s) => void postgres(s), settings: { protectData: false } },
  ],
});

describeRule({
  rule: "RDS-BACKUP-RETENTION",
  passes: [{ name: "an instance keeping backups for 14 days", build: (s) => void postgres(s, { backupRetentionPeriod: 14 }) }],
  fails: [
    {
      name: "an instance keeping backups for 3 days",
      build: (s) => void postgres(s, { backupRetentionPeriod: 3 }),
      message: /backup_retention_period is 3, below 7/,
    },
    {
      name: "an Aurora cluster relying on the one-day default",
      build: (s) => void new RdsCluster(s, "aurora", { engine: "aurora-postgresql" }),
      message: /backup_retention_period is not set/,
    },
  ],
});

describeRule({
  rule: "RDS-CREDENTIALS",
  passes: [
    {
      name: "an instance with a Secrets Manager-managed master password",
      build: (s) => void postgres(s, { username: "admin_user", manageMasterUserPassword: true }),
    },
    {
      name: "an Aurora cluster with IAM authentication and a password from a variable",
      build: (s) =>
        void new RdsCluster(s, "aurora", {
          engine: "aurora-postgresql",
          iamDatabaseAuthenticationEnabled: true,
          masterPassword: "${var.db_password}",
        }),
    },
  ],
  fails: [
    {
      name: "an instance with a literal password",
      build: (s) => void postgres(s, { username: "admin_user", password: "correct-horse-battery" }),
      message: /password is a literal/,
    },
    {
      name: "an instance with neither IAM auth nor a managed password",
      build: (s) => void postgres(s),
      message: /neither manage_master_user_password nor iam_database_authentication_enabled is true/,
    },
  ],
});

describeRule({
  rule: "DYNAMODB-PITR",
  passes: [{ name: "a table with point-in-time recovery", build: (s) => void table(s, { pointInTimeRecovery: { enabled: true } }) }],
  fails: [{ name: "a table without point-in-time recovery", build: (s) => void table(s), message: /point_in_time_recovery\.enabled is not set/ }],
});

describeRule({
  rule: "DYNAMODB-ENCRYPTION",
  passes: [
    {
      name: "a table encrypted with a key of the stack",
      build: (s) => void table(s, { serverSideEncryption: { enabled: true, kmsKeyArn: new KmsKey(s, "key", { enableKeyRotation: true }).arn } }),
    },
  ],
  fails: [
    {
      name: "a table with the AWS-owned key",
      build: (s) => void table(s),
      message: /server_side_encryption\.enabled is not set, so an AWS-owned key is used/,
    },
    {
      name: "a table with the AWS-managed key",
      build: (s) => void table(s, { serverSideEncryption: { enabled: true } }),
      message: /kms_key_arn is not set, so the AWS-managed key is used/,
    },
  ],
});

describeRule({
  rule: "DYNAMODB-DELETION-PROTECTION",
  passes: [{ name: "a table with deletion protection", build: (s) => void table(s, { deletionProtectionEnabled: true }) }],
  fails: [{ name: "a table without deletion protection", build: (s) => void table(s), message: /deletion_protection_enabled is not set/ }],
  skips: [{ name: "a table without deletion protection when protectData is off", build: (s) => void table(s), settings: { protectData: false } }],
});
