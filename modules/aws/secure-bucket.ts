/**
 * An S3 bucket with every control on by default: no public access, encryption, TLS only, versioning, no ACLs,
 * server access logging, lifecycle clean-up, and protection from destroy.
 */
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { KmsKey, LOG_DELIVERY_SERVICE_PRINCIPAL } from "./kms-key";
import { PolicyDocumentBuilder, PolicyStatement } from "./policy-document";

/** How a {@link SecureBucket} encrypts objects at rest by default. */
export type BucketEncryption = "KMS" | "S3_MANAGED";

/** Service principal of S3 server access log delivery. */
export const S3_LOGGING_SERVICE_PRINCIPAL = "logging.s3.amazonaws.com";

/** Sid of the first bucket policy statement, which denies every request not made over TLS. */
export const DENY_INSECURE_TRANSPORT_SID = "DenyInsecureTransport";

/** Days after which incomplete multipart uploads are aborted (their parts cost storage and are never visible). */
export const ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS = 7;

/** A bucket that receives S3 server access logs: a {@link SecureBucket} from `SecureBucket.forAccessLogs`, or an existing one. */
export interface IAccessLogsBucket {
  /** Name of the target bucket (same account and region as the logged bucket, default encryption SSE-S3). */
  readonly bucketName: string;
}

/** Properties of {@link SecureBucket}. */
export interface SecureBucketProps {
  /**
   * Globally unique bucket name: 3 to 63 characters, lowercase letters, digits and hyphens, starting and ending with a
   * letter or digit. Dots are refused: Unity Catalog and virtual-hosted TLS do not accept dotted names.
   */
  readonly bucketName: string;
  /**
   * Default encryption at rest. `"S3_MANAGED"` (SSE-S3) exists for targets of S3 server access logs, which cannot be
   * delivered to SSE-KMS buckets; use it for nothing else.
   * @default "KMS"
   */
  readonly encryption?: BucketEncryption;
  /**
   * Customer-managed key for SSE-KMS (with an S3 Bucket Key, which cuts KMS requests). Required when `encryption` is
   * `"KMS"`; not allowed with `"S3_MANAGED"`.
   * @default - none; required unless encryption is "S3_MANAGED"
   */
  readonly encryptionKey?: KmsKey;
  /**
   * Where S3 server access logs of this bucket go. Required: every bucket except a log target itself is logged.
   * Must not be encrypted with SSE-KMS (use `SecureBucket.forAccessLogs`).
   * @default - none; required (only `SecureBucket.forAccessLogs` creates a bucket without logging)
   */
  readonly accessLogsBucket?: IAccessLogsBucket;
  /**
   * Key prefix of this bucket's access logs in the target bucket.
   * @default `<bucketName>/`
   */
  readonly accessLogsPrefix?: string;
  /**
   * Days after which noncurrent object versions are deleted (versioning keeps them for recovery until then).
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Sets Terraform `prevent_destroy` on the bucket, so that a plan that would delete it fails.
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Tags on the bucket, on top of the provider's `default_tags`.
   * @default - none beyond the provider's default_tags
   */
  readonly tags?: Record<string, string>;
}

/** Properties of `SecureBucket.forAccessLogs`. */
export interface AccessLogsBucketProps {
  /** Globally unique bucket name; same rules as {@link SecureBucketProps.bucketName}. */
  readonly bucketName: string;
  /**
   * Days after which noncurrent object versions are deleted.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Sets Terraform `prevent_destroy` on the bucket.
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Tags on the bucket, on top of the provider's `default_tags`.
   * @default - none beyond the provider's default_tags
   */
  readonly tags?: Record<string, string>;
}

// Marks the props of the access-log target built by forAccessLogs; not exported, so no caller can skip logging.
const ACCESS_LOGS_TARGET = Symbol("SecureBucket.accessLogsTarget");
interface InternalProps extends SecureBucketProps {
  readonly [ACCESS_LOGS_TARGET]?: true;
}

const DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS = 90;

/**
 * An S3 bucket with every control on by default.
 *
 * It creates the bucket (`force_destroy` false, `prevent_destroy` unless `protect: false`), a public access block with
 * all four flags on, default encryption (SSE-KMS with the given key and an S3 Bucket Key), versioning, BucketOwnerEnforced
 * object ownership (ACLs disabled), server access logging to the given target, a lifecycle rule (noncurrent versions
 * expire, incomplete multipart uploads are aborted), and ONE bucket policy whose first statement denies non-TLS
 * requests. Other constructs add statements to that same policy through {@link SecureBucket.addToResourcePolicy}:
 * two `aws_s3_bucket_policy` resources on one bucket overwrite each other.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html
 * @example
 * const logs = SecureBucket.forAccessLogs(this, "AccessLogs", { bucketName: "acme-dev-access-logs" });
 * const key = new KmsKey(this, "DataKey", { alias: "acme/dev/data", description: "Lakehouse data" });
 * const bronze = new SecureBucket(this, "Bronze", { bucketName: "acme-dev-bronze", encryptionKey: key, accessLogsBucket: logs });
 */
