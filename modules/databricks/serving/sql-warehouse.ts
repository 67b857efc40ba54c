/**
 * A serverless Databricks SQL warehouse (`databricks_sql_endpoint`) and who may use and manage it: what analysts,
 * BI tools (QuickSight) and dashboards query the gold tables through.
 */
import type { Permissions } from "@cdktf/provider-databricks/lib/permissions";
import { SqlEndpoint } from "@cdktf/provider-databricks/lib/sql-endpoint";
import type { TerraformProvider } from "cdktf";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { throwIfInvalidArguments, throwIfInvalidProps } from "../../core/validation";
import { ObjectPermissions } from "../object-permissions";
import { levelGrantProblems, principalListProblems } from "../permission-access";
import type { Principal } from "../principal";

/** Warehouse sizes, smallest first (provider v1.99 docs/resources/sql_endpoint.md, `cluster_size`). */
export const WAREHOUSE_SIZES = ["2X-Small", "X-Small", "Small", "Medium", "Large", "X-Large", "2X-Large", "3X-Large", "4X-Large"] as const;

/** One warehouse size. */
export type WarehouseSize = (typeof WAREHOUSE_SIZES)[number];

/** Release channels: CURRENT is the tested release, PREVIEW gets new SQL features first. */
export const WAREHOUSE_CHANNELS = ["CURRENT", "PREVIEW"] as const;

/** One release channel. */
export type WarehouseChannel = (typeof WAREHOUSE_CHANNELS)[number];

/** How instances are bought (`spot_instance_policy`). */
export const WAREHOUSE_SPOT_POLICIES = ["COST_OPTIMIZED", "RELIABILITY_OPTIMIZED"] as const;

/** One spot instance policy. */
export type WarehouseSpotPolicy = (typeof WAREHOUSE_SPOT_POLICIES)[number];

/**
 * The permission levels of a SQL warehouse this construct grants, lowest first (provider v1.99
 * docs/resources/permissions.md, "SQL warehouse usage"; IS_OWNER is left to the creator).
 * @see https://docs.databricks.com/aws/en/security/auth/access-control#sql-warehouse-acls
 */
export const WAREHOUSE_PERMISSION_LEVELS = ["CAN_VIEW", "CAN_USE", "CAN_MONITOR", "CAN_MANAGE"] as const;

/** One permission level on a SQL warehouse. */
export type WarehousePermissionLevel = (typeof WAREHOUSE_PERMISSION_LEVELS)[number];

/** Most clusters a warehouse may scale to. */
const MAX_CLUSTERS = 40;

/** Properties of {@link SqlWarehouse}. */
export interface SqlWarehouseProps {
  /** The workspace-level Databricks provider. */
  readonly provider: TerraformProvider;
  /** Warehouse name, unique in the workspace (1 to 100 characters). */
  readonly name: string;
  /**
   * Size of each cluster.
   * @default "2X-Small"
   */
  readonly clusterSize?: WarehouseSize;
  /**
   * Fewest clusters while running.
   * @default 1
   */
  readonly minNumClusters?: number;
  /**
   * Most clusters under load (1 to 40).
   * @default 1
   */
  readonly maxNumClusters?: number;
  /**
   * Idle minutes before the warehouse stops; must be positive (0 would never stop it: guardrail DBX-WAREHOUSE-AUTO-STOP).
   * @default 10
   */
  readonly autoStopMinutes?: number;
  /**
   * Release channel.
   * @default "CURRENT"
   */
  readonly channel?: WarehouseChannel;
  /**
   * How instances are bought.
   * @default "COST_OPTIMIZED"
   */
  readonly spotInstancePolicy?: WarehouseSpotPolicy;
  /**
   * Tags on every resource of the warehouse (`tags.custom_tags`), for cost attribution.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Principals that may run queries on the warehouse (CAN_USE): analysts, BI and app service principals.
   * @default - none
   */
  readonly users?: readonly Principal[];
  /**
   * Principals that may edit, stop and delete the warehouse (CAN_MANAGE).
   * @default - none (workspace admins hold CAN_MANAGE)
   */
  readonly managers?: readonly Principal[];
}

/**
 * A serverless SQL warehouse: `enable_serverless_compute` true and `warehouse_type` PRO (what serverless requires),
 * Photon on, an auto-stop that is always positive, and one authoritative `databricks_permissions` for its users and
 * managers (created on the first grant).
 *
 * Serverless warehouses run in Databricks' serverless compute plane: their egress is governed by the workspace's
 * network connectivity configuration and network policy, not by the workspace VPC.
 *
 * @see https://docs.databricks.com/aws/en/compute/sql-warehouse/create
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/sql_endpoint
 * @example
 * const warehouse = new SqlWarehouse(this, "AnalystsWarehouse", {
 *   provider: workspace, name: "acme-prod-analysts", clusterSize: "Small", maxNumClusters: 2,
 *   tags: { project: "acme", environment: "prod" },
 *   users: [groupPrincipal("acme-prod-analysts")], managers: [groupPrincipal("acme-prod-platform-admins")],
 * });
 * // QuickSight: host = workspace host, port 443, sql_endpoint_path = warehouse.httpPath
 */
export class SqlWarehouse extends Construct {
  /** The `databricks_sql_endpoint` resource. */
  public readonly warehouse: SqlEndpoint;
  /** The warehouse id. */
  public readonly warehouseId: string;
  /** The HTTP path JDBC/ODBC clients and QuickSight use: `/sql/1.0/warehouses/<id>` (as `odbc_params.path`). */
  public readonly httpPath: string;
  /** The JDBC connection string (`jdbc_url`), without credentials. */
  public readonly jdbcUrl: string;
  /** Idle minutes before the warehouse stops. */
  public readonly autoStopMinutes: number;
  private readonly access: ObjectPermissions<WarehousePermissionLevel>;

