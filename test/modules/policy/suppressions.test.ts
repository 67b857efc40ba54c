import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { applyGuardrails } from "../../../modules/policy/guardrails-aspect";
import { PolicyReport } from "../../../modules/policy/policy-report";
import { suppressRule } from "../../../modules/policy/suppressions";
import { STRICT_SETTINGS } from "./fixtures";

describe("suppressRule", () => {
  it("refuses an unknown rule id", () => {
    const stack = new TerraformStack(Testing.app(), "st");
    expect(() => suppressRule(stack, "S3-NOPE", "a perfectly good reason")).toThrow(
      'suppressRule(st): "S3-NOPE" is not a rule id; use one of the ids listed in docs/policy.md, e.g. S3-ENCRYPTION',
    );
  });

  it("refuses an empty or short reason", () => {
    const stack = new TerraformStack(Testing.app(), "st");
    expect(() => suppressRule(stack, "S3-VERSIONING", "")).toThrow(
      'suppressRule(st, S3-VERSIONING): the reason "" is shorter than 10 characters; write why the exception is safe',
    );
    expect(() => suppressRule(stack, "S3-VERSIONING", "   because   ")).toThrow(/shorter than 10 characters/);
  });

  it("refuses a second suppression of the same rule on the same construct", () => {
    const stack = new TerraformStack(Testing.app(), "st");
    suppressRule(stack, "S3-VERSIONING", "scratch data is rebuilt nightly");
    expect(() => suppressRule(stack, "S3-VERSIONING", "another reason for it")).toThrow(
      /already suppressed here \("scratch data is rebuilt nightly"\)/,
    );
  });
});

describe("a suppressed finding", () => {
  let report: PolicyReport;
  beforeAll(() => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "st");
    applyGuardrails(stack, STRICT_SETTINGS);
    const scratch = new Construct(stack, "scratch");
    new S3Bucket(scratch, "bucket", { bucket: "lakehouse-scratch" });
    new S3Bucket(stack, "data", { bucket: "lakehouse-data" });
    suppressRule(scratch, "S3-VERSIONING", "scratch data is rebuilt nightly from the landing zone");
    Testing.synth(stack);
    report = PolicyReport.of(app);
  });

  it("applies to the children of the construct it is declared on, with its reason", () => {
    expect(report.suppressions()).toEqual([
      expect.objectContaining({
        ruleId: "S3-VERSIONING",
        path: "st/scratch/bucket",
        status: "suppressed",
        reason: "scratch data is rebuilt nightly from the landing zone",
        message: "the bucket has no versioning configuration",
      }),
    ]);
  });

  it("is not a finding, while the same rule still fails elsewhere", () => {
    const versioning = report.findings().filter((f) => f.ruleId === "S3-VERSIONING");
    expect(versioning.map((f) => f.path)).toEqual(["st/data"]);
  });
});
