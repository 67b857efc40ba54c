import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { DMS_CLOUDWATCH_LOGS_ROLE_NAME, DMS_VPC_ROLE_NAME, DmsAccountRoles } from "../../../modules/aws/dms-account-roles";
import { evaluate } from "../policy/fixtures";
import { synthesize, type SynthesizedStack } from "../../synth-json";

function build(protect?: boolean): SynthesizedStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  new DmsAccountRoles(stack, "DmsRoles", protect === undefined ? {} : { protect });
  return synthesize(stack);
}

describe("DmsAccountRoles", () => {
  const s = build();
  const partition = `\${data.aws_partition.${Object.keys(s.dataSources("aws_partition"))[0]}.partition}`;

  it("creates the two roles under the fixed names DMS looks up, trusting only dms.amazonaws.com, protected", () => {
    for (const [path, name] of [
      ["/DmsRoles/VpcRole", DMS_VPC_ROLE_NAME],
      ["/DmsRoles/CloudWatchLogsRole", DMS_CLOUDWATCH_LOGS_ROLE_NAME],
    ]) {
      const role = s.resource("aws_iam_role", path).block;
      expect(role).toMatchObject({ name, lifecycle: { prevent_destroy: true } });
      expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
        { Effect: "Allow", Principal: { Service: "dms.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]);
    }
    expect(DMS_VPC_ROLE_NAME).toBe("dms-vpc-role");
    expect(DMS_CLOUDWATCH_LOGS_ROLE_NAME).toBe("dms-cloudwatch-logs-role");
  });

  it("attaches the AWS managed policies under their service-role/ path", () => {
    expect(s.resource("aws_iam_role_policy_attachment", "/DmsRoles/VpcRolePolicy").block).toMatchObject({
      role: s.ref("aws_iam_role", "/DmsRoles/VpcRole", "name"),
      policy_arn: `arn:${partition}:iam::aws:policy/service-role/AmazonDMSVPCManagementRole`,
    });
    expect(s.resource("aws_iam_role_policy_attachment", "/DmsRoles/CloudWatchLogsRolePolicy").block).toMatchObject({
      role: s.ref("aws_iam_role", "/DmsRoles/CloudWatchLogsRole", "name"),
      policy_arn: `arn:${partition}:iam::aws:policy/service-role/AmazonDMSCloudWatchLogsRole`,
    });
    expect(s.resources("aws_iam_role_policy")).toEqual({});
  });

  it("can be left unprotected", () => {
    expect(build(false).resource("aws_iam_role", "/DmsRoles/VpcRole").block.lifecycle).toEqual({ prevent_destroy: false });
  });

  it("passes the guardrails with no finding", () => {
    const results = evaluate((stack) => void new DmsAccountRoles(stack, "DmsRoles")).filter((r) => r.path.startsWith("fixture/DmsRoles"));
    expect(results.filter((r) => r.status !== "pass")).toEqual([]);
    expect(results.some((r) => r.ruleId === "IAM-NO-WILDCARD")).toBe(true);
  });
});
