import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Aspects, IAspect, TerraformStack, Testing } from "cdktf";
import { IConstruct } from "constructs";
import { readFileSync } from "fs";
import { join } from "path";
import { applyGuardrails } from "../../../modules/policy/guardrails-aspect";
import { PolicyCatalog } from "../../../modules/policy/pack";
import { S3_PACK } from "../../../modules/policy/rules/s3";
import { PolicyReport } from "../../../modules/policy/policy-report";
import { suppressRule } from "../../../modules/policy/suppressions";
import { STRICT_SETTINGS } from "./fixtures";

/** The CLI sets this so that error annotations do not stop synth (cdktf reads it when a stack is created). */
function continueOnErrors(on: boolean): void {
  if (on) {
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = "true";
  } else {
    delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
  }
}

/** Tags every bucket, like a tagging aspect a stack might register after the guardrails. */
class TagBuckets implements IAspect {
  public visit(node: IConstruct): void {
    if (node instanceof S3Bucket) {
      node.tags = { Project: "lakehouse" };
    }
  }
}

describe("applyGuardrails", () => {
  it("checks a resource added after the guardrails were applied", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "st");
    applyGuardrails(stack, STRICT_SETTINGS);
    new S3Bucket(stack, "late", { bucket: "lakehouse-late" });
    Testing.synth(stack);
    expect(PolicyReport.of(app).findings()).toContainEqual(expect.objectContaining({ ruleId: "S3-VERSIONING", path: "st/late" }));
  });

  it("evaluates after aspects registered later have changed the resources", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "st");
    applyGuardrails(stack, STRICT_SETTINGS);
    Aspects.of(stack).add(new TagBuckets());
    new S3Bucket(stack, "data", { bucket: "lakehouse-data" });
    Testing.synth(stack);
    const tags = PolicyReport.of(app).results.filter((r) => r.ruleId === "TAGS-REQUIRED");
    expect(tags).toEqual([expect.objectContaining({ path: "st/data", status: "pass" })]);
  });

  it("refuses to apply the guardrails twice to one stack", () => {
    const stack = new TerraformStack(Testing.app(), "st");
    applyGuardrails(stack, STRICT_SETTINGS);
    expect(() => applyGuardrails(stack, STRICT_SETTINGS)).toThrow(
      "applyGuardrails(st): guardrails are already applied to this stack; apply them once",
    );
  });

  it("refuses invalid settings", () => {
    const stack = new TerraformStack(Testing.app(), "st");
    expect(() => applyGuardrails(stack, { ...STRICT_SETTINGS, requiredTags: [""] })).toThrow(/requiredTags\[0\]: "" is not a tag key/);
  });
});

describe("app.synth() with guardrails", () => {
  const saved = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined;
  afterEach(() => continueOnErrors(saved));

  function build(): { app: ReturnType<typeof Testing.app>; stack: TerraformStack } {
    const app = Testing.app();
    const stack = new TerraformStack(app, "st");
    applyGuardrails(stack, { ...STRICT_SETTINGS, protectData: false });
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    const bucket = new S3Bucket(stack, "data", { bucket: "lakehouse-data" });
    suppressRule(bucket, "S3-ACCESS-LOGGING", "access logs are read from CloudTrail data events instead");
    return { app, stack };
  }

  it("fails synth with the findings as error annotations when synth does not continue on errors", () => {
    continueOnErrors(false);
    const { app } = build();
    expect(() => app.synth()).toThrow(
      /\[st\/data\] S3-VERSIONING: the bucket has no versioning configuration\. Fix: add an aws_s3_bucket_versioning/,
    );
  });

  it("records errors for findings and infos for suppressions in manifest.json when the CLI continues on errors", () => {
    continueOnErrors(true);
    const { app } = build();
    app.synth();
    const manifest = JSON.parse(readFileSync(join(app.outdir, "manifest.json"), "utf8")) as {
      stacks: Record<string, { annotations: { constructPath: string; level: string; message: string }[] }>;
    };
    const annotations = manifest.stacks.st.annotations;
    expect(annotations).toContainEqual(
      expect.objectContaining({
        constructPath: "st/data",
        level: "@cdktf/error",
        message: expect.stringMatching(/^S3-VERSIONING: the bucket has no versioning configuration\. Fix: /),
      }),
    );
    expect(annotations).toContainEqual(
      expect.objectContaining({
        constructPath: "st/data",
        level: "@cdktf/info",
        message: expect.stringMatching(/^S3-ACCESS-LOGGING suppressed: access logs are read from CloudTrail data events instead/),
      }),
    );
    expect(annotations.filter((a) => a.level === "@cdktf/error")).toHaveLength(PolicyReport.of(app).findings().length);
  });

  it("annotates failures of rules rolling out as warnings, which do not stop synth", () => {
    continueOnErrors(false);
    const app = Testing.app();
    const stack = new TerraformStack(app, "st");
    applyGuardrails(stack, STRICT_SETTINGS, new PolicyCatalog([{ ...S3_PACK, rollout: "warn" }]));
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    new S3Bucket(stack, "data", { bucket: "lakehouse-data" });
    app.synth();
    const report = PolicyReport.of(app);
    expect(report.findings()).toEqual([]);
    expect(report.warnings()).toContainEqual(expect.objectContaining({ ruleId: "S3-VERSIONING", path: "st/data" }));
    const manifest = JSON.parse(readFileSync(join(app.outdir, "manifest.json"), "utf8"));
    const annotations = manifest.stacks.st.annotations as { constructPath: string; level: string; message: string }[];
    expect(annotations.filter((a) => a.level === "@cdktf/error")).toEqual([]);
    expect(annotations).toContainEqual({
      constructPath: "st/data",
      level: "@cdktf/warn",
      message:
        "S3-VERSIONING (warning while the rule rolls out): the bucket has no versioning configuration. Fix: add an aws_s3_bucket_versioning for the bucket with versioning_configuration.status = Enabled",
    });
  });

  it("refuses a report that would silently skip the stacks cdktf did not reach after stopping at the first one with findings", () => {
    continueOnErrors(false);
    const app = Testing.app();
    for (const name of ["first", "second"]) {
      const stack = new TerraformStack(app, name);
      applyGuardrails(stack, STRICT_SETTINGS);
      new AwsProvider(stack, "aws", { region: "us-east-1" });
      new S3Bucket(stack, "data", { bucket: `lakehouse-${name}` });
    }
    expect(() => app.synth()).toThrow(/\[first\/data\] S3-VERSIONING/);
    expect(() => PolicyReport.of(app)).toThrow("PolicyReport.of: stack second has not been synthesized");
  });
});