export class SecureBucket extends Construct implements IAccessLogsBucket {
  /**
   * Creates the target bucket for S3 server access logs of other buckets.
   *
   * Differences from a regular SecureBucket, and why:
   * - default encryption is SSE-S3 (AES256): S3 server access logging does not deliver to a target bucket whose
   *   default encryption is SSE-KMS;
   * - it has no access logging of its own (logging a log bucket makes logs about logs);
   * - its policy lets the S3 logging service (`logging.s3.amazonaws.com`) put objects, for source buckets of this
   *   account only (`aws:SourceAccount`). With object ownership BucketOwnerEnforced, a bucket policy is the only way
   *   to grant log delivery (ACL grants are not accepted).
   *
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshooting-server-access-logging.html
   */
  public static forAccessLogs(scope: Construct, id: string, props: AccessLogsBucketProps): SecureBucket {
    const internal: InternalProps = { ...props, encryption: "S3_MANAGED", [ACCESS_LOGS_TARGET]: true };
    const bucket = new SecureBucket(scope, id, internal);
    bucket.addToResourcePolicy({
      sid: "S3ServerAccessLogsPolicy",
      effect: "Allow",
      principal: { Service: S3_LOGGING_SERVICE_PRINCIPAL },
      actions: ["s3:PutObject"],
      resources: [bucket.arnForObjects("*")],
      conditions: { StringEquals: { "aws:SourceAccount": bucket.identity().accountId } },
    });
    return bucket;
  }

  /** The `aws_s3_bucket` resource. */
  public readonly bucket: S3Bucket;
  /** Name of the bucket (a reference to the resource, so users of it depend on it). */
  public readonly bucketName: string;
  /** ARN of the bucket. */
  public readonly bucketArn: string;
  /** Default encryption of the bucket. */
  public readonly encryption: BucketEncryption;
  /** The key objects are encrypted with; undefined for SSE-S3 buckets. */
  public readonly encryptionKey?: KmsKey;
  /** The single bucket policy; depend on it where a later step needs the policy in place. */
  public readonly bucketPolicy: S3BucketPolicy;
  /** The public access block. */
  public readonly publicAccessBlock: S3BucketPublicAccessBlock;

  private readonly policy: PolicyDocumentBuilder;
  private readonly logDeliveryResources: string[] = [];
  private readonly logDeliveryPrefixes = new Set<string>();
  private callerIdentity?: DataAwsCallerIdentity;
  private partition?: DataAwsPartition;
  private region?: DataAwsRegion;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const isAccessLogsTarget = (props as InternalProps)[ACCESS_LOGS_TARGET] === true;
    validateSecureBucketProps(props, isAccessLogsTarget);

