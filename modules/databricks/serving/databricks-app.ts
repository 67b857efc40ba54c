/**
 * A Databricks App (`databricks_app`): its source uploaded from the repository to a workspace folder, the resources
 * it may use (serving endpoints, SQL warehouses, Lakebase databases, secrets) bound with least privilege, and who may
 * open and manage it.
 */
import { App, type AppResources } from "@cdktf/provider-databricks/lib/app";
import { Permissions } from "@cdktf/provider-databricks/lib/permissions";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { throwIfInvalidProps } from "../../core/validation";
import { accessControlOf, principalListProblems } from "../permission-access";
import { servicePrincipal, type Principal } from "../principal";
import { WorkspaceSourceFiles } from "../pipelines/workspace-source-files";

/** A serving endpoint the app queries (`resources.serving_endpoint`); the app gets CAN_QUERY, nothing more. */
export interface AppServingEndpointResource {
  /** Resource key the app's `app.yaml` refers to (`valueFrom`). */
  readonly key: string;
  /** The serving endpoint's name. */
  readonly endpointName: string;
}

/** A SQL warehouse the app runs statements on (`resources.sql_warehouse`); the app gets CAN_USE. */
export interface AppSqlWarehouseResource {
  /** Resource key the app's `app.yaml` refers to. */
  readonly key: string;
  /** The warehouse id. */
  readonly warehouseId: string;
}

/** A Lakebase database the app connects to (`resources.database`); the app gets CAN_CONNECT_AND_CREATE. */
export interface AppDatabaseResource {
  /** Resource key the app's `app.yaml` refers to. */
  readonly key: string;
  /** The database instance name. */
  readonly instanceName: string;
  /** The Postgres database name. */
  readonly databaseName: string;
}

/** A secret the app reads (`resources.secret`); the app gets READ. */
export interface AppSecretResource {
  /** Resource key the app's `app.yaml` refers to. */
  readonly key: string;
  /** Secret scope. */
  readonly scope: string;
  /** Secret key in the scope. */
  readonly secretKey: string;
}

/** A Unity Catalog table the app reads (`resources.uc_securable`, type TABLE); the app gets SELECT. */
export interface AppTableResource {
  /** Resource key the app's `app.yaml` refers to. */
  readonly key: string;
  /** The table's full name, `catalog.schema.table`. */
  readonly tableFullName: string;
}

/** Properties of {@link DatabricksApp}. */
export interface DatabricksAppProps {
  /** The workspace-level Databricks provider. */
  readonly provider: DatabricksProvider;
  /** App name, unique in the workspace: 2 to 30 lowercase letters, digits and hyphens. */
  readonly name: string;
  /**
   * What the app does.
   * @default - none
   */
  readonly description?: string;
  /** Absolute local directory of the app's source (e.g. the repository's `apps/<name>` folder). */
  readonly sourceRoot: string;
  /** The source files relative to sourceRoot, `app.yaml` among them. */
  readonly files: readonly string[];
  /** Workspace folder the source is uploaded to and deployed from, e.g. `/Shared/lakehouse/prod/apps/assistant`. */
  readonly workspaceFolder: string;
  /**
   * App compute size.
   * @default "MEDIUM"
   */
  readonly computeSize?: "MEDIUM" | "LARGE";
  /**
   * Serving endpoints the app queries.
   * @default - none
   */
  readonly servingEndpoints?: readonly AppServingEndpointResource[];
  /**
   * SQL warehouses the app uses.
   * @default - none
   */
  readonly sqlWarehouses?: readonly AppSqlWarehouseResource[];
  /**
   * Lakebase databases the app connects to.
   * @default - none
   */
  readonly databases?: readonly AppDatabaseResource[];
  /**
   * Secrets the app reads.
   * @default - none
   */
  readonly secrets?: readonly AppSecretResource[];
  /**
   * Unity Catalog tables the app reads (SELECT), such as a Lakebase synced table.
   * @default - none
   */
  readonly tables?: readonly AppTableResource[];
  /**
   * Principals that may open the app (CAN_USE).
   * @default - none
   */
  readonly users?: readonly Principal[];
  /**
   * Principals that may deploy, change and delete the app (CAN_MANAGE).
   * @default - none (workspace admins and the creator)
   */
  readonly managers?: readonly Principal[];
}

/**
 * A Databricks App and its bound resources.
 *
 * Each resource is bound at the lowest level that works: serving endpoints CAN_QUERY, warehouses CAN_USE, databases
 * CAN_CONNECT_AND_CREATE, secrets READ (1.99 app.md, "resources Configuration Attribute"); Databricks grants these
 * to the app's own service principal ({@link DatabricksApp.principal}), which gets nothing else here. Unity Catalog
 * privileges the app needs (e.g. SELECT on a table) are granted to that principal through the catalog's grants.
 *
 * Deployment: `databricks_app` in provider 1.99 creates the app and its compute but does not deploy code ("does not
 * handle app deployment", app.md), and there is no deployment resource. The source is uploaded with
 * {@link WorkspaceSourceFiles}, and after `apply` the app is deployed from that folder with
 * {@link DatabricksApp.deployCommand} (`databricks apps deploy <name> --source-code-path /Workspace/<folder>`).
 *
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/app
 * @see https://docs.databricks.com/aws/en/dev-tools/databricks-apps/deploy
 * @example
 * const app = new DatabricksApp(this, "Assistant", {
 *   provider: workspace,
 *   name: "lakehouse-prod-assistant",
 *   sourceRoot: path.join(REPO_ROOT, "apps/assistant"),
 *   files: ["app.py", "app.yaml", "requirements.txt"],
 *   workspaceFolder: "/Shared/lakehouse/prod/apps/assistant",
 *   servingEndpoints: [{ key: "llm", endpointName: "lakehouse-prod-claude" }],
 *   databases: [{ key: "lakebase", instanceName: lakebase.instanceName, databaseName: lakebase.databaseName }],
 *   users: [groupPrincipal("lakehouse-prod-analysts")],
 * });
 */
