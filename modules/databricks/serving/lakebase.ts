/**
 * Lakebase: a managed PostgreSQL instance (`databricks_database_instance`), one of its databases registered in Unity
 * Catalog (`databricks_database_database_catalog`), and tables synced into it from Delta (gold) tables
 * (`databricks_database_synced_database_table`) for applications to read with low latency.
 */
import { DatabaseDatabaseCatalog } from "@cdktf/provider-databricks/lib/database-database-catalog";
import { DatabaseInstance } from "@cdktf/provider-databricks/lib/database-instance";
import { DatabaseSyncedDatabaseTable, type DatabaseSyncedDatabaseTableSpec } from "@cdktf/provider-databricks/lib/database-synced-database-table";
import type { Permissions } from "@cdktf/provider-databricks/lib/permissions";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { throwIfInvalidArguments, throwIfInvalidProps } from "../../core/validation";
import { ObjectPermissions } from "../object-permissions";
import { principalListProblems, principalProblems } from "../permission-access";
import type { Principal } from "../principal";

/** Lakebase compute sizes in capacity units (provider v1.99 docs/resources/database_instance.md: `capacity`). */
export const LAKEBASE_CAPACITIES = ["CU_1", "CU_2", "CU_4", "CU_8"] as const;

/** One Lakebase compute size. */
export type LakebaseCapacity = (typeof LAKEBASE_CAPACITIES)[number];

/**
 * How a synced table's pipeline runs (1.99 `spec.scheduling_policy`): SNAPSHOT copies the whole table on each run,
 * TRIGGERED applies the source's changes (change data feed) when run, CONTINUOUS streams them.
 * @see https://docs.databricks.com/aws/en/oltp/sync-data/sync-table
 */
export const SYNC_SCHEDULING_POLICIES = ["SNAPSHOT", "TRIGGERED", "CONTINUOUS"] as const;

/** One synced-table scheduling policy. */
export type SyncSchedulingPolicy = (typeof SYNC_SCHEDULING_POLICIES)[number];

/** Permission levels on a database instance (1.99 permissions.md, "Lakebase Database Instances usage"), lowest first. */
export type LakebasePermissionLevel = "CAN_USE" | "CAN_MANAGE";

const LAKEBASE_PERMISSION_LEVELS: readonly LakebasePermissionLevel[] = ["CAN_USE", "CAN_MANAGE"];

/** The PostgreSQL port clients connect to (TLS); a network that filters egress must allow it to the instance. */
export const LAKEBASE_POSTGRES_PORT = 5432;

/** One Delta table to serve from Postgres. */
export interface LakebaseSyncedTable {
  /** Three-part name of the source Delta table, e.g. `lakehouse_prod.gold.daily_revenue`. */
  readonly sourceTableFullName: string;
  /** Columns that identify a row in Postgres (inserts and updates are keyed on them); at least one. */
  readonly primaryKeyColumns: readonly string[];
  /**
   * The table's name in the database catalog.
   * @default - the source table's name (its last part)
   */
  readonly tableName?: string;
  /**
   * The Postgres schema (and Unity Catalog schema of the database catalog) the table goes to.
   * @default "public"
   */
  readonly schemaName?: string;
  /**
   * How the sync pipeline runs. TRIGGERED and CONTINUOUS need change data feed on the source table.
   * @default "TRIGGERED"
   */
  readonly schedulingPolicy?: SyncSchedulingPolicy;
  /**
   * Column that breaks ties between rows with the same primary key (the latest wins).
   * @default - none
   */
  readonly timeseriesKey?: string;
}

