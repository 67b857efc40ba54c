import { join } from "node:path";
import { datasetTablesOf, LakeviewDashboard, type LakeviewDashboardProps } from "../../../../modules/databricks/serving/lakeview-dashboard";
import { groupPrincipal, servicePrincipal } from "../../../../modules/databricks/principal";
import { synthesize } from "../../../synth-json";
import { guardrailFindings, pipelinesStack, sourceFolder } from "../pipelines/pipelines-fixture";

const DASHBOARD = {
  datasets: [
    {
      name: "revenue",
      displayName: "Daily revenue",
      queryLines: ["SELECT order_date, sum(revenue) AS revenue\n", "FROM __CATALOG__.gold.daily_revenue\n", "GROUP BY order_date"],
    },
    {
      name: "customers",
      displayName: "Customers by industry",
      query:
        "WITH recent AS (SELECT * FROM `__CATALOG__`.`gold`.`customer_order_summary`) -- FROM commented.table\n" +
        "SELECT a.industry, count(*) FROM recent r JOIN __CATALOG__.gold.accounts_by_industry a ON r.account_id = a.account_id " +
        "CROSS JOIN range(3) WHERE a.note <> '${not_a_terraform_reference}'",
    },
  ],
  pages: [{ name: "overview", displayName: "Overview", layout: [] }],
};

const ANALYSTS = groupPrincipal("lakehouse-prod-analysts");
const ALERTER = servicePrincipal("7d0a3c2e-1111-2222-3333-444455556666");

function dashboardFile(content: string = JSON.stringify(DASHBOARD, null, 2)): string {
  return join(sourceFolder({ "sales.lvdash.json": content }), "sales.lvdash.json");
}

function build(props: Partial<LakeviewDashboardProps> = {}) {
  const { stack, workspace } = pipelinesStack();
  const dashboard = new LakeviewDashboard(stack, "Sales", {
    provider: workspace,
    displayName: "Sales (prod)",
    dashboardFile: dashboardFile(),
    replacements: { __CATALOG__: "lakehouse_prod" },
    warehouseId: "e9ca293f79a74b5c",
    parentPath: "/Shared/lakehouse/prod/dashboards",
    allowedTables: ["lakehouse_prod.gold.daily_revenue", "lakehouse_prod.gold.customer_order_summary", "lakehouse_prod.gold.accounts_by_industry"],
    readers: [ANALYSTS],
    runners: [groupPrincipal("lakehouse-prod-engineers")],
    freshness: {
      query: FRESHNESS_SQL,
      valueColumn: "lag_hours",
      threshold: 2,
      valueLabel: "hours since the last load",
      destinationIds: ["0d1b2c3d-aaaa-bbbb-cccc-111122223333"],
      quartzCronExpression: "0 0/30 * * * ?",
      runAs: ALERTER,
    },
    ...props,
  });
  return { stack, dashboard, s: synthesize(stack) };
}

const FRESHNESS_SQL =
  "SELECT timestampdiff(HOUR, max(timestamp), now()) AS lag_hours FROM lakehouse_prod.bronze.orders_event_log WHERE details:update_progress.state = 'COMPLETED'";

describe("datasetTablesOf", () => {
  it("names the tables after FROM and JOIN in every dataset, without CTEs, functions or comments", () => {
    const serialized = JSON.stringify(DASHBOARD).split("__CATALOG__").join("lakehouse_prod");
    expect(datasetTablesOf(serialized)).toEqual([
      "lakehouse_prod.gold.accounts_by_industry",
      "lakehouse_prod.gold.customer_order_summary",
      "lakehouse_prod.gold.daily_revenue",
    ]);
  });

  it("refuses text that is not a dashboard", () => {
    expect(() => datasetTablesOf("{")).toThrow(/serializedDashboard: is not valid JSON/);
    expect(() => datasetTablesOf('{"pages": []}')).toThrow(/has no datasets array/);
  });
});

