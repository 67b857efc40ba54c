import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { DatabricksVpc } from "../../../modules/aws/databricks-vpc";
import { PrivateLinkEndpoints } from "../../../modules/aws/private-link-endpoints";
import { VpcEndpoints, VpcEndpointsProps } from "../../../modules/aws/vpc-endpoints";
import type { JsonStatement as Statement } from "../../iam-json";

type Block = Record<string, unknown>;
interface Synth {
  resource: Record<string, Record<string, Block>>;
  data?: Record<string, Record<string, Block>>;
  output: Record<string, { value: Record<string, unknown> }>;
}

const OWN = "123456789012";
const DATABRICKS = "414351767826";

const BASE: VpcEndpointsProps = {
  vpcId: "vpc-0abc",
  region: "us-east-1",
  accountId: OWN,
  routeTableIds: ["rtb-a", "rtb-b"],
  subnetIds: ["subnet-pl-a", "subnet-pl-b"],
  workspaceSecurityGroupId: "sg-workspace",
};

function build(props: VpcEndpointsProps, extend?: (e: VpcEndpoints) => void): Synth {
  const stack = new TerraformStack(Testing.app(), "stack");
  const endpoints = new VpcEndpoints(stack, "AwsEndpoints", props);
  extend?.(endpoints);
  new TerraformOutput(stack, "exposed", {
    value: {
      s3: endpoints.s3GatewayEndpointId,
      sts: endpoints.stsEndpointId,
      kinesis: endpoints.kinesisEndpointId,
      sg: endpoints.securityGroupId,
    },
  });
  return JSON.parse(Testing.synth(stack)) as Synth;
}

function endpointFor(json: Synth, service: string): Block {
  const found = Object.values(json.resource.aws_vpc_endpoint).filter((e) => e.service_name === service);
  expect(found).toHaveLength(1);
  return found[0];
}

function statements(endpoint: Block): Record<string, Statement> {
  const doc = JSON.parse(String(endpoint.policy)) as { Version: string; Statement: Statement[] };
  expect(doc.Version).toBe("2012-10-17");
  return Object.fromEntries(doc.Statement.map((s) => [s.Sid ?? "", s]));
}

