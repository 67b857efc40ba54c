/**
 * Unity Catalog privileges, named once, and the bundles the lakehouse grants. Every grant in this library goes
 * through these constants, so a reader sees in one file what "read", "write" and "create models" mean.
 *
 * @see https://docs.databricks.com/aws/en/data-governance/unity-catalog/manage-privileges/privileges
 */

/** The Unity Catalog privileges this library grants (a subset of the API's `Privilege` enum). */
export const Privilege = {
  /** Use a service credential (e.g. the Glue federation's). */
  ACCESS: "ACCESS",
  ALL_PRIVILEGES: "ALL_PRIVILEGES",
  APPLY_TAG: "APPLY_TAG",
  CREATE_EXTERNAL_TABLE: "CREATE_EXTERNAL_TABLE",
  CREATE_EXTERNAL_VOLUME: "CREATE_EXTERNAL_VOLUME",
  CREATE_FOREIGN_CATALOG: "CREATE_FOREIGN_CATALOG",
  CREATE_FUNCTION: "CREATE_FUNCTION",
  CREATE_MANAGED_STORAGE: "CREATE_MANAGED_STORAGE",
  CREATE_MATERIALIZED_VIEW: "CREATE_MATERIALIZED_VIEW",
  CREATE_MODEL: "CREATE_MODEL",
  CREATE_SCHEMA: "CREATE_SCHEMA",
  CREATE_TABLE: "CREATE_TABLE",
  CREATE_VOLUME: "CREATE_VOLUME",
  EXECUTE: "EXECUTE",
  MANAGE: "MANAGE",
  MODIFY: "MODIFY",
  READ_FILES: "READ_FILES",
  READ_VOLUME: "READ_VOLUME",
  REFRESH: "REFRESH",
  SELECT: "SELECT",
  USE_CATALOG: "USE_CATALOG",
  USE_CONNECTION: "USE_CONNECTION",
  USE_SCHEMA: "USE_SCHEMA",
  WRITE_FILES: "WRITE_FILES",
  WRITE_VOLUME: "WRITE_VOLUME",
} as const;

/** One Unity Catalog privilege. */
export type Privilege = (typeof Privilege)[keyof typeof Privilege];

/** Every privilege in {@link Privilege}; grants naming anything else are refused. */
export const ALL_KNOWN_PRIVILEGES: readonly Privilege[] = Object.values(Privilege);

/** Enter a catalog (needed before any schema privilege has effect). */
export const CATALOG_USE: readonly Privilege[] = [Privilege.USE_CATALOG];

/** Read a schema: its tables and views, functions and models, and the files of its volumes. */
export const SCHEMA_READ: readonly Privilege[] = [Privilege.USE_SCHEMA, Privilege.SELECT, Privilege.EXECUTE, Privilege.READ_VOLUME];

/**
 * Write a schema: everything in {@link SCHEMA_READ}, plus create and change tables, materialized views, functions and
 * volumes, and refresh materialized views and streaming tables (what pipelines and engineers need).
 */
export const SCHEMA_WRITE: readonly Privilege[] = [
  ...SCHEMA_READ,
  Privilege.MODIFY,
  Privilege.REFRESH,
  Privilege.CREATE_TABLE,
  Privilege.CREATE_MATERIALIZED_VIEW,
  Privilege.CREATE_FUNCTION,
  Privilege.CREATE_VOLUME,
  Privilege.WRITE_VOLUME,
];

/** Work in a machine-learning schema: read it, register models, and create feature tables and functions. */
export const SCHEMA_CREATE_MODELS: readonly Privilege[] = [
  ...SCHEMA_READ,
  Privilege.CREATE_MODEL,
  Privilege.CREATE_TABLE,
  Privilege.CREATE_FUNCTION,
  Privilege.MODIFY,
];

/** Read files under an external location (e.g. Auto Loader over the landing zone). */
export const LOCATION_READ_FILES: readonly Privilege[] = [Privilege.READ_FILES];

/** Query through a Lakehouse Federation connection. */
export const CONNECTION_USE: readonly Privilege[] = [Privilege.USE_CONNECTION];

/** Read a foreign (federated) catalog: enter it, its schemas, and select from its tables. */
export const FOREIGN_CATALOG_READ: readonly Privilege[] = [Privilege.USE_CATALOG, Privilege.USE_SCHEMA, Privilege.SELECT];

/** Read one system schema (system.access, system.billing, ...). */
export const SYSTEM_SCHEMA_READ: readonly Privilege[] = [Privilege.USE_SCHEMA, Privilege.SELECT];

/** Use a service credential from code (the connection that federates Glue uses it for you). */
export const SERVICE_CREDENTIAL_ACCESS: readonly Privilege[] = [Privilege.ACCESS];

/**
 * Principal names that mean "everyone in the account" in Unity Catalog. The lakehouse grants by group only, so
 * grants to these are refused.
 */
export const ALL_USERS_PRINCIPALS: readonly string[] = ["account users", "users"];

/**
 * Privileges that apply to a metastore: the provider 1.99 `databricks_grants` list, plus CREATE_SERVICE_CREDENTIAL
 * (Databricks' privileges reference lists it on the metastore; the provider passes privileges to the API unchecked).
 * @see https://docs.databricks.com/aws/en/data-governance/unity-catalog/manage-privileges/privileges
 */
export const METASTORE_PRIVILEGES = [
  "CREATE_CATALOG",
  "CREATE_CLEAN_ROOM",
  "CREATE_CONNECTION",
  "CREATE_EXTERNAL_LOCATION",
  "CREATE_PROVIDER",
  "CREATE_RECIPIENT",
  "CREATE_SERVICE_CREDENTIAL",
  "CREATE_SHARE",
  "CREATE_STORAGE_CREDENTIAL",
  "MANAGE_ALLOWLIST",
  "SET_SHARE_PERMISSION",
  "USE_CONNECTION",
  "USE_MARKETPLACE_ASSETS",
  "USE_PROVIDER",
  "USE_RECIPIENT",
  "USE_SHARE",
] as const;

/** One privilege on a metastore. */
export type MetastorePrivilege = (typeof METASTORE_PRIVILEGES)[number];

/**
 * What a workspace sharing the metastore needs to build its own lakehouse in it: catalogs (medallion and foreign),
 * external locations, storage and service credentials, and connections. Nothing that reads others' data, nothing
 * of Delta Sharing.
 */
export const SHARED_METASTORE_PRIVILEGES: readonly MetastorePrivilege[] = [
  "CREATE_CATALOG",
  "CREATE_CONNECTION",
  "CREATE_EXTERNAL_LOCATION",
  "CREATE_SERVICE_CREDENTIAL",
  "CREATE_STORAGE_CREDENTIAL",
];
