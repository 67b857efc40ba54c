/**
 * Delivery of Databricks audit logs (JSON) and billable usage logs (CSV) to an S3 bucket of ours.
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { DataDatabricksAwsAssumeRolePolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-assume-role-policy";
import { MwsCredentials } from "@cdktf/provider-databricks/lib/mws-credentials";
import { MwsLogDelivery } from "@cdktf/provider-databricks/lib/mws-log-delivery";
import { MwsStorageConfigurations } from "@cdktf/provider-databricks/lib/mws-storage-configurations";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { renderPolicy, type PolicyStatement } from "../../aws/policy-document";
import { DEFAULT_IAM_PROPAGATION_SECONDS } from "./cross-account-credentials";
import { databricksAccountIdProblems, durationSecondsProblems, iamRoleNameProblems, nonEmptyProblems } from "./workspace-prop-checks";
import { throwIfInvalidProps } from "../../core/validation";

/** Default key prefix of audit logs in the bucket. */
export const DEFAULT_AUDIT_LOGS_PREFIX = "databricks/audit-logs";
/** Default key prefix of billable usage logs in the bucket. */
export const DEFAULT_BILLABLE_USAGE_PREFIX = "databricks/billable-usage";

/** Props of {@link AuditLogDelivery}. */
export interface AuditLogDeliveryProps {
  /** The account-level Databricks provider. */
  readonly provider: DatabricksProvider;
  /** The Databricks account id (UUID): the `sts:ExternalId` of the delivery role's trust policy. */
  readonly databricksAccountId: string;
  /** Prefix of the Databricks configuration names (`<name>-credentials`, `<name>-storage`, `<name>-audit-logs`, ...). */
  readonly name: string;
  /** Name of the IAM role Databricks' log delivery assumes. */
  readonly roleName: string;
  /** The bucket the logs go to (same AWS account as the role). */
  readonly bucketName: string;
  /**
   * ARN of the bucket.
   * @default `arn:aws:s3:::<bucketName>`
   */
  readonly bucketArn?: string;
  /**
   * The KMS key of the bucket's default encryption: the role may use it through S3.
   * @default - none (the bucket is not SSE-KMS encrypted)
   */
  readonly encryptionKeyArn?: string;
  /**
   * Deliver audit logs (JSON, low latency).
   * @default true
   */
  readonly auditLogs?: boolean;
  /**
   * Deliver billable usage logs (CSV, daily).
   * @default true
   */
  readonly billableUsage?: boolean;
  /**
   * Key prefix of audit logs, without leading or trailing slash.
   * @default "databricks/audit-logs"
   */
  readonly auditLogsPrefix?: string;
  /**
   * Key prefix of billable usage logs, without leading or trailing slash.
   * @default "databricks/billable-usage"
   */
  readonly billableUsagePrefix?: string;
  /**
   * Limit delivery to these workspaces. A Databricks account allows two enabled account-level configurations per log
   * type, and two per workspace: one filtered configuration per environment stays within the limit. A filtered
   * audit log delivery leaves out account-level events (Unity Catalog, Delta Sharing, account console), so one
   * configuration per account should stay unfiltered.
   * @default - account level: every workspace of the account, including future ones, and account-level events
   */
  readonly workspaceIds?: number[];
  /**
   * Seconds to wait after the role is created before Databricks validates it (IAM is eventually consistent).
   * @default 30
   */
  readonly iamPropagationSeconds?: number;
  /**
   * Tags on the role, on top of the provider's `default_tags`.
   * @default - none beyond the provider's default_tags
   */
  readonly tags?: Record<string, string>;
}

