import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamAccessKey } from "@cdktf/provider-aws/lib/iam-access-key";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { DataDatabricksAwsAssumeRolePolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-assume-role-policy";
import { DataDatabricksAwsCrossaccountPolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-crossaccount-policy";
import { DataDatabricksAwsUnityCatalogAssumeRolePolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-unity-catalog-assume-role-policy";
import { TerraformStack } from "cdktf";
import { renderPolicy } from "../../../../modules/aws/policy-document";
import { describeRule } from "../fixtures";

const DATABRICKS_ROOT = "arn:aws:iam::414351767826:root";
const ec2Trust = renderPolicy([{ principal: { Service: "ec2.amazonaws.com" }, actions: ["sts:AssumeRole"] }]);

function role(stack: TerraformStack, assumeRolePolicy: string, inline?: string): IamRole {
  return new IamRole(stack, "role", {
    name: "lakehouse-role",
    assumeRolePolicy,
    ...(inline ? { inlinePolicy: [{ name: "inline", policy: inline }] } : {}),
  });
}

describeRule({
  rule: "IAM-NO-WILDCARD",
  passes: [
    {
      name: "a managed policy scoped to actions and resources",
      build: (s) =>
        void new IamPolicy(s, "p", { policy: renderPolicy([{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::lakehouse-data/*"] }]) }),
    },
    {
      name: "a key policy whose admin statement is kms:* on *",
      build: (s) =>
        void new KmsKey(s, "key", {
          policy: renderPolicy([{ principal: { AWS: "arn:aws:iam::111122223333:root" }, actions: ["kms:*"], resources: ["*"] }]),
        }),
    },
    {
      name: "a policy from data.aws_iam_policy_document with scoped statements",
      build: (s) => {
        const doc = new DataAwsIamPolicyDocument(s, "doc", {
          statement: [{ actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:us-east-1:111122223333:events"] }],
        });
        new IamPolicy(s, "p", { policy: doc.json });
      },
    },
  ],
  fails: [
    {
      name: "a managed policy allowing * on *",
      build: (s) => void new IamPolicy(s, "p", { policy: renderPolicy([{ actions: ["*"], resources: ["*"] }]) }),
      message: /policy allows \* on \*/,
    },
    {
      name: "a VPC endpoint with the default full-access policy",
      build: (s) =>
        void new VpcEndpoint(s, "s3", {
          vpcId: "vpc-1",
          serviceName: "com.amazonaws.us-east-1.s3",
          policy: renderPolicy([{ principal: "*", actions: ["*"], resources: ["*"] }]),
        }),
      message: /policy allows \* on \*/,
    },
    {
      name: "a data.aws_iam_policy_document statement allowing * on *",
      build: (s) => {
        const doc = new DataAwsIamPolicyDocument(s, "doc", { statement: [{ sid: "Everything", actions: ["*"], resources: ["*"] }] });
        new IamPolicy(s, "p", { policy: doc.json });
      },
      message: /policy statement Everything allows \* on \*/,
    },
    {
      name: "a policy built by an expression that cannot be read at synth",
      build: (s) => void new IamPolicy(s, "p", { policy: "${jsonencode(local.policy)}" }),
      message: /policy cannot be read at synth/,
    },
  ],
});

describeRule({
  rule: "IAM-NO-USERS",
  // The rule has no passing state: a stack without IAM users gives it nothing to check.
  passes: [],
  fails: [
    {
      name: "an IAM user",
      build: (s) => void new IamUser(s, "user", { name: "etl" }),
      message: /aws_iam_user creates an IAM user or a long-lived credential/,
    },
    { name: "an access key", build: (s) => void new IamAccessKey(s, "key", { user: "etl" }), message: /aws_iam_access_key creates/ },
  ],
  skips: [{ name: "a stack with roles only", build: (s) => void role(s, ec2Trust) }],
});

describeRule({
  rule: "IAM-EXTERNAL-ID",
  passes: [
    {
      name: "the Databricks cross-account role trusting data.databricks_aws_assume_role_policy (external id set)",
      build: (s) => void role(s, new DataDatabricksAwsAssumeRolePolicy(s, "trust", { externalId: "00000000-0000-0000-0000-000000000000" }).json),
    },
    {
      name: "a Unity Catalog role trusting data.databricks_aws_unity_catalog_assume_role_policy",
      build: (s) =>
        void role(
          s,
          new DataDatabricksAwsUnityCatalogAssumeRolePolicy(s, "trust", { awsAccountId: "111122223333", externalId: "ext-id", roleName: "uc" }).json,
        ),
    },
    {
      name: "a trust policy with StringEquals sts:ExternalId",
      build: (s) =>
        void role(
          s,
          renderPolicy([
            { principal: { AWS: DATABRICKS_ROOT }, actions: ["sts:AssumeRole"], conditions: { StringEquals: { "sts:ExternalId": "acct-id" } } },
          ]),
        ),
    },
    {
      name: "a trust of the own account built from data.aws_caller_identity",
      build: (s) => {
        const me = new DataAwsCallerIdentity(s, "me", {});
        role(s, renderPolicy([{ principal: { AWS: `arn:aws:iam::${me.accountId}:root` }, actions: ["sts:AssumeRole"] }]));
      },
    },
    {
      name: "a trust of an account listed in awsAccountIds",
      build: (s) => void role(s, renderPolicy([{ principal: { AWS: "arn:aws:iam::111122223333:root" }, actions: ["sts:AssumeRole"] }])),
      settings: { awsAccountIds: ["111122223333"] },
    },
    { name: "a service trust", build: (s) => void role(s, ec2Trust) },
  ],
  fails: [
    {
      name: "a role trusted by the Databricks account without an external id",
      build: (s) => void role(s, renderPolicy([{ principal: { AWS: DATABRICKS_ROOT }, actions: ["sts:AssumeRole"] }])),
      message: /assume_role_policy trusts arn:aws:iam::414351767826:root without an sts:ExternalId condition/,
    },
    {
      name: "a role any AWS principal may assume",
      build: (s) => void role(s, renderPolicy([{ principal: "*", actions: ["sts:AssumeRole"] }])),
      message: /lets any AWS principal assume the role/,
    },
  ],
});

describeRule({
  rule: "IAM-NO-INLINE-ADMIN",
  passes: [
    {
      name: "an inline policy limited to a bucket",
      build: (s) => void role(s, ec2Trust, renderPolicy([{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::lakehouse-data/*"] }])),
    },
    {
      name: "the generated Databricks cross-account policy with pass_roles",
      build: (s) => {
        const r = role(s, ec2Trust);
        const generated = new DataDatabricksAwsCrossaccountPolicy(s, "cross", {
          policyType: "customer",
          passRoles: ["arn:aws:iam::111122223333:role/data"],
        });
        new IamRolePolicy(s, "cross-policy", { role: r.name, policy: generated.json });
      },
    },
  ],
  fails: [
    {
      name: "an inline iam:* statement",
      build: (s) => void new IamRolePolicy(s, "p", { role: "r", policy: renderPolicy([{ sid: "Iam", actions: ["iam:*"], resources: ["*"] }]) }),
      message: /policy statement Iam allows iam:\*/,
    },
    {
      name: "an inline iam:PassRole on *",
      build: (s) => void role(s, ec2Trust, renderPolicy([{ actions: ["iam:PassRole"], resources: ["*"] }])),
      message: /inline_policy\[0\]\.policy allows iam:PassRole on \*/,
    },
    {
      name: "an inline Allow with NotAction",
      build: (s) =>
        void new IamRolePolicy(s, "p", {
          role: "r",
          policy: JSON.stringify({ Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }] }),
        }),
      message: /allows everything except iam:\* \(NotAction\)/,
    },
  ],
});
