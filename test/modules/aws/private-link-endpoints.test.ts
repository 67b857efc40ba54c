import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { PrivateLinkEndpoints, PrivateLinkEndpointsProps } from "../../../modules/aws/private-link-endpoints";

type Block = Record<string, unknown>;
interface Synth {
  resource: Record<string, Record<string, Block>>;
  output: Record<string, { value: Record<string, unknown> }>;
}

const BASE: PrivateLinkEndpointsProps = {
  vpcId: "vpc-0abc",
  region: "us-east-1",
  workspaceSecurityGroupId: "sg-workspace",
  vpcCidrBlock: "10.0.0.0/18",
  subnets: [
    { cidrBlock: "10.0.32.0/26", availabilityZone: "us-east-1a" },
    { cidrBlock: "10.0.32.64/26", availabilityZone: "us-east-1b" },
  ],
};

function build(props: PrivateLinkEndpointsProps): Synth {
  const stack = new TerraformStack(Testing.app(), "stack");
  const pl = new PrivateLinkEndpoints(stack, "PrivateLink", props);
  new TerraformOutput(stack, "exposed", {
    value: { workspace: pl.workspaceEndpointId, relay: pl.relayEndpointId, sg: pl.securityGroupId, subnets: pl.subnetIds },
  });
  return JSON.parse(Testing.synth(stack)) as Synth;
}

function refs(json: Synth, type: string): string[] {
  return Object.keys(json.resource[type] ?? {}).map((k) => `\${${type}.${k}.id}`);
}

function endpoint(json: Synth, idPart: string): [string, Block] {
  const found = Object.entries(json.resource.aws_vpc_endpoint).find(([k]) => k.includes(idPart));
  if (!found) throw new Error(`no endpoint ${idPart}`);
  return found;
}

function expandPorts(rules: Block[]): number[] {
  return rules
    .flatMap((r) => Array.from({ length: Number(r.to_port) - Number(r.from_port) + 1 }, (_, i) => Number(r.from_port) + i))
    .sort((a, b) => a - b);
}