  constructor(scope: Construct, id: string, props: SqlWarehouseProps) {
    super(scope, id);
    throwIfInvalidProps(this, warehouseProblems(props));
    this.autoStopMinutes = props.autoStopMinutes ?? 10;
    const tags = Object.entries(props.tags ?? {});
    this.warehouse = new SqlEndpoint(this, "Warehouse", {
      provider: props.provider,
      name: props.name,
      clusterSize: props.clusterSize ?? "2X-Small",
      minNumClusters: props.minNumClusters ?? 1,
      maxNumClusters: props.maxNumClusters ?? 1,
      autoStopMins: this.autoStopMinutes,
      enableServerlessCompute: true,
      warehouseType: "PRO",
      enablePhoton: true,
      spotInstancePolicy: props.spotInstancePolicy ?? "COST_OPTIMIZED",
      channel: { name: `CHANNEL_NAME_${props.channel ?? "CURRENT"}` },
      ...(tags.length > 0 ? { tags: { customTags: tags.map(([key, value]) => ({ key, value })) } } : {}),
    });
    this.warehouseId = this.warehouse.id;
    // Built from the id rather than read from odbc_params[0].path: the same value, known as soon as the id is.
    this.httpPath = `/sql/1.0/warehouses/${this.warehouse.id}`;
    this.jdbcUrl = this.warehouse.jdbcUrl;
    this.access = new ObjectPermissions(this, "Permissions", {
      provider: props.provider,
      object: { sqlEndpointId: this.warehouse.id },
      ranking: WAREHOUSE_PERMISSION_LEVELS,
    });
    for (const principal of props.users ?? []) this.grant(principal, "CAN_USE");
    for (const principal of props.managers ?? []) this.grant(principal, "CAN_MANAGE");
  }

  /** Grants `level` to `principal` (a principal already holding a higher level keeps it); returns the permissions resource. */
  public grant(principal: Principal, level: WarehousePermissionLevel): Permissions {
    throwIfInvalidArguments(this, levelGrantProblems(principal, level, WAREHOUSE_PERMISSION_LEVELS, "SQL warehouse"));
    return this.access.grant(principal, level);
  }

  /** Lets `principal` run queries on the warehouse (CAN_USE). */
  public grantUse(principal: Principal): Permissions {
    return this.grant(principal, "CAN_USE");
  }

  /** Lets `principal` edit, stop and delete the warehouse (CAN_MANAGE). */
  public grantManage(principal: Principal): Permissions {
    return this.grant(principal, "CAN_MANAGE");
  }

  /** The level `principal` holds here, or undefined. */
  public levelOf(principal: Principal): WarehousePermissionLevel | undefined {
    return this.access.levelOf(principal);
  }

  /** The `databricks_permissions` resource, once something is granted. */
  public get permissions(): Permissions | undefined {
    return this.access.resource;
  }
}

function warehouseProblems(props: SqlWarehouseProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.name) && (props.name.trim().length === 0 || props.name.length > 100)) {
    problems.push(`name: "${props.name}" must be 1 to 100 characters`);
  }
  if (props.clusterSize !== undefined && !WAREHOUSE_SIZES.includes(props.clusterSize)) {
    problems.push(`clusterSize: "${props.clusterSize}" is not a warehouse size; use one of ${WAREHOUSE_SIZES.join(", ")}`);
  }
  const min = props.minNumClusters ?? 1;
  const max = props.maxNumClusters ?? 1;
  const countProblems = [
    ...wholeNumberProblems("minNumClusters", min, 1, MAX_CLUSTERS),
    ...wholeNumberProblems("maxNumClusters", max, 1, MAX_CLUSTERS),
  ];
  problems.push(...countProblems);
  if (countProblems.length === 0 && min > max) problems.push(`minNumClusters: ${min} is above maxNumClusters (${max})`);
  if (props.autoStopMinutes !== undefined) {
    const stop = props.autoStopMinutes;
    if (!Number.isInteger(stop) || stop <= 0) {
      problems.push(`autoStopMinutes: ${stop} is not a positive whole number of minutes; 0 would keep the warehouse running when idle`);
    }
  }
  if (props.channel !== undefined && !WAREHOUSE_CHANNELS.includes(props.channel)) {
    problems.push(`channel: "${props.channel}" is not a channel; use ${WAREHOUSE_CHANNELS.join(" or ")}`);
  }
  if (props.spotInstancePolicy !== undefined && !WAREHOUSE_SPOT_POLICIES.includes(props.spotInstancePolicy)) {
    problems.push(`spotInstancePolicy: "${props.spotInstancePolicy}" is not a spot policy; use ${WAREHOUSE_SPOT_POLICIES.join(" or ")}`);
  }
  for (const [key, value] of Object.entries(props.tags ?? {})) {
    if (key.length === 0 || key.length > 127) problems.push(`tags.${key}: the key must be 1 to 127 characters`);
    if (!Token.isUnresolved(value) && value.length > 255) problems.push(`tags.${key}: the value must be at most 255 characters`);
  }
  problems.push(...principalListProblems({ users: props.users, managers: props.managers }));
  return problems;
}

function wholeNumberProblems(prop: string, value: number, floor: number, ceiling: number): string[] {
  return Number.isInteger(value) && value >= floor && value <= ceiling ? [] : [`${prop}: ${value} is not a whole number from ${floor} to ${ceiling}`];
}
