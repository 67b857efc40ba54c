/**
 * IAM rules, over every policy document in the stack (identity, inline, resource and trust policies),
 * read by policy-documents.ts whatever form they take.
 */
import { isExpression, referencesIn } from "../expressions";
import { RulePack } from "../pack";
import { allowsAction, conditionValues, PolicyAttribute, policyAttributes, POLICY_RESOURCE_TYPES, readPolicy, Statement } from "../policy-documents";
import { fail, ResourceRule, RuleContext, SKIP } from "../rule";
import { Block } from "../synth-model";
import { Outcome } from "../types";
import { aws, cis, fsbp, sra } from "./anchors";
import { allProblems } from "./common";

/** Resource types that create IAM users or their long-lived credentials. */
export const IAM_USER_TYPES: readonly string[] = [
  "aws_iam_user",
  "aws_iam_access_key",
  "aws_iam_user_login_profile",
  "aws_iam_user_policy",
  "aws_iam_user_policy_attachment",
  "aws_iam_user_ssh_key",
  "aws_iam_service_specific_credential",
  "aws_iam_signing_certificate",
];

/** Actions that amount to administering the account when allowed in an inline policy. */
const ADMIN_ACTIONS = ["*", "*:*", "iam:*", "sts:*", "organizations:*"];

/** Runs `check` on every readable policy of a block; unreadable policies are findings. */
function eachPolicy(
  block: Block,
  ctx: RuleContext,
  uses: readonly string[],
  check: (s: Statement, p: PolicyAttribute) => string | undefined,
): Outcome {
  const policies = policyAttributes(block).filter((p) => uses.includes(p.use));
  if (policies.length === 0) {
    return SKIP;
  }
  const problems = policies.flatMap((p) => {
    const doc = readPolicy(p.value, ctx.model);
    if (!doc.resolved) {
      return [`${p.attribute} cannot be read at synth: ${doc.reason}`];
    }
    return doc.statements.map((s) => check(s, p));
  });
  return allProblems(problems);
}

function label(s: Statement, p: PolicyAttribute): string {
  return s.sid ? `${p.attribute} statement ${s.sid}` : `${p.attribute}`;
}

const noWildcard: ResourceRule = {
  id: "IAM-NO-WILDCARD",
  pack: "iam",
  scope: "resource",
  severity: "critical",
  title: "No policy allows every action on every resource",
  rationale: "Allow * on * is full administrator access: any misuse of the principal (or of the resource policy) compromises the account",
  anchors: [fsbp("IAM.1"), cis("1.16")],
  appliesTo: POLICY_RESOURCE_TYPES,
  fix: "list the actions and resources the principal needs instead of *",
  notes:
    "Covers identity, inline, resource (bucket, key, queue, topic, endpoint, secret, stream) and trust policies; a KMS key policy's kms:* on * is not a wildcard action.",
  check: (block, ctx) =>
    eachPolicy(block, ctx, ["identity", "inline", "resource", "trust"], (s, p) => {
      const everyAction = s.actions.some((a) => a === "*" || a === "*:*");
      return s.effect === "Allow" && everyAction && s.resources.includes("*") ? `${label(s, p)} allows * on *` : undefined;
    }),
};

const noUsers: ResourceRule = {
  id: "IAM-NO-USERS",
  pack: "iam",
  scope: "resource",
  severity: "high",
  title: "No IAM users, access keys or user credentials",
  rationale: "Long-lived user credentials leak and are rarely rotated; people use SSO and workloads use roles",
  anchors: [fsbp("IAM.2"), fsbp("IAM.3"), aws("IAM best practices: require workloads to use temporary credentials")],
  appliesTo: IAM_USER_TYPES,
  fix: "use an IAM role (assumed through OIDC, SSO or a service principal) instead of an IAM user",
  check: (block) => fail(`${block.type} creates an IAM user or a long-lived credential`),
};

const externalId: ResourceRule = {
  id: "IAM-EXTERNAL-ID",
  pack: "iam",
  scope: "resource",
  severity: "high",
  title: "A role trusted by another AWS account requires sts:ExternalId",
  rationale:
    "Without an external id a third party (such as Databricks) can be tricked into using its access to our role for someone else: the confused deputy",
  anchors: [
    aws("IAM User Guide: the confused deputy problem, sts:ExternalId"),
    sra("cross-account role trust: sts:ExternalId = Databricks account id"),
  ],
  appliesTo: ["aws_iam_role"],
  fix: "add Condition StringEquals sts:ExternalId to the trust statement (data.databricks_aws_assume_role_policy sets it from external_id)",
  notes:
    "Accounts listed in the awsAccountIds setting, and principals built from references in this stack, count as the own account; Service and Federated principals are not cross-account.",
  check: (role, ctx) =>
    eachPolicy(role, ctx, ["trust"], (s, p) => {
      if (s.effect !== "Allow" || !allowsAction(s, "sts:AssumeRole") || !s.principals) {
        return undefined;
      }
      if (s.principals.anyone) {
        return `${label(s, p)} lets any AWS principal assume the role`;
      }
      const foreign = s.principals.aws.find((principal) => isForeign(principal, ctx));
      if (foreign === undefined) {
        return undefined;
      }
      const ids = conditionValues(s, "sts:ExternalId", ["StringEquals", "StringLike"]).filter((v) => typeof v === "string" && v !== "" && v !== "*");
      return ids.length > 0 ? undefined : `${label(s, p)} trusts ${foreign} without an sts:ExternalId condition`;
    }),
};

/** True if a principal names an account other than ours (or cannot be resolved to ours). */
function isForeign(principal: string, ctx: RuleContext): boolean {
  if (isExpression(principal)) {
    // Built from this stack's own objects (caller identity, a role here): the own account.
    return referencesIn(principal).some((r) => r.root === "var" || (r.root === "data" && r.traversal[0] === "terraform_remote_state"));
  }
  const account = /^(\d{12})$/.exec(principal)?.[1] ?? /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];
  return account !== undefined && !ctx.settings.awsAccountIds.includes(account);
}

const noInlineAdmin: ResourceRule = {
  id: "IAM-NO-INLINE-ADMIN",
  pack: "iam",
  scope: "resource",
  severity: "high",
  title: "No inline policy grants administrative access",
  rationale: "Inline policies are invisible in the managed-policy inventory; admin rights there (*, iam:*, sts:*, iam:PassRole on *) escape review",
  anchors: [fsbp("IAM.21"), sra("cross-account policy: no iam:PassRole on *")],
  appliesTo: ["aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role"],
  fix: "grant only the service actions the role needs, and iam:PassRole only on the role ARNs it passes",
  check: (block, ctx) =>
    eachPolicy(block, ctx, ["inline"], (s, p) => {
      if (s.effect !== "Allow") {
        return undefined;
      }
      if (s.notActions.length > 0) {
        return `${label(s, p)} allows everything except ${s.notActions.join(", ")} (NotAction)`;
      }
      const admin = s.actions.find((a) => ADMIN_ACTIONS.includes(a.toLowerCase()));
      if (admin !== undefined) {
        return `${label(s, p)} allows ${admin}`;
      }
      return allowsAction(s, "iam:PassRole") && s.resources.includes("*") ? `${label(s, p)} allows iam:PassRole on *` : undefined;
    }),
};

/** The IAM pack. */
export const IAM_PACK: RulePack = {
  name: "iam",
  description: "IAM: wildcards, users, cross-account trust, inline admin policies",
  rules: [noWildcard, noUsers, externalId, noInlineAdmin],
};
