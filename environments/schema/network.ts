/**
 * The network section: the customer-managed VPC Databricks runs its classic compute in.
 */
import { z } from "zod";
import { availabilityZone, cidrBlock } from "./primitives";

const subnet = z.strictObject({
  /** The subnet's range; must lie inside `network.vpcCidr` and overlap no other subnet. */
  cidr: cidrBlock,
  /** The availability zone, in the environment's region. */
  availabilityZone,
});

export const networkSchema = z.strictObject({
  /** The VPC range. Databricks uses two addresses per node, so size it for the clusters you expect. */
  vpcCidr: cidrBlock,
  /**
   * How clusters reach the Databricks control plane and the internet.
   * - "isolated": no internet gateway or NAT; everything goes through VPC endpoints and PrivateLink (the Security
   *   Reference Architecture's choice; requires `privateLink.enabled`).
   * - "nat": a NAT gateway per public subnet gives clusters internet egress (package repositories, external APIs).
   */
  egress: z.enum(["isolated", "nat"]),
  /** Workspace (cluster) subnets: one per AZ, at least two AZs, each /17 to /25 as Databricks requires. */
  workspaceSubnets: z.array(subnet).min(2, "needs at least two subnets in distinct availability zones"),
  /** Public subnets for the NAT gateways; required with `egress: "nat"`, forbidden with "isolated". */
  publicSubnets: z.array(subnet).default([]),
  /** Back-end PrivateLink: the workspace (REST API) and secure cluster connectivity relay endpoints. */
  privateLink: z.strictObject({
    /** Register PrivateLink endpoints with the workspace so cluster traffic to the control plane stays on AWS's network. */
    enabled: z.boolean(),
    /** Subnets for the interface endpoints (small, e.g. /28), one per AZ; required when enabled. */
    subnets: z.array(subnet).default([]),
  }),
  /**
   * Keep egress to port 3306 for the legacy Hive metastore. Off by default: Unity Catalog replaces it and the
   * Security Reference Architecture blocks it.
   */
  legacyHiveMetastore: z.boolean().default(false),
});

export type NetworkConfig = z.output<typeof networkSchema>;
