/**
 * A Lakeview (AI/BI) dashboard from a `.lvdash.json` file in the repository, bound to a SQL warehouse, with who may
 * read and run it, and an optional data-freshness query and alert that notifies a notification destination.
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute } from "node:path";
import { Alert } from "@cdktf/provider-databricks/lib/alert";
import { Dashboard } from "@cdktf/provider-databricks/lib/dashboard";
import { Job } from "@cdktf/provider-databricks/lib/job";
import { Permissions } from "@cdktf/provider-databricks/lib/permissions";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { Query } from "@cdktf/provider-databricks/lib/query";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { throwIfInvalidInput, throwIfInvalidProps } from "../../core/validation";
import { escapeTerraformTemplate } from "../../core/terraform-text";
import { PrincipalLevels } from "../object-permissions";
import { principalListProblems, principalProblems } from "../permission-access";
import type { Principal } from "../principal";

/** Dashboard permission levels (1.99 permissions.md, "Dashboard usage"), lowest first. */
export type DashboardPermissionLevel = "CAN_READ" | "CAN_RUN" | "CAN_EDIT" | "CAN_MANAGE";

/**
 * A data-freshness check: a query returning one row whose `valueColumn` is the age of the data (in whatever unit the
 * query chooses), and an alert that triggers when it is above `threshold` or the query returns no row.
 */
export interface DashboardFreshnessAlert {
  /**
   * The SQL, e.g. the hours since the last completed update of the pipelines behind the dashboard. Measure load time,
   * not business time, or a quiet day looks stale.
   */
  readonly query: string;
  /** The column of the query's row the alert compares, e.g. `max_lag_hours`. */
  readonly valueColumn: string;
  /** The alert triggers when `valueColumn` is greater than this. */
  readonly threshold: number;
  /** What the value measures, in the alert's name, e.g. `hours since the last load`. */
  readonly valueLabel: string;
  /** Notification destination ids (Slack, e-mail, PagerDuty, webhook) the alert notifies; at least one. */
  readonly destinationIds: readonly string[];
  /** Quartz cron expression of the evaluation schedule, e.g. `0 0/30 * * * ?` (every 30 minutes). */
  readonly quartzCronExpression: string;
  /**
   * Java time zone of the schedule.
   * @default "UTC"
   */
  readonly timezoneId?: string;
  /**
   * Service principal the evaluation job runs as. It gets CAN_RUN on the query and the alert here; it needs SELECT on
   * what the query reads and CAN_USE on the warehouse from their owners.
   */
  readonly runAs: Principal;
}

/** Properties of {@link LakeviewDashboard}. */
export interface LakeviewDashboardProps {
  /** The workspace-level Databricks provider. */
  readonly provider: DatabricksProvider;
  /** Dashboard name shown in the workspace. */
  readonly displayName: string;
  /** Absolute path of the `.lvdash.json` file (read at synth time). */
  readonly dashboardFile: string;
  /**
   * Literal placeholders in the file replaced before upload, e.g. `{ "__CATALOG__": "lakehouse_prod" }`, so one file
   * serves every environment.
   * @default - none
   */
  readonly replacements?: Readonly<Record<string, string>>;
  /** SQL warehouse id the dashboard (and the freshness query) runs on. */
  readonly warehouseId: string;
  /** Workspace folder of the dashboard, query and alert (absolute, no trailing /); created if missing. */
  readonly parentPath: string;
  /**
   * Run viewers' queries with the publisher's credentials. Off: every viewer queries with their own Unity Catalog
   * rights, so the dashboard shows nobody data they could not read.
   * @default false
   */
  readonly embedCredentials?: boolean;
  /**
   * Table names (three-part) the dashboard's datasets may query; a dataset naming another table is refused at synth.
   * @default - not checked
   */
  readonly allowedTables?: readonly string[];
  /**
   * Principals that may view the dashboard (CAN_READ).
   * @default - none
   */
  readonly readers?: readonly Principal[];
  /**
   * Principals that may also refresh it (CAN_RUN).
   * @default - none
   */
  readonly runners?: readonly Principal[];
  /**
   * Principals that may edit and share it (CAN_MANAGE).
   * @default - none (workspace admins and the creator)
   */
  readonly managers?: readonly Principal[];
  /**
   * A data-freshness query and alert.
   * @default - none
   */
  readonly freshness?: DashboardFreshnessAlert;
}

