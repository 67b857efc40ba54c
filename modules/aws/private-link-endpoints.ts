/**
 * The Databricks back-end PrivateLink interface endpoints: workspace REST API and SCC relay.
 */
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { AWS_CIDR_PREFIX } from "./network-limits";
import { databricksEndpointServices, DatabricksEndpointServices, PRIVATE_LINK_REGIONS } from "./databricks-endpoint-services";
import { DATABRICKS_CONTROL_PLANE_PORTS, portRangeLabel } from "./databricks-ports";
import { checkSubnetSpecs, SubnetSpec } from "./databricks-vpc";
import { throwIfInvalidProps } from "../core/validation";

/** Props of {@link PrivateLinkEndpoints}. */
export interface PrivateLinkEndpointsProps {
  /** The VPC to put the endpoints in. */
  readonly vpcId: string;
  /**
   * AWS region of the VPC, as a literal: it selects the Databricks endpoint services. One of
   * `PRIVATE_LINK_REGIONS`.
   */
  readonly region: string;
  /** The workspace security group: the only source allowed to reach the endpoints. */
  readonly workspaceSecurityGroupId: string;
  /**
   * Dedicated subnets to create for the endpoints (at most one per availability zone, netmask /16 to
   * /28; SRA uses /26), sharing one route table with only the local route. Give either `subnets` or
   * `subnetIds`.
   * @default - none; `subnetIds` must be given
   */
  readonly subnets?: SubnetSpec[];
  /**
   * Existing subnets for the endpoints (at most one per availability zone). Give either `subnets` or
   * `subnetIds`.
   * @default - none; `subnets` must be given
   */
  readonly subnetIds?: string[];
  /**
   * The VPC's IPv4 range; when given, `subnets` are checked to lie inside it.
   * @default - not checked
   */
  readonly vpcCidrBlock?: string;
  /**
   * Prefix of `Name` tags and of the security group name.
   * @default "databricks"
   */
  readonly name?: string;
  /**
   * Tags added to every resource (the `Name` tag is set by the construct).
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/**
 * The Databricks back-end PrivateLink endpoints of a customer-managed VPC: one interface endpoint for
 * the workspace REST API and one for the secure cluster connectivity relay, with private DNS, in
 * their own subnets and security group. The group accepts exactly the Databricks ports
 * (443, 2443, 5432, 6666, 8443, 8444, 8445-8451) from the workspace security group.
 *
 * Register the endpoint ids with `databricks_mws_vpc_endpoint` (account level) and list them in the
 * workspace's network configuration (`rest_api` and `dataplane_relay`).
 *
 * @see https://docs.databricks.com/aws/en/security/network/classic/privatelink
 * @example
 * const privateLink = new PrivateLinkEndpoints(this, "PrivateLink", {
 *   vpcId: vpc.vpcId,
 *   region: "us-east-1",
 *   workspaceSecurityGroupId: vpc.securityGroupId,
 *   subnets: [
 *     { cidrBlock: "10.0.32.0/26", availabilityZone: "us-east-1a" },
 *     { cidrBlock: "10.0.32.64/26", availabilityZone: "us-east-1b" },
 *   ],
 * });
 */
export class PrivateLinkEndpoints extends Construct {
  /** AWS id (`vpce-...`) of the workspace REST API endpoint. */
  public readonly workspaceEndpointId: string;
  /** AWS id (`vpce-...`) of the secure cluster connectivity relay endpoint. */
  public readonly relayEndpointId: string;
  /** Id of the endpoints' security group. */
  public readonly securityGroupId: string;
  /** Ids of the endpoints' subnets (created or given). */
  public readonly subnetIds: string[];

