/**
 * The private front end of a Databricks workspace: the network path by which people and CI reach a workspace whose
 * public access is off. A transit VPC (apart from the compute plane's VPC) holds the front-end interface endpoint to
 * the workspace (REST API and UI) endpoint service, the subnets where CI runners deploy the workspace-level layers,
 * and optionally a Route 53 Resolver inbound endpoint for on-premises DNS.
 */
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { Route53ResolverEndpoint } from "@cdktf/provider-aws/lib/route53-resolver-endpoint";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformIterator, Token } from "cdktf";
import { Construct } from "constructs";
import { parseCidr } from "../core/cidr";
import { throwIfInvalidProps } from "../core/validation";
import { databricksEndpointServices, PRIVATE_LINK_REGIONS, type DatabricksEndpointServices } from "./databricks-endpoint-services";
import { DNS_PORT, HTTPS_PORT } from "./databricks-ports";
import { checkSubnetSpecs, type SubnetSpec } from "./databricks-vpc";

/** Props of {@link WorkspaceFrontEnd}. */
export interface WorkspaceFrontEndProps {
  /** Prefix of the Name tags and security group names. */
  readonly name: string;
  /** The workspace's region (the endpoint service is regional). */
  readonly region: string;
  /** The transit VPC's range: apart from the compute plane's VPC and from every network that routes to it. */
  readonly cidrBlock: string;
  /** Subnets of the front-end endpoint (and of the inbound resolver): one per availability zone, /28 to /24. */
  readonly endpointSubnets: SubnetSpec[];
  /**
   * Networks allowed to reach the workspace on 443 through the endpoint: VPN or Direct Connect ranges of the people
   * who use the workspace. The runner subnets are always allowed.
   * @default - none: only the runners reach the workspace
   */
  readonly clientCidrs?: string[];
  /**
   * Subnets for the CI runners that deploy the workspace-level layers (self-hosted GitHub Actions runners, for
   * example), /28 to /24. Their hosts reach the workspace through the endpoint, and GitHub, the Databricks account
   * API and AWS APIs on 443 through a NAT gateway in `natSubnets`.
   * @default - no runner subnets
   */
  readonly runnerSubnets?: SubnetSpec[];
  /**
   * Public subnets for the runners' NAT gateway (one per subnet); required with `runnerSubnets`. Only the NAT gateway
   * lives there.
   * @default - none
   */
  readonly natSubnets?: SubnetSpec[];
  /**
   * A Route 53 Resolver inbound endpoint in the endpoint subnets (at least two), so on-premises DNS servers can
   * forward `*.cloud.databricks.com` to the transit VPC's resolver, which answers with the endpoint's private IPs.
   * @default false
   */
  readonly inboundResolver?: boolean;
  /** VPC flow logs of the transit VPC. */
  readonly flowLogs: {
    /** ARN of the S3 bucket (or prefix) the transit VPC's flow logs are delivered to. */
    readonly destinationArn: string;
  };
  /** @default - no extra tags (the provider's default tags still apply) */
  readonly tags?: Record<string, string>;
}

/**
 * A transit VPC with the workspace's front-end PrivateLink endpoint.
 *
 * The endpoint uses the same regional workspace endpoint service as the back-end REST endpoint, with private DNS on:
 * inside the transit VPC the workspace URL (a CNAME to `<region>.privatelink.cloud.databricks.com` once private
 * access settings are attached) resolves to the endpoint's private addresses. Its security group admits 443 from
 * the client ranges and the runner subnets only. Register the endpoint with Databricks (`databricks_mws_vpc_endpoint`)
 * and list that registration in the private access settings (`ENDPOINT` level) so the workspace accepts it. Connect
 * the transit VPC to the client networks yourself (a transit gateway or virtual private gateway attachment).
 *
 * @see https://docs.databricks.com/aws/en/security/network/front-end/front-end-private-connect
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/guides/aws-private-link-workspace
 * @example
 * const frontEnd = new WorkspaceFrontEnd(this, "FrontEnd", {
 *   name: "lakehouse-prod", region: "us-east-1", cidrBlock: "10.31.0.0/24",
 *   endpointSubnets: [{ cidrBlock: "10.31.0.0/28", availabilityZone: "us-east-1a" }, { cidrBlock: "10.31.0.16/28", availabilityZone: "us-east-1b" }],
 *   clientCidrs: ["10.100.0.0/16"],
 *   flowLogs: { destinationArn: `${logs.bucketArn}/vpc-flow-logs/` },
 * });
 */