/**
 * A `databricks_dashboard` (Lakeview) with its `databricks_permissions`, and an optional freshness alert.
 *
 * The dashboard's `serialized_dashboard` is the file's content read when the app is synthesized (placeholders
 * replaced, `${` escaped for Terraform), so an edit shows in the plan; `embed_credentials` is false by default.
 *
 * The freshness check is a `databricks_query` whose one row holds the data's age in `valueColumn`, and a
 * `databricks_alert` that triggers when it is above `threshold` (or the query returns no row). `databricks_alert`
 * (the Alerts API that replaced `databricks_sql_alert`) has neither a schedule nor subscribers in provider 1.99, so a
 * `databricks_job` with a `sql_task.alert` evaluates it on the schedule and notifies the destinations
 * (`subscriptions.destination_id`, 1.99 job.md "sql_task"). The query and alert are owned by whoever applies the
 * stack; `databricks_permissions` (`sql_query_id`, `sql_alert_id`; 1.99 query.md and alert.md, "Access Control") give
 * the job's service principal CAN_RUN on both and the managers CAN_MANAGE.
 *
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/dashboard
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/query
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/alert
 * @example
 * new LakeviewDashboard(this, "SalesDashboard", {
 *   provider: workspace,
 *   displayName: "Sales (prod)",
 *   dashboardFile: path.join(DASHBOARDS_ROOT, "sales.lvdash.json"),
 *   replacements: { __CATALOG__: "lakehouse_prod" },
 *   warehouseId: warehouse.id,
 *   parentPath: "/Shared/lakehouse/prod/dashboards",
 *   readers: [groupPrincipal("lakehouse-prod-analysts")],
 * });
 */
export class LakeviewDashboard extends Construct {
  /** The `databricks_dashboard`. */
  public readonly dashboard: Dashboard;
  /** The dashboard id. */
  public readonly dashboardId: string;
  /** The serialized dashboard as uploaded (placeholders replaced, before Terraform escaping). */
  public readonly serializedDashboard: string;
  /** The tables the dashboard's datasets query ({@link datasetTablesOf}). */
  public readonly datasetTables: readonly string[];
  /** The dashboard's permissions, when anyone is granted. */
  public readonly permissions?: Permissions;
  /** The freshness query, when asked for. */
  public readonly freshnessQuery?: Query;
  /** The freshness alert, when asked for. */
  public readonly freshnessAlert?: Alert;
  /** The job that evaluates the alert and notifies, when asked for. */
  public readonly freshnessJob?: Job;
  /** Who may run and manage the freshness query and alert, by object, when asked for. */
  public readonly freshnessPermissions?: { readonly query: Permissions; readonly alert: Permissions };

  constructor(scope: Construct, id: string, props: LakeviewDashboardProps) {
    super(scope, id);
    throwIfInvalidProps(this, propsProblems(props));
    this.serializedDashboard = replaceAll(readFileSync(props.dashboardFile, "utf8"), props.replacements ?? {});
    const parsed = parseDashboard(this.serializedDashboard);
    this.datasetTables = parsed.problem ? [] : datasetTablesOf(this.serializedDashboard);
    throwIfInvalidProps(this, contentProblems(props, parsed.problem, this.datasetTables));
    this.dashboard = new Dashboard(this, "Dashboard", {
      provider: props.provider,
      displayName: props.displayName,
      warehouseId: props.warehouseId,
      parentPath: props.parentPath,
      serializedDashboard: escapeTerraformTemplate(this.serializedDashboard),
      embedCredentials: props.embedCredentials ?? false,
    });
    this.dashboardId = this.dashboard.id;
    const accessControl = dashboardAccess(props);
    if (accessControl.length > 0) {
      this.permissions = new Permissions(this, "Permissions", { provider: props.provider, dashboardId: this.dashboard.id, accessControl });
    }
    if (props.freshness) {
      const { query, alert, job, permissions } = this.createFreshnessAlert(props, props.freshness);
      this.freshnessQuery = query;
      this.freshnessAlert = alert;
      this.freshnessJob = job;
      this.freshnessPermissions = permissions;
    }
  }

