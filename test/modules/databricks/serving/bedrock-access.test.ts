import { BEDROCK_INVOKE_ACTIONS, DATABRICKS_SERVERLESS_ROLE_ARN, passRoleStatement } from "../../../../modules/databricks/serving/bedrock-access";
import { synthesize } from "../../../synth-json";
import { asList, statement, statementsOf } from "../unity-catalog/uc-fixture";
import { AWS_ACCOUNT_ID, CLAUDE, TITAN, bedrockAccess, guardrailFindings, pipelinesStack } from "./serving-fixture";

describe("BedrockAccess", () => {
  const { stack, workspace } = pipelinesStack();
  const access = bedrockAccess(stack, workspace, {
    inferenceProfiles: [{ profileId: "eu.anthropic.claude-3-7-sonnet-20250219-v1:0", destinationRegions: ["eu-west-1", "eu-central-1"] }],
    tags: { Component: "serving" },
  });
  const s = synthesize(stack);
  const role = s.resource("aws_iam_role", "/Bedrock/Role");

  it("lets the role do exactly InvokeModel and InvokeModelWithResponseStream, on exactly the configured model and profile ARNs", () => {
    const statements = statementsOf(s.resource("aws_iam_role_policy", "/Bedrock/Policy").block, "policy");
    expect(statements).toHaveLength(1);
    expect(asList(statements[0].Action).sort()).toEqual(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]);
    expect(BEDROCK_INVOKE_ACTIONS).toEqual(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]);
    expect(asList(statements[0].Resource)).toEqual([
      `arn:aws:bedrock:eu-west-1::foundation-model/${CLAUDE}`,
      `arn:aws:bedrock:eu-west-1::foundation-model/${TITAN}`,
      `arn:aws:bedrock:eu-west-1:${AWS_ACCOUNT_ID}:inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0`,
      "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0",
      "arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0",
    ]);
  });

  it("trusts EC2 and the Databricks serverless role with the workspace's external id", () => {
    const trust = statementsOf(role.block, "assume_role_policy");
    expect(statement(trust, "Ec2AssumeRole")).toMatchObject({ Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" });
    expect(statement(trust, "DatabricksServerlessAssumeRole")).toMatchObject({
      Principal: { AWS: DATABRICKS_SERVERLESS_ROLE_ARN },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "sts:ExternalId": ["databricks-serverless-1234567890"] } },
    });
    expect(role.block.tags).toEqual({ Component: "serving" });
  });

  it("registers the instance profile (same name as the role) with Databricks, naming the role, after the policy", () => {
    const profile = s.resource("aws_iam_instance_profile", "/Bedrock/InstanceProfile");
    expect(profile.block).toMatchObject({ name: "acme-prod-serving-bedrock", role: `\${aws_iam_role.${role.name}.name}` });
    const registration = s.resource("databricks_instance_profile", "/Bedrock/DatabricksInstanceProfile").block;
    expect(registration).toMatchObject({
      provider: "databricks.workspace",
      instance_profile_arn: `\${aws_iam_instance_profile.${profile.name}.arn}`,
      iam_role_arn: `\${aws_iam_role.${role.name}.arn}`,
    });
    expect(registration.skip_validation).toBeUndefined();
    expect(registration.depends_on).toEqual([`aws_iam_role_policy.${s.resource("aws_iam_role_policy", "/Bedrock/Policy").name}`]);
  });

  it("knows which models it may invoke", () => {
    expect(access.canInvoke(CLAUDE)).toBe(true);
    expect(access.canInvoke("eu.anthropic.claude-3-7-sonnet-20250219-v1:0")).toBe(true);
    expect(access.canInvoke("meta.llama3-70b-instruct-v1:0")).toBe(false);
  });

  it("gives the lead a PassRole statement on exactly the role", () => {
    expect(passRoleStatement(access.roleArn)).toEqual({
      sid: "PassBedrockInstanceProfileRole",
      effect: "Allow",
      actions: ["iam:PassRole"],
      resources: [access.roleArn],
    });
  });

  it("passes the guardrails", () => {
    expect(guardrailFindings(stack)).toEqual([]);
  });

  it("refuses no models, bad ids, a bad region, no workspaces and a bad account, naming each prop", () => {
    const { stack: other, workspace: ws } = pipelinesStack();
    expect(() =>
      bedrockAccess(other, ws, {
        modelIds: ["claude*"],
        region: "Europe",
        workspaceIds: [],
        awsAccountId: "12",
        inferenceProfiles: [{ profileId: "claude", destinationRegions: [] }],
      }),
    ).toThrow(
      /awsAccountId: "12" is not a 12-digit.*\n.*region: "Europe" is not an AWS region.*\n.*modelIds\[0\]: "claude\*" is not a Bedrock model id.*\n.*inferenceProfiles\[0\]\.profileId: "claude".*\n.*inferenceProfiles\[0\]\.destinationRegions: none given.*\n.*workspaceIds: none given/,
    );
    const { stack: empty, workspace: ws2 } = pipelinesStack();
    expect(() => bedrockAccess(empty, ws2, { modelIds: [] })).toThrow(/modelIds: none given/);
  });
});
