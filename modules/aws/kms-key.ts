/**
 * A customer-managed KMS key with an alias, rotation on, and a key policy that later constructs extend.
 */
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey as KmsKeyResource } from "@cdktf/provider-aws/lib/kms-key";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { PolicyConditions, PolicyDocumentBuilder, PolicyPrincipal, PolicyStatement } from "./policy-document";
import { LazyAwsContext } from "./lazy-aws-context";
import { throwIfInvalidArguments, throwIfInvalidProps } from "../core/validation";

/** Actions a principal needs to encrypt and decrypt data under a key (S3 SSE-KMS, envelope encryption). */
export const KMS_ENCRYPT_DECRYPT_ACTIONS: readonly string[] = [
  "kms:Encrypt",
  "kms:Decrypt",
  "kms:ReEncrypt*",
  "kms:GenerateDataKey*",
  "kms:DescribeKey",
];

/** Service principal of CloudWatch Logs vended-log delivery (VPC flow logs and other logs sent to S3). */
export const LOG_DELIVERY_SERVICE_PRINCIPAL = "delivery.logs.amazonaws.com";

/** Sid of the key policy statement that gives the administrators full control of the key. */
export const KEY_ADMINISTRATION_SID = "KeyAdministration";

/** Sid of the key policy statement added by {@link KmsKey.grantLogDelivery}. */
export const LOG_DELIVERY_KEY_SID = "AllowLogDeliveryUseOfKey";

/** Properties of {@link KmsKey}. */
export interface KmsKeyProps {
  /**
   * Alias name without the `alias/` prefix: letters, digits, `/`, `_` and `-`, at most 250 characters, and not
   * starting with `aws/` (reserved for AWS managed keys). The alias resource is named `alias/<alias>`.
   */
  readonly alias: string;
  /** What the key protects; shown in the KMS console and in CloudTrail. */
  readonly description: string;
  /**
   * Days between scheduling deletion and the key being deleted, 7 to 30. During the window the deletion can be
   * cancelled; afterwards everything encrypted under the key is unreadable.
   * @default 30
   */
  readonly deletionWindowDays?: number;
  /**
   * Yearly automatic rotation of the key material.
   * @default true
   */
  readonly enableKeyRotation?: boolean;
  /**
   * IAM principal ARNs that administer the key (kms:* in the key policy). Keep the account root here unless you
   * know why not: it is what lets IAM policies in the account grant use of the key, and without an administrator
   * the key becomes unmanageable.
   * @default - the account root, `arn:<partition>:iam::<account>:root`, read from the provider's credentials
   */
  readonly administratorArns?: string[];
  /**
   * Sets Terraform `prevent_destroy` on the key, so that a plan that would schedule its deletion fails.
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Tags on the key, on top of the provider's `default_tags`.
   * @default - none beyond the provider's default_tags
   */
  readonly tags?: Record<string, string>;
}

/**
 * The problem with a KMS key ARN literal, if any (tokens are accepted): an AWS managed key (`alias/aws/...`) is refused,
 * and so is anything but a key ARN, `arn:<partition>:kms:<region>:<account>:key/<id>` (aliases included).
 */
