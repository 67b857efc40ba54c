/**
 * A customer-managed VPC for a Databricks workspace's classic compute plane.
 */
import { cidrContains, parseCidr, type Ipv4Range } from "../core/cidr";
import { DataAwsPrefixList } from "@cdktf/provider-aws/lib/data-aws-prefix-list";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { AWS_CIDR_PREFIX, WORKSPACE_SUBNET_PREFIX } from "./network-limits";
import { DATABRICKS_CONTROL_PLANE_PORTS, HTTPS_PORT, LEGACY_HIVE_METASTORE_PORT, PortRange, portRangeLabel } from "./databricks-ports";
import { throwIfInvalidProps } from "../core/validation";

/** A subnet to create: its range and its availability zone. */
export interface SubnetSpec {
  /** IPv4 range of the subnet, inside the VPC range, e.g. `"10.0.0.0/22"`. */
  readonly cidrBlock: string;
  /** Availability zone name, e.g. `"us-east-1a"`. */
  readonly availabilityZone: string;
}

/** How workspace subnets reach the Databricks control plane. */
export type DatabricksVpcEgress = "nat" | "isolated";

/** VPC flow log settings. */
export interface DatabricksVpcFlowLogs {
  /** ARN of the S3 bucket, with an optional prefix, that receives the logs, e.g. `"arn:aws:s3:::logs/vpc-flow-logs/"`. */
  readonly destinationArn: string;
  /**
   * Which traffic to log.
   * @default "ALL"
   */
  readonly trafficType?: "ACCEPT" | "REJECT" | "ALL";
  /**
   * Longest time a flow is aggregated before it is written: 60 or 600 seconds.
   * @default 600
   */
  readonly maxAggregationIntervalSeconds?: 60 | 600;
}

/** Props of {@link DatabricksVpc}. */
export interface DatabricksVpcProps {
  /** Prefix of every `Name` tag and security group name, e.g. `"lakehouse-prod"`. */
  readonly name: string;
  /** IPv4 range of the VPC (netmask /16 to /28), e.g. `"10.0.0.0/18"`. */
  readonly cidrBlock: string;
  /**
   * The private subnets the workspace's clusters run in: at least two availability zones, at most
   * one subnet per zone, netmask /17 to /25 (Databricks' limits; each node uses two addresses).
   */
  readonly workspaceSubnets: SubnetSpec[];
  /**
   * `"isolated"`: no internet path at all; the control plane, S3, STS and Kinesis are reached through
   * VPC endpoints (PrivateLink). `"nat"`: workspace subnets route to the internet through one NAT
   * gateway per public subnet.
   * @default "isolated"
   */
  readonly egress?: DatabricksVpcEgress;
  /**
   * Public subnets for the NAT gateways (one NAT gateway each, at most one per zone). Required with
   * `egress: "nat"`, refused otherwise.
   * @default - none (isolated)
   */
  readonly publicSubnets?: SubnetSpec[];
  /**
   * Opens egress TCP 3306 for the legacy Hive metastore. Leave off when legacy access is disabled,
   * as the reference architecture does.
   * @default false
   */
  readonly allowLegacyHiveMetastore?: boolean;
  /** Where the VPC flow logs go. Flow logs are mandatory. */
  readonly flowLogs: DatabricksVpcFlowLogs;
  /**
   * AWS region of the VPC; names the S3 prefix list used in isolated mode.
   * @default - the AWS provider's region (a `data.aws_region` lookup)
   */
  readonly region?: string;
  /**
   * Tags added to every resource (the `Name` tag is set by the construct).
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

const ALL_PORTS: PortRange = { from: 0, to: 65535 };

/**
 * A VPC ready for a Databricks workspace: private workspace subnets in two or more zones, a workspace
 * security group with the rules Databricks requires and nothing more, the default security group
 * stripped of rules, and flow logs to S3.
 *
 * In the default `"isolated"` mode there is no internet gateway, NAT gateway or public address:
 * add {@link VpcEndpoints} and {@link PrivateLinkEndpoints} for the control plane and AWS services.
 *
 * @see https://docs.databricks.com/aws/en/security/network/classic/customer-managed-vpc
 * @example
 * const vpc = new DatabricksVpc(this, "Network", {
 *   name: "lakehouse-prod",
 *   cidrBlock: "10.0.0.0/18",
 *   workspaceSubnets: [
 *     { cidrBlock: "10.0.0.0/22", availabilityZone: "us-east-1a" },
 *     { cidrBlock: "10.0.4.0/22", availabilityZone: "us-east-1b" },
 *   ],
 *   flowLogs: { destinationArn: "arn:aws:s3:::acme-logs/vpc-flow-logs/" },
 * });
 */
export class DatabricksVpc extends Construct {
  /** The VPC. */
  public readonly vpc: Vpc;
  /** The VPC id. */
  public readonly vpcId: string;
  /** The VPC's IPv4 range, as given. */
  public readonly vpcCidrBlock: string;
  /** Ids of the workspace subnets, in the order given. */
  public readonly workspaceSubnetIds: string[];
  /** Ids of the workspace route tables, one per workspace subnet, in the same order. */
  public readonly routeTableIds: string[];
  /** Id of the workspace security group (register it with the Databricks network configuration). */
  public readonly securityGroupId: string;
  /** Availability zones of the workspace subnets, in the order given. */
  public readonly availabilityZones: string[];

