/**
 * Batch and replication ingest: Glue, DMS and AppFlow encrypt with our KMS keys where the service can; DMS
 * replication instances stay private and DMS endpoints take database credentials from Secrets Manager.
 */
import { RulePack } from "../pack";
import { fail, PASS, ResourceRule, SKIP } from "../rule";
import { Block } from "../synth-model";
import { Outcome } from "../types";
import { blockOf, describeValue, isSet, isTrue } from "../values";
import { aws, fsbp } from "./anchors";
import { allProblems, customerKeyProblem, firstUnresolved } from "./common";

type Attrs = Record<string, unknown> | undefined;

/** The problem with a (mode, key) pair that must be `expected` with one of our keys, if any. */
function modeProblem(name: string, settings: Attrs, modeAttr: string, expected: readonly string[], keyAttr: string): string | undefined {
  const mode = settings?.[modeAttr];
  if (typeof mode !== "string" || !expected.includes(mode)) {
    return `${name} ${modeAttr} is ${describeValue(mode)}, not ${expected.join(" or ")}`;
  }
  const problem = customerKeyProblem(keyAttr, settings?.[keyAttr]);
  return problem === undefined ? undefined : `${name} ${problem}`;
}

const glueJobs: ResourceRule = {
  id: "GLUE-SECURITY-CONFIGURATION",
  pack: "etl",
  scope: "resource",
  severity: "high",
  title: "Glue jobs and crawlers run with a security configuration",
  rationale: "Without a security configuration Glue writes job output, logs and bookmarks without our KMS keys",
  anchors: [aws("AWS Glue: encrypting data written by crawlers, jobs and development endpoints")],
  appliesTo: ["aws_glue_job", "aws_glue_crawler"],
  fix: "set security_configuration to an aws_glue_security_configuration that encrypts with our KMS key",
  check: (job) => (isSet(job.attrs.security_configuration) ? PASS : fail("security_configuration is not set")),
};

const glueEncryption: ResourceRule = {
  id: "GLUE-ENCRYPTION",
  pack: "etl",
  scope: "resource",
  severity: "high",
  title: "Glue security configurations and Data Catalog settings encrypt with our KMS keys",
  rationale: "Glue keeps S3 output, CloudWatch logs, job bookmarks, catalog metadata and connection passwords; each must be under our key",
  anchors: [aws("AWS Glue: security configurations and Data Catalog encryption")],
  appliesTo: ["aws_glue_security_configuration", "aws_glue_data_catalog_encryption_settings"],
  fix: "use SSE-KMS for S3 and CloudWatch, CSE-KMS for job bookmarks, SSE-KMS for the catalog and encrypted connection passwords, each with one of our keys",
  check: (block) => (block.type === "aws_glue_security_configuration" ? securityConfigurationOutcome(block) : catalogOutcome(block)),
};

function securityConfigurationOutcome(config: Block): Outcome {
  const enc = blockOf(config.attrs.encryption_configuration);
  return allProblems([
    modeProblem("cloudwatch_encryption", blockOf(enc?.cloudwatch_encryption), "cloudwatch_encryption_mode", ["SSE-KMS"], "kms_key_arn"),
    modeProblem("job_bookmarks_encryption", blockOf(enc?.job_bookmarks_encryption), "job_bookmarks_encryption_mode", ["CSE-KMS"], "kms_key_arn"),
    modeProblem("s3_encryption", blockOf(enc?.s3_encryption), "s3_encryption_mode", ["SSE-KMS"], "kms_key_arn"),
  ]);
}

function catalogOutcome(settings: Block): Outcome {
  const catalog = blockOf(settings.attrs.data_catalog_encryption_settings);
  const passwords = blockOf(catalog?.connection_password_encryption);
  return allProblems([
    modeProblem(
      "encryption_at_rest",
      blockOf(catalog?.encryption_at_rest),
      "catalog_encryption_mode",
      ["SSE-KMS", "SSE-KMS-WITH-SERVICE-ROLE"],
      "sse_aws_kms_key_id",
    ),
    isTrue(passwords?.return_connection_password_encrypted)
      ? customerKeyProblem("connection_password_encryption aws_kms_key_id", passwords?.aws_kms_key_id)
      : "connection passwords are not encrypted",
  ]);
}

const dms: ResourceRule = {
  id: "DMS-ENCRYPTION",
  pack: "etl",
  scope: "resource",
  severity: "high",
  title: "DMS replication storage, endpoints and S3 targets encrypt with our KMS keys",
  rationale:
    "DMS holds change data in replication storage, endpoint credentials and S3 landing files; the default AWS-managed key is outside our key policy",
  anchors: [aws("AWS DMS: data encryption (kms_key_arn, S3 target SSE_KMS)")],
  appliesTo: ["aws_dms_replication_instance", "aws_dms_replication_config", "aws_dms_endpoint", "aws_dms_s3_endpoint"],
  fix: "set kms_key_arn (replication config: compute_config.kms_key_id; S3 target: encryption_mode = SSE_KMS and server_side_encryption_kms_key_id) to one of our keys",
  check: (block) => {
    switch (block.type) {
      case "aws_dms_replication_config":
        return allProblems([customerKeyProblem("compute_config.kms_key_id", blockOf(block.attrs.compute_config)?.kms_key_id)]);
      case "aws_dms_s3_endpoint":
        return allProblems([modeProblem("the S3 target", block.attrs, "encryption_mode", ["SSE_KMS"], "server_side_encryption_kms_key_id")]);
      default:
        return allProblems([customerKeyProblem("kms_key_arn", block.attrs.kms_key_arn)]);
    }
  },
};

