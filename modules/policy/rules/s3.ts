/**
 * S3 rules. A bucket's settings live in sibling resources (`aws_s3_bucket_public_access_block`,
 * `..._server_side_encryption_configuration`, `..._versioning`, `..._policy`, `..._logging`) that name
 * the bucket by reference (`${aws_s3_bucket.<name>.id}` or `.bucket`) or by its literal name; the
 * deprecated inline blocks on `aws_s3_bucket` are accepted too.
 */
import { isExpression } from "../expressions";
import { RulePack } from "../pack";
import { allowsAction, conditionValues, readPolicy, Statement } from "../policy-documents";
import { fail, PASS, ResourceRule, RuleContext, unresolved } from "../rule";
import { Block } from "../synth-model";
import { Outcome } from "../types";
import { blockOf, blocksOf, describeValue, isFalse, isSet, isTrue } from "../values";
import { fsbp, cis, sra, terraform } from "./anchors";
import { customerKeyProblem } from "./common";

const PUBLIC_ACCESS_FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];

/** Sibling resources of `type` whose `bucket` names this bucket. */
function siblings(ctx: RuleContext, bucket: Block, type: string): Block[] {
  return ctx.model.referrers(type, "bucket", bucket, [bucket.attrs.bucket]);
}

/** True if another bucket in the stack delivers its server access logs to this one. */
function isAccessLogTarget(ctx: RuleContext, bucket: Block): boolean {
  const names = [bucket.attrs.bucket];
  if (ctx.model.referrers("aws_s3_bucket_logging", "target_bucket", bucket, names).length > 0) {
    return true;
  }
  return ctx.model
    .resources("aws_s3_bucket")
    .some((b) =>
      blocksOf(b.attrs.logging).some(
        (l) => ctx.model.references(l.target_bucket, bucket) || (isSet(l.target_bucket) && l.target_bucket === bucket.attrs.bucket),
      ),
    );
}

const publicAccessBlock: ResourceRule = {
  id: "S3-PUBLIC-ACCESS-BLOCK",
  pack: "s3",
  scope: "resource",
  severity: "critical",
  title: "Every bucket has a public access block with all four flags on",
  rationale: "Block public access overrides any ACL or policy that would expose objects to the internet by mistake",
  anchors: [fsbp("S3.8"), sra("root and catalog buckets: aws_s3_bucket_public_access_block, all four flags")],
  appliesTo: ["aws_s3_bucket", "aws_s3_bucket_public_access_block"],
  fix: "add an aws_s3_bucket_public_access_block for the bucket with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets set to true",
  notes: "Checked on the bucket (a block must exist) and on each public access block (all four flags true).",
  check: (block, ctx) => (block.type === "aws_s3_bucket" ? bucketHasBlock(block, ctx) : blockFlagsOn(block)),
};

function bucketHasBlock(bucket: Block, ctx: RuleContext): Outcome {
  return siblings(ctx, bucket, "aws_s3_bucket_public_access_block").length > 0 ? PASS : fail("the bucket has no aws_s3_bucket_public_access_block");
}

function blockFlagsOn(pab: Block): Outcome {
  const unknown = PUBLIC_ACCESS_FLAGS.find((f) => isExpression(pab.attrs[f]));
  if (unknown) {
    return unresolved(unknown, pab.attrs[unknown]);
  }
  const off = PUBLIC_ACCESS_FLAGS.filter((f) => !isTrue(pab.attrs[f]));
  return off.length === 0 ? PASS : fail(`the public access block leaves ${off.join(", ")} off`, `set ${off.join(", ")} to true`);
}