export class WorkspaceFrontEnd extends Construct {
  /** The transit VPC's id. */
  public readonly vpcId: string;
  /** AWS id (`vpce-...`) of the front-end interface endpoint. */
  public readonly endpointId: string;
  /** Security group of the front-end endpoint (443 from clients and runners). */
  public readonly endpointSecurityGroupId: string;
  /** The subnets of the endpoint. */
  public readonly endpointSubnetIds: string[];
  /** The runner subnets; [] without runners. */
  public readonly runnerSubnetIds: string[];
  /** Security group to put CI runners in (egress 443 only); "" without runners. */
  public readonly runnerSecurityGroupId: string;
  /** Id of the Route 53 Resolver inbound endpoint; "" without one. */
  public readonly resolverEndpointId: string;
  /**
   * The inbound resolver's IP addresses (one per endpoint subnet), to forward DNS to from on-premises servers and to
   * give managed services such as QuickSight VPC connections (`dns_resolvers`); [] without a resolver.
   */
  public readonly resolverIps: string[];
  /** Security group of the inbound resolver (53 from `clientCidrs`; admit other clients here); "" without one. */
  public readonly resolverSecurityGroupId: string;
  /**
   * Route table of the endpoint (and resolver) subnets: add the routes back to `clientCidrs` here (through your
   * transit gateway or virtual private gateway), or replies to the clients have no way back.
   */
  public readonly endpointRouteTableId: string;
  /** Route table of the runner subnets (default route to the NAT gateway); "" without runners. */
  public readonly runnerRouteTableId: string;

  private readonly tags: Record<string, string>;

  constructor(scope: Construct, id: string, props: WorkspaceFrontEndProps) {
    super(scope, id);
    throwIfInvalidProps(this, frontEndPropsProblems(props));
    this.tags = { ...(props.tags ?? {}) };
    const services = databricksEndpointServices(props.region) as DatabricksEndpointServices;

    const vpc = new Vpc(this, "Vpc", {
      cidrBlock: props.cidrBlock,
      // Private DNS of the interface endpoint needs both.
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: this.nameTags(props.name, "transit-vpc"),
    });
    this.vpcId = vpc.id;
    // CIS AWS 5.4: the default security group allows nothing.
    new DefaultSecurityGroup(this, "DefaultSecurityGroup", {
      vpcId: vpc.id,
      ingress: [],
      egress: [],
      tags: this.nameTags(props.name, "transit-default-sg-unused"),
    });
    new FlowLog(this, "FlowLog", {
      vpcId: vpc.id,
      logDestinationType: "s3",
      logDestination: props.flowLogs.destinationArn,
      trafficType: "ALL",
      maxAggregationInterval: 600,
      tags: this.nameTags(props.name, "transit-flow-log"),
    });

    const endpointSubnets = this.subnets(vpc, "Endpoint", props.endpointSubnets, props.name, "front-end");
    this.endpointSubnetIds = endpointSubnets.subnetIds;
    this.endpointRouteTableId = endpointSubnets.routeTableId;
    const runners = this.createRunners(vpc, props);
    this.runnerSubnetIds = runners.subnetIds;
    this.runnerRouteTableId = runners.routeTableId;
    this.runnerSecurityGroupId = runners.securityGroupId;

    const endpointSg = new SecurityGroup(this, "EndpointSecurityGroup", {
      name: `${props.name}-front-end-sg`,
      description: "Databricks front-end PrivateLink endpoint: HTTPS from client networks and CI runners",
      vpcId: vpc.id,
      tags: this.nameTags(props.name, "front-end-sg"),
    });
    this.endpointSecurityGroupId = endpointSg.id;
    const clients = [...(props.clientCidrs ?? []), ...(props.runnerSubnets ?? []).map((s) => s.cidrBlock)];
    clients.forEach((cidr, i) =>
      this.allowIngress(endpointSg, `IngressHttps${i}`, `Databricks front end - https from ${cidr}`, "tcp", HTTPS_PORT, cidr),
    );

    this.endpointId = new VpcEndpoint(this, "Endpoint", {
      vpcId: vpc.id,
      serviceName: services.workspace,
      vpcEndpointType: "Interface",
      subnetIds: this.endpointSubnetIds,
      securityGroupIds: [endpointSg.id],
      // Clients in the transit VPC (the runners) resolve the workspace URL to the endpoint's private addresses.
      privateDnsEnabled: true,
      tags: this.nameTags(props.name, "databricks-front-end-vpce"),
    }).id;

    const resolver = props.inboundResolver ? this.createInboundResolver(vpc, props) : undefined;
    this.resolverEndpointId = resolver?.endpoint.id ?? "";
    this.resolverSecurityGroupId = resolver?.securityGroup.id ?? "";
    // ip_address is a set of blocks: a for expression collects their addresses (`[for key, val in ...: val.ip]`).
    this.resolverIps = resolver ? Token.asList(TerraformIterator.fromList(resolver.endpoint.ipAddress).pluckProperty("ip")) : [];
  }