const dmsNotPublic: ResourceRule = {
  id: "DMS-NOT-PUBLIC",
  pack: "etl",
  scope: "resource",
  severity: "critical",
  title: "DMS replication instances are not publicly accessible",
  rationale:
    "A public replication instance has a public IP address reachable from outside the VPC, while it holds source credentials and streams change data",
  anchors: [fsbp("DMS.1"), aws("AWS DMS: public and private replication instances (publicly_accessible)")],
  appliesTo: ["aws_dms_replication_instance"],
  fix: "set publicly_accessible = false (the instance is replaced: the setting cannot change after creation) and reach sources through the VPC",
  notes:
    "Unset passes: the AWS provider (6.25.0) sends publicly_accessible = false when it is unset (documented Default: false), though the DMS API's own default is true. Serverless replications (aws_dms_replication_config) have no public IP address and no setting for one (AWS DMS Serverless limitations), so they are not checked.",
  check: (instance, ctx) => {
    const value = ctx.model.resolve(instance.attrs.publicly_accessible);
    return (
      firstUnresolved({ publicly_accessible: value }) ??
      (isTrue(value) ? fail("publicly_accessible is true, so the instance has a public IP address") : PASS)
    );
  },
};

/** Engines whose endpoints can read their connection details from Secrets Manager (AWS provider 6.25.0 docs, secrets_manager_arn). */
const SECRETS_MANAGER_ENGINES = ["aurora", "aurora-postgresql", "mariadb", "mongodb", "mysql", "oracle", "postgres", "redshift", "sqlserver"];

const dmsSecretsManager: ResourceRule = {
  id: "DMS-SECRETS-MANAGER",
  pack: "etl",
  scope: "resource",
  severity: "high",
  title: "DMS endpoints read database credentials from Secrets Manager, never from a password argument",
  rationale:
    "A password argument, literal or from a variable, is written to the Terraform state and plan; a Secrets Manager secret keeps it out of both and can be rotated without a deploy",
  anchors: [
    aws("AWS DMS: using secrets to access endpoints (secrets_manager_arn, secrets_manager_access_role_arn)"),
    aws("Secrets Manager best practices: do not embed credentials"),
  ],
  appliesTo: ["aws_dms_endpoint"],
  fix: "remove password (and username, server_name, port) and set secrets_manager_arn to the secret and secrets_manager_access_role_arn to a role DMS can assume to read it",
  notes:
    "Source and target endpoints alike. Endpoints of engines that cannot read Secrets Manager (S3, Kinesis, Kafka, DynamoDB, OpenSearch, ...) are skipped unless they set password. A separate rule from SECRETS-NO-LITERALS, which flags literals only: a password from a variable passes that rule and still lands in the state.",
  check: (endpoint, ctx) => {
    const engine = ctx.model.resolve(endpoint.attrs.engine_name);
    const pending = firstUnresolved({ engine_name: engine });
    if (pending) {
      return pending;
    }
    const readsSecrets = typeof engine === "string" && SECRETS_MANAGER_ENGINES.includes(engine);
    if (!readsSecrets && !isSet(endpoint.attrs.password)) {
      return SKIP;
    }
    return allProblems([passwordProblem(endpoint), readsSecrets ? secretProblem(endpoint, String(engine)) : undefined]);
  },
};

function passwordProblem(endpoint: Block): string | undefined {
  return isSet(endpoint.attrs.password) ? "password is set, so the database credential is written to the Terraform state" : undefined;
}

function secretProblem(endpoint: Block, engine: string): string | undefined {
  const { secrets_manager_arn: secret, secrets_manager_access_role_arn: role } = endpoint.attrs;
  if (!isSet(secret)) {
    return `secrets_manager_arn is not set, so the ${engine} endpoint does not read its credentials from Secrets Manager`;
  }
  return isSet(role) ? undefined : "secrets_manager_access_role_arn is not set, so DMS has no role to read the secret with";
}

const appflow: ResourceRule = {
  id: "APPFLOW-ENCRYPTION",
  pack: "etl",
  scope: "resource",
  severity: "medium",
  title: "AppFlow flows and connector profiles encrypt with our KMS keys",
  rationale: "Flows stage SaaS data and connector profiles hold OAuth credentials; both default to an AWS-managed key",
  anchors: [aws("Amazon AppFlow: data protection, kms_arn")],
  appliesTo: ["aws_appflow_flow", "aws_appflow_connector_profile"],
  fix: "set kms_arn to one of our keys",
  check: (block) => allProblems([customerKeyProblem("kms_arn", block.attrs.kms_arn)]),
};

/** The ETL pack (Glue, DMS, AppFlow). */
export const ETL_PACK: RulePack = {
  name: "etl",
  description: "Glue, DMS and AppFlow encryption; DMS public access and endpoint credentials",
  rules: [glueJobs, glueEncryption, dms, dmsNotPublic, dmsSecretsManager, appflow],
};
