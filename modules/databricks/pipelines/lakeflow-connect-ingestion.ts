/**
 * Lakeflow Connect managed ingestion from one source: a Unity Catalog connection holding the source's credentials
 * (by reference), for database sources an ingestion gateway on classic compute, and the serverless ingestion pipeline
 * that writes the source's tables into Unity Catalog as streaming tables.
 */
import { Connection } from "@cdktf/provider-databricks/lib/connection";
import type { Permissions } from "@cdktf/provider-databricks/lib/permissions";
import { Pipeline, type PipelineCluster, type PipelineIngestionDefinitionObjects } from "@cdktf/provider-databricks/lib/pipeline";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { throwIfInvalidProps } from "../../core/validation";
import type { Principal } from "../principal";
import { CONNECTION_USE } from "../unity-catalog/privileges";
import { SecurableGrants, type GrantResult } from "../unity-catalog/securable-grants";
import { PipelinePermissions, grantPipelineAccess, type PipelineAccessProps, type PipelinePermissionLevel } from "./pipeline-permissions";
import { commonPipelineProblems, failureNotifications, runAsOf, ucNameProblem, type PipelineChannel } from "./pipeline-settings";

/** How a source is reached: SaaS sources through the connection, databases through an ingestion gateway. */
export type LakeflowConnectSourceKind = "saas" | "database";

/** What the construct knows about one connection type. */
export interface LakeflowConnectSourceSpec {
  readonly kind: LakeflowConnectSourceKind;
  /** Connection options the type requires. */
  readonly requiredOptions: readonly string[];
  /** The source schema tables are read from when none is given. @default - none: every table names its schema */
  readonly defaultSourceSchema?: string;
}

/**
 * The connection types this construct builds, with the options each requires.
 * - Databases (`host`, `port`, `user`, `password`): provider v1.99 docs/resources/connection.md (the MySQL example) and
 *   the Lakeflow Connect database connectors, which extract through a gateway pipeline
 *   (https://docs.databricks.com/aws/en/ingestion/lakeflow-connect/sql-server-pipeline).
 * - Salesforce (`client_id`, `client_secret`, `refresh_token`): an OAuth connected app; the API refuses a SALESFORCE
 *   connection without `refresh_token` ("CONNECTION_SALESFORCE must include the following option(s): refresh_token",
 *   terraform-provider-databricks#4616), so the token is obtained once out of band and kept in Secrets Manager.
 *   Salesforce objects live in the source schema `objects` (https://docs.databricks.com/aws/en/ingestion/lakeflow-connect/salesforce-pipeline).
 */
export const LAKEFLOW_CONNECT_SOURCES = {
  SALESFORCE: { kind: "saas", requiredOptions: ["client_id", "client_secret", "refresh_token"], defaultSourceSchema: "objects" },
  SQLSERVER: { kind: "database", requiredOptions: ["host", "port", "user", "password"] },
  POSTGRESQL: { kind: "database", requiredOptions: ["host", "port", "user", "password"] },
  MYSQL: { kind: "database", requiredOptions: ["host", "port", "user", "password"] },
} as const satisfies Record<string, LakeflowConnectSourceSpec>;

/** A connection type this construct builds. */
export type LakeflowConnectSourceType = keyof typeof LAKEFLOW_CONNECT_SOURCES;

/** Connection options that hold secrets: they must be references (e.g. {@link ConnectionCredentials}), never literals. */
export const SECRET_CONNECTION_OPTIONS: readonly string[] = [
  "password",
  "client_secret",
  "refresh_token",
  "bearer_token",
  "private_key",
  "pem_private_key",
];

/** History kept in a destination table (`table_configuration.scd_type`). */
export type LakeflowConnectScdType = "SCD_TYPE_1" | "SCD_TYPE_2";