  private nameTags(prefix: string, suffix: string): Record<string, string> {
    return { ...this.tags, Name: `${prefix}-${suffix}` };
  }

  /** Subnets with one route table (the local route only, plus a default route to `natGatewayId` when given). */
  private subnets(
    vpc: Vpc,
    kind: string,
    specs: readonly SubnetSpec[],
    prefix: string,
    label: string,
    natGatewayId?: string,
  ): { subnetIds: string[]; routeTableId: string } {
    if (specs.length === 0) return { subnetIds: [], routeTableId: "" };
    const routeTable = new RouteTable(this, `${kind}RouteTable`, { vpcId: vpc.id, tags: this.nameTags(prefix, label) });
    if (natGatewayId) new Route(this, `${kind}NatRoute`, { routeTableId: routeTable.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId });
    const subnetIds = specs.map((spec, i) => {
      const subnet = new Subnet(this, `${kind}Subnet${i}`, {
        vpcId: vpc.id,
        cidrBlock: spec.cidrBlock,
        availabilityZone: spec.availabilityZone,
        mapPublicIpOnLaunch: false,
        tags: this.nameTags(prefix, `${label}-${spec.availabilityZone}`),
      });
      new RouteTableAssociation(this, `${kind}RouteTableAssociation${i}`, { subnetId: subnet.id, routeTableId: routeTable.id });
      return subnet.id;
    });
    return { subnetIds, routeTableId: routeTable.id };
  }

  /**
   * Runner subnets with egress 443 through one NAT gateway: GitHub (to take jobs), the Databricks account API
   * (`accounts.cloud.databricks.com`, not behind PrivateLink) and AWS APIs. The workspace itself is reached through
   * the front-end endpoint in the same VPC.
   */
  private createRunners(vpc: Vpc, props: WorkspaceFrontEndProps): { subnetIds: string[]; routeTableId: string; securityGroupId: string } {
    const runnerSubnets = props.runnerSubnets ?? [];
    if (runnerSubnets.length === 0) return { subnetIds: [], routeTableId: "", securityGroupId: "" };
    const igw = new InternetGateway(this, "InternetGateway", { vpcId: vpc.id, tags: this.nameTags(props.name, "transit-igw") });
    const publicRouteTable = new RouteTable(this, "NatRouteTable", { vpcId: vpc.id, tags: this.nameTags(props.name, "transit-public") });
    new Route(this, "NatInternetRoute", { routeTableId: publicRouteTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });
    const natSubnet = (props.natSubnets ?? [])[0];
    const subnet = new Subnet(this, "NatSubnet0", {
      vpcId: vpc.id,
      cidrBlock: natSubnet.cidrBlock,
      availabilityZone: natSubnet.availabilityZone,
      // Only the NAT gateway lives here, with its own Elastic IP.
      mapPublicIpOnLaunch: false,
      tags: this.nameTags(props.name, `transit-public-${natSubnet.availabilityZone}`),
    });
    new RouteTableAssociation(this, "NatRouteTableAssociation0", { subnetId: subnet.id, routeTableId: publicRouteTable.id });
    const eip = new Eip(this, "NatEip0", { domain: "vpc", tags: this.nameTags(props.name, "runner-nat") });
    const nat = new NatGateway(this, "NatGateway0", {
      allocationId: eip.id,
      subnetId: subnet.id,
      tags: this.nameTags(props.name, "runner-nat"),
      dependsOn: [igw],
    });

    const sg = new SecurityGroup(this, "RunnerSecurityGroup", {
      name: `${props.name}-ci-runner-sg`,
      description: "CI runners deploying the workspace-level layers: HTTPS out only",
      vpcId: vpc.id,
      tags: this.nameTags(props.name, "ci-runner-sg"),
    });
    new VpcSecurityGroupEgressRule(this, "RunnerEgressHttps", {
      securityGroupId: sg.id,
      description: "CI runner - https to the workspace (front-end endpoint), GitHub, the Databricks account API and AWS APIs",
      ipProtocol: "tcp",
      fromPort: HTTPS_PORT,
      toPort: HTTPS_PORT,
      cidrIpv4: "0.0.0.0/0",
      ...(Object.keys(this.tags).length > 0 ? { tags: this.tags } : {}),
    });
    return { ...this.subnets(vpc, "Runner", runnerSubnets, props.name, "ci-runner", nat.id), securityGroupId: sg.id };
  }

