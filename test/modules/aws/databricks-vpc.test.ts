import { DataAwsPrefixList } from "@cdktf/provider-aws/lib/data-aws-prefix-list";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { DatabricksVpc, DatabricksVpcProps } from "../../../modules/aws/databricks-vpc";

type Block = Record<string, unknown>;
interface Synth {
  resource: Record<string, Record<string, Block>>;
  data?: Record<string, Record<string, Block>>;
  output: Record<string, { value: Record<string, unknown> }>;
}

const BASE: DatabricksVpcProps = {
  name: "lh-dev",
  cidrBlock: "10.0.0.0/18",
  workspaceSubnets: [
    { cidrBlock: "10.0.0.0/22", availabilityZone: "us-east-1a" },
    { cidrBlock: "10.0.4.0/22", availabilityZone: "us-east-1b" },
  ],
  region: "us-east-1",
  flowLogs: { destinationArn: "arn:aws:s3:::acme-logs/vpc-flow-logs/" },
};

const NAT: DatabricksVpcProps = {
  ...BASE,
  egress: "nat",
  publicSubnets: [
    { cidrBlock: "10.0.60.0/24", availabilityZone: "us-east-1a" },
    { cidrBlock: "10.0.61.0/24", availabilityZone: "us-east-1b" },
  ],
};

/** Synthesizes the VPC; its public attributes are rendered in the output "exposed". */
function build(props: DatabricksVpcProps): { json: Synth; raw: string; vpc: DatabricksVpc } {
  const stack = new TerraformStack(Testing.app(), "stack");
  const vpc = new DatabricksVpc(stack, "Network", props);
  new TerraformOutput(stack, "exposed", {
    value: {
      vpcId: vpc.vpcId,
      vpcCidrBlock: vpc.vpcCidrBlock,
      vpcCidrAttribute: vpc.vpc.cidrBlock,
      securityGroupId: vpc.securityGroupId,
      workspaceSubnetIds: vpc.workspaceSubnetIds,
      routeTableIds: vpc.routeTableIds,
      availabilityZones: vpc.availabilityZones,
    },
  });
  const raw = Testing.synth(stack);
  return { json: JSON.parse(raw) as Synth, raw, vpc };
}

function resources(json: Synth, type: string): Block[] {
  return Object.values(json.resource[type] ?? {});
}

function addressOf(json: Synth, type: string, predicate: (b: Block) => boolean): string {
  const entry = Object.entries(json.resource[type] ?? {}).find(([, b]) => predicate(b));
  if (!entry) throw new Error(`no ${type} matches`);
  return `${type}.${entry[0]}`;
}

function onlyName(json: Synth, type: string): string {
  const names = Object.keys(json.resource[type] ?? {});
  expect(names).toHaveLength(1);
  return `${type}.${names[0]}`;
}

/** "tcp:443", "tcp:8445-8451", ... for the rules matching `filter`, sorted. */
function portSet(rules: Block[]): string[] {
  return rules
    .map((r) => `${String(r.ip_protocol)}:${r.from_port === r.to_port ? String(r.from_port) : `${String(r.from_port)}-${String(r.to_port)}`}`)
    .sort();
}

const CONTROL_PLANE_PORTS = ["tcp:443", "tcp:2443", "tcp:5432", "tcp:6666", "tcp:8443", "tcp:8444", "tcp:8445-8451"].sort();

