import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { WorkspaceFrontEnd, type WorkspaceFrontEndProps } from "../../../modules/aws/workspace-front-end";
import { synthesize } from "../../synth-json";

const BASE: WorkspaceFrontEndProps = {
  name: "acme-prod",
  region: "us-east-1",
  cidrBlock: "10.31.0.0/24",
  endpointSubnets: [
    { cidrBlock: "10.31.0.0/28", availabilityZone: "us-east-1a" },
    { cidrBlock: "10.31.0.16/28", availabilityZone: "us-east-1b" },
  ],
  clientCidrs: ["10.100.0.0/16"],
  flowLogs: { destinationArn: "arn:aws:s3:::acme-logs/vpc-flow-logs/" },
};

function build(overrides: Partial<WorkspaceFrontEndProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "stack");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  const frontEnd = new WorkspaceFrontEnd(stack, "FrontEnd", { ...BASE, ...overrides });
  return { frontEnd, s: synthesize(stack) };
}

describe("WorkspaceFrontEnd", () => {
  describe("for VPN clients only", () => {
    const { s, frontEnd } = build();

    it("creates the front-end endpoint to the regional workspace service, with private DNS, in the transit VPC", () => {
      expect(s.resource("aws_vpc_endpoint", "/FrontEnd/Endpoint").block).toMatchObject({
        vpc_id: s.ref("aws_vpc", "/FrontEnd/Vpc", "id"),
        service_name: "com.amazonaws.vpce.us-east-1.vpce-svc-09143d1e626de2f04",
        vpc_endpoint_type: "Interface",
        private_dns_enabled: true,
      });
    });

    it("has no internet path, no runner subnets and no resolver", () => {
      for (const type of ["aws_internet_gateway", "aws_nat_gateway", "aws_route53_resolver_endpoint"]) expect(s.resources(type)).toEqual({});
      expect(frontEnd.runnerSubnetIds).toEqual([]);
      expect(frontEnd.runnerSecurityGroupId).toBe("");
      expect(frontEnd.resolverEndpointId).toBe("");
      expect(frontEnd.resolverIps).toEqual([]);
      expect(frontEnd.resolverSecurityGroupId).toBe("");
    });

    it("exposes the endpoint subnets' route table, where the routes back to the clients go", () => {
      const table = s.ref("aws_route_table", "/FrontEnd/EndpointRouteTable", "id");
      const associations = Object.values(s.resources("aws_route_table_association")).filter((a) => a.route_table_id === table);
      expect(associations).toHaveLength(BASE.endpointSubnets.length);
      expect(frontEnd.runnerRouteTableId).toBe("");
    });

    it("empties the default security group and logs the VPC's flows", () => {
      expect(s.resource("aws_default_security_group", "/FrontEnd/DefaultSecurityGroup").block).toMatchObject({ ingress: [], egress: [] });
      expect(s.resource("aws_flow_log", "/FrontEnd/FlowLog").block).toMatchObject({
        traffic_type: "ALL",
        log_destination: BASE.flowLogs.destinationArn,
      });
    });
  });

  it("with an inbound resolver, answers DNS from the clients and publishes its addresses and security group", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    const frontEnd = new WorkspaceFrontEnd(stack, "FrontEnd", { ...BASE, inboundResolver: true });
    new TerraformOutput(stack, "resolver_ips", { value: frontEnd.resolverIps });
    new TerraformOutput(stack, "resolver_security_group", { value: frontEnd.resolverSecurityGroupId });
    const s = synthesize(stack);
    const resolver = s.resource("aws_route53_resolver_endpoint", "/FrontEnd/InboundResolver");
    const group = s.ref("aws_security_group", "/FrontEnd/ResolverSecurityGroup", "id");
    expect(resolver.block).toMatchObject({ direction: "INBOUND", security_group_ids: [group] });
    expect(s.json.output?.resolver_security_group?.value).toBe(group);
    // ip_address is a set of blocks: a for expression over it collects the addresses.
    expect(s.json.output?.resolver_ips?.value).toBe(
      `\${[ for key, val in toset(tolist(aws_route53_resolver_endpoint.${resolver.name}.ip_address)): val.ip]}`,
    );
  });

  it("routes runner subnets to a NAT gateway and gives runners HTTPS egress only", () => {
    const { s } = build({
      runnerSubnets: [{ cidrBlock: "10.31.0.64/27", availabilityZone: "us-east-1a" }],
      natSubnets: [{ cidrBlock: "10.31.0.128/28", availabilityZone: "us-east-1a" }],
    });
    expect(s.resource("aws_subnet", "/FrontEnd/NatSubnet0").block).toMatchObject({ map_public_ip_on_launch: false });
    expect(s.resource("aws_route", "/FrontEnd/RunnerNatRoute").block).toMatchObject({
      destination_cidr_block: "0.0.0.0/0",
      nat_gateway_id: s.ref("aws_nat_gateway", "/FrontEnd/NatGateway0", "id"),
    });
    expect(s.resource("aws_vpc_security_group_ingress_rule", "/FrontEnd/IngressHttps1").block).toMatchObject({
      cidr_ipv4: "10.31.0.64/27",
      from_port: 443,
    });
  });

  it("refuses what would leave nobody able to reach the workspace or break AWS's rules, all at once", () => {
    expect(() =>
      build({
        region: "xx-nowhere-1",
        clientCidrs: [],
        endpointSubnets: [{ cidrBlock: "10.99.0.0/28", availabilityZone: "us-east-1a" }],
        natSubnets: [{ cidrBlock: "10.31.0.128/28", availabilityZone: "us-east-1a" }],
        inboundResolver: true,
      }),
    ).toThrow(
      new RegExp(
        [
          'stack/FrontEnd: region: "xx-nowhere-1" has no known Databricks PrivateLink endpoint services',
          "stack/FrontEnd: endpointSubnets\\[0\\]\\.cidrBlock: 10\\.99\\.0\\.0/28 is outside the VPC range",
          "stack/FrontEnd: natSubnets: given without runnerSubnets",
          "stack/FrontEnd: clientCidrs: none given and no runnerSubnets",
          "stack/FrontEnd: inboundResolver: needs at least two endpointSubnets",
          "stack/FrontEnd: inboundResolver: needs clientCidrs",
        ].join("[^\\n]*\\n"),
      ),
    );
    expect(() => build({ clientCidrs: ["0.0.0.0/0"] })).toThrow(/clientCidrs\[0\]: 0\.0\.0\.0\/0 is wider than \/8/);
    expect(() => build({ runnerSubnets: [{ cidrBlock: "10.31.0.64/27", availabilityZone: "us-east-1a" }] })).toThrow(
      /natSubnets: none given but runnerSubnets are/,
    );
  });
});