/** One source table to ingest. */
export interface LakeflowConnectTable {
  /**
   * The source catalog (a SQL Server or PostgreSQL database).
   * @default - none
   */
  readonly sourceCatalog?: string;
  /**
   * The source schema (`dbo`, `public`).
   * @default - `objects` for Salesforce; database sources must name it
   */
  readonly sourceSchema?: string;
  /** The source table or Salesforce object (`Account`). */
  readonly sourceTable: string;
  /**
   * The destination table's name in the destination schema.
   * @default - the source table's name in lowercase (how Lakeflow Connect names it)
   */
  readonly destinationTable?: string;
  /**
   * History kept: SCD_TYPE_1 overwrites, SCD_TYPE_2 keeps every version.
   * @default - the connector's default (SCD type 1)
   */
  readonly scdType?: LakeflowConnectScdType;
}

/** Every table of one source schema, present and future. */
export interface LakeflowConnectSchema {
  /**
   * The source catalog (a SQL Server or PostgreSQL database).
   * @default - none
   */
  readonly sourceCatalog?: string;
  /** The source schema. */
  readonly sourceSchema: string;
  /**
   * History kept in every table of the schema.
   * @default - the connector's default (SCD type 1)
   */
  readonly scdType?: LakeflowConnectScdType;
}

