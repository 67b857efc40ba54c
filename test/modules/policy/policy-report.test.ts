import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { App, TerraformStack, Testing } from "cdktf";
import { applyGuardrails } from "../../../modules/policy/guardrails-aspect";
import { PolicyReport } from "../../../modules/policy/policy-report";
import { suppressRule } from "../../../modules/policy/suppressions";
import { PolicyResult } from "../../../modules/policy/types";
import { buildCompliantStack } from "./compliant-stack";
import { STRICT_SETTINGS } from "./fixtures";

/** Two guarded stacks (one versioned bucket each, one with a suppression) and one unguarded stack. */
function buildApp(): App {
  const app = Testing.app();
  for (const name of ["dev-storage", "prod-storage"]) {
    const stack = new TerraformStack(app, name);
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    applyGuardrails(stack, { ...STRICT_SETTINGS, protectData: name.startsWith("prod") });
    const bucket = new S3Bucket(stack, "data", { bucket: `lakehouse-${name}` });
    new S3BucketVersioningA(stack, "versioning", {
      bucket: bucket.id,
      versioningConfiguration: { status: name.startsWith("prod") ? "Enabled" : "Suspended" },
    });
    if (name.startsWith("prod")) {
      suppressRule(bucket, "S3-ACCESS-LOGGING", "access logs are read from CloudTrail data events instead");
    }
  }
  new TerraformStack(app, "unguarded");
  return app;
}

// As the cdktf CLI and main.ts do: findings are recorded, not thrown at the first stack. cdktf reads the variable
// when a stack is created.
beforeAll(() => (process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = "true"));
afterAll(() => delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS);

function synthesized(app: App): PolicyReport {
  app.synth();
  return PolicyReport.of(app);
}

describe("PolicyReport.of", () => {
  it("refuses to report on stacks that have not been synthesized", () => {
    expect(() => PolicyReport.of(buildApp())).toThrow(
      "PolicyReport.of: stack dev-storage, prod-storage has not been synthesized; call app.synth() (or Testing.synth(stack)) first",
    );
  });
});

describe("PolicyReport after app.synth()", () => {
  let report: PolicyReport;
  beforeAll(() => {
    report = synthesized(buildApp());
  });

  it("covers the guarded stacks only, in order", () => {
    expect(report.stacks).toEqual(["dev-storage", "prod-storage"]);
    expect(new Set(report.results.map((r) => r.stack))).toEqual(new Set(["dev-storage", "prod-storage"]));
  });

  it("separates findings from suppressions", () => {
    expect(report.findings().every((f) => f.status === "fail")).toBe(true);
    expect(report.findings()).toContainEqual(
      expect.objectContaining({ ruleId: "S3-VERSIONING", stack: "dev-storage", message: 'versioning is "Suspended", not Enabled' }),
    );
    expect(report.suppressions()).toEqual([
      expect.objectContaining({
        ruleId: "S3-ACCESS-LOGGING",
        stack: "prod-storage",
        reason: "access logs are read from CloudTrail data events instead",
      }),
    ]);
  });

  it("counts pass, fail and suppressed by rule and stack", () => {
    const matrix = report.matrix();
    expect(matrix).toContainEqual({ ruleId: "S3-VERSIONING", stack: "dev-storage", pass: 0, fail: 1, warn: 0, suppressed: 0 });
    expect(matrix).toContainEqual({ ruleId: "S3-VERSIONING", stack: "prod-storage", pass: 1, fail: 0, warn: 0, suppressed: 0 });
    expect(matrix).toContainEqual({ ruleId: "S3-ACCESS-LOGGING", stack: "prod-storage", pass: 0, fail: 0, warn: 0, suppressed: 1 });
    expect(matrix.find((m) => m.ruleId === "DATA-PREVENT-DESTROY" && m.stack === "dev-storage")).toBeUndefined();
    const counts = report.counts();
    expect(counts.pass + counts.fail + counts.warn + counts.suppressed).toBe(report.results.length);
  });

  it("serializes for machines with summary, matrix, findings, suppressions and results", () => {
    const json = JSON.parse(JSON.stringify(report)) as ReturnType<PolicyReport["toJSON"]>;
    expect(json.version).toBe(1);
    expect(json.summary).toEqual({ ...report.counts(), stacks: 2, rules: new Set(report.results.map((r) => r.ruleId)).size });
    expect(json.findings).toHaveLength(report.findings().length);
    expect(json.warnings).toEqual([]);
    expect(json.suppressions).toHaveLength(1);
    expect(json.results).toHaveLength(report.results.length);
    expect(json.matrix).toEqual(report.matrix());
  });

  it("gives the same results when asked twice", () => {
    const again = buildApp();
    const before = synthesized(again).results;
    expect(PolicyReport.of(again).results).toEqual(before);
  });

  it("records every stack's findings as error annotations in the manifest", () => {
    const app = buildApp();
    synthesized(app);
    const manifest = JSON.parse(readFileSync(join(app.outdir, "manifest.json"), "utf8"));
    const annotations = manifest.stacks["dev-storage"].annotations as { constructPath: string; level: string; message: string }[];
    expect(annotations).toContainEqual(
      expect.objectContaining({
        constructPath: "dev-storage/data",
        level: "@cdktf/error",
        message: expect.stringMatching(/^S3-VERSIONING: versioning is "Suspended", not Enabled/),
      }),
    );
  });
});

describe("PolicyReport of a rule rolling out as a warning", () => {
  const warning: PolicyResult = {
    ruleId: "S3-VERSIONING",
    severity: "medium",
    stack: "dev",
    path: "dev/data",
    address: "aws_s3_bucket.data",
    status: "warn",
    message: "it is wrong",
    fix: "fix it",
  };
  const report = new PolicyReport([warning, { ...warning, status: "pass", path: "dev/logs" }]);

  it("lists the failure as a warning, not as a finding", () => {
    expect(report.findings()).toEqual([]);
    expect(report.warnings()).toEqual([warning]);
  });

  it("counts it apart in the totals, the matrix and the JSON", () => {
    expect(report.counts()).toEqual({ pass: 1, fail: 0, warn: 1, suppressed: 0 });
    expect(report.matrix()).toEqual([{ ruleId: "S3-VERSIONING", stack: "dev", pass: 1, fail: 0, warn: 1, suppressed: 0 }]);
    expect(report.toJSON()).toMatchObject({ summary: { pass: 1, fail: 0, warn: 1, suppressed: 0 }, findings: [], warnings: [warning] });
  });
});

describe("a full app", () => {
  it("evaluates three environments of six stacks quickly and finds nothing in compliant stacks", () => {
    const app = Testing.app();
    // Three stand-in stages (the engine knows nothing of the registered ones): eighteen stacks.
    for (const env of ["stage-1", "stage-2", "stage-3"]) {
      for (const layer of ["network-storage", "workspace", "unity-catalog", "ingestion", "serving", "collaboration"]) {
        const stack = new TerraformStack(app, `${env}-${layer}`);
        buildCompliantStack(stack);
        applyGuardrails(stack, { ...STRICT_SETTINGS, requiredTags: ["Project", "Environment"] });
      }
    }
    const started = Date.now();
    const report = synthesized(app);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(report.stacks).toHaveLength(18);
    expect(report.findings()).toEqual([]);
  });
});
