import { PolicyReport } from "../../../modules/policy/policy-report";
import { formatFindingLine, formatReport, formatSuppressionLine, formatSummary, formatWarningLine } from "../../../modules/policy/report-format";
import { PolicyResult } from "../../../modules/policy/types";

const finding: PolicyResult = {
  ruleId: "S3-VERSIONING",
  severity: "medium",
  stack: "dev-network-storage",
  path: "dev-network-storage/landing/bucket",
  address: "aws_s3_bucket.landing_bucket_1A2B3C4D",
  status: "fail",
  message: "the bucket has no versioning configuration",
  fix: "add an aws_s3_bucket_versioning for the bucket with versioning_configuration.status = Enabled",
};
const suppressed: PolicyResult = {
  ...finding,
  ruleId: "S3-ACCESS-LOGGING",
  status: "suppressed",
  message: "the bucket has no server access logging",
  fix: "add logging",
  reason: "the landing bucket is the log sink",
};
const pass = (ruleId: string, stack: string): PolicyResult => ({ ruleId, severity: "low", stack, path: stack, status: "pass" });

describe("formatFindingLine", () => {
  it("writes <RULE-ID> <stack> <construct path>: <what is wrong>. Fix: <how>", () => {
    expect(formatFindingLine(finding)).toBe(
      "S3-VERSIONING dev-network-storage dev-network-storage/landing/bucket: the bucket has no versioning configuration. Fix: add an aws_s3_bucket_versioning for the bucket with versioning_configuration.status = Enabled",
    );
  });

  it("keeps a finding on one line, whatever its message holds", () => {
    const line = formatFindingLine({ ...finding, message: "first line.\nsecond line.", fix: "do this\r\nthen that." });
    expect(line.split("\n")).toHaveLength(1);
    expect(line).toMatch(/: first line\. second line\. Fix: do this then that$/);
  });
});

describe("formatSuppressionLine", () => {
  it("names the rule, stack, path, reason and the finding it hides", () => {
    expect(formatSuppressionLine(suppressed)).toBe(
      "S3-ACCESS-LOGGING dev-network-storage dev-network-storage/landing/bucket: suppressed: the landing bucket is the log sink (finding: the bucket has no server access logging)",
    );
  });
});

describe("formatWarningLine", () => {
  it("marks the failure of a rule rolling out as a warning", () => {
    expect(formatWarningLine({ ...finding, status: "warn" })).toBe(
      "S3-VERSIONING dev-network-storage dev-network-storage/landing/bucket: warning: the bucket has no versioning configuration. Fix: add an aws_s3_bucket_versioning for the bucket with versioning_configuration.status = Enabled",
    );
  });
});

describe("formatSummary", () => {
  const report = new PolicyReport(
    [finding, suppressed, pass("S3-VERSIONING", "dev-network-storage"), pass("S3-VERSIONING", "dev-workspace")],
    ["dev-network-storage", "dev-workspace"],
  );

  it("opens with the totals", () => {
    expect(formatSummary(report).split("\n")[0]).toBe("Guardrails: 2 stacks, 2 pass, 1 fail, 1 suppressed");
  });

  it("tabulates rules by stacks as pass/fail/suppressed, with · where a rule had nothing to check", () => {
    const lines = formatSummary(report).split("\n");
    expect(lines).toContain("rule               dev-network-storage  dev-workspace");
    expect(lines).toContain("S3-VERSIONING      1/1/0                1/0/0");
    expect(lines).toContain("S3-ACCESS-LOGGING  0/0/1                ·");
  });

  it("lists every suppression with its reason", () => {
    expect(formatSummary(report)).toContain(`Suppressed (1):\n  ${formatSuppressionLine(suppressed)}`);
  });

  it("continues the table below when the stacks do not fit the width", () => {
    const headers = formatSummary(report, { maxWidth: 45 })
      .split("\n")
      .filter((l) => l.startsWith("rule "));
    expect(headers).toEqual(["rule               dev-network-storage", "rule               dev-workspace"]);
  });
});

describe("formatSummary with warnings", () => {
  const warning: PolicyResult = { ...finding, status: "warn" };
  const report = new PolicyReport([warning, pass("S3-VERSIONING", "dev-network-storage")], ["dev-network-storage"]);

  it("counts warnings in the totals and the cells", () => {
    const lines = formatSummary(report).split("\n");
    expect(lines[0]).toBe("Guardrails: 1 stack, 1 pass, 0 fail, 1 warn, 0 suppressed");
    expect(lines).toContain("S3-VERSIONING  1/0/1/0");
    expect(lines).toContain("cells: pass/fail/warn/suppressed; · = nothing to check");
  });

  it("lists every warning, saying it does not fail synth", () => {
    expect(formatSummary(report)).toContain(`Warnings (1), from rules rolling out; they do not fail synth:\n  ${formatWarningLine(warning)}`);
  });

  it("still says there is no finding", () => {
    expect(formatReport(report)).toMatch(/\nNo findings\.$/);
  });
});

describe("formatReport", () => {
  it("ends with one line per finding", () => {
    const text = formatReport(new PolicyReport([finding, { ...finding, path: "dev-network-storage/raw/bucket" }]));
    expect(text.split("\n").slice(-3)).toEqual([
      "Findings (2):",
      formatFindingLine(finding),
      formatFindingLine({ ...finding, path: "dev-network-storage/raw/bucket" }),
    ]);
  });

  it("says so when there is no finding", () => {
    expect(formatReport(new PolicyReport([pass("S3-VERSIONING", "dev")]))).toMatch(/\nNo findings\.$/);
  });
});