  private readonly tags: Record<string, string>;
  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: DatabricksVpcProps) {
    super(scope, id);
    throwIfInvalidProps(this, databricksVpcPropsProblems(props));

    const egress = props.egress ?? "isolated";
    this.prefix = props.name;
    this.tags = { ...(props.tags ?? {}) };
    this.vpcCidrBlock = props.cidrBlock;
    this.availabilityZones = props.workspaceSubnets.map((s) => s.availabilityZone);

    this.vpc = new Vpc(this, "Vpc", {
      cidrBlock: props.cidrBlock,
      // PrivateLink and interface endpoints with private DNS need both.
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: this.nameTags("vpc"),
    });
    this.vpcId = this.vpc.id;

    // CIS AWS 5.4: the default security group allows nothing, so nothing can use it by accident.
    new DefaultSecurityGroup(this, "DefaultSecurityGroup", {
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: this.nameTags("default-sg-unused"),
    });

    const natGateways = egress === "nat" ? this.createNatEgress(props.publicSubnets ?? []) : [];
    const subnets = this.createWorkspaceSubnets(props.workspaceSubnets, natGateways);
    this.workspaceSubnetIds = subnets.subnetIds;
    this.routeTableIds = subnets.routeTableIds;

    const sg = new SecurityGroup(this, "WorkspaceSecurityGroup", {
      name: `${this.prefix}-workspace-sg`,
      description: "Databricks workspace compute plane: intra-cluster traffic and egress to the control plane",
      vpcId: this.vpc.id,
      tags: this.nameTags("workspace-sg"),
    });
    this.securityGroupId = sg.id;
    this.createWorkspaceRules(props, egress);

    new FlowLog(this, "FlowLog", {
      vpcId: this.vpc.id,
      logDestinationType: "s3",
      logDestination: props.flowLogs.destinationArn,
      trafficType: props.flowLogs.trafficType ?? "ALL",
      maxAggregationInterval: props.flowLogs.maxAggregationIntervalSeconds ?? 600,
      tags: this.nameTags("flow-log"),
    });
  }

  private nameTags(suffix: string): Record<string, string> {
    return { ...this.tags, Name: `${this.prefix}-${suffix}` };
  }

