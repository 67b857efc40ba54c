/**
 * A Unity Catalog storage credential over an IAM role limited to given buckets and keys, with the role's trust and
 * IAM propagation handled, and the external locations that use it.
 */
import { StorageCredential } from "@cdktf/provider-databricks/lib/storage-credential";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { PolicyStatement } from "../aws/policy-document";
import { Privilege } from "./privileges";
import { SecurableGrants } from "./securable-grants";
import { ISOLATION_MODE_ISOLATED, UnityCatalogExternalLocation, type UnityCatalogExternalLocationProps } from "./unity-catalog-external-location";
import { UnityCatalogIamRole, iamRoleArn } from "./unity-catalog-iam-role";

/** Prefix of the SNS topics and SQS queues Databricks creates for managed file events. */
export const FILE_EVENTS_RESOURCE_PREFIX = "csms-";

/** How the credential's role may use one bucket. */
export interface UnityCatalogBucketAccess {
  /** The bucket's ARN, `arn:aws:s3:::<name>`. */
  readonly bucketArn: string;
  /**
   * Read objects only (no put, delete or multipart uploads).
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * Let Unity Catalog configure file events on the bucket: its S3 notification configuration, and SNS topics and SQS
   * queues named `csms-*` in this account and region.
   * @default false
   */
  readonly fileEvents?: boolean;
}

/** Properties of {@link UnityCatalogStorageCredential}. */
export interface UnityCatalogStorageCredentialProps {
  /** The workspace-level Databricks provider (every Databricks block here, the role's trust policy included). */
  readonly provider: DatabricksProvider;
  /** Credential name, unique in the metastore. */
  readonly name: string;
  /** Name of the IAM role to create (fixed: the credential names the role's ARN before the role exists). */
  readonly roleName: string;
  /** Our AWS account id (12 digits). */
  readonly awsAccountId: string;
  /** The AWS region of the buckets (file events create SNS topics and SQS queues there). */
  readonly region: string;
  /** The buckets the role may reach, and how; nothing else is reachable. */
  readonly buckets: UnityCatalogBucketAccess[];
  /**
   * KMS keys that encrypt the buckets; the role may encrypt and decrypt with them (decrypt only if every bucket is
   * read-only).
   * @default - none (buckets encrypted with SSE-S3)
   */
  readonly kmsKeyArns?: string[];
  /**
   * Owner (a group name).
   * @default - the identity that runs Terraform
   */
  readonly owner?: string;
  /** @default - no comment */
  readonly comment?: string;
  /**
   * Bind the credential to the workspace that creates it instead of every workspace of the metastore.
   * @default true
   */
  readonly isolated?: boolean;
  /**
   * Sets Terraform `prevent_destroy` on the credential, and by default on its external locations.
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Seconds external locations wait after the role and policy are created (IAM propagation).
   * @default 60
   */
  readonly propagationSeconds?: number;
  /**
   * Resources the credential waits for (the metastore assignment).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Tags on the IAM role, on top of the provider's `default_tags`.
   * @default - none beyond the provider's default_tags
   */
  readonly tags?: Record<string, string>;
}

/** What {@link UnityCatalogStorageCredential.addExternalLocation} takes: a location without provider and credential. */
export type ExternalLocationOptions = Omit<UnityCatalogExternalLocationProps, "provider" | "credentialName">;

const OBJECT_READ_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion"];
const OBJECT_WRITE_ACTIONS = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"];
const BUCKET_READ_ACTIONS = ["s3:ListBucket", "s3:GetBucketLocation"];
const BUCKET_WRITE_ACTIONS = ["s3:ListBucketMultipartUploads"];
const FILE_EVENTS_BUCKET_ACTIONS = ["s3:GetBucketNotification", "s3:PutBucketNotification"];
const FILE_EVENTS_QUEUE_ACTIONS = [
  "sns:CreateTopic",
  "sns:DeleteTopic",
  "sns:GetTopicAttributes",
  "sns:SetTopicAttributes",
  "sns:ListSubscriptionsByTopic",
  "sns:Publish",
  "sns:Subscribe",
  "sns:Unsubscribe",
  "sns:TagResource",
  "sqs:CreateQueue",
  "sqs:DeleteQueue",
  "sqs:GetQueueUrl",
  "sqs:GetQueueAttributes",
  "sqs:SetQueueAttributes",
  "sqs:ListQueueTags",
  "sqs:TagQueue",
  "sqs:ReceiveMessage",
  "sqs:SendMessage",
  "sqs:DeleteMessage",
  "sqs:ChangeMessageVisibility",
  "sqs:PurgeQueue",
];
// AWS offers no resource-level permission for these two list calls; they read names only.
const FILE_EVENTS_LIST_ACTIONS = ["sns:ListTopics", "sqs:ListQueues"];

