/**
 * Value sets the Databricks constructs and the environment schema share. Data only (no provider classes), so the
 * config can be validated without loading any construct.
 */

/** The compliance standards the compliance security profile accepts (Databricks SDK `ComplianceStandard`). */
export const COMPLIANCE_STANDARDS = [
  "CANADA_PROTECTED_B",
  "CYBER_ESSENTIAL_PLUS",
  "FEDRAMP_HIGH",
  "FEDRAMP_IL5",
  "FEDRAMP_MODERATE",
  "HIPAA",
  "HITRUST",
  "IRAP_PROTECTED",
  "ISMAP",
  "ITAR_EAR",
  "K_FSI",
  "NONE",
  "PCI_DSS",
] as const;

/**
 * System schemas that can be enabled: access (audit logs, lineage), compute, lakeflow (jobs and pipelines),
 * marketplace, query (query history), serving, storage (predictive optimization).
 */
export const ENABLEABLE_SYSTEM_SCHEMAS = ["access", "compute", "lakeflow", "marketplace", "query", "serving", "storage"] as const;

/** System schemas that are always on and cannot be enabled or disabled. */
export const ALWAYS_ON_SYSTEM_SCHEMAS = ["billing"] as const;

/** Long-term support runtimes (Databricks Runtime release notes, "LTS"); 16.4 first, so it is a job policy's default. */
export const DEFAULT_LTS_SPARK_VERSIONS: readonly string[] = ["16.4.x-scala2.12", "15.4.x-scala2.12"];

/** Instance types with local NVMe disks (disk cache), supported by Photon: the default of job clusters. */
export const DEFAULT_JOB_NODE_TYPE_IDS: readonly string[] = ["m5d.xlarge", "m5d.2xlarge"];