const encryption: ResourceRule = {
  id: "S3-ENCRYPTION",
  pack: "s3",
  scope: "resource",
  severity: "high",
  title: "Every bucket is encrypted by default with SSE-KMS and one of our KMS keys",
  rationale: "A customer-managed key puts reads of the data under a key policy and CloudTrail, beyond bucket permissions",
  anchors: [fsbp("S3.17"), sra("workspace root and catalog buckets: sse_algorithm aws:kms with the workspace key")],
  appliesTo: ["aws_s3_bucket"],
  fix: "add an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm = aws:kms and kms_master_key_id set to one of our KMS keys",
  notes:
    "A bucket that receives S3 server access logs from another bucket in the stack may use SSE-S3 (AES256): S3 cannot deliver access logs to an SSE-KMS bucket.",
  check: (bucket, ctx) => {
    const rules = [
      ...siblings(ctx, bucket, "aws_s3_bucket_server_side_encryption_configuration").flatMap((c) => blocksOf(c.attrs.rule)),
      ...blocksOf(bucket.attrs.server_side_encryption_configuration).flatMap((c) => blocksOf(c.rule)),
    ];
    if (rules.length === 0) {
      return fail("the bucket has no default encryption configuration");
    }
    const logTarget = isAccessLogTarget(ctx, bucket);
    for (const rule of rules) {
      const outcome = encryptionRuleOutcome(blockOf(rule.apply_server_side_encryption_by_default), logTarget);
      if (outcome.kind === "fail") {
        return outcome;
      }
    }
    return PASS;
  },
};

function encryptionRuleOutcome(byDefault: Record<string, unknown> | undefined, logTarget: boolean): Outcome {
  const algorithm = byDefault?.sse_algorithm;
  if (isExpression(algorithm)) {
    return unresolved("sse_algorithm", algorithm);
  }
  if (algorithm === "AES256" && logTarget) {
    return PASS;
  }
  if (algorithm !== "aws:kms" && algorithm !== "aws:kms:dsse") {
    return fail(`default encryption is ${describeValue(algorithm)}, not SSE-KMS`);
  }
  const problem = customerKeyProblem("kms_master_key_id", byDefault?.kms_master_key_id);
  return problem === undefined ? PASS : fail(`SSE-KMS is on but ${problem}, so the AWS-managed key is used`);
}

const versioning: ResourceRule = {
  id: "S3-VERSIONING",
  pack: "s3",
  scope: "resource",
  severity: "medium",
  title: "Every bucket has versioning enabled",
  rationale: "Versions let overwritten or deleted objects be recovered after a mistake or a ransomware-style overwrite",
  anchors: [fsbp("S3.14")],
  appliesTo: ["aws_s3_bucket"],
  fix: "add an aws_s3_bucket_versioning for the bucket with versioning_configuration.status = Enabled",
  check: (bucket, ctx) => {
    const statuses = [
      ...siblings(ctx, bucket, "aws_s3_bucket_versioning").map((v) => blockOf(v.attrs.versioning_configuration)?.status),
      ...blocksOf(bucket.attrs.versioning).map((v) => (isExpression(v.enabled) ? v.enabled : isTrue(v.enabled) ? "Enabled" : "Disabled")),
    ];
    if (statuses.length === 0) {
      return fail("the bucket has no versioning configuration");
    }
    const unknown = statuses.find(isExpression);
    if (unknown !== undefined) {
      return unresolved("versioning status", unknown);
    }
    const off = statuses.find((s) => s !== "Enabled");
    return off === undefined ? PASS : fail(`versioning is ${describeValue(off)}, not Enabled`);
  },
};

const tlsOnly: ResourceRule = {
  id: "S3-TLS-ONLY",
  pack: "s3",
  scope: "resource",
  severity: "high",
  title: "Every bucket policy denies requests that do not use TLS",
  rationale: "Without an explicit deny on aws:SecureTransport = false, S3 accepts plain-HTTP requests that expose data and credentials in transit",
  anchors: [fsbp("S3.5"), cis("2.1.1"), sra("restrictive root bucket policy: Deny s3:* when aws:SecureTransport is false")],
  appliesTo: ["aws_s3_bucket", "aws_s3_bucket_policy"],
  fix: "give the bucket a policy with a statement Deny, Principal *, Action s3:*, Resource the bucket and bucket/*, Condition Bool aws:SecureTransport = false",
  notes:
    "Checked on each bucket policy (it must contain the deny) and on each bucket (it must have a policy). A policy generated by data.databricks_aws_bucket_policy has no such statement: build the policy in code instead.",
  check: (block, ctx) => {
    if (block.type === "aws_s3_bucket_policy") {
      return policyDeniesInsecureTransport(block.attrs.policy, ctx);
    }
    if (isSet(block.attrs.policy)) {
      return policyDeniesInsecureTransport(block.attrs.policy, ctx);
    }
    return siblings(ctx, block, "aws_s3_bucket_policy").length > 0
      ? PASS
      : fail("the bucket has no bucket policy, so plain-HTTP requests are allowed");
  },
};