/**
 * A Unity Catalog storage credential backed by an IAM role this construct creates.
 *
 * Order of creation (the chicken-and-egg of the role's self-trust): the credential first, naming the role's ARN
 * built from its fixed name; then the role, whose trust policy (`databricks_aws_unity_catalog_assume_role_policy`)
 * takes the credential's `external_id`; then its permission policy; then a wait for IAM propagation; then the
 * external locations (created with {@link UnityCatalogStorageCredential.addExternalLocation}, which wait for it).
 *
 * The permission policy is what `databricks_aws_unity_catalog_policy` generates, narrowed: object and bucket actions
 * on the given buckets only (read-only buckets get no write action), the given keys, the role itself, and for
 * buckets with file events the S3 notification configuration plus SNS/SQS resources named `csms-*` in this account
 * and region (the data source allows every topic and queue in every account).
 *
 * @see https://docs.databricks.com/aws/en/connect/unity-catalog/cloud-storage/storage-credentials
 * @example
 * const credential = new UnityCatalogStorageCredential(this, "DataAccess", {
 *   provider: workspace, name: "acme_dev_data_access", roleName: "acme-dev-uc-data-access", awsAccountId: "123456789012",
 *   region: "eu-west-1", buckets: [{ bucketArn: "arn:aws:s3:::acme-dev-medallion" }], kmsKeyArns: [dataKey.keyArn],
 * });
 * credential.addExternalLocation("Bronze", { name: "acme_dev_bronze", url: "s3://acme-dev-medallion/bronze/" });
 */
export class UnityCatalogStorageCredential extends Construct {
  /** The `databricks_storage_credential` resource. */
  public readonly credential: StorageCredential;
  /** The IAM role, its policy and the propagation wait. */
  public readonly role: UnityCatalogIamRole;
  /** The credential's name (a reference, so dependants wait for it). */
  public readonly name: string;
  /** The role's ARN (built from its name). */
  public readonly roleArn: string;
  private readonly props: UnityCatalogStorageCredentialProps;
  private readonly grants: SecurableGrants;

  constructor(scope: Construct, id: string, props: UnityCatalogStorageCredentialProps) {
    super(scope, id);
    throwIfInvalidCredentialProps(props);
    this.props = props;
    this.roleArn = iamRoleArn(props.awsAccountId, props.roleName);
    this.credential = new StorageCredential(this, "Credential", {
      provider: props.provider,
      name: props.name,
      awsIamRole: { roleArn: this.roleArn },
      isolationMode: (props.isolated ?? true) ? ISOLATION_MODE_ISOLATED : "ISOLATION_MODE_OPEN",
      forceDestroy: false,
      lifecycle: { preventDestroy: props.protect ?? true },
      ...(props.owner ? { owner: props.owner } : {}),
      ...(props.comment ? { comment: props.comment } : {}),
      ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
    });
    this.name = this.credential.name;
    this.role = new UnityCatalogIamRole(this, "Role", {
      provider: props.provider,
      roleName: props.roleName,
      awsAccountId: props.awsAccountId,
      externalId: this.credential.awsIamRole.externalId,
      statements: storageStatements(props),
      description: `Unity Catalog storage credential ${props.name}`,
      propagationSeconds: props.propagationSeconds,
      tags: props.tags,
    });
    this.grants = new SecurableGrants(this, "Grants", { provider: props.provider, securableType: "storageCredential", securableName: this.name });
  }