export class DatabricksApp extends Construct {
  /** The `databricks_app`. */
  public readonly app: App;
  /** The app name (a reference to the app). */
  public readonly appName: string;
  /** The app's URL (`url`), known once the app exists. */
  public readonly url: string;
  /** Application (client) id of the app's service principal (`service_principal_client_id`). */
  public readonly servicePrincipalApplicationId: string;
  /** The app's service principal, for Unity Catalog grants. */
  public readonly principal: Principal;
  /** The uploaded source files. */
  public readonly sourceFiles: WorkspaceSourceFiles;
  /** Workspace path the app is deployed from (`/Workspace/...`, as `apps deploy` expects). */
  public readonly sourceCodePath: string;
  /** The command that deploys the uploaded source after `apply`. */
  public readonly deployCommand: string;
  /** The app's permissions, when anyone is granted. */
  public readonly permissions?: Permissions;

  constructor(scope: Construct, id: string, props: DatabricksAppProps) {
    super(scope, id);
    throwIfInvalidProps(this, appProblems(props));
    this.sourceFiles = new WorkspaceSourceFiles(this, "Source", {
      provider: props.provider,
      sourceRoot: props.sourceRoot,
      files: props.files,
      workspaceFolder: props.workspaceFolder,
    });
    const resources = appResources(props);
    this.app = new App(this, "App", {
      provider: props.provider,
      name: props.name,
      ...(props.description ? { description: props.description } : {}),
      computeSize: props.computeSize ?? "MEDIUM",
      ...(resources.length > 0 ? { resources } : {}),
    });
    this.appName = this.app.name;
    this.url = this.app.url;
    this.servicePrincipalApplicationId = this.app.servicePrincipalClientId;
    this.principal = servicePrincipal(this.servicePrincipalApplicationId);
    this.sourceCodePath = `/Workspace${props.workspaceFolder}`;
    this.deployCommand = `databricks apps deploy ${props.name} --source-code-path ${this.sourceCodePath}`;
    const accessControl = [
      ...(props.users ?? []).map((p) => accessControlOf(p, "CAN_USE")),
      ...(props.managers ?? []).map((p) => accessControlOf(p, "CAN_MANAGE")),
    ];
    if (accessControl.length > 0) {
      this.permissions = new Permissions(this, "Permissions", { provider: props.provider, appName: this.app.name, accessControl });
    }
  }
}

/** The `resources` list: every binding at its least privilege. */
function appResources(props: DatabricksAppProps): AppResources[] {
  return [
    ...(props.servingEndpoints ?? []).map((r) => ({ name: r.key, servingEndpoint: { name: r.endpointName, permission: "CAN_QUERY" } })),
    ...(props.sqlWarehouses ?? []).map((r) => ({ name: r.key, sqlWarehouse: { id: r.warehouseId, permission: "CAN_USE" } })),
    ...(props.databases ?? []).map((r) => ({
      name: r.key,
      database: { instanceName: r.instanceName, databaseName: r.databaseName, permission: "CAN_CONNECT_AND_CREATE" },
    })),
    ...(props.secrets ?? []).map((r) => ({ name: r.key, secret: { scope: r.scope, key: r.secretKey, permission: "READ" } })),
    // provider 1.99 app.md, resources.uc_securable: securable_type TABLE (or VOLUME), permission SELECT (READ_VOLUME ...).
    ...(props.tables ?? []).map((r) => ({
      name: r.key,
      ucSecurable: { securableFullName: r.tableFullName, securableType: "TABLE", permission: "SELECT" },
    })),
  ];
}

/** Apps docs: "only lowercase alphanumeric characters and hyphens"; at most 30 characters. */
const APP_NAME = /^[a-z0-9][a-z0-9-]{0,28}[a-z0-9]$/;
const RESOURCE_KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/i;

function appProblems(props: DatabricksAppProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.name) && !APP_NAME.test(props.name)) {
    problems.push(`name: "${props.name}" must be 2 to 30 lowercase letters, digits and hyphens, not starting or ending with a hyphen`);
  }
  if (!props.files.includes("app.yaml") && !props.files.includes("app.yml")) {
    problems.push("files: no app.yaml; the app's command and resource references live in it");
  }
  if (props.computeSize !== undefined && !["MEDIUM", "LARGE"].includes(props.computeSize)) {
    problems.push(`computeSize: "${props.computeSize}" is not MEDIUM or LARGE`);
  }
  const keys = [
    ...(props.servingEndpoints ?? []).map((r) => ["servingEndpoints", r.key]),
    ...(props.sqlWarehouses ?? []).map((r) => ["sqlWarehouses", r.key]),
    ...(props.databases ?? []).map((r) => ["databases", r.key]),
    ...(props.tables ?? []).map((r) => ["tables", r.key]),
    ...(props.secrets ?? []).map((r) => ["secrets", r.key]),
  ];
  const seen = new Set<string>();
  for (const [prop, key] of keys) {
    if (!RESOURCE_KEY.test(key)) problems.push(`${prop}: resource key "${key}" must be 1 to 64 letters, digits, _ or -`);
    if (seen.has(key)) problems.push(`${prop}: resource key "${key}" is used twice; each resource needs its own key`);
    seen.add(key);
  }
  problems.push(...principalListProblems({ users: props.users, managers: props.managers }));
  return problems;
}