/** Properties of {@link LakebaseDatabase}. */
export interface LakebaseDatabaseProps {
  /** The workspace-level Databricks provider. */
  readonly provider: DatabricksProvider;
  /** Instance name, unique in the workspace (lowercase letters, digits and hyphens, at most 63 characters). */
  readonly instanceName: string;
  /**
   * Compute size of each node.
   * @default "CU_1"
   */
  readonly capacity?: LakebaseCapacity;
  /**
   * Nodes: 1 primary plus standbys. Two or more give high availability (a standby in another availability zone takes
   * over on failure).
   * @default 1
   */
  readonly nodeCount?: number;
  /**
   * Let the standbys serve read-only traffic (`read_only_dns`); needs nodeCount of 2 or more.
   * @default false
   */
  readonly enableReadableSecondaries?: boolean;
  /**
   * Days of history kept for point-in-time restore and child instances (2 to 35).
   * @default 7
   */
  readonly retentionWindowInDays?: number;
  /**
   * Tags on the instance (`custom_tags`), for cost attribution.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
  /** Name of the Unity Catalog catalog that registers the Postgres database (lowercase letters, digits, `_`). */
  readonly catalogName: string;
  /**
   * The Postgres database the catalog registers; created if it does not exist.
   * @default "databricks_postgres"
   */
  readonly databaseName?: string;
  /**
   * Delta tables to sync into the catalog. Tables of one scheduling policy share one pipeline (bin packing): the
   * first creates it, the others join it.
   * @default - none
   */
  readonly syncedTables?: readonly LakebaseSyncedTable[];
  /**
   * Standard catalog where the sync pipelines keep checkpoints and event logs (required with syncedTables: a
   * database catalog cannot hold Delta tables).
   * @default - none; required when syncedTables is not empty
   */
  readonly pipelineStorageCatalog?: string;
  /**
   * Schema of pipelineStorageCatalog for the pipelines' intermediate files.
   * @default - none; required when syncedTables is not empty
   */
  readonly pipelineStorageSchema?: string;
  /**
   * Principals that may create synced tables and database catalogs on the instance (`CAN_USE`).
   * @default - none
   */
  readonly users?: readonly Principal[];
  /**
   * Principals that may change and delete the instance (`CAN_MANAGE`).
   * @default - none (workspace admins and the creator)
   */
  readonly managers?: readonly Principal[];
  /**
   * Keep the instance and its catalog from being destroyed (`lifecycle.prevent_destroy`); `purge_on_delete` stays
   * false either way.
   * @default true
   */
  readonly protect?: boolean;
}

/**
 * A Lakebase database instance, its Unity Catalog catalog, synced tables and who may use it.
 *
 * The instance is created running (`stopped` false) with `purge_on_delete` false (a deleted instance can still be
 * restored within its retention window) and, like its catalog, by default protected from destroy. The catalog registers
 * `databaseName` in Unity Catalog and creates it in Postgres if missing. Each synced table is created in the catalog
 * (`<catalog>.<schema>.<table>`) with its primary key; the Postgres schema is created when missing. Tables of the same
 * scheduling policy are bin packed into one pipeline: the first table of a policy gets `new_pipeline_spec`, the
 * others `existing_pipeline_id` pointing at its pipeline (1.99 docs, "bin packing them into a single pipeline").
 *
 * `databricks_permissions` (`database_instance_name`) is authoritative: this construct owns the one resource on the
 * instance, created on the first grant. Applications read the tables over PostgreSQL on
 * {@link LAKEBASE_POSTGRES_PORT} at {@link LakebaseDatabase.readWriteDns}.
 *
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/database_instance
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/database_database_catalog
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/database_synced_database_table
 * @example
 * const lakebase = new LakebaseDatabase(this, "Lakebase", {
 *   provider: workspace,
 *   instanceName: "lakehouse-prod-app",
 *   capacity: "CU_2",
 *   nodeCount: 2,
 *   catalogName: "lakehouse_prod_app",
 *   syncedTables: [{ sourceTableFullName: "lakehouse_prod.gold.customer_order_summary", primaryKeyColumns: ["customer_id"] }],
 *   pipelineStorageCatalog: "lakehouse_prod",
 *   pipelineStorageSchema: "gold",
 *   users: [groupPrincipal("lakehouse-prod-engineers")],
 * });
 */
export class LakebaseDatabase extends Construct {
  /** The `databricks_database_instance`. */
  public readonly instance: DatabaseInstance;
  /** The instance name (a reference: users wait for the instance). */
  public readonly instanceName: string;
  /** DNS name of the primary for read-write connections (`read_write_dns`). */
  public readonly readWriteDns: string;
  /** The `databricks_database_database_catalog`. */
  public readonly catalog: DatabaseDatabaseCatalog;
  /** The Unity Catalog catalog name (a reference to the catalog resource). */
  public readonly catalogName: string;
  /** The Postgres database the catalog registers. */
  public readonly databaseName: string;
  /** The synced tables, by full name in the catalog. */
  public readonly syncedTables: Readonly<Record<string, DatabaseSyncedDatabaseTable>>;
  /** Full names (`<catalog>.<schema>.<table>`) of the synced tables, in the order given. */
  public readonly syncedTableNames: readonly string[];
  /**
   * The sync pipeline of each scheduling policy in use (synced tables of one policy share one pipeline), by policy.
   * SNAPSHOT and TRIGGERED pipelines sync only when started: a job's pipeline task on this id refreshes them
   * (1.99 database_synced_database_table.md, "customizes the pipeline schedule").
   */
  public readonly syncPipelineIds: Readonly<Partial<Record<SyncSchedulingPolicy, string>>>;
  private readonly access: ObjectPermissions<LakebasePermissionLevel>;

