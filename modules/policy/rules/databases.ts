/**
 * Operational databases: RDS and Aurora, DynamoDB.
 */
import { isExpression, isPureExpression } from "../expressions";
import { RulePack } from "../pack";
import { fail, PASS, ResourceRule, SKIP, unresolved } from "../rule";
import { Block } from "../synth-model";
import { Outcome } from "../types";
import { blockOf, describeValue, isSet, isTrue, numberOf } from "../values";
import { aws, fsbp } from "./anchors";
import { allProblems, customerKeyProblem, mustBeTrue, whenProtected } from "./common";

/** The shortest automated backup retention accepted, in days. */
export const MIN_BACKUP_RETENTION_DAYS = 7;

/** True for an RDS instance that replicates another (its storage, backups and credentials follow the source). */
function isReplica(block: Block): boolean {
  return block.type === "aws_db_instance" && isSet(block.attrs.replicate_source_db);
}

const rdsEncryption: ResourceRule = {
  id: "RDS-ENCRYPTION",
  pack: "databases",
  scope: "resource",
  severity: "high",
  title: "RDS instances and Aurora clusters encrypt their storage",
  rationale: "Operational stores hold data products served to applications; storage, snapshots and replicas must be encrypted at rest",
  anchors: [fsbp("RDS.3"), fsbp("RDS.27")],
  appliesTo: ["aws_db_instance", "aws_rds_cluster"],
  fix: "set storage_encrypted = true and kms_key_id to one of our keys",
  notes: "Read replicas follow their source and are skipped.",
  check: (db) => {
    if (isReplica(db)) {
      return SKIP;
    }
    const problem = mustBeTrue("storage_encrypted", db.attrs.storage_encrypted);
    return problem === undefined ? PASS : fail(problem);
  },
};

const rdsNotPublic: ResourceRule = {
  id: "RDS-NOT-PUBLIC",
  pack: "databases",
  scope: "resource",
  severity: "critical",
  title: "No RDS or Aurora instance is publicly accessible",
  rationale: "A public endpoint puts the database's login on the internet; applications reach it inside the VPC",
  anchors: [fsbp("RDS.2")],
  appliesTo: ["aws_db_instance", "aws_rds_cluster_instance"],
  fix: "remove publicly_accessible (or set it to false)",
  notes: "Unset passes: the provider default is false.",
  check: (db) => {
    const value = db.attrs.publicly_accessible;
    if (isExpression(value)) {
      return unresolved("publicly_accessible", value);
    }
    return isTrue(value) ? fail("publicly_accessible is true") : PASS;
  },
};

const rdsDeletionProtection: ResourceRule = {
  id: "RDS-DELETION-PROTECTION",
  pack: "databases",
  scope: "resource",
  severity: "high",
  title: "RDS instances and Aurora clusters have deletion protection in protected environments",
  rationale: "Deletion protection stops a destroy (or a replacement) from deleting the database before anyone can react",
  anchors: [fsbp("RDS.7"), fsbp("RDS.8")],
  appliesTo: ["aws_db_instance", "aws_rds_cluster"],
  appliesWhen: "protectData is on",
  fix: "set deletion_protection = true",
  check: (db, ctx) =>
    whenProtected(ctx.settings.protectData, () => {
      const problem = mustBeTrue("deletion_protection", db.attrs.deletion_protection);
      return problem === undefined ? PASS : fail(problem);
    }),
};

const rdsBackups: ResourceRule = {
  id: "RDS-BACKUP-RETENTION",
  pack: "databases",
  scope: "resource",
  severity: "medium",
  title: `RDS instances and Aurora clusters keep automated backups for at least ${MIN_BACKUP_RETENTION_DAYS} days`,
  rationale: "A week of point-in-time recovery covers a bad deploy or a corrupting job noticed after a weekend",
  anchors: [fsbp("RDS.11")],
  appliesTo: ["aws_db_instance", "aws_rds_cluster"],
  fix: `set backup_retention_period to ${MIN_BACKUP_RETENTION_DAYS} or more`,
  notes: "The setting must be explicit: the AWS default is one day. Read replicas are skipped.",
  check: (db) => {
    if (isReplica(db)) {
      return SKIP;
    }
    const value = db.attrs.backup_retention_period;
    if (isExpression(value)) {
      return unresolved("backup_retention_period", value);
    }
    const days = numberOf(value);
    if (days === undefined) {
      return fail("backup_retention_period is not set (the AWS default keeps one day)");
    }
    return days >= MIN_BACKUP_RETENTION_DAYS ? PASS : fail(`backup_retention_period is ${days}, below ${MIN_BACKUP_RETENTION_DAYS}`);
  },
};

