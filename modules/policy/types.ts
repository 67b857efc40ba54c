/**
 * The vocabulary of the policy engine: severities, anchors, rule outcomes and results.
 *
 * Kept free of imports so rules, the engine, the report and the docs generator share it without cycles.
 */

/**
 * How much a violation matters. Every unsuppressed finding fails synth (unless its rule is rolling out as a
 * warning); severity orders the report and the docs.
 */
export type Severity = "critical" | "high" | "medium" | "low";

/** Severities from most to least serious, for sorting. */
export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];

/**
 * Where a control comes from.
 * - `FSBP`: AWS Security Hub, AWS Foundational Security Best Practices control id.
 * - `CIS`: CIS Amazon Web Services Foundations Benchmark, with its version.
 * - `SRA`: Databricks Security Reference Architecture (databricks/terraform-databricks-sra).
 * - `Databricks`, `AWS`, `Terraform`: the vendor's own documentation for the setting.
 */
export type AnchorSource = "FSBP" | "CIS" | "SRA" | "Databricks" | "AWS" | "Terraform";

/** A control in a published framework that a rule implements. */
export interface Anchor {
  /** The framework or vendor. */
  readonly source: AnchorSource;
  /** The control id or document title, e.g. `S3.5` or `v3.0.0 2.1.1`. */
  readonly id: string;
  /** @default - no link */
  readonly url?: string;
}

/** A rule pack's name: its file under modules/policy/rules/ (`s3`, `databricks`, a provider's pack). */
export type PackName = string;

/**
 * How a rule is applied while it rolls out.
 * - `enforce`: a failure is a finding and fails synth.
 * - `warn`: a failure is reported as a warning (the report, `npm run check`, a cdktf warning annotation) and does
 *   not fail synth: for a new rule while the stacks are brought in line.
 */
export type Rollout = "enforce" | "warn";

/** What a rule decided for one resource (or one stack). */
export type Outcome =
  { readonly kind: "pass" } | { readonly kind: "skip" } | { readonly kind: "fail"; readonly message: string; readonly fix?: string };

/** The status of one evaluated rule on one resource or stack: `warn` is a failure of a rule rolling out as a warning. */
export type ResultStatus = "pass" | "fail" | "warn" | "suppressed";

/** One rule evaluated on one resource (or on a stack, for stack-level rules). */
export interface PolicyResult {
  /** The rule id, e.g. `S3-ENCRYPTION`. */
  readonly ruleId: string;
  /** The rule's severity. */
  readonly severity: Severity;
  /** The stack id (the stack's construct id). */
  readonly stack: string;
  /** The construct path of the resource (the stack's path for stack-level rules). */
  readonly path: string;
  /** The Terraform address, e.g. `aws_s3_bucket.data`; absent for stack-level rules. */
  readonly address?: string;
  /** pass, fail, warn (a failure of a rule rolling out as a warning), or suppressed (a failure exempted by {@link suppressRule}). */
  readonly status: ResultStatus;
  /** What is wrong (fail, warn and suppressed only). */
  readonly message?: string;
  /** How to fix it (fail, warn and suppressed only). */
  readonly fix?: string;
  /** The written reason of the suppression (suppressed only). */
  readonly reason?: string;
}