    this.encryption = props.encryption ?? "KMS";
    this.encryptionKey = props.encryptionKey;
    this.bucket = new S3Bucket(this, "Bucket", {
      bucket: props.bucketName,
      forceDestroy: false,
      tags: props.tags,
      lifecycle: { preventDestroy: props.protect ?? true },
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;

    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    this.createEncryption();
    const versioning = new S3BucketVersioningA(this, "Versioning", {
      bucket: this.bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketOwnershipControls(this, "OwnershipControls", {
      bucket: this.bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });

    this.policy = new PolicyDocumentBuilder([this.denyInsecureTransport()]);
    this.bucketPolicy = new S3BucketPolicy(this, "Policy", {
      bucket: this.bucket.id,
      policy: this.policy.render(),
      // While the public access block is being created, S3 can reject a policy it judges public; wait for the block.
      dependsOn: [this.publicAccessBlock],
    });

    if (props.accessLogsBucket) {
      new S3BucketLoggingA(this, "Logging", {
        bucket: this.bucket.id,
        targetBucket: props.accessLogsBucket.bucketName,
        targetPrefix: props.accessLogsPrefix ?? `${props.bucketName}/`,
      });
    }
    this.createLifecycle(props.noncurrentVersionExpirationDays ?? DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS, versioning);
  }

  /** ARN of the objects matching a key pattern, e.g. `arnForObjects("*")` or `arnForObjects("landing/*")`. */
  public arnForObjects(keyPattern: string): string {
    return `${this.bucketArn}/${keyPattern}`;
  }

  /**
   * Adds a statement to the bucket's single policy, after the TLS-only statement. Bucket policy statements need a
   * principal and resources (the bucket ARN and/or {@link SecureBucket.arnForObjects}).
   */
  public addToResourcePolicy(statement: PolicyStatement): void {
    const name = statement.sid ?? "(no sid)";
    if (!statement.principal) {
      throw new Error(`SecureBucket ${this.node.path}: bucket policy statement "${name}" has no principal; a bucket policy statement must name who it applies to`);
    }
    if (!statement.resources || statement.resources.length === 0) {
      throw new Error(`SecureBucket ${this.node.path}: bucket policy statement "${name}" has no resources; use bucketArn and/or arnForObjects(...)`);
    }
    this.policy.add(statement);
  }

  /**
   * Lets CloudWatch Logs vended-log delivery (`delivery.logs.amazonaws.com`), which writes VPC flow logs, put log
   * files under `<prefix>AWSLogs/` in this bucket. Point the flow log at `<bucketArn>/<prefix>`.
   *
   * Adds the bucket policy statements AWS documents for flow logs (AWSLogDeliveryWrite, AWSLogDeliveryAclCheck), both
   * limited to deliveries of this account (`aws:SourceAccount`, `aws:SourceArn`); and, on an SSE-KMS bucket, lets the
   * same service use the bucket's key ({@link KmsKey.grantLogDelivery}), without which delivery fails. Having these
   * statements in code also keeps AWS from editing the bucket policy itself when the flow log is created.
   * Call it once per prefix.
   *
   * @param prefix key prefix ending in "/", e.g. "vpc-flow-logs/"; "" for the bucket root. "AWSLogs" is reserved.
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-cmk-policy.html
   */
  public allowLogDelivery(prefix: string): void {
    validateLogDeliveryPrefix(this.node.path, prefix, this.logDeliveryPrefixes);
    this.logDeliveryPrefixes.add(prefix);
    // Flow logs write below <prefix>AWSLogs/<account>/ (or AWSLogs/aws-account-id=<account>/ with Hive-style prefixes).
    this.logDeliveryResources.push(this.arnForObjects(`${prefix}AWSLogs/*`));
    if (this.logDeliveryPrefixes.size === 1) {
      this.addLogDeliveryStatements();
    }
    this.encryptionKey?.grantLogDelivery();
  }

  private createEncryption(): void {
    const kms = this.encryption === "KMS" && this.encryptionKey;
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      bucket: this.bucket.id,
      rule: [
        kms
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: kms.keyArn }, bucketKeyEnabled: true }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });
  }

  private createLifecycle(noncurrentDays: number, versioning: S3BucketVersioningA): void {
    new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket: this.bucket.id,
      rule: [
        {
          id: "expire-noncurrent-versions-and-abort-incomplete-uploads",
          status: "Enabled",
          // An empty filter applies the rule to every object; provider 6 wants a filter or a prefix.
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS }],
        },
      ],
      // Noncurrent-version rules only make sense once versioning is on (provider docs do the same).
      dependsOn: [versioning],
    });
  }

  private denyInsecureTransport(): PolicyStatement {
    return {
      sid: DENY_INSECURE_TRANSPORT_SID,
      effect: "Deny",
      principal: "*",
      actions: ["s3:*"],
      resources: [this.bucketArn, this.arnForObjects("*")],
      conditions: { Bool: { "aws:SecureTransport": "false" } },
    };
  }

  private addLogDeliveryStatements(): void {
    const account = this.identity().accountId;
    const sourceArn = `arn:${this.awsPartition().partition}:logs:${this.awsRegion().region}:${account}:*`;
    this.addToResourcePolicy({
      sid: "AWSLogDeliveryWrite",
      effect: "Allow",
      principal: { Service: LOG_DELIVERY_SERVICE_PRINCIPAL },
      actions: ["s3:PutObject"],
      // The same array object: prefixes added later join this statement (the policy is rendered at synth).
      resources: this.logDeliveryResources,
      conditions: {
        StringEquals: { "aws:SourceAccount": account, "s3:x-amz-acl": "bucket-owner-full-control" },
        ArnLike: { "aws:SourceArn": sourceArn },
      },
    });
    this.addToResourcePolicy({
      sid: "AWSLogDeliveryAclCheck",
      effect: "Allow",
      principal: { Service: LOG_DELIVERY_SERVICE_PRINCIPAL },
      actions: ["s3:GetBucketAcl", "s3:ListBucket"],
      resources: [this.bucketArn],
      conditions: { StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": sourceArn } },
    });
  }

  // Data sources are created on first use, so a bucket that never needs them adds nothing to the plan.
  private identity(): DataAwsCallerIdentity {
    this.callerIdentity ??= new DataAwsCallerIdentity(this, "CallerIdentity");
    return this.callerIdentity;
  }

  private awsPartition(): DataAwsPartition {
    this.partition ??= new DataAwsPartition(this, "Partition");
    return this.partition;
  }

  private awsRegion(): DataAwsRegion {
    this.region ??= new DataAwsRegion(this, "Region");
    return this.region;
  }
}