  private createFreshnessAlert(props: LakeviewDashboardProps, f: DashboardFreshnessAlert) {
    const query = new Query(this, "FreshnessQuery", {
      provider: props.provider,
      displayName: `${props.displayName}: data freshness`,
      warehouseId: props.warehouseId,
      parentPath: props.parentPath,
      queryText: escapeTerraformTemplate(f.query),
      // As the viewer: the job evaluating the alert runs it with its run-as's privileges, not with the creator's
      // (1.99 query.md, run_as_mode).
      runAsMode: "VIEWER",
    });
    const alert = new Alert(this, "FreshnessAlert", {
      provider: props.provider,
      displayName: `${props.displayName}: ${f.valueLabel} above ${f.threshold}`,
      queryId: query.id,
      parentPath: props.parentPath,
      condition: {
        op: "GREATER_THAN",
        operand: { column: { name: f.valueColumn } },
        threshold: { value: { doubleValue: f.threshold } },
        // No row means nothing to measure freshness by: treat it as stale.
        emptyResultState: "TRIGGERED",
      },
      notifyOnOk: true,
    });
    const job = new Job(this, "FreshnessJob", {
      provider: props.provider,
      name: `${props.displayName}: freshness alert`,
      runAs: { servicePrincipalName: f.runAs.name },
      schedule: { quartzCronExpression: f.quartzCronExpression, timezoneId: f.timezoneId ?? "UTC", pauseStatus: "UNPAUSED" },
      maxConcurrentRuns: 1,
      // The alert notifies only when it is evaluated: a query that fails (a missing table, a lost grant, a stopped
      // warehouse) must reach the same destinations.
      webhookNotifications: { onFailure: f.destinationIds.map((id) => ({ id })) },
      task: [
        {
          taskKey: "evaluate_freshness_alert",
          timeoutSeconds: 900,
          sqlTask: {
            warehouseId: props.warehouseId,
            alert: { alertId: alert.id, subscriptions: f.destinationIds.map((destinationId) => ({ destinationId })) },
          },
        },
      ],
    });
    const access = new PrincipalLevels<"CAN_RUN" | "CAN_MANAGE">({ ranking: ["CAN_RUN", "CAN_MANAGE"] })
      .addAll([f.runAs], "CAN_RUN")
      .addAll(props.managers, "CAN_MANAGE")
      .accessControl();
    const permissions = {
      query: new Permissions(this, "FreshnessQueryPermissions", { provider: props.provider, sqlQueryId: query.id, accessControl: access }),
      alert: new Permissions(this, "FreshnessAlertPermissions", { provider: props.provider, sqlAlertId: alert.id, accessControl: access }),
    };
    return { query, alert, job, permissions };
  }
}

/**
 * The tables the datasets of a serialized Lakeview dashboard query: every name after FROM or JOIN in each dataset's
 * SQL (`queryLines` joined, or `query`), backticks removed, lowercased, names of the query's own CTEs left out,
 * sorted and unique. Table-valued functions and subqueries are not names and are skipped.
 */
export function datasetTablesOf(serializedDashboard: string): string[] {
  const parsed = parseDashboard(serializedDashboard);
  throwIfInvalidInput("datasetTablesOf", parsed.problem ? [`serializedDashboard: ${parsed.problem}`] : []);
  const tables = new Set<string>();
  for (const dataset of parsed.datasets) {
    const sql = stripSqlComments(Array.isArray(dataset.queryLines) ? dataset.queryLines.join("") : (dataset.query ?? ""));
    const ctes = new Set([...sql.matchAll(/(?:\bWITH|,)\s+`?(\w+)`?\s+AS\s*\(/gi)].map((m) => m[1].toLowerCase()));
    for (const match of sql.matchAll(/\b(?:FROM|JOIN)\s+((?:`[^`]+`|[\w]+)(?:\s*\.\s*(?:`[^`]+`|[\w]+))*)(?![\w`.]|\s*\()/gi)) {
      const name = match[1].replace(/`/g, "").replace(/\s+/g, "").toLowerCase();
      if (!ctes.has(name)) tables.add(name);
    }
  }
  return [...tables].sort();
}

interface LakeviewDataset {
  readonly queryLines?: string[];
  readonly query?: string;
}

function parseDashboard(serialized: string): { datasets: LakeviewDataset[]; problem?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(serialized);
  } catch (error) {
    return { datasets: [], problem: `is not valid JSON (${(error as Error).message})` };
  }
  const datasets = (parsed as { datasets?: unknown }).datasets;
  if (parsed === null || typeof parsed !== "object" || !Array.isArray(datasets)) {
    return { datasets: [], problem: "has no datasets array; export the dashboard from the workspace (.lvdash.json)" };
  }
  if (!Array.isArray((parsed as { pages?: unknown }).pages)) return { datasets: [], problem: "has no pages array" };
  return { datasets: datasets as LakeviewDataset[] };
}

function stripSqlComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, " ").replace(/\/\*[\s\S]*?\*\//g, " ");
}