describe("DatabricksVpc", () => {
  describe("in the default isolated mode", () => {
    const { json, raw } = build(BASE);
    const sgRef = `\${${onlyName(json, "aws_security_group")}.id}`;

    it("creates a VPC with DNS hostnames and DNS support", () => {
      expect(raw).toHaveResourceWithProperties(Vpc, {
        cidr_block: "10.0.0.0/18",
        enable_dns_hostnames: true,
        enable_dns_support: true,
        tags: { Name: "lh-dev-vpc" },
      });
    });

    it("creates one private subnet per workspace subnet, in distinct availability zones", () => {
      const subnets = resources(json, "aws_subnet");
      expect(subnets.map((s) => [s.cidr_block, s.availability_zone])).toEqual([
        ["10.0.0.0/22", "us-east-1a"],
        ["10.0.4.0/22", "us-east-1b"],
      ]);
      expect(new Set(subnets.map((s) => s.availability_zone)).size).toBe(2);
      for (const s of subnets) expect(s.map_public_ip_on_launch).toBe(false);
    });

    it("gives every workspace subnet its own route table, associated with it", () => {
      const tables = Object.keys(json.resource.aws_route_table);
      expect(tables).toHaveLength(2);
      const associations = resources(json, "aws_route_table_association");
      expect(associations).toHaveLength(2);
      const pairs = associations.map((a) => [a.subnet_id, a.route_table_id]);
      expect(pairs).toEqual([
        [
          `\${${addressOf(json, "aws_subnet", (s) => s.availability_zone === "us-east-1a")}.id}`,
          `\${${addressOf(json, "aws_route_table", (t) => (t.tags as Block).Name === "lh-dev-workspace-us-east-1a")}.id}`,
        ],
        [
          `\${${addressOf(json, "aws_subnet", (s) => s.availability_zone === "us-east-1b")}.id}`,
          `\${${addressOf(json, "aws_route_table", (t) => (t.tags as Block).Name === "lh-dev-workspace-us-east-1b")}.id}`,
        ],
      ]);
    });

    it("has no internet gateway, NAT gateway, Elastic IP or route to the internet", () => {
      for (const type of ["aws_internet_gateway", "aws_nat_gateway", "aws_eip", "aws_route"]) {
        expect(json.resource[type]).toBeUndefined();
      }
      for (const table of resources(json, "aws_route_table")) expect(table.route).toBeUndefined();
    });

    it("takes over the default security group and leaves it without rules", () => {
      expect(raw).toHaveResourceWithProperties(DefaultSecurityGroup, { ingress: [], egress: [] });
      const dsg = resources(json, "aws_default_security_group");
      expect(dsg).toHaveLength(1);
      expect(dsg[0].vpc_id).toBe(`\${${onlyName(json, "aws_vpc")}.id}`);
    });

    it("creates the workspace security group without inline rules", () => {
      const [sg] = resources(json, "aws_security_group");
      expect(sg.name).toBe("lh-dev-workspace-sg");
      expect(sg.ingress).toBeUndefined();
      expect(sg.egress).toBeUndefined();
    });

    it("allows ingress only from the workspace security group itself, all TCP and all UDP", () => {
      const ingress = resources(json, "aws_vpc_security_group_ingress_rule");
      expect(portSet(ingress)).toEqual(["tcp:0-65535", "udp:0-65535"]);
      for (const rule of ingress) {
        expect(rule.security_group_id).toBe(sgRef);
        expect(rule.referenced_security_group_id).toBe(sgRef);
        expect(rule.cidr_ipv4).toBeUndefined();
        expect(rule.cidr_ipv6).toBeUndefined();
      }
    });

    it("allows egress within the group, to the control plane ports in the VPC, and HTTPS to S3 only", () => {
      const egress = resources(json, "aws_vpc_security_group_egress_rule");
      expect(portSet(egress.filter((r) => r.referenced_security_group_id === sgRef))).toEqual(["tcp:0-65535", "udp:0-65535"]);
      expect(portSet(egress.filter((r) => r.cidr_ipv4 === "10.0.0.0/18"))).toEqual(CONTROL_PLANE_PORTS);
      const s3 = egress.filter((r) => r.prefix_list_id !== undefined);
      expect(portSet(s3)).toEqual(["tcp:443"]);
      expect(s3[0].prefix_list_id).toBe(`\${data.aws_prefix_list.${Object.keys(json.data?.aws_prefix_list ?? {})[0]}.id}`);
      expect(egress).toHaveLength(2 + CONTROL_PLANE_PORTS.length + 1);
      expect(egress.some((r) => r.cidr_ipv4 === "0.0.0.0/0")).toBe(false);
      for (const rule of egress) expect(rule.security_group_id).toBe(sgRef);
    });

    it("looks up the S3 prefix list of the given region", () => {
      expect(raw).toHaveDataSourceWithProperties(DataAwsPrefixList, { name: "com.amazonaws.us-east-1.s3" });
      expect(raw).not.toHaveDataSource(DataAwsRegion);
    });

    it("does not open the legacy Hive metastore port", () => {
      expect(resources(json, "aws_vpc_security_group_egress_rule").some((r) => r.from_port === 3306)).toBe(false);
    });

    it("sends flow logs for the VPC to the given S3 destination", () => {
      expect(raw).toHaveResourceWithProperties(FlowLog, {
        vpc_id: `\${${onlyName(json, "aws_vpc")}.id}`,
        log_destination_type: "s3",
        log_destination: "arn:aws:s3:::acme-logs/vpc-flow-logs/",
        traffic_type: "ALL",
        max_aggregation_interval: 600,
      });
    });

    it("exposes the ids of what it created", () => {
      const vpcAddress = onlyName(json, "aws_vpc");
      expect(json.output.exposed.value).toEqual({
        vpcId: `\${${vpcAddress}.id}`,
        vpcCidrBlock: "10.0.0.0/18",
        vpcCidrAttribute: `\${${vpcAddress}.cidr_block}`,
        securityGroupId: sgRef,
        workspaceSubnetIds: Object.keys(json.resource.aws_subnet).map((k) => `\${aws_subnet.${k}.id}`),
        routeTableIds: Object.keys(json.resource.aws_route_table).map((k) => `\${aws_route_table.${k}.id}`),
        availabilityZones: ["us-east-1a", "us-east-1b"],
      });
    });
  });

  describe("in NAT mode", () => {
    const { json } = build({ ...NAT, workspaceSubnets: [...NAT.workspaceSubnets, { cidrBlock: "10.0.8.0/22", availabilityZone: "us-east-1c" }] });
    const natIn = (az: string) => `\${${addressOf(json, "aws_nat_gateway", (n) => (n.tags as Block).Name === `lh-dev-nat-${az}`)}.id}`;

    it("creates an internet gateway and one NAT gateway with its Elastic IP per public subnet", () => {
      expect(resources(json, "aws_internet_gateway")).toHaveLength(1);
      expect(resources(json, "aws_eip").map((e) => e.domain)).toEqual(["vpc", "vpc"]);
      const nats = resources(json, "aws_nat_gateway");
      expect(nats).toHaveLength(2);
      for (const [i, az] of ["us-east-1a", "us-east-1b"].entries()) {
        const subnet = addressOf(json, "aws_subnet", (s) => s.cidr_block === NAT.publicSubnets?.[i].cidrBlock);
        expect(nats[i].subnet_id).toBe(`\${${subnet}.id}`);
        expect(nats[i].tags).toEqual({ Name: `lh-dev-nat-${az}` });
        expect(nats[i].depends_on).toEqual([onlyName(json, "aws_internet_gateway")]);
        expect(String(nats[i].allocation_id)).toMatch(/^\$\{aws_eip\..+\.id\}$/);
      }
    });

    it("routes the public subnets to the internet gateway through a public route table", () => {
      const publicTable = addressOf(json, "aws_route_table", (t) => (t.tags as Block).Name === "lh-dev-public");
      const igwRoutes = resources(json, "aws_route").filter((r) => r.gateway_id !== undefined);
      expect(igwRoutes).toEqual([
        {
          route_table_id: `\${${publicTable}.id}`,
          destination_cidr_block: "0.0.0.0/0",
          gateway_id: `\${${onlyName(json, "aws_internet_gateway")}.id}`,
        },
      ]);
      const publicAssociations = resources(json, "aws_route_table_association").filter((a) => a.route_table_id === `\${${publicTable}.id}`);
      expect(publicAssociations).toHaveLength(2);
    });

    it("routes each workspace subnet to the NAT gateway in its zone, or to the first one", () => {
      const natRoutes = resources(json, "aws_route").filter((r) => r.nat_gateway_id !== undefined);
      const byTable = (az: string) =>
        natRoutes.find(
          (r) => r.route_table_id === `\${${addressOf(json, "aws_route_table", (t) => (t.tags as Block).Name === `lh-dev-workspace-${az}`)}.id}`,
        );
      expect(natRoutes).toHaveLength(3);
      expect(byTable("us-east-1a")?.nat_gateway_id).toBe(natIn("us-east-1a"));
      expect(byTable("us-east-1b")?.nat_gateway_id).toBe(natIn("us-east-1b"));
      expect(byTable("us-east-1c")?.nat_gateway_id).toBe(natIn("us-east-1a"));
      for (const r of natRoutes) expect(r.destination_cidr_block).toBe("0.0.0.0/0");
    });

    it("sends control plane egress to the internet and needs no S3 prefix list", () => {
      const egress = resources(json, "aws_vpc_security_group_egress_rule");
      expect(portSet(egress.filter((r) => r.cidr_ipv4 === "0.0.0.0/0"))).toEqual(CONTROL_PLANE_PORTS);
      expect(egress.some((r) => r.prefix_list_id !== undefined)).toBe(false);
      expect(json.data?.aws_prefix_list).toBeUndefined();
    });

    it("still never allows ingress from anywhere but the group itself", () => {
      const ingress = resources(json, "aws_vpc_security_group_ingress_rule");
      expect(portSet(ingress)).toEqual(["tcp:0-65535", "udp:0-65535"]);
      expect(ingress.some((r) => r.cidr_ipv4 !== undefined)).toBe(false);
    });

    it("gives no public subnet automatic public addresses", () => {
      for (const s of resources(json, "aws_subnet")) expect(s.map_public_ip_on_launch).toBe(false);
    });
  });

  it("opens egress TCP 3306 only when the legacy Hive metastore is allowed", () => {
    const { json } = build({ ...BASE, allowLegacyHiveMetastore: true });
    const egress = resources(json, "aws_vpc_security_group_egress_rule");
    expect(portSet(egress.filter((r) => r.cidr_ipv4 === "10.0.0.0/18"))).toEqual([...CONTROL_PLANE_PORTS, "tcp:3306"].sort());
  });

  it("takes the region from the provider when none is given", () => {
    const { json, raw } = build({ ...BASE, region: undefined });
    expect(raw).toHaveDataSource(DataAwsRegion);
    const regionName = Object.keys(json.data?.aws_region ?? {})[0];
    expect(raw).toHaveDataSourceWithProperties(DataAwsPrefixList, { name: `com.amazonaws.\${data.aws_region.${regionName}.region}.s3` });
  });

  it("applies the flow log traffic type and aggregation interval given", () => {
    const { raw } = build({
      ...BASE,
      flowLogs: { destinationArn: "arn:aws:s3:::acme-logs", trafficType: "REJECT", maxAggregationIntervalSeconds: 60 },
    });
    expect(raw).toHaveResourceWithProperties(FlowLog, {
      traffic_type: "REJECT",
      max_aggregation_interval: 60,
      log_destination: "arn:aws:s3:::acme-logs",
    });
  });

  it("adds the given tags to every resource and its own Name tag", () => {
    const { json } = build({ ...NAT, tags: { Project: "lakehouse" } });
    for (const [type, blocks] of Object.entries(json.resource)) {
      for (const block of Object.values(blocks)) {
        if (type === "aws_route_table_association" || type === "aws_route") continue; // not taggable
        expect(block.tags).toEqual(expect.objectContaining({ Project: "lakehouse" }));
      }
    }
    expect(resources(json, "aws_vpc")[0].tags).toEqual({ Project: "lakehouse", Name: "lh-dev-vpc" });
  });

  it("accepts unresolved values without checking them", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const cidr = new TerraformVariable(stack, "cidr", { type: "string" }).stringValue;
    const az = new TerraformVariable(stack, "az", { type: "string" }).stringValue;
    expect(
      () =>
        new DatabricksVpc(stack, "Network", {
          ...BASE,
          cidrBlock: cidr,
          workspaceSubnets: [
            { cidrBlock: "10.0.0.0/22", availabilityZone: az },
            { cidrBlock: "10.0.4.0/22", availabilityZone: "us-east-1b" },
          ],
        }),
    ).not.toThrow();
  });

  describe("validation", () => {
    const fails = (props: DatabricksVpcProps) => () => build(props);

    it("fails if a workspace subnet's netmask is outside /17 to /25", () => {
      const props = {
        ...BASE,
        cidrBlock: "10.0.0.0/16",
        workspaceSubnets: [
          { cidrBlock: "10.0.0.0/16", availabilityZone: "us-east-1a" },
          { cidrBlock: "10.0.128.0/26", availabilityZone: "us-east-1b" },
        ],
      };
      expect(fails(props)).toThrow("workspaceSubnets[0].cidrBlock: 10.0.0.0/16 has netmask /16; allowed are /17 to /25");
      expect(fails(props)).toThrow("workspaceSubnets[1].cidrBlock: 10.0.128.0/26 has netmask /26; allowed are /17 to /25");
    });

    it("accepts workspace subnets of exactly /17 and /25", () => {
      const props = {
        ...BASE,
        cidrBlock: "10.0.0.0/16",
        workspaceSubnets: [
          { cidrBlock: "10.0.0.0/17", availabilityZone: "us-east-1a" },
          { cidrBlock: "10.0.128.0/25", availabilityZone: "us-east-1b" },
        ],
      };
      expect(fails(props)).not.toThrow();
    });

    it("fails if two workspace subnets share an availability zone", () => {
      const props = {
        ...BASE,
        workspaceSubnets: [...BASE.workspaceSubnets, { cidrBlock: "10.0.8.0/22", availabilityZone: "us-east-1a" }],
      };
      expect(fails(props)).toThrow(
        "workspaceSubnets[2].availabilityZone: us-east-1a is already used by workspaceSubnets[0]; use at most one subnet per availability zone",
      );
    });

    it("fails with fewer than two availability zones", () => {
      expect(fails({ ...BASE, workspaceSubnets: [BASE.workspaceSubnets[0]] })).toThrow(
        "workspaceSubnets: availability zones us-east-1a; Databricks needs subnets in at least two distinct availability zones",
      );
      expect(fails({ ...BASE, workspaceSubnets: [] })).toThrow("workspaceSubnets: availability zones none;");
    });

    it("fails in NAT mode without public subnets", () => {
      expect(fails({ ...BASE, egress: "nat" })).toThrow('publicSubnets: none given but egress is "nat"');
    });

    it("fails if public subnets are given in isolated mode", () => {
      expect(fails({ ...NAT, egress: "isolated" })).toThrow('publicSubnets: 2 given but egress is "isolated"');
    });

    it("fails if two public subnets share an availability zone", () => {
      const publicSubnets = [
        { cidrBlock: "10.0.60.0/24", availabilityZone: "us-east-1a" },
        { cidrBlock: "10.0.61.0/24", availabilityZone: "us-east-1a" },
      ];
      expect(fails({ ...NAT, publicSubnets })).toThrow("publicSubnets[1].availabilityZone: us-east-1a is already used by publicSubnets[0]");
    });

    it("fails on a malformed CIDR, a host address, or a subnet outside the VPC", () => {
      expect(fails({ ...BASE, cidrBlock: "10.0.0/18" })).toThrow('cidrBlock: "10.0.0/18" is not an IPv4 CIDR block');
      expect(fails({ ...BASE, cidrBlock: "10.0.0.0/12" })).toThrow("cidrBlock: 10.0.0.0/12 has netmask /12; AWS allows /16 to /28 for a VPC");
      const subnets = [
        { cidrBlock: "10.0.0.1/22", availabilityZone: "us-east-1a" },
        { cidrBlock: "10.1.0.0/22", availabilityZone: "us-east-1b" },
      ];
      expect(fails({ ...BASE, workspaceSubnets: subnets })).toThrow(
        'workspaceSubnets[0].cidrBlock: "10.0.0.1/22" has host bits set; the network address for /22 is 10.0.0.0/22',
      );
      expect(fails({ ...BASE, workspaceSubnets: subnets })).toThrow(
        "workspaceSubnets[1].cidrBlock: 10.1.0.0/22 is outside the VPC range 10.0.0.0/18",
      );
    });

    it("fails on a flow log destination that is not an S3 ARN or an interval AWS does not accept", () => {
      const props = {
        ...BASE,
        flowLogs: { destinationArn: "arn:aws:logs:us-east-1:123456789012:log-group:x", maxAggregationIntervalSeconds: 300 as 600 },
      };
      expect(fails(props)).toThrow('flowLogs.destinationArn: "arn:aws:logs:us-east-1:123456789012:log-group:x" is not an S3 bucket ARN');
      expect(fails(props)).toThrow("flowLogs.maxAggregationIntervalSeconds: 300 is not allowed; AWS accepts 60 or 600");
    });

    it("reports every problem at once, naming the construct", () => {
      const props = { ...BASE, name: "bad name", egress: "nat" as const, workspaceSubnets: [BASE.workspaceSubnets[0]] };
      let message = "";
      try {
        build(props);
      } catch (e) {
        message = (e as Error).message;
      }
      // One line per problem, each starting with the construct's path.
      const lines = message.split("\n");
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(/^stack\/Network: name: "bad name"/);
      expect(lines[1]).toMatch(/^stack\/Network: workspaceSubnets: availability zones us-east-1a/);
      expect(lines[2]).toMatch(/^stack\/Network: publicSubnets: none given/);
    });
  });
});
