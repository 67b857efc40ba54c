/**
 * A Unity Catalog storage credential over an IAM role limited to given buckets and one key, with the role's trust and
 * IAM propagation handled, and the external locations that use it.
 */
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataDatabricksAwsUnityCatalogPolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-unity-catalog-policy";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { StorageCredential } from "@cdktf/provider-databricks/lib/storage-credential";
import { Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { renderPolicy, type PolicyStatement } from "../../aws/policy-document";
import { Privilege } from "./privileges";
import type { Principal } from "../principal";
import { SecurableGrants, type GrantResult } from "./securable-grants";
import { ISOLATION_MODE_ISOLATED, UnityCatalogExternalLocation, type UnityCatalogExternalLocationProps } from "./unity-catalog-external-location";
import { UnityCatalogIamRole, iamRoleArn, selfAssume } from "./unity-catalog-iam-role";
import { throwIfInvalidProps } from "../../core/validation";

/** Prefix of the SNS topics and SQS queues Databricks creates for managed file events. */
export const FILE_EVENTS_RESOURCE_PREFIX = "csms-";

/**
 * Sids of the file-event statements `databricks_aws_unity_catalog_policy` appends to every document it renders
 * (provider `aws/data_aws_unity_catalog_policy.go`); this construct redefines them (see the class comment).
 */
export const FILE_EVENTS_SIDS = {
  setup: "ManagedFileEventsSetupStatement",
  list: "ManagedFileEventsListStatement",
  teardown: "ManagedFileEventsTeardownStatement",
} as const;

/** How the credential's role may use one bucket. */
export interface UnityCatalogBucketAccess {
  /** The bucket's name: letters, digits and hyphens (`databricks_aws_unity_catalog_policy` and Unity Catalog refuse dots). */
  readonly bucketName: string;
  /**
   * Read objects only (no put, delete or multipart uploads). Read-only buckets get our own statements instead of a
   * `databricks_aws_unity_catalog_policy` document, which always allows writes.
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * Let Unity Catalog configure file events on the bucket: its S3 notification configuration, and SNS topics and SQS
   * queues named `csms-*` in this account and region.
   * @default false
   */
  readonly fileEvents?: boolean;
  /**
   * ARN of the KMS key of this bucket, when it is not the credential's `kmsKeyArn` (a catalog's dedicated key).
   * @default - the credential's kmsKeyArn
   */
  readonly kmsKeyArn?: string;
}

/** Properties of {@link UnityCatalogStorageCredential}. */
export interface UnityCatalogStorageCredentialProps {
  /**
   * The workspace-level Databricks provider, passed to every Databricks block here (the buckets' policies and the
   * role's trust policy included).
   */
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
   * ARN of the KMS key that encrypts the buckets: the `kms_name` of every read-write bucket's
   * `databricks_aws_unity_catalog_policy` (encrypt, decrypt, generate data keys); read-only buckets add decrypt only.
   * @default - none (buckets encrypted with SSE-S3)
   */
  readonly kmsKeyArn?: string;
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

const READ_OBJECT_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion"];
const READ_BUCKET_ACTIONS = ["s3:ListBucket", "s3:GetBucketLocation"];
const FILE_EVENTS_BUCKET_ACTIONS = ["s3:GetBucketNotification", "s3:PutBucketNotification"];
// The data source's setup, list and teardown actions (provider v1.99 aws/data_aws_unity_catalog_policy.go).
const FILE_EVENTS_SETUP_ACTIONS = [
  "sns:ListSubscriptionsByTopic",
  "sns:GetTopicAttributes",
  "sns:SetTopicAttributes",
  "sns:CreateTopic",
  "sns:TagResource",
  "sns:Publish",
  "sns:Subscribe",
  "sqs:CreateQueue",
  "sqs:DeleteMessage",
  "sqs:ReceiveMessage",
  "sqs:SendMessage",
  "sqs:GetQueueUrl",
  "sqs:GetQueueAttributes",
  "sqs:SetQueueAttributes",
  "sqs:TagQueue",
  "sqs:ChangeMessageVisibility",
  "sqs:PurgeQueue",
];
const FILE_EVENTS_LIST_ACTIONS = ["sqs:ListQueues", "sqs:ListQueueTags", "sns:ListTopics"];
const FILE_EVENTS_TEARDOWN_ACTIONS = ["sns:Unsubscribe", "sns:DeleteTopic", "sqs:DeleteQueue"];

/**
 * A Unity Catalog storage credential backed by an IAM role this construct creates.
 *
 * Order of creation (the chicken-and-egg of the role's self-trust): the credential first, naming the role's ARN
 * built from its fixed name; then the role, whose trust policy (`databricks_aws_unity_catalog_assume_role_policy`)
 * takes the credential's `external_id`; then its permission policy; then a wait for IAM propagation; then the
 * external locations (created with {@link UnityCatalogStorageCredential.addExternalLocation}, which wait for it).
 *
 * Permissions: one `databricks_aws_unity_catalog_policy` per read-write bucket (it takes one bucket), with
 * `kms_name` = the key, merged into the role's single inline policy by a `data.aws_iam_policy_document`:
 * - `source_policy_documents`: our statements for read-only buckets (get and list only, decrypt on the key; the data
 *   source would grant put and delete) and `sts:AssumeRole` on the role itself;
 * - `override_policy_documents`: the data sources' documents, then ours redefining their file-event statements.
 *
 * Why override and not source for the data sources: every document the data source renders carries the same three
 * Sids ({@link FILE_EVENTS_SIDS}), and the AWS provider refuses a Sid twice across `source_policy_documents`
 * ("duplicate Sid"), so two buckets could not be merged that way. Overrides replace a statement with the same Sid and
 * append the rest, so each data source's bucket, key and self statements (no Sid) are all kept, and the last document
 * (ours) decides the file-event statements: S3 notifications only on buckets with `fileEvents`, and `csms-*` topics
 * and queues of this account and region only (the data source allows them in every region, and in its older
 * versions in every account or on every queue and topic; its list statement is kept as Databricks writes it, on
 * `csms-*` ARNs, which leaves `sqs:ListQueues` and `sns:ListTopics` without effect since AWS scopes them to `*`).
 *
 * @see https://docs.databricks.com/aws/en/connect/unity-catalog/cloud-storage/storage-credentials
 * @example
 * const credential = new UnityCatalogStorageCredential(this, "DataAccess", {
 *   provider: workspace, name: "acme_dev_data_access", roleName: "acme-dev-uc-data-access", awsAccountId: "123456789012",
 *   region: "eu-west-1", buckets: [{ bucketName: "acme-dev-medallion" }], kmsKeyArn: dataKey.keyArn,
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
  /** One `databricks_aws_unity_catalog_policy` per read-write bucket, in the order of `buckets`. */
  public readonly bucketPolicies: DataDatabricksAwsUnityCatalogPolicy[];
  /** The `data.aws_iam_policy_document` whose `json` is the role's permission policy. */
  public readonly permissions: DataAwsIamPolicyDocument;
  private readonly props: UnityCatalogStorageCredentialProps;
  private readonly grants: SecurableGrants;

  constructor(scope: Construct, id: string, props: UnityCatalogStorageCredentialProps) {
    super(scope, id);
    throwIfInvalidProps(this, credentialPropsProblems(props));
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
    this.bucketPolicies = this.createBucketPolicies();
    this.permissions = new DataAwsIamPolicyDocument(this, "Permissions", mergedPermissions(props, this.roleArn, this.bucketPolicies));
    this.role = new UnityCatalogIamRole(this, "Role", {
      provider: props.provider,
      roleName: props.roleName,
      awsAccountId: props.awsAccountId,
      externalId: this.credential.awsIamRole.externalId,
      policyDocument: this.permissions.json,
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
  public grant(principal: Principal, privileges: readonly Privilege[]): GrantResult {
    return this.grants.add(principal, privileges);
  }

  /** The Databricks-maintained policy of each read-write bucket (the data source makes no API call). */
  private createBucketPolicies(): DataDatabricksAwsUnityCatalogPolicy[] {
    const { props } = this;
    return props.buckets.flatMap((bucket, index) =>
      bucket.readOnly
        ? []
        : [
            new DataDatabricksAwsUnityCatalogPolicy(this, `BucketPolicy${index}`, {
              provider: props.provider,
              awsAccountId: props.awsAccountId,
              bucketName: bucket.bucketName,
              roleName: props.roleName,
              ...((bucket.kmsKeyArn ?? props.kmsKeyArn) ? { kmsName: bucket.kmsKeyArn ?? props.kmsKeyArn } : {}),
            }),
          ],
    );
  }
}

type PermissionsInput = Pick<UnityCatalogStorageCredentialProps, "buckets" | "kmsKeyArn" | "awsAccountId" | "region">;

/** The merged document's arguments: our statements as source, the data sources then our file events as overrides. */
function mergedPermissions(props: PermissionsInput, roleArn: string, bucketPolicies: DataDatabricksAwsUnityCatalogPolicy[]) {
  const fileEvents = fileEventStatements(props, bucketPolicies.length > 0);
  const overrides = [...bucketPolicies.map((p) => p.json), ...(fileEvents.length > 0 ? [renderPolicy(fileEvents)] : [])];
  return {
    sourcePolicyDocuments: [renderPolicy([...readOnlyStatements(props), selfAssume(roleArn)])],
    ...(overrides.length > 0 ? { overridePolicyDocuments: overrides } : {}),
  };
}

const bucketArn = (bucket: UnityCatalogBucketAccess) => `arn:aws:s3:::${bucket.bucketName}`;

/** Get and list on the read-only buckets, and decrypt on the key: never put or delete. */
export function readOnlyStatements(props: Pick<PermissionsInput, "buckets" | "kmsKeyArn">): PolicyStatement[] {
  const readOnly = props.buckets.filter((b) => b.readOnly ?? false);
  if (readOnly.length === 0) return [];
  return [
    { sid: "ReadOnlyObjects", effect: "Allow", actions: READ_OBJECT_ACTIONS, resources: readOnly.map((b) => `${bucketArn(b)}/*`) },
    { sid: "ReadOnlyBuckets", effect: "Allow", actions: READ_BUCKET_ACTIONS, resources: readOnly.map(bucketArn) },
    ...readOnlyKeyStatement(readOnly, props.kmsKeyArn),
  ];
}

/** Decrypt on the keys of the read-only buckets (each bucket's own, else the credential's). */
function readOnlyKeyStatement(readOnly: readonly UnityCatalogBucketAccess[], defaultKey: string | undefined): PolicyStatement[] {
  const keys = [...new Set(readOnly.map((b) => b.kmsKeyArn ?? defaultKey).filter((k): k is string => k !== undefined))];
  return keys.length > 0 ? [{ sid: "ReadOnlyKey", effect: "Allow", actions: ["kms:Decrypt"], resources: keys }] : [];
}

/**
 * The file-event statements, under the data source's Sids so that they replace its own: bucket notifications on the
 * buckets with file events, `csms-*` topics and queues of this account and region. Needed when a bucket has file
 * events, or when a data source is merged (its statements are always there and can only be narrowed).
 */
export function fileEventStatements(
  props: Pick<PermissionsInput, "buckets" | "awsAccountId" | "region">,
  replacingDataSources: boolean,
): PolicyStatement[] {
  const withEvents = props.buckets.filter((b) => b.fileEvents ?? false);
  if (withEvents.length === 0 && !replacingDataSources) return [];
  const { region, awsAccountId } = props;
  const queues = [
    `arn:aws:sqs:${region}:${awsAccountId}:${FILE_EVENTS_RESOURCE_PREFIX}*`,
    `arn:aws:sns:${region}:${awsAccountId}:${FILE_EVENTS_RESOURCE_PREFIX}*`,
  ];
  const bucketActions = withEvents.length > 0 ? FILE_EVENTS_BUCKET_ACTIONS : [];
  return [
    {
      sid: FILE_EVENTS_SIDS.setup,
      effect: "Allow",
      actions: [...bucketActions, ...FILE_EVENTS_SETUP_ACTIONS],
      resources: [...withEvents.map(bucketArn), ...queues],
    },
    { sid: FILE_EVENTS_SIDS.list, effect: "Allow", actions: FILE_EVENTS_LIST_ACTIONS, resources: queues },
    { sid: FILE_EVENTS_SIDS.teardown, effect: "Allow", actions: FILE_EVENTS_TEARDOWN_ACTIONS, resources: queues },
  ];
}

function credentialPropsProblems(props: UnityCatalogStorageCredentialProps): string[] {
  const problems: string[] = [];
  if (props.buckets.length === 0) problems.push("buckets: none given; name at least one bucket the credential reaches");
  props.buckets.forEach((b, i) => {
    if (!Token.isUnresolved(b.bucketName) && !/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(b.bucketName)) {
      problems.push(
        `buckets[${i}].bucketName: "${b.bucketName}" is not an S3 bucket name of 3-63 lowercase letters, digits and hyphens (Unity Catalog refuses dots)`,
      );
    }
  });
  if (
    props.kmsKeyArn !== undefined &&
    !Token.isUnresolved(props.kmsKeyArn) &&
    !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/.test(props.kmsKeyArn)
  ) {
    problems.push(`kmsKeyArn: "${props.kmsKeyArn}" is not a KMS key ARN like arn:aws:kms:eu-west-1:123456789012:key/<id>`);
  }
  if (!Token.isUnresolved(props.region) && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(props.region)) {
    problems.push(`region: "${props.region}" is not an AWS region like eu-west-1`);
  }
  return problems;
}