  /** Internet gateway, public subnets and route table, and one NAT gateway (with its EIP) per public subnet. */
  private createNatEgress(publicSubnets: SubnetSpec[]): { gateway: NatGateway; availabilityZone: string }[] {
    const igw = new InternetGateway(this, "InternetGateway", { vpcId: this.vpc.id, tags: this.nameTags("igw") });
    const publicRouteTable = new RouteTable(this, "PublicRouteTable", { vpcId: this.vpc.id, tags: this.nameTags("public") });
    new Route(this, "PublicInternetRoute", {
      routeTableId: publicRouteTable.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: igw.id,
    });
    return publicSubnets.map((spec, i) => {
      const subnet = new Subnet(this, `PublicSubnet${i}`, {
        vpcId: this.vpc.id,
        cidrBlock: spec.cidrBlock,
        availabilityZone: spec.availabilityZone,
        // Only the NAT gateway lives here, with its own Elastic IP; nothing else gets a public address.
        mapPublicIpOnLaunch: false,
        tags: this.nameTags(`public-${spec.availabilityZone}`),
      });
      new RouteTableAssociation(this, `PublicRouteTableAssociation${i}`, { subnetId: subnet.id, routeTableId: publicRouteTable.id });
      const eip = new Eip(this, `NatEip${i}`, { domain: "vpc", tags: this.nameTags(`nat-${spec.availabilityZone}`) });
      const gateway = new NatGateway(this, `NatGateway${i}`, {
        allocationId: eip.id,
        subnetId: subnet.id,
        tags: this.nameTags(`nat-${spec.availabilityZone}`),
        // A NAT gateway only works once the VPC has its internet gateway.
        dependsOn: [igw],
      });
      return { gateway, availabilityZone: spec.availabilityZone };
    });
  }

  /** One private subnet and one route table per workspace subnet; a default route to a NAT gateway in "nat" mode. */
  private createWorkspaceSubnets(
    specs: SubnetSpec[],
    natGateways: { gateway: NatGateway; availabilityZone: string }[],
  ): { subnetIds: string[]; routeTableIds: string[] } {
    const subnetIds: string[] = [];
    const routeTableIds: string[] = [];
    specs.forEach((spec, i) => {
      const subnet = new Subnet(this, `WorkspaceSubnet${i}`, {
        vpcId: this.vpc.id,
        cidrBlock: spec.cidrBlock,
        availabilityZone: spec.availabilityZone,
        mapPublicIpOnLaunch: false,
        tags: this.nameTags(`workspace-${spec.availabilityZone}`),
      });
      const routeTable = new RouteTable(this, `WorkspaceRouteTable${i}`, {
        vpcId: this.vpc.id,
        tags: this.nameTags(`workspace-${spec.availabilityZone}`),
      });
      new RouteTableAssociation(this, `WorkspaceRouteTableAssociation${i}`, { subnetId: subnet.id, routeTableId: routeTable.id });
      if (natGateways.length > 0) {
        // Same-zone NAT keeps traffic in the zone (no cross-AZ charges, no shared failure); else the first.
        const nat = natGateways.find((n) => n.availabilityZone === spec.availabilityZone) ?? natGateways[0];
        new Route(this, `WorkspaceNatRoute${i}`, {
          routeTableId: routeTable.id,
          destinationCidrBlock: "0.0.0.0/0",
          natGatewayId: nat.gateway.id,
        });
      }
      subnetIds.push(subnet.id);
      routeTableIds.push(routeTable.id);
    });
    return { subnetIds, routeTableIds };
  }

  /**
   * Databricks' required rules as separate rule resources (no inline rules, so nothing fights over
   * them): all TCP/UDP within the group, and egress to the control plane ports. In "nat" mode the
   * control plane is on the internet; in "isolated" mode it and every AWS service are behind
   * endpoints inside the VPC, plus S3 through its gateway prefix list.
   */
  private createWorkspaceRules(props: DatabricksVpcProps, egress: DatabricksVpcEgress): void {
    for (const protocol of ["tcp", "udp"] as const) {
      const suffix = protocol === "tcp" ? "Tcp" : "Udp";
      new VpcSecurityGroupIngressRule(this, `IngressSelf${suffix}`, {
        ...this.ruleBase(`Databricks - intra-cluster ${protocol} within the workspace security group`, protocol, ALL_PORTS),
        referencedSecurityGroupId: this.securityGroupId,
      });
      new VpcSecurityGroupEgressRule(this, `EgressSelf${suffix}`, {
        ...this.ruleBase(`Databricks - intra-cluster ${protocol} within the workspace security group`, protocol, ALL_PORTS),
        referencedSecurityGroupId: this.securityGroupId,
      });
    }

    const destination = egress === "nat" ? "0.0.0.0/0" : props.cidrBlock;
    const ports = [...DATABRICKS_CONTROL_PLANE_PORTS];
    if (props.allowLegacyHiveMetastore === true) {
      ports.push({ from: LEGACY_HIVE_METASTORE_PORT, to: LEGACY_HIVE_METASTORE_PORT });
    }
    for (const range of ports) {
      new VpcSecurityGroupEgressRule(this, `EgressTcp${portRangeLabel(range)}`, {
        ...this.ruleBase(`Databricks - control plane tcp ${portRangeLabel(range)}`, "tcp", range),
        cidrIpv4: destination,
      });
    }

    if (egress === "isolated") {
      const region = props.region ?? new DataAwsRegion(this, "Region").region;
      const s3PrefixList = new DataAwsPrefixList(this, "S3PrefixList", { name: `com.amazonaws.${region}.s3` });
      new VpcSecurityGroupEgressRule(this, "EgressS3Tcp443", {
        ...this.ruleBase("Databricks - S3 through the gateway endpoint", "tcp", { from: HTTPS_PORT, to: HTTPS_PORT }),
        prefixListId: s3PrefixList.id,
      });
    }
  }

