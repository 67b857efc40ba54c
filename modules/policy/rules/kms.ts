/**
 * KMS rules.
 */
import { isExpression } from "../expressions";
import { RulePack } from "../pack";
import { fail, PASS, ResourceRule, SKIP, unresolved } from "../rule";
import { numberOf } from "../values";
import { cis, fsbp, sra } from "./anchors";
import { mustBeTrue, whenProtected } from "./common";

/** The shortest deletion window a protected environment accepts, in days. */
export const MIN_KMS_DELETION_WINDOW_DAYS = 30;

const rotation: ResourceRule = {
  id: "KMS-ROTATION",
  pack: "kms",
  scope: "resource",
  severity: "high",
  title: "Every symmetric KMS key rotates its key material",
  rationale: "Yearly rotation limits how much data one key version protects and how long a leaked version stays useful",
  anchors: [fsbp("KMS.4"), cis("3.6"), sra("workspace, managed-services and catalog keys: enable_key_rotation = true")],
  appliesTo: ["aws_kms_key"],
  fix: "set enable_key_rotation = true",
  notes: "Asymmetric and HMAC keys (customer_master_key_spec other than SYMMETRIC_DEFAULT) cannot rotate and are skipped.",
  check: (key) => {
    const spec = key.attrs.customer_master_key_spec;
    if (typeof spec === "string" && !isExpression(spec) && spec !== "SYMMETRIC_DEFAULT") {
      return SKIP;
    }
    const problem = mustBeTrue("enable_key_rotation", key.attrs.enable_key_rotation);
    return problem === undefined ? PASS : fail(problem);
  },
};

const deletionWindow: ResourceRule = {
  id: "KMS-DELETION-WINDOW",
  pack: "kms",
  scope: "resource",
  severity: "high",
  title: `KMS keys wait at least ${MIN_KMS_DELETION_WINDOW_DAYS} days before deletion in protected environments`,
  rationale: "Data encrypted under a deleted key is lost for good; the waiting period is the only chance to cancel a mistaken deletion",
  anchors: [fsbp("KMS.3")],
  appliesTo: ["aws_kms_key"],
  appliesWhen: "protectData is on",
  fix: `set deletion_window_in_days to ${MIN_KMS_DELETION_WINDOW_DAYS} (the maximum) or leave it unset`,
  notes: `Unset passes: the provider default is ${MIN_KMS_DELETION_WINDOW_DAYS} days.`,
  check: (key, ctx) =>
    whenProtected(ctx.settings.protectData, () => {
      const value = key.attrs.deletion_window_in_days;
      if (value === undefined || value === null) {
        return PASS;
      }
      if (isExpression(value)) {
        return unresolved("deletion_window_in_days", value);
      }
      const days = numberOf(value);
      return days !== undefined && days >= MIN_KMS_DELETION_WINDOW_DAYS
        ? PASS
        : fail(`deletion_window_in_days is ${String(value)}, below ${MIN_KMS_DELETION_WINDOW_DAYS}`);
    }),
};

/** The KMS pack. */
export const KMS_PACK: RulePack = {
  name: "kms",
  description: "KMS keys: rotation and deletion window",
  rules: [rotation, deletionWindow],
  dataHolding: ["aws_kms_key"],
};