  /** Creates an external location that reaches its bucket through this credential, after IAM has propagated. */
  public addExternalLocation(id: string, options: ExternalLocationOptions): UnityCatalogExternalLocation {
    return new UnityCatalogExternalLocation(this, id, {
      protect: this.props.protect ?? true,
      ...options,
      provider: this.props.provider,
      credentialName: this.name,
      dependsOn: [this.role.ready, ...(options.dependsOn ?? [])],
    });
  }

  /** Grants privileges on the credential itself (rarely needed: grant on its external locations instead). */
  public grant(principal: string, privileges: readonly Privilege[]): void {
    this.grants.add(principal, privileges);
  }
}

/** The role's permission statements for `props` (exported for tests and for reuse in other roles). */
export function storageStatements(props: Pick<UnityCatalogStorageCredentialProps, "buckets" | "kmsKeyArns" | "awsAccountId" | "region">): PolicyStatement[] {
  const all = props.buckets;
  const writable = all.filter((b) => !(b.readOnly ?? false));
  const withEvents = all.filter((b) => b.fileEvents ?? false);
  const statements: PolicyStatement[] = [
    { sid: "ReadObjects", effect: "Allow", actions: OBJECT_READ_ACTIONS, resources: all.map((b) => `${b.bucketArn}/*`) },
    { sid: "ListBuckets", effect: "Allow", actions: BUCKET_READ_ACTIONS, resources: all.map((b) => b.bucketArn) },
  ];
  if (writable.length > 0) {
    statements.push(
      { sid: "WriteObjects", effect: "Allow", actions: OBJECT_WRITE_ACTIONS, resources: writable.map((b) => `${b.bucketArn}/*`) },
      { sid: "ListUploads", effect: "Allow", actions: BUCKET_WRITE_ACTIONS, resources: writable.map((b) => b.bucketArn) },
    );
  }
  const keys = props.kmsKeyArns ?? [];
  if (keys.length > 0) {
    const actions = writable.length > 0 ? ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"] : ["kms:Decrypt"];
    statements.push({ sid: "UseDataKeys", effect: "Allow", actions, resources: keys });
  }
  if (withEvents.length > 0) statements.push(...fileEventStatements(withEvents, props.awsAccountId, props.region));
  return statements;
}

function fileEventStatements(buckets: UnityCatalogBucketAccess[], account: string, region: string): PolicyStatement[] {
  const queues = [`arn:aws:sns:${region}:${account}:${FILE_EVENTS_RESOURCE_PREFIX}*`, `arn:aws:sqs:${region}:${account}:${FILE_EVENTS_RESOURCE_PREFIX}*`];
  return [
    { sid: "ManagedFileEventsBuckets", effect: "Allow", actions: FILE_EVENTS_BUCKET_ACTIONS, resources: buckets.map((b) => b.bucketArn) },
    { sid: "ManagedFileEventsQueues", effect: "Allow", actions: FILE_EVENTS_QUEUE_ACTIONS, resources: queues },
    { sid: "ManagedFileEventsList", effect: "Allow", actions: FILE_EVENTS_LIST_ACTIONS, resources: ["*"] },
  ];
}

function throwIfInvalidCredentialProps(props: UnityCatalogStorageCredentialProps): void {
  const problems: string[] = [];
  if (props.buckets.length === 0) problems.push("buckets: none given; name at least one bucket the credential reaches");
  props.buckets.forEach((b, i) => {
    if (!Token.isUnresolved(b.bucketArn) && !/^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(b.bucketArn)) {
      problems.push(`buckets[${i}].bucketArn: "${b.bucketArn}" is not an S3 bucket ARN like arn:aws:s3:::my-bucket`);
    }
  });
  if (!Token.isUnresolved(props.region) && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(props.region)) {
    problems.push(`region: "${props.region}" is not an AWS region like eu-west-1`);
  }
  if (problems.length > 0) throw new Error(`UnityCatalogStorageCredential props are invalid:\n- ${problems.join("\n- ")}`);
}