const BUCKET_NAME_PATTERN = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_BUCKET_SUFFIXES = ["-s3alias", "--ol-s3", "--x-s3", "--table-s3"];

function validateSecureBucketProps(props: SecureBucketProps, isAccessLogsTarget: boolean): void {
  const problems = [
    ...bucketNameProblems(props.bucketName),
    ...encryptionProblems(props),
    ...accessLogsProblems(props, isAccessLogsTarget),
    ...noncurrentDaysProblems(props.noncurrentVersionExpirationDays),
  ];
  if (problems.length > 0) {
    throw new Error(`SecureBucket props are invalid:\n- ${problems.join("\n- ")}`);
  }
}

function bucketNameProblems(name: string): string[] {
  if (Token.isUnresolved(name)) {
    return [];
  }
  const problems: string[] = [];
  if (name.length < 3 || name.length > 63) {
    problems.push(`bucketName: "${name}" is ${name.length} characters long; S3 allows 3 to 63`);
  }
  if (name.includes(".")) {
    problems.push(`bucketName: "${name}" contains a dot; use hyphens (Unity Catalog and TLS virtual-host addressing reject dotted names)`);
  }
  if (!BUCKET_NAME_PATTERN.test(name.replace(/\./g, "-"))) {
    problems.push(`bucketName: "${name}" may only have lowercase letters, digits and hyphens, and must start and end with a letter or digit`);
  }
  const prefix = RESERVED_BUCKET_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) {
    problems.push(`bucketName: "${name}" starts with "${prefix}", which S3 reserves; choose another name`);
  }
  const suffix = RESERVED_BUCKET_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) {
    problems.push(`bucketName: "${name}" ends with "${suffix}", which S3 reserves; choose another name`);
  }
  return problems;
}

function encryptionProblems(props: SecureBucketProps): string[] {
  const encryption = props.encryption ?? "KMS";
  if (encryption !== "KMS" && encryption !== "S3_MANAGED") {
    return [`encryption: "${String(encryption)}" is not supported; use "KMS" or "S3_MANAGED"`];
  }
  if (encryption === "KMS" && !props.encryptionKey) {
    return [`encryptionKey: missing; a KMS-encrypted bucket needs a KmsKey (or set encryption: "S3_MANAGED" for an access-log target only)`];
  }
  if (encryption === "S3_MANAGED" && props.encryptionKey) {
    return [`encryptionKey: given with encryption "S3_MANAGED"; remove the key or use encryption "KMS"`];
  }
  return [];
}

function accessLogsProblems(props: SecureBucketProps, isAccessLogsTarget: boolean): string[] {
  const target = props.accessLogsBucket;
  if (isAccessLogsTarget) {
    return [];
  }
  if (!target) {
    return [`accessLogsBucket: missing; every bucket logs its access, create one target with SecureBucket.forAccessLogs(...) and pass it`];
  }
  if (target instanceof SecureBucket && target.encryption === "KMS") {
    return [
      `accessLogsBucket: ${target.node.path} is encrypted with SSE-KMS, and S3 server access logs are not delivered to SSE-KMS buckets; use SecureBucket.forAccessLogs(...) (SSE-S3)`,
    ];
  }
  if (props.accessLogsPrefix !== undefined && !Token.isUnresolved(props.accessLogsPrefix) && props.accessLogsPrefix.length === 0) {
    return [`accessLogsPrefix: is empty; give each source bucket its own prefix, e.g. "<bucketName>/"`];
  }
  return [];
}

function noncurrentDaysProblems(days: number | undefined): string[] {
  if (days === undefined || Token.isUnresolved(days) || (Number.isInteger(days) && days >= 1)) {
    return [];
  }
  return [`noncurrentVersionExpirationDays: ${days} is not allowed; use a whole number of days, 1 or more`];
}

function validateLogDeliveryPrefix(path: string, prefix: string, existing: ReadonlySet<string>): void {
  const problems: string[] = [];
  if (!/^([A-Za-z0-9_.-]+\/)*$/.test(prefix)) {
    problems.push(`prefix "${prefix}" must be empty or path segments of letters, digits, "_", "." and "-", each ending in "/" (e.g. "vpc-flow-logs/")`);
  }
  if (prefix.split("/").includes("AWSLogs")) {
    problems.push(`prefix "${prefix}" uses "AWSLogs", which log delivery reserves; choose another folder name`);
  }
  if (existing.has(prefix)) {
    problems.push(`prefix "${prefix}" is already allowed; call allowLogDelivery once per prefix`);
  }
  if (problems.length > 0) {
    throw new Error(`SecureBucket ${path}: allowLogDelivery: ${problems.join("; ")}`);
  }
}