function replaceAll(text: string, replacements: Readonly<Record<string, string>>): string {
  return Object.entries(replacements).reduce((out, [placeholder, value]) => out.split(placeholder).join(value), text);
}

function dashboardAccess(props: LakeviewDashboardProps) {
  return new PrincipalLevels<DashboardPermissionLevel>({ ranking: ["CAN_READ", "CAN_RUN", "CAN_EDIT", "CAN_MANAGE"] })
    .addAll(props.readers, "CAN_READ")
    .addAll(props.runners, "CAN_RUN")
    .addAll(props.managers, "CAN_MANAGE")
    .accessControl();
}

const WORKSPACE_FOLDER = /^\/(?!Workspace\/)[^\s].*[^/]$/;
const COLUMN = /^\w+$/;

function propsProblems(props: LakeviewDashboardProps): string[] {
  const problems: string[] = [];
  if (!isAbsolute(props.dashboardFile)) problems.push(`dashboardFile: "${props.dashboardFile}" is not an absolute path`);
  else if (!existsSync(props.dashboardFile)) problems.push(`dashboardFile: "${props.dashboardFile}" does not exist`);
  else if (!props.dashboardFile.endsWith(".lvdash.json")) problems.push(`dashboardFile: "${props.dashboardFile}" is not a .lvdash.json file`);
  if (!Token.isUnresolved(props.parentPath) && !WORKSPACE_FOLDER.test(props.parentPath)) {
    problems.push(`parentPath: "${props.parentPath}" must be an absolute workspace folder without /Workspace prefix or trailing /`);
  }
  if (props.displayName.trim().length === 0) problems.push("displayName: is empty");
  problems.push(...principalListProblems({ readers: props.readers, runners: props.runners, managers: props.managers }));
  if (props.freshness) problems.push(...freshnessProblems(props.freshness));
  return problems;
}

function freshnessProblems(f: DashboardFreshnessAlert): string[] {
  const problems: string[] = [];
  if (f.query.trim().length === 0) problems.push("freshness.query: is empty");
  if (!COLUMN.test(f.valueColumn)) problems.push(`freshness.valueColumn: "${f.valueColumn}" is not a column name`);
  else if (!new RegExp(`\\b${f.valueColumn}\\b`).test(f.query)) problems.push(`freshness.valueColumn: the query never names "${f.valueColumn}"`);
  if (!Number.isFinite(f.threshold) || f.threshold <= 0) problems.push(`freshness.threshold: ${f.threshold} must be above 0`);
  if (f.valueLabel.trim().length === 0) problems.push("freshness.valueLabel: is empty");
  if (f.destinationIds.length === 0) problems.push("freshness.destinationIds: none given; name the notification destination to alert");
  const fields = f.quartzCronExpression.trim().split(/\s+/);
  if (fields.length < 6 || fields.length > 7) {
    problems.push(
      `freshness.quartzCronExpression: "${f.quartzCronExpression}" is not a Quartz expression (seconds minutes hours day-of-month month day-of-week)`,
    );
  }
  if (f.runAs.kind !== "service-principal") problems.push(`freshness.runAs: is a ${f.runAs.kind}; the alert job runs as a service principal`);
  problems.push(...principalProblems("freshness.runAs", f.runAs));
  return problems;
}

function contentProblems(props: LakeviewDashboardProps, parseProblem: string | undefined, tables: readonly string[]): string[] {
  if (parseProblem) return [`dashboardFile: ${props.dashboardFile} ${parseProblem}`];
  if (!props.allowedTables) return [];
  const allowed = new Set(props.allowedTables.map((t) => t.toLowerCase()));
  const unknown = tables.filter((t) => !allowed.has(t));
  return unknown.length > 0
    ? [
        `dashboardFile: datasets query ${unknown.join(", ")}, which ${unknown.length > 1 ? "are" : "is"} not in allowedTables; fix the file or the catalog config`,
      ]
    : [];
}