export function keyArnProblem(arn: string): string | undefined {
  if (Token.isUnresolved(arn)) return undefined;
  if (/(^|:)alias\/aws\//.test(arn)) return `"${arn}" is an AWS-managed key; pass one of our customer-managed keys`;
  if (!/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(arn)) {
    return `"${arn}" is not a KMS key ARN; use arn:<partition>:kms:<region>:<account>:key/<id>`;
  }
  return undefined;
}

/** {@link keyArnProblem} as a list of problems, each naming `prop` (e.g. `kmsKeyArn`, `keyArns[0]`). */
export function keyArnProblems(prop: string, arn: string): string[] {
  const problem = keyArnProblem(arn);
  return problem ? [`${prop}: ${problem}`] : [];
}

const ALIAS_PATTERN = /^[A-Za-z0-9/_-]+$/;
const ALIAS_MAX_LENGTH = 250; // 256 for the full name, minus "alias/"
const MIN_DELETION_WINDOW_DAYS = 7;
const MAX_DELETION_WINDOW_DAYS = 30;

/**
 * A customer-managed, symmetric KMS key with rotation on, an alias, and protection from destroy.
 *
 * The key policy is built in code and rendered when the stack is synthesized: its first statement
 * ("KeyAdministration") gives the administrators `kms:*`, as AWS requires of every key policy; later statements come
 * from {@link KmsKey.addToKeyPolicy} and the `grant...` methods, called by whichever construct uses the key.
 *
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 * @example
 * const key = new KmsKey(this, "DataKey", { alias: "lakehouse/dev/data", description: "Lakehouse data buckets" });
 * key.grantEncryptDecrypt({ AWS: role.arn }, "UnityCatalogRole");
 */
export class KmsKey extends Construct {
  /** The `aws_kms_key` resource. */
  public readonly key: KmsKeyResource;
  /** The `aws_kms_alias` resource. */
  public readonly alias: KmsAlias;
  /** ARN of the key; use it (not the alias) wherever AWS services take a key for encryption. */
  public readonly keyArn: string;
  /** Id (UUID) of the key. */
  public readonly keyId: string;
  /** Full alias name, `alias/<alias>`. */
  public readonly aliasName: string;

  private readonly policy: PolicyDocumentBuilder;
  private readonly aws = new LazyAwsContext(this);
  private logDeliveryGranted = false;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    throwIfInvalidProps(this, kmsKeyPropsProblems(props));

    const administrators = props.administratorArns ?? [this.accountRootArn()];
    this.policy = new PolicyDocumentBuilder([
      {
        sid: KEY_ADMINISTRATION_SID,
        effect: "Allow",
        principal: { AWS: administrators },
        actions: ["kms:*"],
        resources: ["*"],
      },
    ]);

    this.key = new KmsKeyResource(this, "Key", {
      description: props.description,
      deletionWindowInDays: props.deletionWindowDays ?? MAX_DELETION_WINDOW_DAYS,
      enableKeyRotation: props.enableKeyRotation ?? true,
      policy: this.policy.render(),
      tags: props.tags,
      lifecycle: { preventDestroy: props.protect ?? true },
    });
    this.aliasName = `alias/${props.alias}`;
    this.alias = new KmsAlias(this, "Alias", { name: this.aliasName, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;
    this.keyId = this.key.keyId;
  }

  /**
   * Adds a statement to the key policy. Key policy statements are resource policies: each needs a principal.
   * `resources` defaults to `["*"]` (in a key policy, "*" means this key).
   */
  public addToKeyPolicy(statement: PolicyStatement): void {
    if (!statement.principal) {
      throwIfInvalidArguments(this, [
        `addToKeyPolicy: key policy statement "${statement.sid ?? "(no sid)"}" has no principal; a key policy statement must name who it applies to`,
      ]);
    }
    this.policy.add({ ...statement, resources: statement.resources ?? ["*"] });
  }

  /**
   * Lets a principal encrypt and decrypt with the key ({@link KMS_ENCRYPT_DECRYPT_ACTIONS}).
   * @param principal who may use the key, e.g. `{ AWS: role.arn }`
   * @param sid statement id, unique within this key policy (letters and digits)
   * @param conditions optional conditions, e.g. `{ StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } }`
   */
  public grantEncryptDecrypt(principal: PolicyPrincipal, sid: string, conditions?: PolicyConditions): void {
    this.addToKeyPolicy({
      sid,
      effect: "Allow",
      principal,
      actions: [...KMS_ENCRYPT_DECRYPT_ACTIONS],
      resources: ["*"],
      ...(conditions ? { conditions } : {}),
    });
  }

  /**
   * Lets CloudWatch Logs vended-log delivery (`delivery.logs.amazonaws.com`, which writes VPC flow logs to S3) use the
   * key, so that it can write to buckets encrypted with it. Limited to deliveries of this account
   * (`aws:SourceAccount`, `aws:SourceArn`) against the confused-deputy problem. Calling it again changes nothing.
   *
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-cmk-policy.html
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html#AWS-logs-SSE-KMS-S3
   */
  public grantLogDelivery(): void {
    if (this.logDeliveryGranted) {
      return;
    }
    this.logDeliveryGranted = true;
    const account = this.aws.accountId;
    this.addToKeyPolicy({
      sid: LOG_DELIVERY_KEY_SID,
      effect: "Allow",
      principal: { Service: LOG_DELIVERY_SERVICE_PRINCIPAL },
      actions: [...KMS_ENCRYPT_DECRYPT_ACTIONS],
      resources: ["*"],
      conditions: {
        StringEquals: { "aws:SourceAccount": account },
        ArnLike: { "aws:SourceArn": `arn:${this.aws.partition}:logs:${this.aws.region}:${account}:*` },
      },
    });
  }

  private accountRootArn(): string {
    return `arn:${this.aws.partition}:iam::${this.aws.accountId}:root`;
  }
}

function kmsKeyPropsProblems(props: KmsKeyProps): string[] {
  const problems = [
    ...aliasProblems(props.alias),
    ...descriptionProblems(props.description),
    ...deletionWindowProblems(props.deletionWindowDays),
    ...administratorProblems(props.administratorArns),
  ];
  return problems;
}

function aliasProblems(alias: string): string[] {
  if (Token.isUnresolved(alias)) {
    return [];
  }
  if (alias.startsWith("alias/")) {
    return [`alias: "${alias}" starts with "alias/"; give the name without the prefix (the construct adds it)`];
  }
  const problems: string[] = [];
  if (alias.length === 0 || alias.length > ALIAS_MAX_LENGTH) {
    problems.push(`alias: "${alias}" is ${alias.length} characters long; use 1 to ${ALIAS_MAX_LENGTH}`);
  }
  if (alias.length > 0 && !ALIAS_PATTERN.test(alias)) {
    problems.push(`alias: "${alias}" has characters KMS does not allow; use letters, digits, "/", "_" and "-" only`);
  }
  if (alias.toLowerCase().startsWith("aws/")) {
    problems.push(`alias: "${alias}" starts with "aws/", which is reserved for AWS managed keys; choose another name`);
  }
  return problems;
}

function descriptionProblems(description: string): string[] {
  if (Token.isUnresolved(description) || description.trim().length > 0) {
    return [];
  }
  return [`description: is empty; say what the key protects`];
}

function deletionWindowProblems(days: number | undefined): string[] {
  if (days === undefined || Token.isUnresolved(days)) {
    return [];
  }
  if (Number.isInteger(days) && days >= MIN_DELETION_WINDOW_DAYS && days <= MAX_DELETION_WINDOW_DAYS) {
    return [];
  }
  return [`deletionWindowDays: ${days} is not allowed; use a whole number of days from ${MIN_DELETION_WINDOW_DAYS} to ${MAX_DELETION_WINDOW_DAYS}`];
}

function administratorProblems(arns: string[] | undefined): string[] {
  if (arns === undefined || Token.isUnresolved(arns)) {
    return [];
  }
  if (arns.length === 0) {
    return [`administratorArns: is empty; name at least one administrator (or omit it to use the account root), or the key cannot be managed`];
  }
  return arns
    .map((arn, i) => ({ arn, i }))
    .filter(({ arn }) => !Token.isUnresolved(arn) && !/^arn:aws[a-z-]*:(iam|sts)::\d{12}:.+$/.test(arn))
    .map(({ arn, i }) => `administratorArns[${i}]: "${arn}" is not an IAM principal ARN; use e.g. arn:aws:iam::123456789012:role/KeyAdmin`);
}