  constructor(scope: Construct, id: string, props: LakebaseDatabaseProps) {
    super(scope, id);
    throwIfInvalidProps(this, lakebaseProblems(props));
    this.databaseName = props.databaseName ?? "databricks_postgres";
    this.instance = new DatabaseInstance(this, "Instance", {
      provider: props.provider,
      name: props.instanceName,
      capacity: props.capacity ?? "CU_1",
      nodeCount: props.nodeCount ?? 1,
      enableReadableSecondaries: props.enableReadableSecondaries ?? false,
      retentionWindowInDays: props.retentionWindowInDays ?? 7,
      stopped: false,
      // A purged instance cannot be restored; without purge it stays recoverable for the retention window.
      purgeOnDelete: false,
      ...(props.tags && Object.keys(props.tags).length > 0 ? { customTags: Object.entries(props.tags).map(([key, value]) => ({ key, value })) } : {}),
      lifecycle: { preventDestroy: props.protect ?? true },
    });
    this.instanceName = this.instance.name;
    this.readWriteDns = this.instance.readWriteDns;
    this.catalog = new DatabaseDatabaseCatalog(this, "Catalog", {
      provider: props.provider,
      name: props.catalogName,
      databaseInstanceName: this.instance.name,
      databaseName: this.databaseName,
      createDatabaseIfNotExists: true,
      // Applications and the app read through it; removing it would break them.
      lifecycle: { preventDestroy: props.protect ?? true },
    });
    this.catalogName = this.catalog.name;
    const { tables, pipelineIds } = this.createSyncedTables(props);
    this.syncedTables = tables;
    this.syncedTableNames = Object.keys(tables);
    this.syncPipelineIds = pipelineIds;
    this.access = new ObjectPermissions(this, "Permissions", {
      provider: props.provider,
      object: { databaseInstanceName: this.instance.name },
      ranking: LAKEBASE_PERMISSION_LEVELS,
    });
    for (const principal of props.users ?? []) this.grant(principal, "CAN_USE");
    for (const principal of props.managers ?? []) this.grant(principal, "CAN_MANAGE");
  }

  /** Lets `principal` create synced tables and catalogs on the instance (`CAN_USE`); returns the permissions resource. */
  public grantUse(principal: Principal): Permissions {
    return this.grant(principal, "CAN_USE");
  }

  /** Grants `level` on the instance (a principal already holding CAN_MANAGE keeps it); returns the permissions resource. */
  public grant(principal: Principal, level: LakebasePermissionLevel): Permissions {
    throwIfInvalidArguments(this, principalProblems("principal", principal));
    return this.access.grant(principal, level);
  }

  /** The `databricks_permissions` resource, once something is granted. */
  public get permissions(): Permissions | undefined {
    return this.access.resource;
  }

  private createSyncedTables(props: LakebaseDatabaseProps): {
    tables: Record<string, DatabaseSyncedDatabaseTable>;
    pipelineIds: Partial<Record<SyncSchedulingPolicy, string>>;
  } {
    const tables: Record<string, DatabaseSyncedDatabaseTable> = {};
    const firstOfPolicy = new Map<SyncSchedulingPolicy, DatabaseSyncedDatabaseTable>();
    for (const table of props.syncedTables ?? []) {
      const fullName = syncedTableFullName(props.catalogName, table);
      const policy = table.schedulingPolicy ?? "TRIGGERED";
      const first = firstOfPolicy.get(policy);
      const spec: DatabaseSyncedDatabaseTableSpec = {
        sourceTableFullName: table.sourceTableFullName,
        primaryKeyColumns: [...table.primaryKeyColumns],
        schedulingPolicy: policy,
        createDatabaseObjectsIfMissing: true,
        ...(table.timeseriesKey ? { timeseriesKey: table.timeseriesKey } : {}),
        ...(first
          ? { existingPipelineId: first.dataSynchronizationStatus.pipelineId }
          : { newPipelineSpec: { storageCatalog: props.pipelineStorageCatalog, storageSchema: props.pipelineStorageSchema } }),
      };
      // In a database catalog the instance and logical database are inferred from the catalog (1.99 docs).
      const resource = new DatabaseSyncedDatabaseTable(this, `Synced-${fullName.split(".").slice(1).join("-")}`, {
        provider: props.provider,
        name: fullName,
        spec,
        dependsOn: [this.catalog],
      });
      if (!first) firstOfPolicy.set(policy, resource);
      tables[fullName] = resource;
    }
    const pipelineIds = Object.fromEntries([...firstOfPolicy].map(([policy, table]) => [policy, table.dataSynchronizationStatus.pipelineId]));
    return { tables, pipelineIds };
  }
}

