/**
 * Size limits of IPv4 blocks that AWS and Databricks enforce when a VPC or subnet is created. Data only (no provider
 * classes), so config validation checks the same limits as the constructs, before anything is built.
 */

/** An inclusive range of prefix lengths (netmasks). */
export interface PrefixRange {
  readonly min: number;
  readonly max: number;
}

/** AWS: a VPC's or subnet's IPv4 block is /16 to /28 (Amazon VPC User Guide, "VPC CIDR blocks"). */
export const AWS_CIDR_PREFIX: PrefixRange = { min: 16, max: 28 };

/** Databricks: workspace (cluster) subnets are /17 to /25 (customer-managed VPC requirements). */
export const WORKSPACE_SUBNET_PREFIX: PrefixRange = { min: 17, max: 25 };
