import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { Construct } from "constructs";
import { KmsKey } from "../../../modules/aws/kms-key";
import { SecureBucket, SecureBucketProps } from "../../../modules/aws/secure-bucket";
import type { JsonStatement as Statement } from "../../iam-json";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

interface Fixture {
  readonly stack: TerraformStack;
  readonly key: KmsKey;
  readonly logs: SecureBucket;
}

function fixture(): Fixture {
  const stack = new TerraformStack(Testing.app(), "test");
  const key = new KmsKey(stack, "DataKey", { alias: "acme/dev/data", description: "Lakehouse data" });
  const logs = SecureBucket.forAccessLogs(stack, "AccessLogs", { bucketName: "acme-dev-access-logs" });
  return { stack, key, logs };
}

function dataBucket(f: Fixture, props: Partial<SecureBucketProps> = {}, id = "Bronze"): SecureBucket {
  return new SecureBucket(f.stack, id, { bucketName: "acme-dev-bronze", encryptionKey: f.key, accessLogsBucket: f.logs, ...props });
}

function synth(f: Fixture): Resources {
  return (JSON.parse(Testing.synth(f.stack)) as { resource: Resources }).resource;
}

/** The one resource of a type that belongs to a SecureBucket (its construct id is the child id). */
function child(f: Fixture, resources: Resources, bucket: SecureBucket, type: string, childId: string): Record<string, unknown> {
  const name = f.stack.getLogicalId(bucket.node.findChild(childId).node);
  const resource = resources[type]?.[name];
  if (!resource) {
    throw new Error(`no ${type}.${name} in the synthesized stack`);
  }
  return resource;
}

function ref(f: Fixture, bucket: SecureBucket, attribute: string): string {
  return `\${aws_s3_bucket.${f.stack.getLogicalId(bucket.bucket)}.${attribute}}`;
}

function dataRef(f: Fixture, scope: Construct, type: string, childId: string, attribute: string): string {
  return `\${data.${type}.${f.stack.getLogicalId(scope.node.findChild(childId).node)}.${attribute}}`;
}

function bucketPolicy(f: Fixture, resources: Resources, bucket: SecureBucket): Statement[] {
  const policy = child(f, resources, bucket, "aws_s3_bucket_policy", "Policy");
  return (JSON.parse(policy.policy as string) as { Statement: Statement[] }).Statement;
}

function policiesOn(f: Fixture, resources: Resources, bucket: SecureBucket): number {
  return Object.values(resources.aws_s3_bucket_policy ?? {}).filter((p) => p.bucket === ref(f, bucket, "id")).length;
}

function keyPolicy(f: Fixture, resources: Resources): Statement[] {
  const key = resources.aws_kms_key[f.stack.getLogicalId(f.key.key)];
  return (JSON.parse(key.policy as string) as { Statement: Statement[] }).Statement;
}

function expectInvalid(props: Partial<SecureBucketProps>, message: string | RegExp): void {
  const f = fixture();
  expect(() => dataBucket(f, props)).toThrow(message);
}

