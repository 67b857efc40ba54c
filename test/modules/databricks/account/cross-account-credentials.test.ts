import { CrossAccountCredentials, type CrossAccountCredentialsProps } from "../../../../modules/databricks/account/cross-account-credentials";
import { synthesize, type SynthesizedStack } from "../../../synth-json";
import { DATABRICKS_ACCOUNT_ID, databricksBlocks, workspaceFixture } from "../workspace-fixture";

const scope = { awsAccountId: "111111111111", region: "us-west-2", vpcId: "vpc-0abc", securityGroupId: "sg-0abc" };

function build(overrides: Partial<CrossAccountCredentialsProps> = {}): SynthesizedStack {
  const { stack, provider } = workspaceFixture();
  new CrossAccountCredentials(stack, "CrossAccount", {
    provider,
    databricksAccountId: DATABRICKS_ACCOUNT_ID,
    roleName: "lakehouse-dev-databricks-cross-account",
    credentialsName: "lakehouse-dev-credentials",
    scope,
    ...overrides,
  });
  return synthesize(stack);
}

describe("CrossAccountCredentials", () => {
  const s = build();

  it("trusts the Databricks control plane with our Databricks account id as external id", () => {
    const [trust] = Object.values(s.dataSources("databricks_aws_assume_role_policy"));
    expect(trust).toMatchObject({ external_id: DATABRICKS_ACCOUNT_ID, provider: "databricks.account" });
    expect(trust.for_log_delivery).toBeUndefined();
    expect(s.resource("aws_iam_role", "/CrossAccount/Role").block.assume_role_policy).toBe(
      `\${data.databricks_aws_assume_role_policy.${Object.keys(s.dataSources("databricks_aws_assume_role_policy"))[0]}.json}`,
    );
  });

  it("takes its permissions from the restricted customer-managed-VPC policy, scoped to the VPC, group, region and account", () => {
    const [name, policy] = Object.entries(s.dataSources("databricks_aws_crossaccount_policy"))[0];
    expect(policy).toMatchObject({
      policy_type: "restricted",
      aws_account_id: "111111111111",
      region: "us-west-2",
      vpc_id: "vpc-0abc",
      security_group_id: "sg-0abc",
    });
    expect(policy.pass_roles).toBeUndefined();
    expect(s.resource("aws_iam_role_policy", "/CrossAccount/Policy").block).toMatchObject({
      role: s.ref("aws_iam_role", "/CrossAccount/Role", "id"),
      policy: `\${data.databricks_aws_crossaccount_policy.${name}.json}`,
    });
  });

  it("registers the role only after waiting for IAM, reading its ARN through the wait's trigger", () => {
    const wait = s.resource("time_sleep", "/CrossAccount/IamPropagation");
    expect(wait.block).toMatchObject({
      create_duration: "30s",
      triggers: { role_arn: s.ref("aws_iam_role", "/CrossAccount/Role", "arn") },
      depends_on: [`aws_iam_role_policy.${s.resource("aws_iam_role_policy", "/CrossAccount/Policy").name}`],
    });
    expect(s.resource("databricks_mws_credentials", "/CrossAccount/Credentials").block).toEqual(
      expect.objectContaining({
        account_id: DATABRICKS_ACCOUNT_ID,
        credentials_name: "lakehouse-dev-credentials",
        role_arn: `\${time_sleep.${wait.name}.triggers["role_arn"]}`,
        depends_on: [`time_sleep.${wait.name}`],
        provider: "databricks.account",
      }),
    );
  });

  it("uses the account provider for every Databricks block", () => {
    expect(databricksBlocks(s.json).filter((b) => b.provider !== "databricks.account")).toEqual([]);
  });

  it("adds extra identity statements as a second inline policy that the wait also covers", () => {
    const extra = build({
      additionalStatements: [{ sid: "UseKey", actions: ["kms:Decrypt"], resources: ["arn:aws:kms:us-west-2:111111111111:key/k"] }],
    });
    const policy = extra.resource("aws_iam_role_policy", "/CrossAccount/AdditionalPolicy");
    expect(JSON.parse(policy.block.policy as string).Statement).toEqual([
      { Sid: "UseKey", Effect: "Allow", Action: "kms:Decrypt", Resource: "arn:aws:kms:us-west-2:111111111111:key/k" },
    ]);
    expect(extra.resource("time_sleep", "/CrossAccount/IamPropagation").block.depends_on).toContain(`aws_iam_role_policy.${policy.name}`);
  });

  it("passes roles only when asked, and waits as long as configured", () => {
    const custom = build({ passRoleArns: ["arn:aws:iam::111111111111:role/cluster"], iamPropagationSeconds: 45 });
    expect(Object.values(custom.dataSources("databricks_aws_crossaccount_policy"))[0].pass_roles).toEqual(["arn:aws:iam::111111111111:role/cluster"]);
    expect(custom.resource("time_sleep", "/CrossAccount/IamPropagation").block.create_duration).toBe("45s");
  });

  it("refuses bad props, naming each", () => {
    expect(() =>
      build({
        databricksAccountId: "acct",
        roleName: "bad name",
        iamPropagationSeconds: 2,
        scope: { ...scope, awsAccountId: "123" },
        additionalStatements: [{ principal: "*", actions: ["s3:GetObject"], resources: ["*"] }],
      }),
    ).toThrow(
      /databricksAccountId: "acct" is not a Databricks account id[\s\S]*roleName: "bad name"[\s\S]*iamPropagationSeconds: 2[\s\S]*scope.awsAccountId: "123"[\s\S]*additionalStatements\[0\]: has a principal/,
    );
  });
});