/**
 * Audit and billable usage log delivery: the delivery role (trust from `databricks_aws_assume_role_policy` with
 * `for_log_delivery`, so only Databricks' log delivery role may assume it, with our account id as external id), its
 * access to the bucket prefixes, a wait for IAM propagation, the Databricks credential and storage configurations, and
 * one `databricks_mws_log_delivery` per log type, each under its own prefix.
 *
 * Delivery configurations cannot be deleted, only disabled (`status = "DISABLED"`): destroying this construct leaves
 * them in the account. When a delivery already exists (another stage or an earlier setup), do not create this
 * construct; see the environment config's `logDelivery.alreadyExists`.
 *
 * @see https://docs.databricks.com/aws/en/admin/account-settings/audit-log-delivery
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/mws_log_delivery
 * @example
 * new AuditLogDelivery(this, "LogDelivery", {
 *   provider: accountProvider,
 *   databricksAccountId: "3f2a9c4e-1b7d-4e5a-9c2f-6d8e0a1b2c3d",
 *   name: "lakehouse-dev-logs",
 *   roleName: "lakehouse-dev-databricks-log-delivery",
 *   bucketName: logs.bucketName,
 *   encryptionKeyArn: dataKey.keyArn,
 *   workspaceIds: [workspace.workspaceIdNumber],
 * });
 */
export class AuditLogDelivery extends Construct {
  /** The role Databricks' log delivery assumes. */
  public readonly role: IamRole;
  /** The credential configuration id of the delivery role. */
  public readonly credentialsId: string;
  /** The storage configuration id of the bucket. */
  public readonly storageConfigurationId: string;
  /** The audit log delivery; undefined when `auditLogs` is false. */
  public readonly auditLogDelivery?: MwsLogDelivery;
  /** The billable usage delivery; undefined when `billableUsage` is false. */
  public readonly billableUsageDelivery?: MwsLogDelivery;

  constructor(scope: Construct, id: string, props: AuditLogDeliveryProps) {
    super(scope, id);
    throwIfInvalidProps(this, propsProblems(props));
    const { provider, databricksAccountId: accountId } = props;
    const bucketArn = props.bucketArn ?? `arn:aws:s3:::${props.bucketName}`;
    const auditPrefix = props.auditLogsPrefix ?? DEFAULT_AUDIT_LOGS_PREFIX;
    const usagePrefix = props.billableUsagePrefix ?? DEFAULT_BILLABLE_USAGE_PREFIX;
    const prefixes = [...(props.auditLogs !== false ? [auditPrefix] : []), ...(props.billableUsage !== false ? [usagePrefix] : [])];

    const trust = new DataDatabricksAwsAssumeRolePolicy(this, "TrustPolicy", {
      provider,
      externalId: accountId,
      forLogDelivery: true,
    });
    this.role = new IamRole(this, "Role", {
      name: props.roleName,
      description: "Databricks log delivery: writes audit and billable usage logs to the logs bucket",
      assumeRolePolicy: trust.json,
      tags: props.tags,
    });
    const policy = new IamRolePolicy(this, "Policy", {
      name: `${props.roleName}-policy`,
      role: this.role.id,
      policy: renderPolicy(deliveryStatements(bucketArn, prefixes, props.encryptionKeyArn)),
    });
    const wait = new Sleep(this, "IamPropagation", {
      createDuration: `${props.iamPropagationSeconds ?? DEFAULT_IAM_PROPAGATION_SECONDS}s`,
      triggers: { role_arn: this.role.arn },
      dependsOn: [policy],
    });
    const credentials = new MwsCredentials(this, "Credentials", {
      provider,
      accountId,
      credentialsName: `${props.name}-credentials`,
      roleArn: Token.asString(wait.interpolationForAttribute('triggers["role_arn"]')),
      dependsOn: [wait],
    });
    this.credentialsId = credentials.credentialsId;
    const storage = new MwsStorageConfigurations(this, "StorageConfiguration", {
      provider,
      accountId,
      bucketName: props.bucketName,
      storageConfigurationName: `${props.name}-storage`,
    });
    this.storageConfigurationId = storage.storageConfigurationId;

    const deliver = (construct: string, logType: string, outputFormat: string, prefix: string, suffix: string) =>
      new MwsLogDelivery(this, construct, {
        provider,
        accountId,
        configName: `${props.name}-${suffix}`,
        credentialsId: this.credentialsId,
        storageConfigurationId: this.storageConfigurationId,
        logType,
        outputFormat,
        deliveryPathPrefix: prefix,
        ...(props.workspaceIds ? { workspaceIdsFilter: props.workspaceIds } : {}),
      });
    if (props.auditLogs !== false) this.auditLogDelivery = deliver("AuditLogs", "AUDIT_LOGS", "JSON", auditPrefix, "audit-logs");
    if (props.billableUsage !== false) this.billableUsageDelivery = deliver("BillableUsage", "BILLABLE_USAGE", "CSV", usagePrefix, "billable-usage");
  }
}