  constructor(scope: Construct, id: string, props: PrivateLinkEndpointsProps) {
    super(scope, id);
    throwIfInvalidProps(this, privateLinkEndpointsPropsProblems(props));

    // Validation guarantees the region is in the table.
    const services = databricksEndpointServices(props.region) as DatabricksEndpointServices;
    const name = props.name ?? "databricks";
    const tags = props.tags ?? {};
    const nameTags = (suffix: string) => ({ ...tags, Name: `${name}-${suffix}` });
    const ruleTags = Object.keys(tags).length > 0 ? { tags } : {};

    this.subnetIds = props.subnets ? this.createSubnets(props.vpcId, props.subnets, nameTags) : [...(props.subnetIds ?? [])];

    const sg = new SecurityGroup(this, "SecurityGroup", {
      name: `${name}-privatelink-sg`,
      description: "Databricks back-end PrivateLink endpoints: Databricks ports from the workspace security group",
      vpcId: props.vpcId,
      tags: nameTags("privatelink-sg"),
    });
    this.securityGroupId = sg.id;
    for (const range of DATABRICKS_CONTROL_PLANE_PORTS) {
      new VpcSecurityGroupIngressRule(this, `IngressTcp${portRangeLabel(range)}`, {
        securityGroupId: sg.id,
        description: `Databricks - tcp ${portRangeLabel(range)} from the workspace security group`,
        ipProtocol: "tcp",
        fromPort: range.from,
        toPort: range.to,
        referencedSecurityGroupId: props.workspaceSecurityGroupId,
        ...ruleTags,
      });
    }
    // Endpoints only answer (security groups are stateful); this keeps anything else from leaving the ENIs.
    new VpcSecurityGroupEgressRule(this, "EgressTcpToWorkspace", {
      securityGroupId: sg.id,
      description: "Databricks - tcp to the workspace security group only",
      ipProtocol: "tcp",
      fromPort: 0,
      toPort: 65535,
      referencedSecurityGroupId: props.workspaceSecurityGroupId,
      ...ruleTags,
    });

    const endpoint = (constructId: string, serviceName: string, suffix: string) =>
      new VpcEndpoint(this, constructId, {
        vpcId: props.vpcId,
        serviceName,
        vpcEndpointType: "Interface",
        subnetIds: this.subnetIds,
        securityGroupIds: [sg.id],
        // Clusters resolve the regional Databricks host names to these endpoints.
        privateDnsEnabled: true,
        tags: nameTags(suffix),
      });
    this.workspaceEndpointId = endpoint("WorkspaceEndpoint", services.workspace, "databricks-workspace-vpce").id;
    this.relayEndpointId = endpoint("RelayEndpoint", services.relay, "databricks-relay-vpce").id;
  }

  /** Subnets with one shared route table holding only the local route: the endpoints need nothing else. */
  private createSubnets(vpcId: string, specs: SubnetSpec[], nameTags: (suffix: string) => Record<string, string>): string[] {
    const routeTable = new RouteTable(this, "RouteTable", { vpcId, tags: nameTags("privatelink") });
    return specs.map((spec, i) => {
      const subnet = new Subnet(this, `Subnet${i}`, {
        vpcId,
        cidrBlock: spec.cidrBlock,
        availabilityZone: spec.availabilityZone,
        mapPublicIpOnLaunch: false,
        tags: nameTags(`privatelink-${spec.availabilityZone}`),
      });
      new RouteTableAssociation(this, `RouteTableAssociation${i}`, { subnetId: subnet.id, routeTableId: routeTable.id });
      return subnet.id;
    });
  }
}

function privateLinkEndpointsPropsProblems(props: PrivateLinkEndpointsProps): string[] {
  const problems: string[] = [];
  const supported = PRIVATE_LINK_REGIONS.join(", ");
  if (Token.isUnresolved(props.region)) {
    problems.push(
      `region: an unresolved value was given; give the region as a literal (one of ${supported}) because it selects the endpoint services`,
    );
  } else if (!databricksEndpointServices(props.region)) {
    problems.push(`region: "${props.region}" has no known Databricks PrivateLink endpoint services; supported regions are ${supported}`);
  }
  const hasSubnets = props.subnets !== undefined;
  const hasSubnetIds = props.subnetIds !== undefined;
  if (hasSubnets === hasSubnetIds) {
    problems.push(
      `subnets / subnetIds: ${hasSubnets ? "both" : "neither"} given; give exactly one (subnets to create them, subnetIds to use existing ones)`,
    );
  } else if (hasSubnets) {
    problems.push(...checkSubnets(props.subnets ?? [], props.vpcCidrBlock));
  } else if ((props.subnetIds ?? []).length === 0) {
    problems.push("subnetIds: none given; give at least one subnet");
  }
  return problems;
}

function checkSubnets(subnets: SubnetSpec[], vpcCidrBlock: string | undefined): string[] {
  if (subnets.length === 0) return ["subnets: none given; give at least one subnet (two or more zones for availability)"];
  return checkSubnetSpecs("subnets", subnets, {
    minPrefix: AWS_CIDR_PREFIX.min,
    maxPrefix: AWS_CIDR_PREFIX.max,
    prefixReason: "AWS subnet limits",
    ...(vpcCidrBlock !== undefined ? { vpcCidr: vpcCidrBlock } : {}),
  });
}
