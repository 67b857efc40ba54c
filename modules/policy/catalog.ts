/**
 * The rule catalogue as data: every pack and every rule, in the order the report and the docs show them.
 */
import { PolicyRule } from "./rule";
import { DATA_PROTECTION_RULES } from "./rules/data-protection";
import { DATABASE_RULES } from "./rules/databases";
import { DATABRICKS_RULES } from "./rules/databricks";
import { ETL_RULES } from "./rules/etl";
import { IAM_RULES } from "./rules/iam";
import { KMS_RULES } from "./rules/kms";
import { NETWORK_RULES } from "./rules/network";
import { REFERENCE_RULES } from "./rules/references";
import { S3_RULES } from "./rules/s3";
import { SECRET_RULES } from "./rules/secrets";
import { STATE_RULES } from "./rules/state";
import { STREAM_RULES } from "./rules/streams";
import { TAG_RULES } from "./rules/tags";
import { PackName } from "./types";

/** A named group of rules for one domain. */
export interface RulePack {
  /** The pack name (the file under modules/policy/rules/). */
  readonly name: PackName;
  /** What the pack covers, one line. */
  readonly description: string;
  /** Its rules. */
  readonly rules: readonly PolicyRule[];
}

/** Every rule pack. */
export const RULE_PACKS: readonly RulePack[] = [
  { name: "s3", description: "S3 buckets: public access, encryption, versioning, TLS, logging, force_destroy", rules: S3_RULES },
  { name: "kms", description: "KMS keys: rotation and deletion window", rules: KMS_RULES },
  { name: "iam", description: "IAM: wildcards, users, cross-account trust, inline admin policies", rules: IAM_RULES },
  { name: "network", description: "VPC flow logs and security groups", rules: NETWORK_RULES },
  { name: "streams", description: "Kinesis, Firehose, MSK, SQS and SNS encryption", rules: STREAM_RULES },
  { name: "databases", description: "RDS, Aurora and DynamoDB", rules: DATABASE_RULES },
  { name: "etl", description: "Glue, DMS and AppFlow encryption", rules: ETL_RULES },
  { name: "databricks", description: "Databricks workspace, compute, tokens, sharing, serving and audit logs", rules: DATABRICKS_RULES },
  { name: "secrets", description: "No credential literals in the synthesized JSON", rules: SECRET_RULES },
  { name: "data-protection", description: "Data and identity survive a mistaken destroy", rules: DATA_PROTECTION_RULES },
  { name: "state", description: "Remote, encrypted, locked Terraform state", rules: STATE_RULES },
  { name: "tags", description: "Required tags on AWS resources", rules: TAG_RULES },
  { name: "references", description: "References resolve within the stack (a local terraform validate)", rules: REFERENCE_RULES },
];

/** Every rule, pack by pack. */
export const ALL_RULES: readonly PolicyRule[] = RULE_PACKS.flatMap((pack) => pack.rules);

const BY_ID = new Map(ALL_RULES.map((rule) => [rule.id, rule]));

/** The rule with this id, if there is one. */
export function findRule(id: string): PolicyRule | undefined {
  return BY_ID.get(id);
}