describe("SecureBucket", () => {
  it("creates the bucket with the given name, no force_destroy, prevent_destroy and tags", () => {
    const f = fixture();
    const bronze = dataBucket(f, { tags: { Layer: "bronze" } });
    const bucket = synth(f).aws_s3_bucket[f.stack.getLogicalId(bronze.bucket)];
    expect(bucket).toEqual({ bucket: "acme-dev-bronze", force_destroy: false, lifecycle: { prevent_destroy: true }, tags: { Layer: "bronze" } });
  });

  it("drops prevent_destroy when protect is false", () => {
    const f = fixture();
    const bronze = dataBucket(f, { protect: false });
    expect(synth(f).aws_s3_bucket[f.stack.getLogicalId(bronze.bucket)].lifecycle).toEqual({ prevent_destroy: false });
  });

  it("blocks every kind of public access on the bucket", () => {
    const f = fixture();
    const bronze = dataBucket(f);
    expect(child(f, synth(f), bronze, "aws_s3_bucket_public_access_block", "PublicAccessBlock")).toEqual({
      bucket: ref(f, bronze, "id"),
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it("encrypts the bucket with the given key and an S3 Bucket Key", () => {
    const f = fixture();
    const bronze = dataBucket(f);
    expect(child(f, synth(f), bronze, "aws_s3_bucket_server_side_encryption_configuration", "Encryption")).toEqual({
      bucket: ref(f, bronze, "id"),
      rule: [
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: "aws:kms",
            kms_master_key_id: `\${aws_kms_key.${f.stack.getLogicalId(f.key.key)}.arn}`,
          },
          bucket_key_enabled: true,
        },
      ],
    });
  });

  it("enables versioning", () => {
    const f = fixture();
    const bronze = dataBucket(f);
    expect(child(f, synth(f), bronze, "aws_s3_bucket_versioning", "Versioning")).toEqual({
      bucket: ref(f, bronze, "id"),
      versioning_configuration: { status: "Enabled" },
    });
  });

  it("disables ACLs with BucketOwnerEnforced and creates no ACL", () => {
    const f = fixture();
    const bronze = dataBucket(f);
    const resources = synth(f);
    expect(child(f, resources, bronze, "aws_s3_bucket_ownership_controls", "OwnershipControls")).toEqual({
      bucket: ref(f, bronze, "id"),
      rule: { object_ownership: "BucketOwnerEnforced" },
    });
    expect(resources.aws_s3_bucket_acl).toBeUndefined();
  });

  it("starts the bucket policy with a TLS-only deny and makes it wait for the public access block", () => {
    const f = fixture();
    const bronze = dataBucket(f);
    const resources = synth(f);
    const policy = child(f, resources, bronze, "aws_s3_bucket_policy", "Policy");
    expect(policy.bucket).toBe(ref(f, bronze, "id"));
    expect(policy.depends_on).toEqual([`aws_s3_bucket_public_access_block.${f.stack.getLogicalId(bronze.publicAccessBlock)}`]);
    expect(bucketPolicy(f, resources, bronze)).toEqual([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [ref(f, bronze, "arn"), `${ref(f, bronze, "arn")}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });

  it("merges statements added later into the same single policy, after the TLS-only deny", () => {
    const f = fixture();
    const root = dataBucket(f, { bucketName: "acme-dev-root" }, "Root");
    root.addToResourcePolicy({
      sid: "GrantDatabricksAccess",
      principal: { AWS: "arn:aws:iam::414351767826:root" },
      actions: ["s3:GetObject", "s3:PutObject"],
      resources: [root.arnForObjects("*")],
    });
    const resources = synth(f);
    const statements = bucketPolicy(f, resources, root);
    expect(statements.map((s) => s.Sid)).toEqual(["DenyInsecureTransport", "GrantDatabricksAccess"]);
    expect(statements[1]).toEqual({
      Sid: "GrantDatabricksAccess",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::414351767826:root" },
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: `${ref(f, root, "arn")}/*`,
    });
    expect(policiesOn(f, resources, root)).toBe(1);
  });

  it("refuses bucket policy statements without a principal or resources", () => {
    const f = fixture();
    const bronze = dataBucket(f);
    expect(() => bronze.addToResourcePolicy({ sid: "NoOne", actions: ["s3:GetObject"], resources: [bronze.bucketArn] })).toThrow(
      /"NoOne" has no principal/,
    );
    expect(() => bronze.addToResourcePolicy({ sid: "Nowhere", principal: "*", actions: ["s3:GetObject"] })).toThrow(/"Nowhere" has no resources/);
  });

  it("logs access to the target bucket under <bucketName>/ by default", () => {
    const f = fixture();
    const bronze = dataBucket(f);
    expect(child(f, synth(f), bronze, "aws_s3_bucket_logging", "Logging")).toEqual({
      bucket: ref(f, bronze, "id"),
      target_bucket: ref(f, f.logs, "bucket"),
      target_prefix: "acme-dev-bronze/",
    });
  });

  it("logs access under the given prefix to an existing bucket given by name", () => {
    const f = fixture();
    const bronze = dataBucket(f, { accessLogsBucket: { bucketName: "org-central-access-logs" }, accessLogsPrefix: "lakehouse/bronze/" });
    expect(child(f, synth(f), bronze, "aws_s3_bucket_logging", "Logging")).toMatchObject({
      target_bucket: "org-central-access-logs",
      target_prefix: "lakehouse/bronze/",
    });
  });

  it("expires noncurrent versions after 90 days and aborts incomplete uploads after 7, once versioning is on", () => {
    const f = fixture();
    const bronze = dataBucket(f);
    const versioning = f.stack.getLogicalId(bronze.node.findChild("Versioning").node);
    expect(child(f, synth(f), bronze, "aws_s3_bucket_lifecycle_configuration", "Lifecycle")).toEqual({
      bucket: ref(f, bronze, "id"),
      depends_on: [`aws_s3_bucket_versioning.${versioning}`],
      rule: [
        {
          id: "expire-noncurrent-versions-and-abort-incomplete-uploads",
          status: "Enabled",
          filter: [{}],
          noncurrent_version_expiration: [{ noncurrent_days: 90 }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        },
      ],
    });
  });

  it("uses the given noncurrent version expiration", () => {
    const f = fixture();
    const bronze = dataBucket(f, { noncurrentVersionExpirationDays: 30 });
    const lifecycle = child(f, synth(f), bronze, "aws_s3_bucket_lifecycle_configuration", "Lifecycle") as {
      rule: { noncurrent_version_expiration: unknown }[];
    };
    expect(lifecycle.rule[0].noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
  });

  it("exposes name, ARN and object ARNs as references to the bucket", () => {
    const f = fixture();
    const bronze = dataBucket(f);
    new TerraformOutput(f.stack, "name", { value: bronze.bucketName });
    new TerraformOutput(f.stack, "arn", { value: bronze.bucketArn });
    new TerraformOutput(f.stack, "landing", { value: bronze.arnForObjects("landing/*") });
    const outputs = (JSON.parse(Testing.synth(f.stack)) as { output: Record<string, { value: string }> }).output;
    expect(outputs.name.value).toBe(ref(f, bronze, "bucket"));
    expect(outputs.arn.value).toBe(ref(f, bronze, "arn"));
    expect(outputs.landing.value).toBe(`${ref(f, bronze, "arn")}/landing/*`);
  });

  describe("forAccessLogs", () => {
    it("encrypts the access-log bucket with SSE-S3, because server access logs are not delivered to SSE-KMS buckets", () => {
      const f = fixture();
      expect(child(f, synth(f), f.logs, "aws_s3_bucket_server_side_encryption_configuration", "Encryption")).toEqual({
        bucket: ref(f, f.logs, "id"),
        rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }],
      });
      expect(f.logs.encryption).toBe("S3_MANAGED");
      expect(f.logs.encryptionKey).toBeUndefined();
    });

    it("does not log the access-log bucket itself but keeps every other control", () => {
      const f = fixture();
      const resources = synth(f);
      expect(f.logs.node.tryFindChild("Logging")).toBeUndefined();
      expect(Object.values(resources.aws_s3_bucket_logging ?? {}).filter((l) => l.bucket === ref(f, f.logs, "id"))).toHaveLength(0);
      expect(child(f, resources, f.logs, "aws_s3_bucket_public_access_block", "PublicAccessBlock")).toMatchObject({
        restrict_public_buckets: true,
        block_public_policy: true,
      });
      expect(child(f, resources, f.logs, "aws_s3_bucket_versioning", "Versioning")).toMatchObject({
        versioning_configuration: { status: "Enabled" },
      });
      expect(child(f, resources, f.logs, "aws_s3_bucket_ownership_controls", "OwnershipControls")).toMatchObject({
        rule: { object_ownership: "BucketOwnerEnforced" },
      });
      expect(resources.aws_s3_bucket[f.stack.getLogicalId(f.logs.bucket)].lifecycle).toEqual({ prevent_destroy: true });
    });

    it("lets the S3 logging service of this account put objects, after the TLS-only deny", () => {
      const f = fixture();
      const statements = bucketPolicy(f, synth(f), f.logs);
      expect(statements.map((s) => s.Sid)).toEqual(["DenyInsecureTransport", "S3ServerAccessLogsPolicy"]);
      expect(statements[1]).toEqual({
        Sid: "S3ServerAccessLogsPolicy",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${ref(f, f.logs, "arn")}/*`,
        Condition: { StringEquals: { "aws:SourceAccount": dataRef(f, f.logs, "aws_caller_identity", "CallerIdentity", "account_id") } },
      });
    });
  });

  describe("allowLogDelivery", () => {
    it("adds the flow-log delivery statements for every prefix to the bucket policy", () => {
      const f = fixture();
      const logs = dataBucket(f, { bucketName: "acme-dev-network-logs" }, "NetworkLogs");
      logs.allowLogDelivery("vpc-flow-logs/");
      logs.allowLogDelivery("tgw-flow-logs/");
      const resources = synth(f);
      const statements = bucketPolicy(f, resources, logs);
      const account = dataRef(f, logs, "aws_caller_identity", "CallerIdentity", "account_id");
      const sourceArn = `arn:${dataRef(f, logs, "aws_partition", "Partition", "partition")}:logs:${dataRef(f, logs, "aws_region", "Region", "region")}:${account}:*`;
      expect(statements.map((s) => s.Sid)).toEqual(["DenyInsecureTransport", "AWSLogDeliveryWrite", "AWSLogDeliveryAclCheck"]);
      expect(statements[1]).toEqual({
        Sid: "AWSLogDeliveryWrite",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: [`${ref(f, logs, "arn")}/vpc-flow-logs/AWSLogs/*`, `${ref(f, logs, "arn")}/tgw-flow-logs/AWSLogs/*`],
        Condition: {
          StringEquals: { "aws:SourceAccount": account, "s3:x-amz-acl": "bucket-owner-full-control" },
          ArnLike: { "aws:SourceArn": sourceArn },
        },
      });
      expect(statements[2]).toEqual({
        Sid: "AWSLogDeliveryAclCheck",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: ["s3:GetBucketAcl", "s3:ListBucket"],
        Resource: ref(f, logs, "arn"),
        Condition: { StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": sourceArn } },
      });
      expect(policiesOn(f, resources, logs)).toBe(1);
    });

    it("lets log delivery use the bucket's key, once even when two buckets share it", () => {
      const f = fixture();
      dataBucket(f, { bucketName: "acme-dev-network-logs" }, "NetworkLogs").allowLogDelivery("vpc-flow-logs/");
      dataBucket(f, { bucketName: "acme-dev-other-logs" }, "OtherLogs").allowLogDelivery("");
      const statements = keyPolicy(f, synth(f));
      expect(statements.map((s) => s.Sid)).toEqual(["KeyAdministration", "AllowLogDeliveryUseOfKey"]);
      expect(statements[1]).toMatchObject({
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: expect.arrayContaining(["kms:GenerateDataKey*", "kms:Decrypt"]) as unknown,
        Resource: "*",
      });
    });

    it("adds no key statement for an SSE-S3 bucket", () => {
      const f = fixture();
      f.logs.allowLogDelivery("vpc-flow-logs/");
      const resources = synth(f);
      expect(keyPolicy(f, resources).map((s) => s.Sid)).toEqual(["KeyAdministration"]);
      expect(bucketPolicy(f, resources, f.logs).map((s) => s.Sid)).toEqual([
        "DenyInsecureTransport",
        "S3ServerAccessLogsPolicy",
        "AWSLogDeliveryWrite",
        "AWSLogDeliveryAclCheck",
      ]);
    });

    it("refuses prefixes that do not end in a slash, use AWSLogs, or repeat", () => {
      const f = fixture();
      const bronze = dataBucket(f);
      expect(() => bronze.allowLogDelivery("flow-logs")).toThrow(/prefix "flow-logs" must be empty or path segments .* each ending in "\/"/);
      expect(() => bronze.allowLogDelivery("AWSLogs/")).toThrow(/prefix "AWSLogs\/" uses "AWSLogs", which log delivery reserves/);
      bronze.allowLogDelivery("flow-logs/");
      expect(() => bronze.allowLogDelivery("flow-logs/")).toThrow(/prefix "flow-logs\/" is already allowed/);
    });
  });

  describe("validation", () => {
    it("fails if the bucket name has uppercase letters or other characters S3 does not allow", () => {
      expectInvalid({ bucketName: "Acme_Bronze" }, /bucketName: "Acme_Bronze" may only have lowercase letters, digits and hyphens/);
    });

    it("fails if the bucket name contains a dot", () => {
      expectInvalid({ bucketName: "acme.bronze" }, /bucketName: "acme.bronze" contains a dot; use hyphens/);
    });

    it("fails if the bucket name is shorter than 3 or longer than 63 characters", () => {
      expectInvalid({ bucketName: "ab" }, /bucketName: "ab" is 2 characters long; S3 allows 3 to 63/);
      expectInvalid({ bucketName: "a".repeat(64) }, /is 64 characters long; S3 allows 3 to 63/);
    });

    it("fails if the bucket name starts or ends with a hyphen", () => {
      expectInvalid({ bucketName: "-acme" }, /must start and end with a letter or digit/);
      expectInvalid({ bucketName: "acme-" }, /must start and end with a letter or digit/);
    });

    it("fails if the bucket name uses a prefix or suffix S3 reserves", () => {
      expectInvalid({ bucketName: "xn--acme" }, /starts with "xn--", which S3 reserves/);
      expectInvalid({ bucketName: "acme-s3alias" }, /ends with "-s3alias", which S3 reserves/);
    });

    it("fails if a KMS bucket has no key", () => {
      expectInvalid({ encryptionKey: undefined }, /encryptionKey: missing; a KMS-encrypted bucket needs a KmsKey/);
    });

    it("fails if a key is given with S3-managed encryption", () => {
      expectInvalid({ encryption: "S3_MANAGED" }, /encryptionKey: given with encryption "S3_MANAGED"/);
    });

    it("fails if no access-logs bucket is given", () => {
      expectInvalid({ accessLogsBucket: undefined }, /accessLogsBucket: missing; every bucket logs its access/);
    });

    it("fails if the access-logs bucket is encrypted with SSE-KMS", () => {
      const f = fixture();
      const kmsTarget = dataBucket(f, { bucketName: "acme-dev-kms-logs" }, "KmsLogs");
      expect(() => dataBucket(f, { accessLogsBucket: kmsTarget })).toThrow(/accessLogsBucket: test\/KmsLogs is encrypted with SSE-KMS/);
    });

    it("fails if the access-logs prefix is empty", () => {
      expectInvalid({ accessLogsPrefix: "" }, /accessLogsPrefix: is empty/);
    });

    it("fails if noncurrent versions would expire after less than a whole day", () => {
      expectInvalid(
        { noncurrentVersionExpirationDays: 0 },
        /noncurrentVersionExpirationDays: 0 is not allowed; use a whole number of days, 1 or more/,
      );
    });

    it("validates the access-log bucket's name too", () => {
      const stack = new TerraformStack(Testing.app(), "test");
      expect(() => SecureBucket.forAccessLogs(stack, "Logs", { bucketName: "Logs.Bucket" })).toThrow(/bucketName: "Logs.Bucket" contains a dot/);
    });

    it("reports every problem in one error", () => {
      expectInvalid({ bucketName: "a.b", accessLogsBucket: undefined }, /bucketName: "a.b" contains a dot[\s\S]*accessLogsBucket: missing/);
    });

    it("skips a bucket name that is an unresolved token", () => {
      const f = fixture();
      const name = new TerraformVariable(f.stack, "bucket_name", { type: "string" });
      expect(() => dataBucket(f, { bucketName: name.stringValue })).not.toThrow();
    });
  });
});

describe("SecureBucket with an external bucket policy", () => {
  const build = () =>
    Testing.synthScope((scope) => {
      const key = new KmsKey(scope, "Key", { alias: "acme/dev/root", description: "root" });
      const logs = SecureBucket.forAccessLogs(scope, "Logs", { bucketName: "acme-dev-access-logs" });
      const bucket = new SecureBucket(scope, "Root", {
        bucketName: "acme-dev-root",
        encryptionKey: key,
        accessLogsBucket: logs,
        externalBucketPolicy: true,
      });
      expect(() => bucket.addToResourcePolicy({ sid: "X", principal: "*", actions: ["s3:GetObject"], resources: [bucket.bucketArn] })).toThrow(
        /owned elsewhere \(externalBucketPolicy\); add statement "X" there/,
      );
    });

  it("creates no policy for the bucket, leaving its single policy to the owner", () => {
    const policies = Object.values(JSON.parse(build()).resource.aws_s3_bucket_policy as Record<string, { bucket: string }>);
    expect(policies.map((p) => p.bucket)).toEqual([expect.stringMatching(/aws_s3_bucket\.Logs_Bucket.*\.id/)]);
  });

  it("offers the TLS-only statement for the owner to include", () => {
    expect(SecureBucket.denyInsecureTransportStatement("arn:aws:s3:::b")).toEqual({
      sid: "DenyInsecureTransport",
      effect: "Deny",
      principal: "*",
      actions: ["s3:*"],
      resources: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
      conditions: { Bool: { "aws:SecureTransport": "false" } },
    });
  });
});
