/**
 * An AWS Glue security configuration that encrypts everything Glue jobs and crawlers write with our KMS key: S3 output
 * (SSE-KMS), CloudWatch logs (SSE-KMS) and job bookmarks (CSE-KMS).
 */
import { GlueSecurityConfiguration as GlueSecurityConfigurationResource } from "@cdktf/provider-aws/lib/glue-security-configuration";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { keyArnProblems } from "./kms-key";
import type { PolicyStatement } from "./policy-document";
import { throwIfInvalidProps } from "../core/validation";

/** Sid of the key policy statement from {@link glueLogsKeyPolicyStatements}. */
export const GLUE_LOGS_KEY_POLICY_SID = "AllowCloudWatchLogsForGlue";

/** Properties of {@link GlueSecurityConfiguration}. */
export interface GlueSecurityConfigurationProps {
  /** Name of the security configuration (1-255 characters, unique in the account and region). */
  readonly name: string;
  /**
   * Our KMS key (ARN) for S3, CloudWatch Logs and job bookmarks. Its key policy must let CloudWatch Logs use it for
   * Glue's log groups: add {@link glueLogsKeyPolicyStatements}.
   */
  readonly kmsKeyArn: string;
}

/**
 * A Glue security configuration: S3 output SSE-KMS, CloudWatch Logs SSE-KMS and job bookmarks CSE-KMS, all with the
 * given key. Jobs and crawlers that use it write their logs to log groups named after it under `/aws-glue/`, which
 * CloudWatch Logs encrypts with the key ({@link glueLogsKeyPolicyStatements}); their roles need `logs:AssociateKmsKey`
 * there and KMS use of the key.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/encryption-security-configuration.html
 * @example
 * const security = new GlueSecurityConfiguration(this, "GlueSecurity", { name: "acme-prod-glue", kmsKeyArn: dataKey.keyArn });
 * glueLogsKeyPolicyStatements(region, accountId).forEach((s) => dataKey.addToKeyPolicy(s));
 */
export class GlueSecurityConfiguration extends Construct {
  /** The `aws_glue_security_configuration` resource. */
  public readonly resource: GlueSecurityConfigurationResource;
  /** Its name, as jobs and crawlers reference it. */
  public readonly name: string;
  /** The key it encrypts with. */
  public readonly kmsKeyArn: string;

  constructor(scope: Construct, id: string, props: GlueSecurityConfigurationProps) {
    super(scope, id);
    throwIfInvalidProps(this, securityConfigurationProblems(props));
    this.kmsKeyArn = props.kmsKeyArn;
    // Modes: AWS Glue API, EncryptionConfiguration (S3Encryption SSE-KMS, CloudWatchEncryption SSE-KMS,
    // JobBookmarksEncryption CSE-KMS: the only KMS mode bookmarks have).
    this.resource = new GlueSecurityConfigurationResource(this, "Resource", {
      name: props.name,
      encryptionConfiguration: {
        s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: props.kmsKeyArn },
        cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: props.kmsKeyArn },
        jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: props.kmsKeyArn },
      },
    });
    this.name = this.resource.name;
  }
}

/**
 * The key policy statement CloudWatch Logs needs to encrypt Glue's log groups with the key: the regional logs
 * principal, with the actions CloudWatch Logs documents, only for log groups under `/aws-glue/` of this account
 * (encryption context `kms:EncryptionContext:aws:logs:arn`). In a key policy, `Resource: "*"` means this key.
 *
 * @param region the region of the log groups
 * @param accountId the account of the log groups
 * @param partition the AWS partition @default "aws"
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export function glueLogsKeyPolicyStatements(region: string, accountId: string, partition = "aws"): PolicyStatement[] {
  return [
    {
      sid: GLUE_LOGS_KEY_POLICY_SID,
      effect: "Allow",
      principal: { Service: `logs.${region}.amazonaws.com` },
      actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      resources: ["*"],
      conditions: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${accountId}:log-group:/aws-glue/*` } },
    },
  ];
}

function securityConfigurationProblems(props: GlueSecurityConfigurationProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.name) && !/^[\w.-]{1,255}$/.test(props.name)) {
    problems.push(`name: "${props.name}" must be 1-255 letters, digits, _, . and -`);
  }
  problems.push(...keyArnProblems("kmsKeyArn", props.kmsKeyArn));
  return problems;
}