  private ruleBase(description: string, ipProtocol: "tcp" | "udp", range: PortRange) {
    return {
      securityGroupId: this.securityGroupId,
      description,
      ipProtocol,
      fromPort: range.from,
      toPort: range.to,
      ...(Object.keys(this.tags).length > 0 ? { tags: this.tags } : {}),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Validation helpers (shared with PrivateLinkEndpoints)
// ---------------------------------------------------------------------------------------------

/** Limits for {@link checkSubnetSpecs}. */
export interface SubnetSpecRules {
  /** Smallest allowed prefix length (largest subnet). */
  readonly minPrefix: number;
  /** Largest allowed prefix length (smallest subnet). */
  readonly maxPrefix: number;
  /** Why the limits exist, appended to netmask errors. */
  readonly prefixReason: string;
  /**
   * The VPC range the subnets must lie in.
   * @default - containment is not checked
   */
  readonly vpcCidr?: string;
}

/**
 * Problems with a list of subnets: CIDR syntax, netmask range, containment in the VPC, and more
 * than one subnet per availability zone. Unresolved tokens are skipped.
 */
export function checkSubnetSpecs(prop: string, specs: readonly SubnetSpec[], rules: SubnetSpecRules): string[] {
  const problems: string[] = [];
  const parsedVpc = rules.vpcCidr && !Token.isUnresolved(rules.vpcCidr) ? parseCidr(rules.vpcCidr) : undefined;
  const vpc = typeof parsedVpc === "string" ? undefined : parsedVpc;
  const zoneOwner = new Map<string, number>();
  specs.forEach((spec, i) => {
    problems.push(...checkSubnetCidr(`${prop}[${i}].cidrBlock`, spec.cidrBlock, rules, vpc));
    const az = spec.availabilityZone;
    if (Token.isUnresolved(az)) return;
    const first = zoneOwner.get(az);
    if (first !== undefined) {
      problems.push(`${prop}[${i}].availabilityZone: ${az} is already used by ${prop}[${first}]; use at most one subnet per availability zone`);
    } else {
      zoneOwner.set(az, i);
    }
  });
  return problems;
}

function checkSubnetCidr(path: string, cidr: string, rules: SubnetSpecRules, vpc: Ipv4Range | undefined): string[] {
  if (Token.isUnresolved(cidr)) return [];
  const parsed = parseCidr(cidr);
  if (typeof parsed === "string") return [`${path}: ${parsed}`];
  if (parsed.prefixLength < rules.minPrefix || parsed.prefixLength > rules.maxPrefix) {
    return [`${path}: ${cidr} has netmask /${parsed.prefixLength}; allowed are /${rules.minPrefix} to /${rules.maxPrefix} (${rules.prefixReason})`];
  }
  if (vpc && !cidrContains(vpc, parsed)) {
    return [`${path}: ${cidr} is outside the VPC range ${rules.vpcCidr}; choose a range inside it`];
  }
  return [];
}

const S3_ARN = /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/;

/** Every problem with {@link DatabricksVpcProps}. */
function databricksVpcPropsProblems(props: DatabricksVpcProps): string[] {
  return [
    ...checkName(props.name),
    ...checkVpcCidr(props.cidrBlock),
    ...checkWorkspaceSubnets(props),
    ...checkEgress(props),
    ...checkFlowLogs(props.flowLogs),
  ];
}

function checkName(name: string): string[] {
  if (Token.isUnresolved(name) || /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/.test(name)) return [];
  return [`name: "${name}" must be 1-63 letters, digits or hyphens, starting with a letter or digit`];
}

function checkVpcCidr(cidr: string): string[] {
  if (Token.isUnresolved(cidr)) return [];
  const parsed = parseCidr(cidr);
  if (typeof parsed === "string") return [`cidrBlock: ${parsed}`];
  if (parsed.prefixLength < AWS_CIDR_PREFIX.min || parsed.prefixLength > AWS_CIDR_PREFIX.max) {
    return [`cidrBlock: ${cidr} has netmask /${parsed.prefixLength}; AWS allows /${AWS_CIDR_PREFIX.min} to /${AWS_CIDR_PREFIX.max} for a VPC`];
  }
  return [];
}

function checkWorkspaceSubnets(props: DatabricksVpcProps): string[] {
  const specs = props.workspaceSubnets;
  const problems = checkSubnetSpecs("workspaceSubnets", specs, {
    minPrefix: WORKSPACE_SUBNET_PREFIX.min,
    maxPrefix: WORKSPACE_SUBNET_PREFIX.max,
    prefixReason: "Databricks workspace subnet limits",
    vpcCidr: props.cidrBlock,
  });
  const zones = new Set(specs.map((s) => s.availabilityZone));
  const anyZoneToken = specs.some((s) => Token.isUnresolved(s.availabilityZone));
  if (specs.length < 2 || (!anyZoneToken && zones.size < 2)) {
    const got = specs.length === 0 ? "none" : [...zones].join(", ");
    problems.push(`workspaceSubnets: availability zones ${got}; Databricks needs subnets in at least two distinct availability zones`);
  }
  return problems;
}

function checkEgress(props: DatabricksVpcProps): string[] {
  const egress: string = props.egress ?? "isolated";
  const publicSubnets = props.publicSubnets ?? [];
  if (egress !== "nat" && egress !== "isolated") {
    return [`egress: "${egress}" is not allowed; use "isolated" (VPC endpoints only) or "nat"`];
  }
  if (egress === "isolated") {
    return publicSubnets.length > 0
      ? [`publicSubnets: ${publicSubnets.length} given but egress is "isolated", which has no internet path; remove them or set egress: "nat"`]
      : [];
  }
  if (publicSubnets.length === 0) {
    return [`publicSubnets: none given but egress is "nat"; give one public subnet per availability zone that should have a NAT gateway`];
  }
  return checkSubnetSpecs("publicSubnets", publicSubnets, {
    minPrefix: AWS_CIDR_PREFIX.min,
    maxPrefix: AWS_CIDR_PREFIX.max,
    prefixReason: "AWS subnet limits",
    vpcCidr: props.cidrBlock,
  });
}

function checkFlowLogs(flowLogs: DatabricksVpcFlowLogs): string[] {
  const problems: string[] = [];
  const arn = flowLogs.destinationArn;
  if (!Token.isUnresolved(arn) && !S3_ARN.test(arn)) {
    problems.push(`flowLogs.destinationArn: "${arn}" is not an S3 bucket ARN; use "arn:aws:s3:::<bucket>/<prefix>/"`);
  }
  const traffic: string = flowLogs.trafficType ?? "ALL";
  if (!["ACCEPT", "REJECT", "ALL"].includes(traffic)) {
    problems.push(`flowLogs.trafficType: "${traffic}" is not allowed; use "ALL", "ACCEPT" or "REJECT"`);
  }
  const interval: number = flowLogs.maxAggregationIntervalSeconds ?? 600;
  if (interval !== 60 && interval !== 600) {
    problems.push(`flowLogs.maxAggregationIntervalSeconds: ${interval} is not allowed; AWS accepts 60 or 600`);
  }
  return problems;
}
