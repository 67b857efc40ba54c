import { DataDatabricksAwsBucketPolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-bucket-policy";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { TerraformStack } from "cdktf";
import { renderPolicy } from "../../../../modules/aws/policy-document";
import { describeRule } from "../fixtures";

/** The TLS-only statement, as secure constructs write it. */
function tlsDeny(bucket: S3Bucket) {
  return {
    sid: "DenyInsecureTransport",
    effect: "Deny" as const,
    principal: "*" as const,
    actions: ["s3:*"],
    resources: [bucket.arn, `${bucket.arn}/*`],
    conditions: { Bool: { "aws:SecureTransport": "false" } },
  };
}

function bucket(stack: TerraformStack, id = "data"): S3Bucket {
  return new S3Bucket(stack, id, { bucket: `lakehouse-${id}` });
}

function sseKms(stack: TerraformStack, b: S3Bucket, algorithm = "aws:kms"): void {
  const key = new KmsKey(stack, `${b.node.id}-key`, { enableKeyRotation: true });
  new S3BucketServerSideEncryptionConfigurationA(stack, `${b.node.id}-sse`, {
    bucket: b.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: algorithm, kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
  });
}

describeRule({
  rule: "S3-PUBLIC-ACCESS-BLOCK",
  passes: [
    {
      name: "a bucket whose public access block sets all four flags",
      build: (s) => {
        const b = bucket(s);
        new S3BucketPublicAccessBlock(s, "pab", {
          bucket: b.id,
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        });
      },
    },
  ],
  fails: [
    { name: "a bucket without a public access block", build: (s) => void bucket(s), message: /has no aws_s3_bucket_public_access_block/ },
    {
      name: "a public access block that leaves restrict_public_buckets off",
      build: (s) => {
        const b = bucket(s);
        new S3BucketPublicAccessBlock(s, "pab", { bucket: b.bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true });
      },
      message: /leaves restrict_public_buckets off/,
    },
  ],
});

describeRule({
  rule: "S3-ENCRYPTION",
  passes: [
    { name: "a bucket encrypted with SSE-KMS and a key of the stack", build: (s) => sseKms(s, bucket(s)) },
    {
      name: "an access-log bucket with SSE-S3 (S3 cannot log into SSE-KMS buckets)",
      build: (s) => {
        const data = bucket(s);
        const logs = bucket(s, "logs");
        sseKms(s, data);
        new S3BucketServerSideEncryptionConfigurationA(s, "logs-sse", {
          bucket: logs.id,
          rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        });
        new S3BucketLoggingA(s, "data-logging", { bucket: data.id, targetBucket: logs.id, targetPrefix: "data/" });
      },
    },
  ],
  fails: [
    { name: "a bucket without default encryption", build: (s) => void bucket(s), message: /has no default encryption configuration/ },
    { name: "a data bucket with SSE-S3", build: (s) => sseKms(s, bucket(s), "AES256"), message: /default encryption is "AES256", not SSE-KMS/ },
    {
      name: "SSE-KMS with the AWS-managed key",
      build: (s) => {
        const b = bucket(s);
        new S3BucketServerSideEncryptionConfigurationA(s, "sse", {
          bucket: b.id,
          rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }],
        });
      },
      message: /kms_master_key_id is not set, so the AWS-managed key is used/,
    },
  ],
});

describeRule({
  rule: "S3-VERSIONING",
  passes: [
    {
      name: "a bucket with versioning Enabled",
      build: (s) => {
        const b = bucket(s);
        new S3BucketVersioningA(s, "versioning", { bucket: b.id, versioningConfiguration: { status: "Enabled" } });
      },
    },
  ],
  fails: [
    { name: "a bucket without versioning", build: (s) => void bucket(s), message: /has no versioning configuration/ },
    {
      name: "a bucket with versioning Suspended",
      build: (s) => {
        const b = bucket(s);
        new S3BucketVersioningA(s, "versioning", { bucket: b.id, versioningConfiguration: { status: "Suspended" } });
      },
      message: /versioning is "Suspended", not Enabled/,
    },
  ],
});

describeRule({
  rule: "S3-TLS-ONLY",
  passes: [
    {
      name: "a bucket whose policy denies requests without TLS on the bucket and its objects",
      build: (s) => {
        const b = bucket(s);
        new S3BucketPolicy(s, "policy", { bucket: b.id, policy: renderPolicy([tlsDeny(b)]) });
      },
    },
  ],
  fails: [
    { name: "a bucket without a policy", build: (s) => void bucket(s), message: /has no bucket policy, so plain-HTTP requests are allowed/ },
    {
      name: "a bucket policy without the TLS deny",
      build: (s) => {
        const b = bucket(s);
        new S3BucketPolicy(s, "policy", {
          bucket: b.id,
          policy: renderPolicy([{ principal: { AWS: "arn:aws:iam::414351767826:root" }, actions: ["s3:GetObject"], resources: [`${b.arn}/*`] }]),
        });
      },
      message: /has no statement denying requests where aws:SecureTransport is false/,
    },
    {
      name: "a bucket policy generated by data.databricks_aws_bucket_policy (it has no TLS deny)",
      build: (s) => {
        const b = bucket(s);
        const generated = new DataDatabricksAwsBucketPolicy(s, "root-policy", { bucket: b.bucket });
        new S3BucketPolicy(s, "policy", { bucket: b.id, policy: generated.json });
      },
      message: /\(data\.databricks_aws_bucket_policy\.root-policy, generated by the Databricks provider\) has no statement denying/,
    },
  ],
});

describeRule({
  rule: "S3-ACCESS-LOGGING",
  passes: [
    {
      name: "a bucket logging to a log bucket (and the log bucket, as the sink)",
      build: (s) => {
        const data = bucket(s);
        new S3BucketLoggingA(s, "logging", { bucket: data.id, targetBucket: bucket(s, "logs").id, targetPrefix: "data/" });
      },
    },
  ],
  fails: [{ name: "a bucket without access logging", build: (s) => void bucket(s), message: /has no server access logging/ }],
});

describeRule({
  rule: "S3-NO-FORCE-DESTROY",
  passes: [{ name: "a bucket without force_destroy", build: (s) => void bucket(s) }],
  fails: [
    {
      name: "a bucket with force_destroy",
      build: (s) => void new S3Bucket(s, "data", { bucket: "scratch", forceDestroy: true }),
      message: /force_destroy is true/,
    },
  ],
});