/** Properties of {@link LakeflowConnectIngestion}. */
export interface LakeflowConnectIngestionProps extends PipelineAccessProps {
  /** The workspace-level Databricks provider. */
  readonly provider: DatabricksProvider;
  /** The ingestion pipeline's name; the gateway is named `<name>-gateway`. */
  readonly name: string;
  /** The connection's name, unique in the metastore. */
  readonly connectionName: string;
  /** The source's connection type. */
  readonly connectionType: LakeflowConnectSourceType;
  /**
   * The connection's options (see {@link LAKEFLOW_CONNECT_SOURCES} for what each type requires). Secrets
   * ({@link SECRET_CONNECTION_OPTIONS}) must be references, e.g. from {@link ConnectionCredentials}: the synthesized
   * JSON then holds an expression over the Secrets Manager data source, never the value (Terraform state does).
   */
  readonly connectionOptions: Record<string, string>;
  /** The catalog the destination tables are created in. */
  readonly destinationCatalog: string;
  /** The schema the destination tables are created in (a bare name: `bronze`). */
  readonly destinationSchema: string;
  /**
   * Source tables to ingest. Give tables, schemas or both.
   * @default - none
   */
  readonly tables?: LakeflowConnectTable[];
  /**
   * Source schemas to ingest whole (their tables are named at run time, so they are not in `destinationTables`).
   * @default - none
   */
  readonly schemas?: LakeflowConnectSchema[];
  /** Who both pipelines run as: a service principal (application id) or a user; it is granted USE CONNECTION. */
  readonly runAs: Principal;
  /**
   * Runs the ingestion pipeline continuously instead of per triggered update (a job starts updates).
   * @default false
   */
  readonly continuous?: boolean;
  /**
   * Catalog of the gateway's staging volume (database sources).
   * @default - destinationCatalog
   */
  readonly gatewayStorageCatalog?: string;
  /**
   * Schema of the gateway's staging volume (database sources).
   * @default - destinationSchema
   */
  readonly gatewayStorageSchema?: string;
  /**
   * Name of the gateway's staging volume (database sources).
   * @default - `<connectionName>_staging`
   */
  readonly gatewayStorageName?: string;
  /**
   * Cluster policy of the gateway's classic compute: required for database sources, whose gateway runs in the
   * workspace VPC (without a cluster block Databricks picks a default cluster no policy governs). The policy must allow
   * what the gateway needs (Databricks: a Job Compute policy with `cluster_type` fixed to `dlt`).
   * @default - none (SaaS sources have no gateway)
   */
  readonly gatewayPolicyId?: string;
  /**
   * Instance type of the gateway's workers and driver (database sources).
   * @default - the policy's or the workspace's default
   */
  readonly gatewayNodeTypeId?: string;
  /**
   * The gateway's runtime release channel (database sources; the ingestion pipeline is serverless and takes none).
   * @default "CURRENT"
   */
  readonly gatewayChannel?: PipelineChannel;
  /**
   * Addresses e-mailed when an update of either pipeline fails.
   * @default - no notifications
   */
  readonly failureEmailRecipients?: string[];
  /**
   * Tags on the pipelines (at most 25).
   * @default - none
   */
  readonly tags?: Record<string, string>;
  /**
   * Owner of the connection (a group name or service principal application id).
   * @default - the identity that runs Terraform
   */
  readonly connectionOwner?: string;
  /**
   * Comment on the connection.
   * @default - `Lakeflow Connect source <connectionType>`
   */
  readonly comment?: string;
  /**
   * Sets Terraform `prevent_destroy` on both pipelines: deleting the ingestion pipeline drops its destination tables,
   * deleting the gateway its staged change data.
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Resources the connection and pipelines wait for (the destination schema and its grants, the network path).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Managed ingestion from one source into Unity Catalog with Lakeflow Connect.
 *
 * - `Connection`: a `databricks_connection` of the source's type with the given options; secrets must be references.
 *   USE CONNECTION is granted to `runAs` (`ConnectionGrants`).
 * - Database sources only, `Gateway`: a gateway pipeline (`gateway_definition { connection_name,
 *   gateway_storage_catalog, gateway_storage_schema, gateway_storage_name }`) that extracts snapshots and change logs
 *   into a staging volume. `connection_name` rather than `connection_id`: the v1.99 typings make `connection_name`
 *   required, and the provider docs mark `connection_id` "Deprecated ... Use connection_name instead". The platform
 *   requires a gateway to be continuous, on classic compute (serverless false), without Photon, in the ADVANCED
 *   edition, on channel CURRENT or PREVIEW (INGESTION_GATEWAY_PIPELINE_SPEC_VALIDATION_ERROR,
 *   https://docs.databricks.com/aws/en/error-messages/ingestion-gateway-pipeline-spec-validation-error-error-class);
 *   it runs in the workspace VPC, which must reach the database, on one cluster bound to `gatewayPolicyId`.
 * - `Ingestion`: the ingestion pipeline (`ingestion_definition { connection_name | ingestion_gateway_id, objects }`),
 *   serverless, with `catalog` and `schema` set to the destination (the event log's home; the platform rejects a
 *   catalog that differs from the objects' destination, CATALOG_MISMATCH). `channel`, `edition` and `photon` are not
 *   set: managed ingestion runs on serverless compute, which takes no cluster settings.
 * - `databricks_permissions` on each pipeline for viewers, runners and managers.
 *
 * The `runAs` principal also needs USE CATALOG, USE SCHEMA, CREATE TABLE (and, for the gateway, CREATE VOLUME) on the
 * destination; grant them on the schema. Provider v1.99 sends its `edition`/`channel` defaults with every pipeline;
 * newer platform releases refuse them on ingestion pipelines (databricks/cli#5418, terraform-provider-databricks#5783).
 *
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/pipeline
 * @see https://docs.databricks.com/aws/en/ingestion/lakeflow-connect/
 * @example
 * const credentials = new ConnectionCredentials(this, "OrdersDbCredentials", { secretId: "lakehouse/prod/orders-db" });
 * const orders = new LakeflowConnectIngestion(this, "OrdersDb", {
 *   provider: workspace, name: "lakehouse-prod-orders-db", connectionName: "lakehouse_prod_orders_db", connectionType: "SQLSERVER",
 *   connectionOptions: { host: "orders.xxxx.eu-west-1.rds.amazonaws.com", port: "1433", user: credentials.username, password: credentials.password },
 *   destinationCatalog: "lakehouse_prod_main", destinationSchema: "bronze",
 *   tables: [{ sourceCatalog: "orders", sourceSchema: "dbo", sourceTable: "orders", scdType: "SCD_TYPE_1" }],
 *   runAs: servicePrincipal(orchestratorApplicationId), gatewayPolicyId: gatewayPolicy.id,
 *   viewers: [groupPrincipal("lakehouse-prod-engineers")],
 * });
 */
export class LakeflowConnectIngestion extends Construct {
  /** The `databricks_connection` resource. */
  public readonly connection: Connection;
  /** The connection's name (a reference). */
  public readonly connectionName: string;
  /** The gateway pipeline (database sources only). */
  public readonly gatewayPipeline?: Pipeline;
  /** The gateway pipeline's id (database sources only). */
  public readonly gatewayPipelineId?: string;
  /** The ingestion pipeline. */
  public readonly ingestionPipeline: Pipeline;
  /** The ingestion pipeline's id (for job tasks). */
  public readonly ingestionPipelineId: string;
  /** Full names (`catalog.schema.table`) of the tables `tables` creates. */
  public readonly destinationTables: readonly string[];
  /** The ingestion pipeline's access control list. */
  public readonly permissions: PipelinePermissions;
  /** The gateway's access control list (database sources only). */
  public readonly gatewayPermissions?: PipelinePermissions;
  private readonly connectionGrants: SecurableGrants;

