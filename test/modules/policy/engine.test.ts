import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { TerraformStack, Testing } from "cdktf";
import { evaluateModel, evaluateStack } from "../../../modules/policy/engine";
import { PolicyCatalog } from "../../../modules/policy/pack";
import { fail, PASS, PolicyRule, ResourceRule } from "../../../modules/policy/rule";
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
    for (const id of [
      "S3-ENCRYPTION",
      "KMS-ROTATION",
      "IAM-EXTERNAL-ID",
      "NET-VPC-FLOW-LOGS",
      "DBX-PRIVATELINK",
      "SECRETS-NO-LITERALS",
      "DATA-PREVENT-DESTROY",
      "STATE-REMOTE-BACKEND",
      "TAGS-REQUIRED",
      "REFS-RESOLVE",
    ]) {
      expect(rules).toContain(id);
    }
  });

  it("names each result by stack, construct path and Terraform address", () => {
    expect(results).toContainEqual(
      expect.objectContaining({
        ruleId: "S3-VERSIONING",
        stack: "dev-workspace",
        path: "dev-workspace/root/bucket",
        address: "aws_s3_bucket.root_bucket_D52189D8",
        status: "pass",
      }),
    );
    expect(results).toContainEqual(
      expect.objectContaining({ ruleId: "STATE-REMOTE-BACKEND", stack: "dev-workspace", path: "dev-workspace", status: "pass" }),
    );
  });
});

describe("evaluateModel", () => {
  const json = { resource: { aws_s3_bucket: { data: { bucket: "lakehouse-data" } } } };
  const model = StackModel.fromJson(json, { stackName: "raw", stackPath: "raw" });
  const settings = resolveGuardrailSettings(STRICT_SETTINGS);

  it("turns a crashing rule into a finding instead of a silent pass or a stack trace", () => {
    const crashing: ResourceRule = {
      ...ruleStub(),
      check: () => {
        throw new Error("boom");
      },
    };
    const [result] = evaluateModel(model, settings, {}, catalogOf(crashing));
    expect(result).toMatchObject({ status: "fail", message: "aws_s3_bucket.data: the rule could not evaluate this block: boom" });
  });

  it("prefixes the message with the address when the JSON carries no construct path", () => {
    const [result] = evaluateModel(model, settings, {}, catalogOf({ ...ruleStub(), check: () => fail("it is wrong.") }));
    expect(result).toMatchObject({
      path: "raw",
      address: "aws_s3_bucket.data",
      message: "aws_s3_bucket.data: it is wrong",
      fix: "do the right thing",
    });
  });

  it("marks a failure suppressed, with its reason, when a suppression covers the path", () => {
    const suppressionAt = (path: string, ruleId: string) => (ruleId === "TEST-RULE" ? { ruleId, reason: "accepted for the test", path } : undefined);
    const [result] = evaluateModel(model, settings, { suppressionAt }, catalogOf({ ...ruleStub(), check: () => fail("it is wrong") }));
    expect(result).toMatchObject({ status: "suppressed", reason: "accepted for the test", message: "aws_s3_bucket.data: it is wrong" });
  });

  it("records a pass without message or fix", () => {
    expect(evaluateModel(model, settings, {}, catalogOf({ ...ruleStub(), check: () => PASS }))).toEqual([
      { ruleId: "TEST-RULE", severity: "low", stack: "raw", path: "raw", address: "aws_s3_bucket.data", status: "pass" },
    ]);
  });
});

describe("a rule rolling out as a warning", () => {
  const json = { resource: { aws_s3_bucket: { data: { bucket: "lakehouse-data" } } } };
  const model = StackModel.fromJson(json, { stackName: "raw", stackPath: "raw" });
  const settings = resolveGuardrailSettings(STRICT_SETTINGS);
  const failing = (): ResourceRule => ({ ...ruleStub(), check: () => fail("it is wrong") });

  it("reports its failure with status warn, which is not a finding", () => {
    const [result] = evaluateModel(model, settings, {}, catalogOf({ ...failing(), rollout: "warn" }));
    expect(result).toMatchObject({ ruleId: "TEST-RULE", status: "warn", message: "aws_s3_bucket.data: it is wrong", fix: "do the right thing" });
  });

  it("takes its pack's rollout when it sets none, and keeps its own when it does", () => {
    const catalog = new PolicyCatalog([
      {
        name: "test",
        description: "rules under test",
        rollout: "warn",
        rules: [failing(), { ...failing(), id: "TEST-ENFORCED", rollout: "enforce" }],
      },
    ]);
    expect(evaluateModel(model, settings, {}, catalog).map((r) => [r.ruleId, r.status])).toEqual([
      ["TEST-RULE", "warn"],
      ["TEST-ENFORCED", "fail"],
    ]);
  });

  it("is still suppressed by a suppression, with its reason", () => {
    const suppressionAt = (path: string, ruleId: string) => ({ ruleId, reason: "accepted for the test", path });
    const [result] = evaluateModel(model, settings, { suppressionAt }, catalogOf({ ...failing(), rollout: "warn" }));
    expect(result).toMatchObject({ status: "suppressed", reason: "accepted for the test" });
  });

  it("records a pass as a pass", () => {
    expect(evaluateModel(model, settings, {}, catalogOf({ ...ruleStub(), rollout: "warn" }))[0].status).toBe("pass");
  });
});

describe("a rule that matches on type and attributes", () => {
  const json = {
    resource: {
      restapi_object: {
        clean_room: { path: "/api/2.0/clean-rooms" },
        listing: { path: "/api/2.0/marketplace-provider/listing" },
        unknown: { path: "${var.path}" },
      },
    },
    variable: { path: { type: "string" } },
  };
  const model = StackModel.fromJson(json, { stackName: "collab", stackPath: "collab" });
  const settings = resolveGuardrailSettings(STRICT_SETTINGS);
  const cleanRooms: ResourceRule = { ...ruleStub(), appliesTo: [{ type: "restapi_object", where: { path: /^\/api\/2\.0\/clean-rooms/ } }] };

  it("runs only on the blocks whose attributes match", () => {
    const results = evaluateModel(model, settings, {}, catalogOf(cleanRooms));
    expect(results.map((r) => [r.address, r.status])).toEqual([
      ["restapi_object.clean_room", "pass"],
      ["restapi_object.unknown", "fail"],
    ]);
  });

  it("reports a block whose attribute cannot be resolved at synth, with how to fix it, instead of skipping it", () => {
    const unknown = evaluateModel(model, settings, {}, catalogOf(cleanRooms)).find((r) => r.address === "restapi_object.unknown");
    expect(unknown).toMatchObject({
      status: "fail",
      message: 'restapi_object.unknown: path is "${var.path}", which cannot be resolved at synth, so whether the rule applies is unknown',
      fix: "give path a literal value (or a reference to a literal in this stack), or suppress the rule with the reason the block is safe",
    });
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
    pack: "test",
    scope: "resource",
    severity: "low",
    title: "test",
    rationale: "test",
    anchors: [],
    fix: "do the right thing",
    appliesTo: ["aws_s3_bucket"],
    check: () => PASS,
  };
}

/** A catalogue of one pack holding these rules. */
function catalogOf(...rules: PolicyRule[]): PolicyCatalog {
  return new PolicyCatalog([{ name: "test", description: "rules under test", rules }]);
}