/** `<catalog>.<schema>.<table>` of a synced table. */
function syncedTableFullName(catalogName: string, table: LakebaseSyncedTable): string {
  const tableName = table.tableName ?? table.sourceTableFullName.split(".").pop() ?? "";
  return `${catalogName}.${table.schemaName ?? "public"}.${tableName}`;
}

const INSTANCE_NAME = /^[a-z][a-z0-9-]{0,62}$/;
const UC_NAME = /^[a-z0-9_]{1,255}$/;
const PG_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const THREE_PART_NAME = /^[^.\s]+\.[^.\s]+\.[^.\s]+$/;

function lakebaseProblems(props: LakebaseDatabaseProps): string[] {
  const problems: string[] = [];
  const check = (prop: string, value: string | undefined, pattern: RegExp, what: string) => {
    if (value !== undefined && !Token.isUnresolved(value) && !pattern.test(value)) problems.push(`${prop}: "${value}" ${what}`);
  };
  check("instanceName", props.instanceName, INSTANCE_NAME, "must start with a letter and hold at most 63 lowercase letters, digits and hyphens");
  check("catalogName", props.catalogName, UC_NAME, "must be lowercase letters, digits and underscores");
  check("databaseName", props.databaseName, PG_IDENTIFIER, "is not a lowercase Postgres identifier (letters, digits, _; at most 63)");
  if (props.capacity !== undefined && !LAKEBASE_CAPACITIES.includes(props.capacity)) {
    problems.push(`capacity: "${props.capacity}" is not a Lakebase size; use one of ${LAKEBASE_CAPACITIES.join(", ")}`);
  }
  const nodeCount = props.nodeCount ?? 1;
  if (!Number.isInteger(nodeCount) || nodeCount < 1 || nodeCount > 3) problems.push(`nodeCount: ${nodeCount} is not a whole number from 1 to 3`);
  if (props.enableReadableSecondaries && nodeCount < 2) {
    problems.push("enableReadableSecondaries: true needs a secondary to read from; set nodeCount to 2 or more");
  }
  const retention = props.retentionWindowInDays ?? 7;
  if (!Number.isInteger(retention) || retention < 2 || retention > 35) {
    problems.push(`retentionWindowInDays: ${retention} is not a whole number of days from 2 to 35`);
  }
  problems.push(...syncedTablesProblems(props));
  problems.push(...principalListProblems({ users: props.users, managers: props.managers }));
  return problems;
}

function syncedTablesProblems(props: LakebaseDatabaseProps): string[] {
  const tables = props.syncedTables ?? [];
  const problems: string[] = [];
  if (tables.length > 0) {
    if (!props.pipelineStorageCatalog)
      problems.push("pipelineStorageCatalog: not set; synced tables need a standard catalog for their pipelines' files");
    if (!props.pipelineStorageSchema) problems.push("pipelineStorageSchema: not set; synced tables need a schema for their pipelines' files");
  }
  const seen = new Map<string, number>();
  tables.forEach((table, i) => {
    const at = `syncedTables[${i}]`;
    const source = table.sourceTableFullName;
    if (!Token.isUnresolved(source) && !THREE_PART_NAME.test(source)) {
      problems.push(`${at}.sourceTableFullName: "${source}" is not a three-part name <catalog>.<schema>.<table>`);
    }
    if (table.primaryKeyColumns.length === 0) problems.push(`${at}.primaryKeyColumns: none given; a synced table needs a primary key`);
    const duplicates = table.primaryKeyColumns.filter((c, j) => table.primaryKeyColumns.indexOf(c) !== j);
    if (duplicates.length > 0) problems.push(`${at}.primaryKeyColumns: ${duplicates.join(", ")} given more than once`);
    if (table.schedulingPolicy !== undefined && !SYNC_SCHEDULING_POLICIES.includes(table.schedulingPolicy)) {
      problems.push(`${at}.schedulingPolicy: "${table.schedulingPolicy}" is not one of ${SYNC_SCHEDULING_POLICIES.join(", ")}`);
    }
    if (table.tableName !== undefined && !PG_IDENTIFIER.test(table.tableName)) {
      problems.push(`${at}.tableName: "${table.tableName}" is not a lowercase Postgres identifier (letters, digits, _; at most 63)`);
    }
    if (table.schemaName !== undefined && !PG_IDENTIFIER.test(table.schemaName)) {
      problems.push(`${at}.schemaName: "${table.schemaName}" is not a lowercase Postgres identifier (letters, digits, _; at most 63)`);
    }
    const fullName = syncedTableFullName(props.catalogName, table);
    const earlier = seen.get(fullName);
    if (earlier !== undefined) problems.push(`${at}: syncs to ${fullName} like syncedTables[${earlier}]; give one of them another tableName`);
    else seen.set(fullName, i);
  });
  return problems;
}