function policyDeniesInsecureTransport(policy: unknown, ctx: RuleContext): Outcome {
  const doc = readPolicy(policy, ctx.model);
  if (!doc.resolved) {
    return fail(`the bucket policy cannot be read at synth: ${doc.reason}`);
  }
  return doc.statements.some(isTlsDeny)
    ? PASS
    : fail(`the bucket policy (${doc.origin}) has no statement denying requests where aws:SecureTransport is false on the bucket and its objects`);
}

function isTlsDeny(s: Statement): boolean {
  const insecure = conditionValues(s, "aws:SecureTransport", ["Bool"]).some(isFalse);
  const everything = s.actions.some((a) => a === "*" || a.toLowerCase() === "s3:*") && allowsAction(s, "s3:GetObject");
  const covers = s.resources.some((r) => r.endsWith("/*")) && s.resources.some((r) => !r.endsWith("/*") || r === "*");
  return s.effect === "Deny" && s.principals?.anyone === true && insecure && everything && covers;
}

const accessLogging: ResourceRule = {
  id: "S3-ACCESS-LOGGING",
  pack: "s3",
  scope: "resource",
  severity: "medium",
  title: "Every bucket has server access logging to a log bucket",
  rationale: "Access logs record who read or changed which object, which audits and incident response need",
  anchors: [fsbp("S3.9")],
  appliesTo: ["aws_s3_bucket"],
  fix: "add an aws_s3_bucket_logging for the bucket with target_bucket set to the logs bucket",
  notes: "A bucket that receives the access logs of another bucket in the stack passes: logging the log sink into itself would loop.",
  check: (bucket, ctx) => {
    if (isAccessLogTarget(ctx, bucket)) {
      return PASS;
    }
    const targets = [
      ...siblings(ctx, bucket, "aws_s3_bucket_logging").map((l) => l.attrs.target_bucket),
      ...blocksOf(bucket.attrs.logging).map((l) => l.target_bucket),
    ];
    if (targets.length === 0) {
      return fail("the bucket has no server access logging");
    }
    return targets.every(isSet) ? PASS : fail("server access logging has no target_bucket");
  },
};

const noForceDestroy: ResourceRule = {
  id: "S3-NO-FORCE-DESTROY",
  pack: "s3",
  scope: "resource",
  severity: "high",
  title: "No data bucket sets force_destroy",
  rationale: "force_destroy lets terraform destroy empty a bucket of every object and version, so one mistaken destroy loses the data",
  anchors: [
    terraform("aws_s3_bucket force_destroy", "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket#force_destroy"),
  ],
  appliesTo: ["aws_s3_bucket"],
  fix: "remove force_destroy (or set it to false); empty a bucket deliberately before deleting it",
  notes: "Every bucket counts as a data bucket; a scratch bucket that may be emptied takes a suppression with its reason.",
  check: (bucket) => {
    const value = bucket.attrs.force_destroy;
    if (isExpression(value)) {
      return unresolved("force_destroy", value);
    }
    return isTrue(value) ? fail("force_destroy is true") : PASS;
  },
};

/** The S3 pack. */
export const S3_PACK: RulePack = {
  name: "s3",
  description: "S3 buckets: public access, encryption, versioning, TLS, logging, force_destroy",
  rules: [publicAccessBlock, encryption, versioning, tlsOnly, accessLogging, noForceDestroy],
  dataHolding: ["aws_s3_bucket"],
  // A bucket's force_destroy is not declared a cascading delete: S3-NO-FORCE-DESTROY checks it in every environment.
};