  constructor(scope: Construct, id: string, props: LakeflowConnectIngestionProps) {
    super(scope, id);
    throwIfInvalidProps(this, ingestionProblems(props));
    const { provider } = props;
    const source: LakeflowConnectSourceSpec = LAKEFLOW_CONNECT_SOURCES[props.connectionType];
    const dependsOn = props.dependsOn ? { dependsOn: props.dependsOn } : {};
    this.connection = new Connection(this, "Connection", {
      provider,
      name: props.connectionName,
      connectionType: props.connectionType,
      options: props.connectionOptions,
      comment: props.comment ?? `Lakeflow Connect source ${props.connectionType}`,
      ...(props.connectionOwner ? { owner: props.connectionOwner } : {}),
      ...dependsOn,
    });
    this.connectionName = this.connection.name;
    this.connectionGrants = new SecurableGrants(this, "ConnectionGrants", {
      provider,
      securableType: "foreignConnection",
      securableName: this.connectionName,
    });
    const runAsGrant = this.connectionGrants.add(props.runAs, CONNECTION_USE);
    const shared = {
      provider,
      runAs: runAsOf(props.runAs),
      development: false,
      lifecycle: { preventDestroy: props.protect ?? true },
      ...failureNotifications(props.failureEmailRecipients),
      ...(props.tags && Object.keys(props.tags).length > 0 ? { tags: props.tags } : {}),
      // The run_as principal reads the source through the connection: create the pipelines after its grant.
      dependsOn: [...(props.dependsOn ?? []), runAsGrant.resource],
    };
    if (source.kind === "database") {
      this.gatewayPipeline = new Pipeline(this, "Gateway", {
        ...shared,
        name: `${props.name}-gateway`,
        gatewayDefinition: {
          connectionName: this.connectionName,
          gatewayStorageCatalog: props.gatewayStorageCatalog ?? props.destinationCatalog,
          gatewayStorageSchema: props.gatewayStorageSchema ?? props.destinationSchema,
          gatewayStorageName: props.gatewayStorageName ?? `${props.connectionName}_staging`,
        },
        continuous: true,
        serverless: false,
        photon: false,
        edition: "ADVANCED",
        channel: props.gatewayChannel ?? "CURRENT",
        cluster: gatewayCluster(props),
      });
      this.gatewayPipelineId = this.gatewayPipeline.id;
    }
    this.ingestionPipeline = new Pipeline(this, "Ingestion", {
      ...shared,
      name: props.name,
      catalog: props.destinationCatalog,
      schema: props.destinationSchema,
      serverless: true,
      continuous: props.continuous ?? false,
      ingestionDefinition: {
        ...(this.gatewayPipelineId ? { ingestionGatewayId: this.gatewayPipelineId } : { connectionName: this.connectionName }),
        objects: ingestionObjects(props, source),
      },
    });
    this.ingestionPipelineId = this.ingestionPipeline.id;
    this.destinationTables = (props.tables ?? []).map(
      (table) => `${props.destinationCatalog}.${props.destinationSchema}.${destinationTableOf(table)}`,
    );
    this.permissions = new PipelinePermissions(this, "IngestionPermissions", { provider, pipelineId: this.ingestionPipelineId });
    grantPipelineAccess(this.permissions, props);
    if (this.gatewayPipelineId) {
      this.gatewayPermissions = new PipelinePermissions(this, "GatewayPermissions", { provider, pipelineId: this.gatewayPipelineId });
      grantPipelineAccess(this.gatewayPermissions, props);
    }
  }