  /** An inbound resolver that on-premises DNS servers forward the Databricks names to (53 from the client ranges). */
  private createInboundResolver(vpc: Vpc, props: WorkspaceFrontEndProps): { endpoint: Route53ResolverEndpoint; securityGroup: SecurityGroup } {
    const sg = new SecurityGroup(this, "ResolverSecurityGroup", {
      name: `${props.name}-dns-resolver-sg`,
      description: "Route 53 Resolver inbound endpoint: DNS from client networks",
      vpcId: vpc.id,
      tags: this.nameTags(props.name, "dns-resolver-sg"),
    });
    (props.clientCidrs ?? []).forEach((cidr, i) => {
      for (const protocol of ["tcp", "udp"] as const) {
        this.allowIngress(sg, `ResolverIngress${protocol === "tcp" ? "Tcp" : "Udp"}${i}`, `DNS from ${cidr}`, protocol, DNS_PORT, cidr);
      }
    });
    const endpoint = new Route53ResolverEndpoint(this, "InboundResolver", {
      name: `${props.name}-databricks-inbound`,
      direction: "INBOUND",
      securityGroupIds: [sg.id],
      ipAddress: this.endpointSubnetIds.map((subnetId) => ({ subnetId })),
      tags: this.nameTags(props.name, "databricks-inbound-resolver"),
    });
    return { endpoint, securityGroup: sg };
  }

  private allowIngress(sg: SecurityGroup, id: string, description: string, ipProtocol: "tcp" | "udp", port: number, cidr: string): void {
    new VpcSecurityGroupIngressRule(this, id, {
      securityGroupId: sg.id,
      description,
      ipProtocol,
      fromPort: port,
      toPort: port,
      cidrIpv4: cidr,
      ...(Object.keys(this.tags).length > 0 ? { tags: this.tags } : {}),
    });
  }
}

const SUBNET_RULES = { minPrefix: 24, maxPrefix: 28, prefixReason: "an endpoint or runner subnet needs few addresses" } as const;

function frontEndPropsProblems(props: WorkspaceFrontEndProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.region) && !databricksEndpointServices(props.region)) {
    problems.push(
      `region: "${props.region}" has no known Databricks PrivateLink endpoint services; supported regions are ${PRIVATE_LINK_REGIONS.join(", ")}`,
    );
  }
  const vpc = Token.isUnresolved(props.cidrBlock) ? undefined : parseCidr(props.cidrBlock);
  if (typeof vpc === "string") problems.push(`cidrBlock: ${vpc}`);
  else if (vpc && (vpc.prefixLength < 16 || vpc.prefixLength > 26))
    problems.push(`cidrBlock: ${props.cidrBlock} has netmask /${vpc.prefixLength}; a VPC is /16 to /26 (a transit VPC needs little: /24 is plenty)`);
  const rules = { ...SUBNET_RULES, vpcCidr: typeof vpc === "string" ? undefined : props.cidrBlock };
  if (props.endpointSubnets.length === 0) problems.push("endpointSubnets: none given; give one subnet per availability zone for the endpoint");
  problems.push(...checkSubnetSpecs("endpointSubnets", props.endpointSubnets, rules));
  problems.push(...checkSubnetSpecs("runnerSubnets", props.runnerSubnets ?? [], rules));
  problems.push(...checkSubnetSpecs("natSubnets", props.natSubnets ?? [], rules));
  const runners = (props.runnerSubnets ?? []).length > 0;
  if (runners && (props.natSubnets ?? []).length === 0)
    problems.push("natSubnets: none given but runnerSubnets are; runners need egress to GitHub and the Databricks account API through a NAT gateway");
  if (!runners && (props.natSubnets ?? []).length > 0) problems.push("natSubnets: given without runnerSubnets; nothing would use the NAT gateway");
  if ((props.clientCidrs ?? []).length === 0 && !runners)
    problems.push("clientCidrs: none given and no runnerSubnets; nobody could reach the workspace through this front end");
  (props.clientCidrs ?? []).forEach((cidr, i) => {
    if (Token.isUnresolved(cidr)) return;
    const parsed = parseCidr(cidr);
    if (typeof parsed === "string") problems.push(`clientCidrs[${i}]: ${parsed}`);
    else if (parsed.prefixLength < 8)
      problems.push(`clientCidrs[${i}]: ${cidr} is wider than /8; name the VPN or Direct Connect ranges, not the internet`);
  });
  if (props.inboundResolver && props.endpointSubnets.length < 2)
    problems.push("inboundResolver: needs at least two endpointSubnets (Route 53 Resolver endpoints take two or more addresses)");
  if (props.inboundResolver && (props.clientCidrs ?? []).length === 0)
    problems.push("inboundResolver: needs clientCidrs (the on-premises DNS servers forwarding to it)");
  return problems;
}
