import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import {
  QUICKSIGHT_DATA_SOURCE_OWNER_ACTIONS,
  QUICKSIGHT_DATA_SOURCE_USER_ACTIONS,
  QuickSightDatabricksSource,
  quickSightSecretReadStatements,
  type QuickSightDatabricksSourceProps,
} from "../../../modules/aws/quicksight-databricks-source";
import type { JsonStatement } from "../../iam-json";
import { evaluate } from "../policy/fixtures";
import { synthesize, type SynthesizedStack } from "../../synth-json";

const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme-prod-quicksight-sp-AbCdEf";
const OWNERS = "arn:aws:quicksight:eu-west-1:123456789012:group/default/bi-admins";
const USERS = "arn:aws:quicksight:eu-west-1:123456789012:group/default/analysts";

const BASE: QuickSightDatabricksSourceProps = {
  dataSourceId: "acme-prod-analytics",
  name: "Lakehouse analytics warehouse",
  host: "dbc-1234abcd-5678.cloud.databricks.com",
  sqlEndpointPath: "/sql/1.0/warehouses/abc123def456",
  credentialsSecretArn: SECRET_ARN,
  ownerGroupArns: [OWNERS],
  userGroupArns: [USERS],
};

const VPC = { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-quicksight"] };

function build(props: Partial<QuickSightDatabricksSourceProps> = {}): SynthesizedStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new QuickSightDatabricksSource(stack, "QuickSight", { ...BASE, ...props });
  return synthesize(stack);
}