  /** Lets `principal` use the connection directly (USE CONNECTION), e.g. to create more pipelines over it. */
  public grantUseConnection(principal: Principal): GrantResult {
    return this.connectionGrants.add(principal, CONNECTION_USE);
  }

  /** Lets `principal` see both pipelines, their runs and event logs (CAN_VIEW); returns the resources. */
  public grantView(principal: Principal): Permissions[] {
    return this.grantOnPipelines(principal, "CAN_VIEW");
  }

  /** Lets `principal` start and stop updates of both pipelines (CAN_RUN). */
  public grantRun(principal: Principal): Permissions[] {
    return this.grantOnPipelines(principal, "CAN_RUN");
  }

  /** Lets `principal` edit, delete and share both pipelines (CAN_MANAGE). */
  public grantManage(principal: Principal): Permissions[] {
    return this.grantOnPipelines(principal, "CAN_MANAGE");
  }

  private grantOnPipelines(principal: Principal, level: PipelinePermissionLevel): Permissions[] {
    return [this.permissions, this.gatewayPermissions].flatMap((acl) => (acl ? [acl.grant(principal, level)] : []));
  }
}

/** The destination name of a table: as given, else the source name in lowercase. */
function destinationTableOf(table: LakeflowConnectTable): string {
  return table.destinationTable ?? table.sourceTable.toLowerCase();
}

/** The `objects` of the ingestion definition: one `table` per table, one `schema` per schema. */
function ingestionObjects(props: LakeflowConnectIngestionProps, source: LakeflowConnectSourceSpec): PipelineIngestionDefinitionObjects[] {
  const destination = { destinationCatalog: props.destinationCatalog, destinationSchema: props.destinationSchema };
  const scd = (scdType: LakeflowConnectScdType | undefined) => (scdType ? { tableConfiguration: { scdType } } : {});
  const tables = (props.tables ?? []).map((table) => ({
    table: {
      ...(table.sourceCatalog ? { sourceCatalog: table.sourceCatalog } : {}),
      sourceSchema: table.sourceSchema ?? (source.defaultSourceSchema as string),
      sourceTable: table.sourceTable,
      ...destination,
      ...(table.destinationTable ? { destinationTable: table.destinationTable } : {}),
      ...scd(table.scdType),
    },
  }));
  const schemas = (props.schemas ?? []).map((schema) => ({
    schema: {
      ...(schema.sourceCatalog ? { sourceCatalog: schema.sourceCatalog } : {}),
      sourceSchema: schema.sourceSchema,
      ...destination,
      ...scd(schema.scdType),
    },
  }));
  return [...tables, ...schemas];
}

/** The gateway's one cluster block (label `default`: updates and maintenance), bound to the policy. */
function gatewayCluster(props: LakeflowConnectIngestionProps): PipelineCluster[] {
  return [
    {
      label: "default",
      policyId: props.gatewayPolicyId,
      applyPolicyDefaultValues: true,
      ...(props.gatewayNodeTypeId ? { nodeTypeId: props.gatewayNodeTypeId, driverNodeTypeId: props.gatewayNodeTypeId } : {}),
    },
  ];
}

function ingestionProblems(props: LakeflowConnectIngestionProps): string[] {
  const problems = commonPipelineProblems({ ...props, channel: props.gatewayChannel }, "gatewayChannel");
  const source: LakeflowConnectSourceSpec | undefined = (LAKEFLOW_CONNECT_SOURCES as Record<string, LakeflowConnectSourceSpec>)[props.connectionType];
  if (!source) {
    problems.push(`connectionType: "${props.connectionType}" is not supported; use one of ${Object.keys(LAKEFLOW_CONNECT_SOURCES).join(", ")}`);
  }
  const names: [string, string, string][] = [
    ["connectionName", props.connectionName, "give the connection's name"],
    ["destinationCatalog", props.destinationCatalog, "give the catalog's name"],
    ["destinationSchema", props.destinationSchema, "give the bare schema name (bronze), not catalog.schema"],
  ];
  if (props.gatewayStorageCatalog !== undefined) names.push(["gatewayStorageCatalog", props.gatewayStorageCatalog, "give the catalog's name"]);
  if (props.gatewayStorageSchema !== undefined) names.push(["gatewayStorageSchema", props.gatewayStorageSchema, "give the bare schema name"]);
  if (props.gatewayStorageName !== undefined) names.push(["gatewayStorageName", props.gatewayStorageName, "give a volume name"]);
  problems.push(...names.map(([prop, value, hint]) => ucNameProblem(prop, value, hint)).filter((p): p is string => p !== undefined));
  problems.push(...optionProblems(props, source));
  problems.push(...objectProblems(props, source));
  if (source?.kind === "database" && !props.gatewayPolicyId) {
    problems.push(
      `gatewayPolicyId: not given; a ${props.connectionType} source runs its gateway on classic compute, which a cluster policy must govern`,
    );
  }
  if (source?.kind === "saas") {
    const gatewayProps = [
      "gatewayStorageCatalog",
      "gatewayStorageSchema",
      "gatewayStorageName",
      "gatewayPolicyId",
      "gatewayNodeTypeId",
      "gatewayChannel",
    ] as const;
    for (const prop of gatewayProps) {
      if (props[prop] !== undefined) problems.push(`${prop}: is set, but ${props.connectionType} is a SaaS source without a gateway; remove it`);
    }
  }
  return problems;
}

/** Required options present; secret options references, never literals. */
function optionProblems(props: LakeflowConnectIngestionProps, source: LakeflowConnectSourceSpec | undefined): string[] {
  const problems: string[] = [];
  const options = props.connectionOptions;
  const missing = (source?.requiredOptions ?? []).filter((key) => options[key] === undefined || options[key] === "");
  if (missing.length > 0) problems.push(`connectionOptions: ${props.connectionType} needs ${missing.join(", ")}`);
  for (const key of SECRET_CONNECTION_OPTIONS) {
    const value = options[key];
    if (value !== undefined && !Token.isUnresolved(value)) {
      problems.push(
        `connectionOptions.${key}: is a literal; read it from Secrets Manager (ConnectionCredentials) so it never sits in code or the synthesized JSON`,
      );
    }
  }
  return problems;
}

/** At least one object; tables name their schema where the source has no default; destination names unique. */
function objectProblems(props: LakeflowConnectIngestionProps, source: LakeflowConnectSourceSpec | undefined): string[] {
  const problems: string[] = [];
  const tables = props.tables ?? [];
  if (tables.length === 0 && (props.schemas ?? []).length === 0) problems.push("tables: none given (and no schemas); name what to ingest");
  const seen = new Map<string, number>();
  tables.forEach((table, i) => {
    if (!Token.isUnresolved(table.sourceTable) && table.sourceTable.trim().length === 0) problems.push(`tables[${i}].sourceTable: is empty`);
    if (table.sourceSchema === undefined && source && source.defaultSourceSchema === undefined) {
      problems.push(`tables[${i}].sourceSchema: not given; ${props.connectionType} tables are read from a named schema (dbo, public)`);
    }
    const destination = destinationTableOf(table);
    const nameProblem = ucNameProblem(`tables[${i}].destinationTable`, destination, "name the destination table");
    if (nameProblem) problems.push(nameProblem);
    const earlier = seen.get(destination.toLowerCase());
    if (earlier !== undefined) {
      problems.push(
        `tables[${i}]: destination table "${destination}" is also tables[${earlier}]'s; one pipeline cannot ingest two tables of one name (set destinationTable)`,
      );
    }
    seen.set(destination.toLowerCase(), i);
  });
  (props.schemas ?? []).forEach((schema, i) => {
    if (!Token.isUnresolved(schema.sourceSchema) && schema.sourceSchema.trim().length === 0) problems.push(`schemas[${i}].sourceSchema: is empty`);
  });
  return problems;
}