describe("VpcEndpoints", () => {
  const json = build(BASE);
  const s3 = endpointFor(json, "com.amazonaws.us-east-1.s3");
  const sts = endpointFor(json, "com.amazonaws.us-east-1.sts");
  const kinesis = endpointFor(json, "com.amazonaws.us-east-1.kinesis-streams");
  const sgAddress = `aws_security_group.${Object.keys(json.resource.aws_security_group)[0]}`;

  it("creates an S3 gateway endpoint on every given route table", () => {
    expect(s3).toMatchObject({ vpc_id: "vpc-0abc", vpc_endpoint_type: "Gateway", route_table_ids: ["rtb-a", "rtb-b"] });
    expect(s3.subnet_ids).toBeUndefined();
  });

  it("creates STS and Kinesis interface endpoints with private DNS in the given subnets", () => {
    for (const endpoint of [sts, kinesis]) {
      expect(endpoint).toMatchObject({
        vpc_id: "vpc-0abc",
        vpc_endpoint_type: "Interface",
        private_dns_enabled: true,
        subnet_ids: ["subnet-pl-a", "subnet-pl-b"],
        security_group_ids: [`\${${sgAddress}.id}`],
      });
    }
    expect(Object.keys(json.resource.aws_vpc_endpoint)).toHaveLength(3);
  });

  it("creates an endpoint security group that accepts only HTTPS from the workspace security group", () => {
    expect(Object.values(json.resource.aws_security_group)).toEqual([
      expect.objectContaining({ vpc_id: "vpc-0abc", name: "databricks-aws-endpoints-sg" }),
    ]);
    expect(Object.values(json.resource.aws_vpc_security_group_ingress_rule)).toEqual([
      expect.objectContaining({
        security_group_id: `\${${sgAddress}.id}`,
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        referenced_security_group_id: "sg-workspace",
      }),
    ]);
    expect(json.resource.aws_vpc_security_group_egress_rule).toBeUndefined();
  });

  describe("S3 endpoint policy", () => {
    const s = statements(s3);

    it("has exactly our own-account statement and the SRA Databricks bucket statements", () => {
      expect(Object.keys(s).sort()).toEqual(
        [
          "OwnAccountBuckets",
          "DatabricksArtifactBuckets",
          "DatabricksSampleDataBucket",
          "DatabricksSystemTablesBucket",
          "DatabricksLogBucket",
        ].sort(),
      );
      for (const statement of Object.values(s)) {
        expect(statement.Effect).toBe("Allow");
        expect(statement.Principal).toBe("*");
        expect(statement.Condition).toBeDefined();
      }
    });

    it("allows any bucket of our own account, for our principals and Databricks'", () => {
      expect(s.OwnAccountBuckets.Resource).toBe("arn:aws:s3:::*");
      expect(s.OwnAccountBuckets.Condition).toEqual({ StringEquals: { "s3:ResourceAccount": OWN, "aws:PrincipalAccount": [OWN, DATABRICKS] } });
      expect(s.OwnAccountBuckets.Action).toEqual(expect.arrayContaining(["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"]));
      expect(s.OwnAccountBuckets.Action).not.toContain("s3:*");
    });

    it("allows reads of the regional artifact buckets owned by Databricks", () => {
      expect(s.DatabricksArtifactBuckets.Resource).toEqual([
        "arn:aws:s3:::databricks-prod-artifacts-us-east-1",
        "arn:aws:s3:::databricks-prod-artifacts-us-east-1/*",
      ]);
      expect(s.DatabricksArtifactBuckets.Condition).toEqual({ StringEquals: { "aws:ResourceAccount": DATABRICKS } });
      expect(s.DatabricksArtifactBuckets.Action).toEqual(["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:GetBucketLocation"]);
    });

    it("allows the sample data and system tables buckets to be read by Databricks principals only", () => {
      expect(s.DatabricksSampleDataBucket.Resource).toEqual([
        "arn:aws:s3:::databricks-datasets-virginia",
        "arn:aws:s3:::databricks-datasets-virginia/*",
      ]);
      expect(s.DatabricksSystemTablesBucket.Resource).toEqual([
        "arn:aws:s3:::system-tables-prod-us-east-1-uc-metastore-bucket",
        "arn:aws:s3:::system-tables-prod-us-east-1-uc-metastore-bucket/*",
      ]);
      for (const sid of ["DatabricksSampleDataBucket", "DatabricksSystemTablesBucket"]) {
        expect(s[sid].Condition).toEqual({ StringEquals: { "aws:PrincipalAccount": DATABRICKS } });
        expect(s[sid].Action).not.toContain("s3:PutObject");
      }
    });

    it("allows Databricks principals to ship logs to the regional Databricks log bucket", () => {
      expect(s.DatabricksLogBucket.Resource).toEqual([
        "arn:aws:s3:::databricks-prod-storage-virginia",
        "arn:aws:s3:::databricks-prod-storage-virginia/*",
      ]);
      expect(s.DatabricksLogBucket.Action).toEqual(["s3:PutObject", "s3:ListBucket", "s3:GetBucketLocation"]);
      expect(s.DatabricksLogBucket.Condition).toEqual({ StringEquals: { "aws:PrincipalAccount": DATABRICKS } });
    });
  });

  it("limits STS to our account's principals and the Databricks principals SRA allows", () => {
    const s = statements(sts);
    expect(Object.keys(s).sort()).toEqual(["DatabricksPrincipals", "OwnAccountPrincipals"]);
    expect(s.OwnAccountPrincipals.Principal).toEqual({ AWS: OWN });
    expect(s.OwnAccountPrincipals.Action).toEqual([
      "sts:AssumeRole",
      "sts:GetAccessKeyInfo",
      "sts:GetSessionToken",
      "sts:DecodeAuthorizationMessage",
      "sts:TagSession",
    ]);
    expect(s.DatabricksPrincipals.Principal).toEqual({ AWS: [`arn:aws:iam::${DATABRICKS}:user/databricks-datasets-readonly-user-prod`, DATABRICKS] });
    expect(s.DatabricksPrincipals.Action).toEqual(["sts:AssumeRole", "sts:GetSessionToken", "sts:TagSession"]);
  });

  it("limits Kinesis to our own streams and the Databricks streams of the region", () => {
    const s = statements(kinesis);
    expect(Object.keys(s).sort()).toEqual(["DatabricksStreams", "OwnAccountStreams"]);
    expect(s.OwnAccountStreams.Condition).toEqual({ StringEquals: { "aws:ResourceAccount": OWN, "aws:PrincipalAccount": OWN } });
    expect(s.OwnAccountStreams.Resource).toBe("arn:aws:kinesis:us-east-1:*:stream/*");
    expect(s.OwnAccountStreams.Action).toEqual(expect.arrayContaining(["kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:PutRecords"]));
    expect(s.DatabricksStreams).toMatchObject({
      Principal: { AWS: DATABRICKS },
      Action: ["kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DescribeStream"],
      Resource: `arn:aws:kinesis:us-east-1:${DATABRICKS}:stream/*`,
    });
  });

  it("exposes the endpoint and security group ids", () => {
    const id = (e: Block) => `\${aws_vpc_endpoint.${Object.entries(json.resource.aws_vpc_endpoint).find(([, b]) => b === e)?.[0]}.id}`;
    expect(json.output.exposed.value).toEqual({ s3: id(s3), sts: id(sts), kinesis: id(kinesis), sg: `\${${sgAddress}.id}` });
  });

  it("adds no Secrets Manager endpoint unless asked", () => {
    expect(Object.values(json.resource.aws_vpc_endpoint).map((e) => e.service_name)).not.toContain("com.amazonaws.us-east-1.secretsmanager");
  });

  it("adds a Secrets Manager endpoint with private DNS that reads only our account's secrets, when asked", () => {
    const withSecrets = build({ ...BASE, secretsManager: true });
    const endpoint = endpointFor(withSecrets, "com.amazonaws.us-east-1.secretsmanager");
    expect(endpoint).toMatchObject({ vpc_endpoint_type: "Interface", private_dns_enabled: true, subnet_ids: ["subnet-pl-a", "subnet-pl-b"] });
    expect(statements(endpoint)).toEqual({
      OwnAccountSecrets: {
        Sid: "OwnAccountSecrets",
        Effect: "Allow",
        Principal: "*",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        Resource: `arn:aws:secretsmanager:us-east-1:${OWN}:secret:*`,
        Condition: { StringEquals: { "aws:PrincipalAccount": OWN } },
      },
    });
  });

  it("adds a DynamoDB gateway endpoint on the route tables for our account's tables only, when asked", () => {
    const withTables = build({ ...BASE, dynamodb: true });
    const endpoint = endpointFor(withTables, "com.amazonaws.us-east-1.dynamodb");
    expect(endpoint).toMatchObject({ vpc_endpoint_type: "Gateway", route_table_ids: ["rtb-a", "rtb-b"] });
    const s = statements(endpoint);
    expect(Object.keys(s)).toEqual(["OwnAccountTables"]);
    expect(s.OwnAccountTables).toMatchObject({
      Principal: "*",
      Resource: `arn:aws:dynamodb:us-east-1:${OWN}:table/*`,
      Condition: { StringEquals: { "aws:PrincipalAccount": OWN } },
    });
    expect(s.OwnAccountTables.Action).toEqual(expect.arrayContaining(["dynamodb:PutItem", "dynamodb:BatchWriteItem", "dynamodb:DescribeTable"]));
    expect((s.OwnAccountTables.Action as string[]).some((a) => a.endsWith("*"))).toBe(false);
    expect(Object.values(json.resource.aws_vpc_endpoint).map((e) => e.service_name)).not.toContain("com.amazonaws.us-east-1.dynamodb");
  });

  it("uses a given security group instead of creating one", () => {
    const other = build({ ...BASE, securityGroupId: "sg-privatelink" });
    expect(other.resource.aws_security_group).toBeUndefined();
    expect(other.resource.aws_vpc_security_group_ingress_rule).toBeUndefined();
    expect(endpointFor(other, "com.amazonaws.us-east-1.sts").security_group_ids).toEqual(["sg-privatelink"]);
    expect(other.output.exposed.value.sg).toBe("sg-privatelink");
  });

  it("writes an account id token into the policies as a Terraform reference", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const caller = new DataAwsCallerIdentity(stack, "Caller");
    new VpcEndpoints(stack, "AwsEndpoints", { ...BASE, accountId: caller.accountId });
    const synth = JSON.parse(Testing.synth(stack)) as Synth;
    const s = statements(endpointFor(synth, "com.amazonaws.us-east-1.s3"));
    const ref = "${data.aws_caller_identity.Caller.account_id}";
    expect(s.OwnAccountBuckets.Condition).toEqual({ StringEquals: { "s3:ResourceAccount": ref, "aws:PrincipalAccount": [ref, DATABRICKS] } });
    expect(statements(endpointFor(synth, "com.amazonaws.us-east-1.sts")).OwnAccountPrincipals.Principal).toEqual({ AWS: ref });
  });

  it("uses another Databricks account and the region's buckets when told", () => {
    const other = build({ ...BASE, region: "us-west-2", databricksAwsAccountId: "111122223333" });
    const s = statements(endpointFor(other, "com.amazonaws.us-west-2.s3"));
    expect(s.DatabricksArtifactBuckets.Condition).toEqual({ StringEquals: { "aws:ResourceAccount": "111122223333" } });
    expect(s.DatabricksArtifactBuckets.Resource).toEqual([
      "arn:aws:s3:::databricks-prod-artifacts-us-west-2",
      "arn:aws:s3:::databricks-prod-artifacts-us-west-2/*",
      "arn:aws:s3:::databricks-update-oregon",
      "arn:aws:s3:::databricks-update-oregon/*",
    ]);
    expect(statements(endpointFor(other, "com.amazonaws.us-west-2.kinesis-streams")).DatabricksStreams.Resource).toBe(
      "arn:aws:kinesis:us-west-2:111122223333:stream/*",
    );
  });

  it("adds statements to the S3 policy after construction, refusing a duplicate sid", () => {
    const landing = { sid: "PartnerLandingBucket", principal: "*" as const, actions: ["s3:GetObject"], resources: ["arn:aws:s3:::partner-drop/*"] };
    const other = build(BASE, (e) => {
      e.addS3Statement(landing);
      expect(() => e.addS3Statement(landing)).toThrow('policy statement "PartnerLandingBucket" is already present');
    });
    expect(statements(endpointFor(other, "com.amazonaws.us-east-1.s3")).PartnerLandingBucket.Resource).toBe("arn:aws:s3:::partner-drop/*");
  });

  it("sets Name tags and the given tags", () => {
    const other = build({ ...BASE, name: "lh-dev", tags: { Project: "lakehouse" } });
    expect(endpointFor(other, "com.amazonaws.us-east-1.s3").tags).toEqual({ Project: "lakehouse", Name: "lh-dev-s3-vpc-endpoint" });
    expect(endpointFor(other, "com.amazonaws.us-east-1.kinesis-streams").tags).toEqual({
      Project: "lakehouse",
      Name: "lh-dev-kinesis-streams-vpc-endpoint",
    });
  });

  describe("validation", () => {
    it("fails for a region without a Databricks bucket table, naming the supported regions", () => {
      expect(() => build({ ...BASE, region: "us-west-1" })).toThrow(
        /region: "us-west-1" has no Databricks bucket table; supported regions are .*eu-west-1.*us-east-1/,
      );
    });

    it("fails for a region given as an unresolved value", () => {
      const stack = new TerraformStack(Testing.app(), "stack");
      const region = new DataAwsCallerIdentity(stack, "Caller").id;
      expect(() => new VpcEndpoints(stack, "AwsEndpoints", { ...BASE, region })).toThrow(
        "region: an unresolved value was given; give the region as a literal",
      );
    });

    it("fails for account ids that are not 12 digits", () => {
      const make = () => build({ ...BASE, accountId: "12345", databricksAwsAccountId: "abc" });
      expect(make).toThrow('accountId: "12345" is not an AWS account id');
      expect(make).toThrow('databricksAwsAccountId: "abc" is not an AWS account id');
    });

    it("fails without route tables or subnets", () => {
      const make = () => build({ ...BASE, routeTableIds: [], subnetIds: [] });
      expect(make).toThrow("routeTableIds: none given");
      expect(make).toThrow("subnetIds: none given");
    });
  });

  it("wires into a DatabricksVpc and PrivateLinkEndpoints in one isolated network", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const vpc = new DatabricksVpc(stack, "Network", {
      name: "lh",
      cidrBlock: "10.0.0.0/18",
      region: "eu-west-1",
      workspaceSubnets: [
        { cidrBlock: "10.0.0.0/22", availabilityZone: "eu-west-1a" },
        { cidrBlock: "10.0.4.0/22", availabilityZone: "eu-west-1b" },
      ],
      flowLogs: { destinationArn: "arn:aws:s3:::lh-logs/flow/" },
    });
    const privateLink = new PrivateLinkEndpoints(stack, "PrivateLink", {
      vpcId: vpc.vpcId,
      region: "eu-west-1",
      workspaceSecurityGroupId: vpc.securityGroupId,
      subnets: [
        { cidrBlock: "10.0.32.0/26", availabilityZone: "eu-west-1a" },
        { cidrBlock: "10.0.32.64/26", availabilityZone: "eu-west-1b" },
      ],
    });
    new VpcEndpoints(stack, "AwsEndpoints", {
      vpcId: vpc.vpcId,
      region: "eu-west-1",
      accountId: OWN,
      routeTableIds: vpc.routeTableIds,
      subnetIds: privateLink.subnetIds,
      workspaceSecurityGroupId: vpc.securityGroupId,
      securityGroupId: privateLink.securityGroupId,
    });
    const synth = JSON.parse(Testing.synth(stack)) as Synth;
    const ref = (type: string, match: (b: Block) => boolean) =>
      `\${${type}.${Object.entries(synth.resource[type]).find(([, b]) => match(b))?.[0]}.id}`;
    const workspaceTables = Object.entries(synth.resource.aws_route_table)
      .filter(([, t]) => String((t.tags as Block).Name).startsWith("lh-workspace-"))
      .map(([k]) => `\${aws_route_table.${k}.id}`);
    const plSubnets = Object.entries(synth.resource.aws_subnet)
      .filter(([k]) => k.startsWith("PrivateLink_"))
      .map(([k]) => `\${aws_subnet.${k}.id}`);
    const plSg = ref("aws_security_group", (b) => b.name === "databricks-privatelink-sg");
    expect(workspaceTables).toHaveLength(2);
    expect(plSubnets).toHaveLength(2);
    const s3 = endpointFor(synth, "com.amazonaws.eu-west-1.s3");
    expect(s3.route_table_ids).toEqual(workspaceTables);
    expect(endpointFor(synth, "com.amazonaws.eu-west-1.sts")).toMatchObject({ subnet_ids: plSubnets, security_group_ids: [plSg] });
    expect(endpointFor(synth, "com.amazonaws.vpce.eu-west-1.vpce-svc-09b4eb2bc775f4e8c")).toMatchObject({ subnet_ids: plSubnets });
    for (const endpoint of Object.values(synth.resource.aws_vpc_endpoint)) expect(endpoint.vpc_id).toBe(ref("aws_vpc", () => true));
    for (const type of ["aws_internet_gateway", "aws_nat_gateway", "aws_eip"]) expect(synth.resource[type]).toBeUndefined();
  });
});