const rdsCredentials: ResourceRule = {
  id: "RDS-CREDENTIALS",
  pack: "databases",
  scope: "resource",
  severity: "high",
  title: "RDS and Aurora use IAM authentication or a managed master password, never a literal password",
  rationale: "A literal master password sits in code and state; Secrets Manager-managed passwords rotate and IAM tokens expire",
  anchors: [fsbp("RDS.10"), fsbp("RDS.12")],
  appliesTo: ["aws_db_instance", "aws_rds_cluster"],
  fix: "set manage_master_user_password = true (or iam_database_authentication_enabled = true) and remove the literal password",
  notes: "Read replicas are skipped (they use the source's credentials).",
  check: (db) => (isReplica(db) ? SKIP : credentialsOutcome(db)),
};

function credentialsOutcome(db: Block): Outcome {
  const passwordAttrs = db.type === "aws_rds_cluster" ? ["master_password", "master_password_wo"] : ["password", "password_wo"];
  const literal = passwordAttrs.filter((a) => {
    const v = db.attrs[a];
    return typeof v === "string" && v !== "" && !isPureExpression(v);
  });
  const { iam_database_authentication_enabled: iam, manage_master_user_password: managed } = db.attrs;
  return allProblems([
    ...literal.map((a) => `${a} is a literal`),
    isTrue(iam) || isTrue(managed) ? undefined : "neither manage_master_user_password nor iam_database_authentication_enabled is true",
  ]);
}

const dynamoPitr: ResourceRule = {
  id: "DYNAMODB-PITR",
  pack: "databases",
  scope: "resource",
  severity: "medium",
  title: "DynamoDB tables have point-in-time recovery",
  rationale: "Point-in-time recovery restores a table to any second of the last 35 days after a bad write",
  anchors: [fsbp("DynamoDB.2")],
  appliesTo: ["aws_dynamodb_table"],
  fix: "set point_in_time_recovery { enabled = true }",
  check: (table) => {
    const problem = mustBeTrue("point_in_time_recovery.enabled", blockOf(table.attrs.point_in_time_recovery)?.enabled);
    return problem === undefined ? PASS : fail(problem);
  },
};

const dynamoEncryption: ResourceRule = {
  id: "DYNAMODB-ENCRYPTION",
  pack: "databases",
  scope: "resource",
  severity: "high",
  title: "DynamoDB tables are encrypted with one of our KMS keys",
  rationale: "Without server_side_encryption the table uses an AWS-owned key that no key policy or CloudTrail event of ours covers",
  anchors: [aws("DynamoDB encryption at rest: customer managed keys")],
  appliesTo: ["aws_dynamodb_table"],
  fix: "set server_side_encryption { enabled = true, kms_key_arn = one of our keys }",
  check: (table) => {
    const sse = blockOf(table.attrs.server_side_encryption);
    if (!sse || !isTrue(sse.enabled)) {
      return fail(`server_side_encryption.enabled is ${describeValue(sse?.enabled)}, so an AWS-owned key is used`);
    }
    const problem = customerKeyProblem("server_side_encryption.kms_key_arn", sse.kms_key_arn);
    return problem === undefined ? PASS : fail(`${problem}, so the AWS-managed key is used`);
  },
};

const dynamoDeletionProtection: ResourceRule = {
  id: "DYNAMODB-DELETION-PROTECTION",
  pack: "databases",
  scope: "resource",
  severity: "high",
  title: "DynamoDB tables have deletion protection in protected environments",
  rationale: "Deletion protection stops a destroy (or a replacement) from deleting the table and its data",
  anchors: [fsbp("DynamoDB.6")],
  appliesTo: ["aws_dynamodb_table"],
  appliesWhen: "protectData is on",
  fix: "set deletion_protection_enabled = true",
  check: (table, ctx) =>
    whenProtected(ctx.settings.protectData, () => {
      const problem = mustBeTrue("deletion_protection_enabled", table.attrs.deletion_protection_enabled);
      return problem === undefined ? PASS : fail(problem);
    }),
};

/** The databases pack. */
export const DATABASES_PACK: RulePack = {
  name: "databases",
  description: "RDS, Aurora and DynamoDB",
  rules: [rdsEncryption, rdsNotPublic, rdsDeletionProtection, rdsBackups, rdsCredentials, dynamoPitr, dynamoEncryption, dynamoDeletionProtection],
  dataHolding: ["aws_db_instance", "aws_rds_cluster", "aws_dynamodb_table", "aws_redshiftserverless_namespace"],
};
