/**
 * The network section: the customer-managed VPC Databricks runs its classic compute in. Cross-field rules (ranges
 * inside the VPC, no overlaps, one subnet per zone, egress and PrivateLink together) are in ../rules/network.ts.
 */
import { z } from "zod";
import { availabilityZone, cidrBlock } from "./primitives";

const subnet = z.strictObject({
  cidr: cidrBlock.meta({ description: "The subnet's IPv4 range; it must lie inside network.vpcCidr and overlap no other subnet." }),
  availabilityZone: availabilityZone.meta({
    description: "The subnet's availability zone, in aws.region (like us-east-1a); one subnet of each kind per zone.",
  }),
});

const transitSubnet = z.strictObject({
  cidr: cidrBlock.meta({ description: "The subnet's IPv4 range: inside network.frontEnd.vpcCidr, overlapping no other subnet, /24 to /28." }),
  availabilityZone: availabilityZone.meta({
    description: "The subnet's availability zone, in aws.region (like us-east-1a); one subnet of each kind per zone.",
  }),
});

/** The private front end: how people and CI reach a workspace whose public access is off. */
const frontEnd = z.strictObject({
  vpcCidr: cidrBlock.meta({
    description:
      "The transit VPC's IPv4 range (/16 to /26; /24 is plenty): apart from network.vpcCidr and from every network routed to it (VPN, Direct Connect).",
  }),
  endpointSubnets: z
    .array(transitSubnet)
    .min(1, "needs at least one subnet for the front-end endpoint")
    .meta({ description: "Subnets of the front-end PrivateLink endpoint (and of the inbound DNS resolver), one per availability zone." }),
  clientCidrs: z.array(cidrBlock).default([]).meta({
    description:
      "VPN or Direct Connect ranges of the people who use the workspace: the only networks (with the runner subnets) the endpoint admits on 443. Connect them to the transit VPC with a transit gateway or virtual private gateway (docs/deploying.md, Private front end).",
  }),
  runnerSubnets: z.array(transitSubnet).default([]).meta({
    description:
      "Subnets for the CI runners that deploy the workspace-level layers (self-hosted GitHub Actions runners): they reach the workspace through the endpoint and GitHub, the Databricks account API and AWS APIs through a NAT gateway in natSubnets.",
  }),
  natSubnets: z.array(transitSubnet).default([]).meta({
    description:
      "One public subnet for the runners' NAT gateway: required with runnerSubnets, refused without them. Only the NAT gateway lives there.",
  }),
  inboundResolver: z.boolean().default(false).meta({
    description:
      "Create a Route 53 Resolver inbound endpoint, so on-premises DNS servers can forward cloud.databricks.com to the transit VPC and get the endpoint's private addresses. Needs two endpoint subnets and clientCidrs.",
  }),
});

export const networkSchema = z.strictObject({
  vpcCidr: cidrBlock.meta({
    description: "The VPC's IPv4 range. Databricks uses two addresses per cluster node, so size it for the clusters you expect.",
  }),
  egress: z.enum(["isolated", "nat"]).meta({
    description:
      'How clusters reach the Databricks control plane and the internet. "isolated": no internet gateway or NAT in the workspace VPC (the transit VPC of network.frontEnd is apart); everything goes through VPC endpoints and PrivateLink (the Security Reference Architecture\'s choice; requires privateLink.enabled). "nat": a NAT gateway per public subnet gives clusters internet egress (package repositories, external APIs).',
  }),
  workspaceSubnets: z
    .array(subnet)
    .min(2, "needs at least two subnets in distinct availability zones")
    .meta({ description: "Workspace (cluster) subnets: one per availability zone, at least two zones, each /17 to /25 as Databricks requires." }),
  publicSubnets: z
    .array(subnet)
    .default([])
    .meta({ description: 'Public subnets for the NAT gateways: required with egress "nat" (at least one), refused with egress "isolated".' }),
  privateLink: z
    .strictObject({
      enabled: z.boolean().meta({
        description:
          'Register back-end PrivateLink endpoints with the workspace, so cluster traffic to the control plane stays on AWS\'s network. Required by egress "isolated" and by production; Databricks offers it in some regions only.',
      }),
      subnets: z.array(subnet).default([]).meta({
        description: "Subnets for the interface endpoints (small, e.g. /28), one per availability zone: at least one when enabled, none when not.",
      }),
    })
    .meta({ description: "Back-end PrivateLink: the workspace (REST API) and secure cluster connectivity relay endpoints, in their own subnets." }),
  frontEnd: frontEnd.optional().meta({
    description:
      "The private front end (front-end PrivateLink in a transit VPC): required when PrivateLink is on and workspace.privateAccess.publicAccessEnabled is false, since nothing else reaches the workspace then. Omitted: no front end.",
  }),
  legacyHiveMetastore: z.boolean().default(false).meta({
    description:
      "Keep egress to port 3306 open for the legacy Hive metastore. Off by default: Unity Catalog replaces it and the Security Reference Architecture blocks it. On needs unityCatalog.workspaceSecurity.disableLegacyAccess set to false.",
  }),
});

export type NetworkConfig = z.output<typeof networkSchema>;