describe("PrivateLinkEndpoints", () => {
  const json = build(BASE);
  const [workspaceKey, workspace] = endpoint(json, "WorkspaceEndpoint");
  const [relayKey, relay] = endpoint(json, "RelayEndpoint");
  const [sgRef] = refs(json, "aws_security_group");
  const subnetRefs = refs(json, "aws_subnet");

  it("uses the regional Databricks service names for the workspace and relay endpoints", () => {
    expect(workspace.service_name).toBe("com.amazonaws.vpce.us-east-1.vpce-svc-09143d1e626de2f04");
    expect(relay.service_name).toBe("com.amazonaws.vpce.us-east-1.vpce-svc-00018a8c3ff62ffdf");
  });

  it("makes both interface endpoints with private DNS, in its subnets and security group", () => {
    for (const e of [workspace, relay]) {
      expect(e).toMatchObject({
        vpc_id: "vpc-0abc",
        vpc_endpoint_type: "Interface",
        private_dns_enabled: true,
        subnet_ids: subnetRefs,
        security_group_ids: [sgRef],
      });
    }
  });

  it("creates its subnets in distinct zones with one route table holding only the local route", () => {
    const subnets = Object.values(json.resource.aws_subnet);
    expect(subnets.map((s) => [s.cidr_block, s.availability_zone, s.map_public_ip_on_launch])).toEqual([
      ["10.0.32.0/26", "us-east-1a", false],
      ["10.0.32.64/26", "us-east-1b", false],
    ]);
    const tables = Object.values(json.resource.aws_route_table);
    expect(tables).toHaveLength(1);
    expect(tables[0].route).toBeUndefined();
    expect(json.resource.aws_route).toBeUndefined();
    const [tableRef] = refs(json, "aws_route_table");
    expect(Object.values(json.resource.aws_route_table_association).map((a) => [a.subnet_id, a.route_table_id])).toEqual(
      subnetRefs.map((s) => [s, tableRef]),
    );
  });

  it("accepts exactly the Databricks ports, only from the workspace security group", () => {
    const ingress = Object.values(json.resource.aws_vpc_security_group_ingress_rule);
    expect(expandPorts(ingress)).toEqual([443, 2443, 5432, 6666, 8443, 8444, 8445, 8446, 8447, 8448, 8449, 8450, 8451]);
    expect(ingress.map((r) => (r.from_port === r.to_port ? `${String(r.from_port)}` : `${String(r.from_port)}-${String(r.to_port)}`)).sort()).toEqual(
      ["443", "2443", "5432", "6666", "8443", "8444", "8445-8451"].sort(),
    );
    for (const rule of ingress) {
      expect(rule).toMatchObject({ security_group_id: sgRef, ip_protocol: "tcp", referenced_security_group_id: "sg-workspace" });
      expect(rule.cidr_ipv4).toBeUndefined();
    }
  });

  it("sends traffic only to the workspace security group", () => {
    expect(Object.values(json.resource.aws_vpc_security_group_egress_rule)).toEqual([
      expect.objectContaining({
        security_group_id: sgRef,
        ip_protocol: "tcp",
        from_port: 0,
        to_port: 65535,
        referenced_security_group_id: "sg-workspace",
      }),
    ]);
    const [sg] = Object.values(json.resource.aws_security_group);
    expect(sg).toMatchObject({ vpc_id: "vpc-0abc", name: "databricks-privatelink-sg" });
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
  });

  it("exposes the AWS endpoint ids, security group and subnets", () => {
    expect(json.output.exposed.value).toEqual({
      workspace: `\${aws_vpc_endpoint.${workspaceKey}.id}`,
      relay: `\${aws_vpc_endpoint.${relayKey}.id}`,
      sg: sgRef,
      subnets: subnetRefs,
    });
  });

  it("uses given subnets instead of creating them", () => {
    const other = build({ ...BASE, subnets: undefined, subnetIds: ["subnet-1", "subnet-2"] });
    expect(other.resource.aws_subnet).toBeUndefined();
    expect(other.resource.aws_route_table).toBeUndefined();
    expect(endpoint(other, "RelayEndpoint")[1].subnet_ids).toEqual(["subnet-1", "subnet-2"]);
    expect(other.output.exposed.value.subnets).toEqual(["subnet-1", "subnet-2"]);
  });

  it("uses each region's own service names", () => {
    const other = build({
      ...BASE,
      region: "eu-west-1",
      subnets: undefined,
      subnetIds: ["subnet-1"],
    });
    expect(endpoint(other, "WorkspaceEndpoint")[1].service_name).toBe("com.amazonaws.vpce.eu-west-1.vpce-svc-0da6ebf1461278016");
    expect(endpoint(other, "RelayEndpoint")[1].service_name).toBe("com.amazonaws.vpce.eu-west-1.vpce-svc-09b4eb2bc775f4e8c");
  });

  it("sets Name tags and the given tags", () => {
    const other = build({ ...BASE, name: "lh-prod", tags: { Project: "lakehouse" } });
    expect(endpoint(other, "RelayEndpoint")[1].tags).toEqual({ Project: "lakehouse", Name: "lh-prod-databricks-relay-vpce" });
    for (const rule of Object.values(other.resource.aws_vpc_security_group_ingress_rule)) expect(rule.tags).toEqual({ Project: "lakehouse" });
  });

  describe("validation", () => {
    it("fails for a region not in the table, naming the supported regions", () => {
      expect(() => build({ ...BASE, region: "us-west-1" })).toThrow(
        /region: "us-west-1" has no known Databricks PrivateLink endpoint services; supported regions are ap-northeast-1, .*us-east-1, us-east-2, us-west-2/,
      );
    });

    it("fails when both or neither of subnets and subnetIds are given", () => {
      expect(() => build({ ...BASE, subnetIds: ["subnet-1"] })).toThrow("subnets / subnetIds: both given; give exactly one");
      expect(() => build({ ...BASE, subnets: undefined })).toThrow("subnets / subnetIds: neither given; give exactly one");
    });

    it("fails for two subnets in one zone, a netmask AWS refuses, or a subnet outside the VPC", () => {
      const make = () =>
        build({
          ...BASE,
          subnets: [
            { cidrBlock: "10.0.32.0/29", availabilityZone: "us-east-1a" },
            { cidrBlock: "10.1.0.0/26", availabilityZone: "us-east-1a" },
          ],
        });
      expect(make).toThrow("subnets[0].cidrBlock: 10.0.32.0/29 has netmask /29; allowed are /16 to /28 (AWS subnet limits)");
      expect(make).toThrow("subnets[1].cidrBlock: 10.1.0.0/26 is outside the VPC range 10.0.0.0/18");
      expect(make).toThrow("subnets[1].availabilityZone: us-east-1a is already used by subnets[0]");
    });

    it("fails for empty subnet lists", () => {
      expect(() => build({ ...BASE, subnets: [] })).toThrow("subnets: none given");
      expect(() => build({ ...BASE, subnets: undefined, subnetIds: [] })).toThrow("subnetIds: none given");
    });

    it("names the construct in the error", () => {
      expect(() => build({ ...BASE, region: "xx-nowhere-1" })).toThrow(/^stack\/PrivateLink: region: "xx-nowhere-1"/);
    });
  });
});
