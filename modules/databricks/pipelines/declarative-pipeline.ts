/**
 * A Lakeflow Declarative Pipeline (`databricks_pipeline`) on serverless compute with Photon, publishing into Unity
 * Catalog, its SQL and Python sources uploaded from the repository, run as a service principal.
 */
import type { Permissions } from "@cdktf/provider-databricks/lib/permissions";
import { Pipeline, type PipelineLibrary } from "@cdktf/provider-databricks/lib/pipeline";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { throwIfInvalidProps } from "../../core/validation";
import type { Principal } from "../principal";
import { PipelinePermissions, grantPipelineAccess, type PipelineAccessProps } from "./pipeline-permissions";
import { commonPipelineProblems, failureNotifications, runAsOf, ucNameProblem, type PipelineChannel } from "./pipeline-settings";
import { WorkspaceSourceFiles } from "./workspace-source-files";

/** Properties of {@link DeclarativePipeline}. */
export interface DeclarativePipelineProps extends PipelineAccessProps {
  /** The workspace-level Databricks provider. */
  readonly provider: DatabricksProvider;
  /** The pipeline's name, unique in the workspace. */
  readonly name: string;
  /** The default Unity Catalog catalog the pipeline reads from and publishes to. */
  readonly catalog: string;
  /**
   * The default schema, a bare name (`bronze`): tables the code names without a schema are published here. The
   * pipeline uses direct publishing mode (`schema`, not the legacy `target` and its `LIVE` virtual schema), so code
   * may publish to any schema by fully qualified name.
   */
  readonly schema: string;
  /**
   * Publishes the pipeline's event log as a Unity Catalog table of this name in `catalog`.`schema` (`event_log`, 1.99
   * pipeline.md), so whoever may read the schema can query updates and their outcome, e.g. when the last update
   * completed (https://docs.databricks.com/aws/en/ldp/monitor-event-logs). Without it the log is a hidden table only
   * the pipeline's owner can query.
   * @default - not published
   */
  readonly eventLogTable?: string;
  /** Absolute local directory the source files are read from (the repository's `pipelines/` folder). */
  readonly sourceRoot: string;
  /** The pipeline's SQL and Python files, relative to `sourceRoot` (`orders/bronze.sql`), in the order listed. */
  readonly sourceFiles: readonly string[];
  /** Absolute workspace folder the sources are uploaded to (see {@link WorkspaceSourceFiles}). */
  readonly workspaceFolder: string;
  /** Who the pipeline runs as: a service principal (by application id) or a user; never a group. */
  readonly runAs: Principal;
  /**
   * Pipeline configuration, read by the code (`${key}` in SQL, `spark.conf.get(key)` in Python).
   * @default - none
   */
  readonly configuration?: Record<string, string>;
  /**
   * The runtime release channel.
   * @default "CURRENT"
   */
  readonly channel?: PipelineChannel;
  /**
   * Runs continuously instead of per triggered update (a job or schedule starts updates).
   * @default false
   */
  readonly continuous?: boolean;
  /**
   * Development mode (compute kept running between updates, no retries); for development workspaces only.
   * @default false
   */
  readonly development?: boolean;
  /**
   * Addresses e-mailed when an update fails (retryable or fatal) or a flow fails.
   * @default - no notifications
   */
  readonly failureEmailRecipients?: string[];
  /**
   * Tags on the pipeline, forwarded to its compute (at most 25).
   * @default - none
   */
  readonly tags?: Record<string, string>;
  /**
   * The pipeline's root folder: where the UI opens its sources, and a `sys.path` entry for Python imports.
   * @default - workspaceFolder
   */
  readonly rootPath?: string;
  /**
   * Sets Terraform `prevent_destroy` on the pipeline: deleting a Unity Catalog pipeline drops every table it
   * defined (`DELETE /api/2.0/pipelines/{id}` cascades by default).
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Resources the pipeline waits for (the schemas and grants it publishes with).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A serverless Lakeflow Declarative Pipeline over source files from the repository.
 *
 * - Sources: the files are uploaded by a {@link WorkspaceSourceFiles} (child `Sources`), and each is a
 *   `library { file { path } }` referencing its upload, so the pipeline waits for the files and an edit redeploys.
 *   Workspace files may hold SQL or Python ("You can use notebooks and workspace files when specifying source code for
 *   a pipeline", Databricks: Develop Lakeflow Declarative Pipelines). One `file` library per file is chosen over
 *   `glob { include = "<folder>/**" }` (v1.99 docs: glob "cannot be used together with notebook or file"): the
 *   pipeline runs exactly the files Terraform uploaded, never a stray file someone put in the folder. `root_path` is
 *   still set (the folder), for the editor and Python imports.
 * - Compute: `serverless = true` (requires `catalog`) and `photon = true`; no cluster block, no edition.
 * - Publishing: `catalog` and `schema` (direct publishing mode; v1.99: `schema` "conflicts with target", whose
 *   presence "implies that the pipeline is in direct publishing mode").
 * - Identity: `run_as` the given service principal, so updates run with its Unity Catalog privileges whoever starts
 *   them; it needs USE CATALOG, USE SCHEMA, CREATE TABLE and CREATE MATERIALIZED VIEW where the code publishes.
 * - Access: `databricks_permissions` (CAN_VIEW / CAN_RUN / CAN_MANAGE) through {@link PipelinePermissions}.
 *
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/pipeline
 * @see https://docs.databricks.com/aws/en/ldp/unity-catalog
 * @example
 * const orders = new DeclarativePipeline(this, "Orders", {
 *   provider: workspace, name: "lakehouse-prod-orders", catalog: "lakehouse_prod_main", schema: "bronze",
 *   sourceRoot: PIPELINES_ROOT, sourceFiles: ["orders/bronze.sql", "orders/silver.sql", "orders/gold.sql"],
 *   workspaceFolder: "/Shared/lakehouse/prod/pipelines", runAs: servicePrincipal(orchestratorApplicationId),
 *   configuration: { "lakehouse.bronze_schema": "lakehouse_prod_main.bronze" },
 *   viewers: [groupPrincipal("lakehouse-prod-engineers")],
 * });
 */
export class DeclarativePipeline extends Construct {
  /** The `databricks_pipeline` resource. */
  public readonly pipeline: Pipeline;
  /** The pipeline's id (a reference, for job tasks and permissions). */
  public readonly pipelineId: string;
  /** The pipeline's name (a reference). */
  public readonly name: string;
  /** The uploaded source files. */
  public readonly sources: WorkspaceSourceFiles;
  /** The pipeline's access control list. */
  public readonly permissions: PipelinePermissions;