describe("LakeviewDashboard", () => {
  const { stack, dashboard, s } = build();
  const block = s.resource("databricks_dashboard", "/Sales/Dashboard").block;

  it("uploads the file with placeholders replaced and Terraform interpolation escaped, bound to the warehouse", () => {
    expect(block).toMatchObject({
      display_name: "Sales (prod)",
      warehouse_id: "e9ca293f79a74b5c",
      parent_path: "/Shared/lakehouse/prod/dashboards",
      embed_credentials: false,
    });
    const serialized = block.serialized_dashboard as string;
    expect(serialized).toContain("FROM lakehouse_prod.gold.daily_revenue");
    expect(serialized).toContain("'$${not_a_terraform_reference}'");
    expect(serialized).not.toContain("__CATALOG__");
    // What Terraform sends (the escape undone) is the file's JSON.
    expect(JSON.parse(serialized.split("$${").join("${"))).toEqual(JSON.parse(dashboard.serializedDashboard));
    expect(dashboard.datasetTables).toHaveLength(3);
  });

  it("lets readers read and runners run the dashboard", () => {
    const permissions = s.resource("databricks_permissions", "/Sales/Permissions").block;
    expect(permissions.dashboard_id).toBe(s.ref("databricks_dashboard", "/Sales/Dashboard", "id"));
    expect(permissions.access_control).toEqual([
      { group_name: ANALYSTS.name, permission_level: "CAN_READ" },
      { group_name: "lakehouse-prod-engineers", permission_level: "CAN_RUN" },
    ]);
  });

  it("alerts when the query's value is above the threshold or it returns no row, evaluated on a schedule that notifies the destination", () => {
    const query = s.resource("databricks_query", "/Sales/FreshnessQuery").block;
    expect(query).toMatchObject({ warehouse_id: "e9ca293f79a74b5c", parent_path: "/Shared/lakehouse/prod/dashboards", query_text: FRESHNESS_SQL });
    const alert = s.resource("databricks_alert", "/Sales/FreshnessAlert").block;
    expect(alert.query_id).toBe(s.ref("databricks_query", "/Sales/FreshnessQuery", "id"));
    expect(alert.display_name).toBe("Sales (prod): hours since the last load above 2");
    expect(alert.condition).toEqual({
      op: "GREATER_THAN",
      operand: { column: { name: "lag_hours" } },
      threshold: { value: { double_value: 2 } },
      empty_result_state: "TRIGGERED",
    });
    expect(query.run_as_mode).toBe("VIEWER");
    const job = s.resource("databricks_job", "/Sales/FreshnessJob").block;
    expect(job.run_as).toEqual({ service_principal_name: ALERTER.name });
    expect(job.webhook_notifications).toEqual({ on_failure: [{ id: "0d1b2c3d-aaaa-bbbb-cccc-111122223333" }] });
    expect(job.schedule).toEqual({ quartz_cron_expression: "0 0/30 * * * ?", timezone_id: "UTC", pause_status: "UNPAUSED" });
    const task = (job.task as Record<string, unknown>[])[0];
    expect(task.sql_task).toEqual({
      warehouse_id: "e9ca293f79a74b5c",
      alert: {
        alert_id: s.ref("databricks_alert", "/Sales/FreshnessAlert", "id"),
        subscriptions: [{ destination_id: "0d1b2c3d-aaaa-bbbb-cccc-111122223333" }],
      },
    });
  });

  it("lets the job's service principal run the query and the alert, and the managers manage them", () => {
    for (const [path, idField, target] of [
      ["/Sales/FreshnessQueryPermissions", "sql_query_id", s.ref("databricks_query", "/Sales/FreshnessQuery", "id")],
      ["/Sales/FreshnessAlertPermissions", "sql_alert_id", s.ref("databricks_alert", "/Sales/FreshnessAlert", "id")],
    ]) {
      const { block } = s.resource("databricks_permissions", path);
      expect(block[idField]).toBe(target);
      expect(block.access_control).toEqual([{ service_principal_name: ALERTER.name, permission_level: "CAN_RUN" }]);
    }
    const managed = build({ managers: [groupPrincipal("lakehouse-prod-admins")] }).s;
    expect(managed.resource("databricks_permissions", "/Sales/FreshnessAlertPermissions").block.access_control).toEqual([
      { service_principal_name: ALERTER.name, permission_level: "CAN_RUN" },
      { group_name: "lakehouse-prod-admins", permission_level: "CAN_MANAGE" },
    ]);
  });

  it("has no unsuppressed guardrail findings", () => {
    expect(guardrailFindings(stack)).toEqual([]);
  });

  it("refuses a dashboard whose datasets query a table outside the allowed ones", () => {
    expect(() => build({ allowedTables: ["lakehouse_prod.gold.daily_revenue"] })).toThrow(
      /dashboardFile: datasets query lakehouse_prod.gold.accounts_by_industry, lakehouse_prod.gold.customer_order_summary, which are not in allowedTables/,
    );
  });

  it("refuses a file that is not JSON and a freshness alert without destinations or service principal", () => {
    const notJson = dashboardFile("{ not json");
    expect(() => build({ dashboardFile: notJson })).toThrow(/dashboardFile: .* is not valid JSON/);
    expect(() =>
      build({
        freshness: {
          query: "SELECT 1 AS one",
          valueColumn: "lag_hours",
          threshold: 0,
          valueLabel: " ",
          destinationIds: [],
          quartzCronExpression: "*/5 * * * *",
          runAs: ANALYSTS,
        },
      }),
    ).toThrow(
      /freshness.valueColumn: the query never names "lag_hours"[\s\S]*freshness.threshold: 0 must be above 0[\s\S]*freshness.valueLabel: is empty[\s\S]*freshness.destinationIds[\s\S]*freshness.quartzCronExpression[\s\S]*freshness.runAs: is a group/,
    );
  });

  it("refuses a missing file", () => {
    const missing = join(sourceFolder({}), "missing.lvdash.json");
    expect(() => build({ dashboardFile: missing })).toThrow(/dashboardFile: ".*missing.lvdash.json" does not exist/);
  });
});
