/**
 * The network concern: the customer-managed VPC for Databricks classic compute, its VPC endpoints, and the
 * PrivateLink endpoints when configured.
 */
import { DatabricksVpc } from "../../modules/aws/databricks-vpc";
import { PrivateLinkEndpoints } from "../../modules/aws/private-link-endpoints";
import { VpcEndpoints } from "../../modules/aws/vpc-endpoints";
import { WorkspaceFrontEnd } from "../../modules/aws/workspace-front-end";
import type { LayerStack } from "../shared/layer-stack";
import { FLOW_LOGS_PREFIX, type Buckets } from "./buckets";

/** The VPC's endpoints. */
export interface Endpoints {
  /** The Databricks PrivateLink endpoints; only with PrivateLink. */
  readonly privateLink?: PrivateLinkEndpoints;
  /** The S3 gateway, STS and Kinesis endpoints. */
  readonly service: VpcEndpoints;
  /** Where the interface endpoints sit: the PrivateLink subnets when there are some, else beside the clusters. */
  readonly endpointSubnetIds: string[];
}

export function createVpc(stack: LayerStack, buckets: Buckets): DatabricksVpc {
  const { network, aws } = stack.config;
  const subnets = (list: readonly { cidr: string; availabilityZone: string }[]) =>
    list.map((s) => ({ cidrBlock: s.cidr, availabilityZone: s.availabilityZone }));
  return new DatabricksVpc(stack, "Vpc", {
    name: stack.naming.name("vpc"),
    cidrBlock: network.vpcCidr,
    region: aws.region,
    egress: network.egress,
    workspaceSubnets: subnets(network.workspaceSubnets),
    publicSubnets: subnets(network.publicSubnets),
    allowLegacyHiveMetastore: network.legacyHiveMetastore,
    flowLogs: { destinationArn: `${buckets.logs.bucketArn}/${FLOW_LOGS_PREFIX}` },
  });
}

export function createEndpoints(stack: LayerStack, vpc: DatabricksVpc): Endpoints {
  const { network, aws } = stack.config;
  const privateLink = network.privateLink.enabled
    ? new PrivateLinkEndpoints(stack, "PrivateLink", {
        vpcId: vpc.vpcId,
        region: aws.region,
        workspaceSecurityGroupId: vpc.securityGroupId,
        subnets: network.privateLink.subnets.map((s) => ({ cidrBlock: s.cidr, availabilityZone: s.availabilityZone })),
        name: stack.naming.name("privatelink"),
      })
    : undefined;
  const endpointSubnetIds = privateLink ? privateLink.subnetIds : vpc.workspaceSubnetIds;
  const service = new VpcEndpoints(stack, "Endpoints", {
    vpcId: vpc.vpcId,
    region: aws.region,
    accountId: aws.accountId,
    routeTableIds: vpc.routeTableIds,
    subnetIds: endpointSubnetIds,
    workspaceSecurityGroupId: vpc.securityGroupId,
    // DMS reads its source credentials from Secrets Manager from inside the VPC (ingestion layer).
    secretsManager: stack.config.ingestion.dms.sources.length > 0,
    // The serving layer's publish job writes DynamoDB tables from inside the VPC.
    dynamodb: stack.config.serving.dynamodb.tables.length > 0,
    name: stack.naming.name("endpoints"),
  });
  return { ...(privateLink ? { privateLink } : {}), service, endpointSubnetIds };
}

/**
 * The private front end (transit VPC, front-end endpoint, runner subnets, inbound resolver) when configured: how
 * people and CI reach a workspace whose public access is off.
 */
export function createFrontEnd(stack: LayerStack, buckets: Buckets): WorkspaceFrontEnd | undefined {
  const { network, aws } = stack.config;
  const frontEnd = network.frontEnd;
  if (!frontEnd) return undefined;
  const subnets = (list: readonly { cidr: string; availabilityZone: string }[]) =>
    list.map((s) => ({ cidrBlock: s.cidr, availabilityZone: s.availabilityZone }));
  return new WorkspaceFrontEnd(stack, "FrontEnd", {
    name: stack.naming.name("front-end"),
    region: aws.region,
    cidrBlock: frontEnd.vpcCidr,
    endpointSubnets: subnets(frontEnd.endpointSubnets),
    clientCidrs: frontEnd.clientCidrs,
    runnerSubnets: subnets(frontEnd.runnerSubnets),
    natSubnets: subnets(frontEnd.natSubnets),
    inboundResolver: frontEnd.inboundResolver,
    flowLogs: { destinationArn: `${buckets.logs.bucketArn}/${FLOW_LOGS_PREFIX}` },
  });
}