describe("QuickSightDatabricksSource", () => {
  it("points a DATABRICKS data source at the warehouse on 443 with TLS, credentials by secret ARN only", () => {
    const s = build();
    const source = s.resource("aws_quicksight_data_source", "/QuickSight/DataSource").block;
    expect(source).toMatchObject({
      data_source_id: "acme-prod-analytics",
      type: "DATABRICKS",
      parameters: { databricks: { host: BASE.host, port: 443, sql_endpoint_path: BASE.sqlEndpointPath } },
      credentials: { secret_arn: SECRET_ARN },
      ssl_properties: { disable_ssl: false },
    });
    expect((source.credentials as Record<string, unknown>).credential_pair).toBeUndefined();
    expect(source.vpc_connection_properties).toBeUndefined();
    expect(JSON.stringify(s.json)).not.toMatch(/credential_pair|"password"/);
    expect(s.resources("aws_quicksight_vpc_connection")).toEqual({});
    expect(s.resources("aws_iam_role")).toEqual({});
  });

  it("gives owner groups the documented owner actions and user groups only describe and pass", () => {
    const s = build();
    expect(s.resource("aws_quicksight_data_source", "/QuickSight/DataSource").block.permission).toEqual([
      { principal: OWNERS, actions: [...QUICKSIGHT_DATA_SOURCE_OWNER_ACTIONS] },
      { principal: USERS, actions: ["quicksight:DescribeDataSource", "quicksight:DescribeDataSourcePermissions", "quicksight:PassDataSource"] },
    ]);
    expect(QUICKSIGHT_DATA_SOURCE_USER_ACTIONS.some((a) => /Update|Delete/.test(a))).toBe(false);
  });

  it("creates a VPC connection with a QuickSight-trusted role limited to its subnets and groups, and uses it", () => {
    const s = build({ vpcConnection: { ...VPC, dnsResolvers: ["10.0.0.2"] } });
    const role = s.ref("aws_iam_role", "/QuickSight/VpcConnectionRole", "arn");
    expect(s.resource("aws_quicksight_vpc_connection", "/QuickSight/VpcConnection").block).toMatchObject({
      vpc_connection_id: "acme-prod-analytics",
      role_arn: role,
      subnet_ids: VPC.subnetIds,
      security_group_ids: VPC.securityGroupIds,
      dns_resolvers: ["10.0.0.2"],
      depends_on: [`aws_iam_role_policy.${s.resource("aws_iam_role_policy", "/QuickSight/VpcConnectionRolePolicy").name}`],
    });
    expect(s.resource("aws_quicksight_data_source", "/QuickSight/DataSource").block.vpc_connection_properties).toEqual({
      vpc_connection_arn: s.ref("aws_quicksight_vpc_connection", "/QuickSight/VpcConnection", "arn"),
    });
    const trust: JsonStatement[] = JSON.parse(
      s.resource("aws_iam_role", "/QuickSight/VpcConnectionRole").block.assume_role_policy as string,
    ).Statement;
    expect(trust).toEqual([{ Effect: "Allow", Principal: { Service: "quicksight.amazonaws.com" }, Action: "sts:AssumeRole" }]);
    const statements: JsonStatement[] = JSON.parse(
      s.resource("aws_iam_role_policy", "/QuickSight/VpcConnectionRolePolicy").block.policy as string,
    ).Statement;
    expect(statements.map((st) => [st.Sid, st.Action])).toEqual([
      ["DescribeNetwork", ["ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"]],
      ["ManageNetworkInterfaces", ["ec2:CreateNetworkInterface", "ec2:ModifyNetworkInterfaceAttribute", "ec2:DeleteNetworkInterface"]],
    ]);
    const resources = statements[1].Resource as string[];
    expect(resources).toHaveLength(4);
    expect(resources[0]).toMatch(/:network-interface\/\*$/);
    expect(resources.slice(1).map((r) => r.replace(/^.*:/, ""))).toEqual(["subnet/subnet-a", "subnet/subnet-b", "security-group/sg-quicksight"]);
    expect(resources.every((r) => r.startsWith("arn:${data.aws_partition."))).toBe(true);
  });

  it("limits the interfaces to the account's subnets when the subnets are another layer's output, known only at apply", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const subnets = new TerraformVariable(stack, "subnets", { type: "list(string)" }).listValue;
    new QuickSightDatabricksSource(stack, "QuickSight", { ...BASE, vpcConnection: { ...VPC, subnetIds: subnets } });
    const s = synthesize(stack);
    expect(s.resource("aws_quicksight_vpc_connection", "/QuickSight/VpcConnection").block.subnet_ids).toBe("${var.subnets}");
    const statements: JsonStatement[] = JSON.parse(
      s.resource("aws_iam_role_policy", "/QuickSight/VpcConnectionRolePolicy").block.policy as string,
    ).Statement;
    const resources = (statements[1].Resource as string[]).map((r) => r.replace(/^.*:/, ""));
    expect(resources).toEqual(["network-interface/*", "subnet/*", "security-group/sg-quicksight"]);
  });

  it("uses an existing VPC connection by ARN without creating one", () => {
    const arn = "arn:aws:quicksight:eu-west-1:123456789012:vpcConnection/shared";
    const s = build({ vpcConnectionArn: arn });
    expect(s.resource("aws_quicksight_data_source", "/QuickSight/DataSource").block.vpc_connection_properties).toEqual({ vpc_connection_arn: arn });
    expect(s.resources("aws_quicksight_vpc_connection")).toEqual({});
  });

  it("exports what QuickSight's Secrets Manager role needs: read this secret, decrypt only through Secrets Manager", () => {
    const key = "arn:aws:kms:eu-west-1:123456789012:key/secrets";
    expect(quickSightSecretReadStatements(SECRET_ARN)).toEqual([
      { sid: "ReadDataSourceSecret", actions: ["secretsmanager:GetSecretValue"], resources: [SECRET_ARN] },
    ]);
    expect(quickSightSecretReadStatements(SECRET_ARN, key, "eu-west-1")[1]).toEqual({
      sid: "DecryptDataSourceSecret",
      actions: ["kms:Decrypt"],
      resources: [key],
      conditions: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
    });
  });

  it("when asked, lets only QuickSight's role and the named principals read the secret, before the data source reads it", () => {
    const deployer = "arn:aws:iam::123456789012:role/acme-deployer";
    const s = build({ secretReaders: { alsoAllow: [deployer] } });
    const { block, name } = s.resource("aws_secretsmanager_secret_policy", "/QuickSight/SecretPolicy");
    expect(block.secret_arn).toBe(SECRET_ARN);
    const policy = JSON.parse(block.policy as string) as { Statement: JsonStatement[] };
    const account = `\${data.aws_caller_identity.${s.dataSource("aws_caller_identity", "/QuickSight/CallerIdentity").name}.account_id}`;
    const partition = `\${data.aws_partition.${s.dataSource("aws_partition", "/QuickSight/Partition").name}.partition}`;
    expect(policy.Statement).toEqual([
      {
        Sid: "OnlyQuickSightAndTheDeployerRead",
        Effect: "Deny",
        Principal: "*",
        Action: "secretsmanager:GetSecretValue",
        Resource: "*",
        Condition: {
          StringNotLike: { "aws:PrincipalArn": [`arn:${partition}:iam::${account}:role/*aws-quicksight-secretsmanager-role-v0`, deployer] },
        },
      },
    ]);
    expect(s.resource("aws_quicksight_data_source", "/QuickSight/DataSource").block.depends_on).toEqual([`aws_secretsmanager_secret_policy.${name}`]);
    expect(build().resources("aws_secretsmanager_secret_policy")).toEqual({});
    expect(() => build({ secretReaders: { alsoAllow: [] } })).toThrow(/secretReaders.alsoAllow: none given/);
    expect(() => build({ secretReaders: { alsoAllow: ["deployer"] } })).toThrow(
      /secretReaders.alsoAllow\[0\]: "deployer" is not an IAM principal ARN/,
    );
  });

  it("passes the guardrails (IAM, secrets, tags) with no finding, with and without a VPC connection", () => {
    for (const props of [BASE, { ...BASE, vpcConnection: VPC }]) {
      const results = evaluate((stack) => void new QuickSightDatabricksSource(stack, "QuickSight", props)).filter((r) =>
        r.path.startsWith("fixture/QuickSight"),
      );
      expect(results.filter((r) => r.status !== "pass")).toEqual([]);
      expect(results.some((r) => r.ruleId === "SECRETS-NO-LITERALS")).toBe(true);
    }
  });

  it("refuses bad props, naming each", () => {
    expect(() =>
      build({
        dataSourceId: "acme prod",
        name: " ",
        host: "https://dbc-1234.cloud.databricks.com/",
        sqlEndpointPath: "sql/1.0/warehouses/abc",
        credentialsSecretArn: "my-token",
        ownerGroupArns: ["analysts", USERS],
        userGroupArns: [USERS],
        vpcConnection: { subnetIds: ["subnet-a"], securityGroupIds: [] },
        vpcConnectionArn: "arn:aws:quicksight:eu-west-1:123456789012:vpcConnection/x",
      }),
    ).toThrow(
      new RegExp(
        [
          'dataSourceId: "acme prod"',
          "name: is empty",
          'host: "https://dbc-1234.cloud.databricks.com/"',
          'sqlEndpointPath: "sql/1.0/warehouses/abc"',
          'credentialsSecretArn: "my-token"',
          'ownerGroupArns\\[0\\]: "analysts"',
          "userGroupArns\\[0\\]: .* is also an owner",
          "vpcConnectionArn: given together with vpcConnection",
          "vpcConnection.subnetIds: 1 given",
          "vpcConnection.securityGroupIds: none given",
        ].join("[\\s\\S]*"),
      ),
    );
    expect(() => build({ dataSourceId: "a".repeat(50), vpcConnection: VPC })).toThrow(/dataSourceId: "a{50}" is longer than 49/);
  });
});