  constructor(scope: Construct, id: string, props: DeclarativePipelineProps) {
    super(scope, id);
    throwIfInvalidProps(this, declarativePipelineProblems(props));
    const { provider } = props;
    this.sources = new WorkspaceSourceFiles(this, "Sources", {
      provider,
      sourceRoot: props.sourceRoot,
      files: props.sourceFiles,
      workspaceFolder: props.workspaceFolder,
    });
    const library: PipelineLibrary[] = props.sourceFiles.map((file) => ({ file: { path: this.sources.pathOf(file) } }));
    this.pipeline = new Pipeline(this, "Pipeline", {
      provider,
      name: props.name,
      catalog: props.catalog,
      schema: props.schema,
      ...(props.eventLogTable ? { eventLog: { name: props.eventLogTable } } : {}),
      serverless: true,
      photon: true,
      channel: props.channel ?? "CURRENT",
      continuous: props.continuous ?? false,
      development: props.development ?? false,
      rootPath: props.rootPath ?? props.workspaceFolder,
      library,
      runAs: runAsOf(props.runAs),
      lifecycle: { preventDestroy: props.protect ?? true },
      ...(props.configuration && Object.keys(props.configuration).length > 0 ? { configuration: props.configuration } : {}),
      ...failureNotifications(props.failureEmailRecipients),
      ...(props.tags && Object.keys(props.tags).length > 0 ? { tags: props.tags } : {}),
      ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
    });
    this.pipelineId = this.pipeline.id;
    this.name = this.pipeline.name;
    this.permissions = new PipelinePermissions(this, "Permissions", { provider, pipelineId: this.pipelineId });
    grantPipelineAccess(this.permissions, props);
  }

  /** Lets `principal` see the pipeline, its runs and event log (CAN_VIEW); returns the pipeline's `databricks_permissions`. */
  public grantView(principal: Principal): Permissions {
    return this.permissions.grant(principal, "CAN_VIEW");
  }

  /** Lets `principal` start and stop updates (CAN_RUN). */
  public grantRun(principal: Principal): Permissions {
    return this.permissions.grant(principal, "CAN_RUN");
  }

  /** Lets `principal` edit, delete and share the pipeline (CAN_MANAGE). */
  public grantManage(principal: Principal): Permissions {
    return this.permissions.grant(principal, "CAN_MANAGE");
  }
}

function declarativePipelineProblems(props: DeclarativePipelineProps): string[] {
  const problems = commonPipelineProblems(props);
  const catalog = ucNameProblem("catalog", props.catalog, "give the catalog's name");
  const schema = ucNameProblem("schema", props.schema, "give the bare schema name (bronze), not catalog.schema");
  const eventLog =
    props.eventLogTable === undefined
      ? undefined
      : ucNameProblem("eventLogTable", props.eventLogTable, "give the bare table name (orders_event_log)");
  problems.push(...[catalog, schema, eventLog].filter((p): p is string => p !== undefined));
  if (props.sourceFiles.length === 0) problems.push("sourceFiles: none given; a pipeline needs at least one SQL or Python file");
  props.sourceFiles.forEach((file, i) => {
    if (!/\.(sql|py)$/.test(file)) problems.push(`sourceFiles[${i}]: "${file}" is neither .sql nor .py; pipelines run SQL and Python files`);
  });
  Object.keys(props.configuration ?? {}).forEach((key) => {
    if (key.trim().length === 0 || /\s/.test(key)) problems.push(`configuration: key "${key}" is empty or holds whitespace`);
  });
  return problems;
}
