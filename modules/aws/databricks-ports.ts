/**
 * The TCP ports a Databricks classic compute plane uses, named once so security groups, tests and
 * guardrails agree on them.
 *
 * @see https://docs.databricks.com/aws/en/security/network/classic/customer-managed-vpc
 * @see databricks/terraform-databricks-sra aws/tf/privatelink.tf, aws/tf/network.tf
 */

/** A TCP port range, both ends included; a single port has `from === to`. */
export interface PortRange {
  /** First port of the range. */
  readonly from: number;
  /** Last port of the range (equal to `from` for a single port). */
  readonly to: number;
}

/** HTTPS: the workspace REST API and web app, S3, STS, Kinesis, and library repositories. */
export const HTTPS_PORT = 443;

/** DNS (TCP and UDP): clients of the private front end's Route 53 Resolver inbound endpoint. */
export const DNS_PORT = 53;

/** Secure cluster connectivity under the compliance security profile (FIPS-validated TLS). */
export const FIPS_SCC_PORT = 2443;

/** Lakebase (managed PostgreSQL) connections from the compute plane. */
export const LAKEBASE_PORT = 5432;

/** Secure cluster connectivity relay when it is reached over PrivateLink. */
export const SCC_RELAY_PORT = 6666;

/** Internal calls from the compute plane to the control plane API. */
export const CONTROL_PLANE_API_PORT = 8443;

/** Unity Catalog logging and lineage data streamed from the compute plane. */
export const UC_LINEAGE_PORT = 8444;

/** Reserved by Databricks for future compute-plane services; opened now so upgrades do not break clusters. */
export const RESERVED_PORT_RANGE: PortRange = { from: 8445, to: 8451 };

/** The legacy Hive metastore (MySQL); only needed while legacy access is not disabled. */
export const LEGACY_HIVE_METASTORE_PORT = 3306;

/** A single port as a range. */
function port(p: number): PortRange {
  return { from: p, to: p };
}

/**
 * The ports the compute plane must reach the control plane on (and the PrivateLink endpoints must
 * accept from it), in the order SRA lists them. The legacy Hive metastore port is not included.
 */
export const DATABRICKS_CONTROL_PLANE_PORTS: readonly PortRange[] = [
  port(HTTPS_PORT),
  port(FIPS_SCC_PORT),
  port(LAKEBASE_PORT),
  port(SCC_RELAY_PORT),
  port(CONTROL_PLANE_API_PORT),
  port(UC_LINEAGE_PORT),
  RESERVED_PORT_RANGE,
];

/** `"443"` or `"8445-8451"`: used in construct ids and rule descriptions. */
export function portRangeLabel(range: PortRange): string {
  return range.from === range.to ? `${range.from}` : `${range.from}-${range.to}`;
}