/** What the delivery role may do: write under its prefixes (Databricks' documented set), and use the bucket's key through S3. */
function deliveryStatements(bucketArn: string, prefixes: readonly string[], keyArn: string | undefined): PolicyStatement[] {
  return [
    { sid: "BucketLocation", effect: "Allow", actions: ["s3:GetBucketLocation"], resources: [bucketArn] },
    {
      sid: "ListDeliveryPrefixes",
      effect: "Allow",
      actions: ["s3:ListBucket"],
      resources: [bucketArn],
      conditions: { StringLike: { "s3:prefix": prefixes.flatMap((p) => [p, `${p}/*`]) } },
    },
    {
      sid: "WriteDeliveryPrefixes",
      effect: "Allow",
      actions: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:PutObjectAcl", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
      resources: prefixes.flatMap((p) => [`${bucketArn}/${p}/`, `${bucketArn}/${p}/*`]),
    },
    ...(keyArn
      ? [
          {
            sid: "UseBucketKeyThroughS3",
            effect: "Allow" as const,
            actions: ["kms:GenerateDataKey", "kms:Decrypt"],
            resources: [keyArn],
            conditions: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } },
          },
        ]
      : []),
  ];
}

function propsProblems(props: AuditLogDeliveryProps): string[] {
  const problems = [
    ...databricksAccountIdProblems("databricksAccountId", props.databricksAccountId),
    ...iamRoleNameProblems("roleName", props.roleName),
    ...nonEmptyProblems("name", props.name),
    ...nonEmptyProblems("bucketName", props.bucketName),
    ...durationSecondsProblems("iamPropagationSeconds", props.iamPropagationSeconds, 10, 600),
  ];
  if (props.auditLogs === false && props.billableUsage === false) {
    problems.push("auditLogs, billableUsage: both false; deliver at least one log type, or do not create the construct");
  }
  const prefixes = { auditLogsPrefix: props.auditLogsPrefix, billableUsagePrefix: props.billableUsagePrefix };
  for (const [prop, prefix] of Object.entries(prefixes)) {
    if (prefix !== undefined && !Token.isUnresolved(prefix) && !/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(prefix)) {
      problems.push(`${prop}: "${prefix}" must be path segments of letters, digits, "_", "." and "-", without leading or trailing "/"`);
    }
  }
  const audit = props.auditLogsPrefix ?? DEFAULT_AUDIT_LOGS_PREFIX;
  const usage = props.billableUsagePrefix ?? DEFAULT_BILLABLE_USAGE_PREFIX;
  if (
    props.auditLogs !== false &&
    props.billableUsage !== false &&
    (audit === usage || audit.startsWith(`${usage}/`) || usage.startsWith(`${audit}/`))
  ) {
    problems.push(`auditLogsPrefix, billableUsagePrefix: "${audit}" and "${usage}" overlap; give each log type its own prefix`);
  }
  if (props.workspaceIds && !Token.isUnresolved(props.workspaceIds) && props.workspaceIds.length === 0) {
    problems.push("workspaceIds: is empty; omit it for account-level delivery or list the workspaces");
  }
  return problems;
}
