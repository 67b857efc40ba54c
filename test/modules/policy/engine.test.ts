import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { TerraformStack, Testing } from "cdktf";
import { evaluateModel, evaluateStack } from "../../../modules/policy/engine";
import { fail, PASS, ResourceRule } from "../../../modules/policy/rule";
import { resolveGuardrailSettings } from "../../../modules/policy/settings";
import { StackModel } from "../../../modules/policy/synth-model";
import { buildCompliantStack } from "./compliant-stack";
import { STRICT_SETTINGS } from "./fixtures";

const SETTINGS = resolveGuardrailSettings({ ...STRICT_SETTINGS, requiredTags: ["Project", "Environment"] });

describe("evaluateStack", () => {
  let results: ReturnType<typeof evaluateStack>;
  beforeAll(() => {
    const stack = new TerraformStack(Testing.app(), "dev-workspace");
    buildCompliantStack(stack);
    results = evaluateStack(stack, SETTINGS);
  });

  it("finds nothing wrong in a stack built the secure way", () => {
    expect(results.filter((r) => r.status !== "pass")).toEqual([]);
  });

  it("evaluates every pack on that stack", () => {
    const rules = new Set(results.map((r) => r.ruleId));
    for (const id of ["S3-ENCRYPTION", "KMS-ROTATION", "IAM-EXTERNAL-ID", "NET-VPC-FLOW-LOGS", "DBX-PRIVATELINK", "SECRETS-NO-LITERALS", "DATA-PREVENT-DESTROY", "STATE-REMOTE-BACKEND", "TAGS-REQUIRED", "REFS-RESOLVE"]) {
      expect(rules).toContain(id);
    }
  });

  it("names each result by stack, construct path and Terraform address", () => {
    expect(results).toContainEqual(expect.objectContaining({ ruleId: "S3-VERSIONING", stack: "dev-workspace", path: "dev-workspace/root/bucket", address: "aws_s3_bucket.root_bucket_D52189D8", status: "pass" }));
    expect(results).toContainEqual(expect.objectContaining({ ruleId: "STATE-REMOTE-BACKEND", stack: "dev-workspace", path: "dev-workspace", status: "pass" }));
  });
});

describe("evaluateModel", () => {
  const json = { resource: { aws_s3_bucket: { data: { bucket: "lakehouse-data" } } } };
  const model = StackModel.fromJson(json, { stackName: "raw", stackPath: "raw" });
  const settings = resolveGuardrailSettings(STRICT_SETTINGS);

  it("turns a crashing rule into a finding instead of a silent pass or a stack trace", () => {
    const crashing: ResourceRule = { ...ruleStub(), check: () => { throw new Error("boom"); } };
    const [result] = evaluateModel(model, settings, {}, [crashing]);
    expect(result).toMatchObject({ status: "fail", message: "aws_s3_bucket.data: the rule could not evaluate this block: boom" });
  });

  it("prefixes the message with the address when the JSON carries no construct path", () => {
    const [result] = evaluateModel(model, settings, {}, [{ ...ruleStub(), check: () => fail("it is wrong.") }]);
    expect(result).toMatchObject({ path: "raw", address: "aws_s3_bucket.data", message: "aws_s3_bucket.data: it is wrong", fix: "do the right thing" });
  });

  it("marks a failure suppressed, with its reason, when a suppression covers the path", () => {
    const suppressionAt = (path: string, ruleId: string) => (ruleId === "TEST-RULE" ? { ruleId, reason: "accepted for the test", path } : undefined);
    const [result] = evaluateModel(model, settings, { suppressionAt }, [{ ...ruleStub(), check: () => fail("it is wrong") }]);
    expect(result).toMatchObject({ status: "suppressed", reason: "accepted for the test", message: "aws_s3_bucket.data: it is wrong" });
  });

  it("records a pass without message or fix", () => {
    expect(evaluateModel(model, settings, {}, [{ ...ruleStub(), check: () => PASS }])).toEqual([{ ruleId: "TEST-RULE", severity: "low", stack: "raw", path: "raw", address: "aws_s3_bucket.data", status: "pass" }]);
  });
});

describe("evaluation speed", () => {
  it("evaluates a stack of 200 buckets in under two seconds", () => {
    const stack = new TerraformStack(Testing.app(), "big");
    for (let i = 0; i < 200; i++) {
      new S3Bucket(stack, `bucket-${i}`, { bucket: `lakehouse-${i}` });
    }
    const started = Date.now();
    evaluateStack(stack, SETTINGS);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

function ruleStub(): ResourceRule {
  return {
    id: "TEST-RULE",
    pack: "s3",
    scope: "resource",
    severity: "low",
    title: "test",
    rationale: "test",
    anchors: [],
    fix: "do the right thing",
    resourceTypes: ["aws_s3_bucket"],
    check: () => PASS,
  };
}
