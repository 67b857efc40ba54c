import { TerraformOutput } from "cdktf";
import { DatabricksApp, type DatabricksAppProps } from "../../../../modules/databricks/serving/databricks-app";
import { groupPrincipal } from "../../../../modules/databricks/principal";
import { synthesize } from "../../../synth-json";
import { guardrailFindings, pipelinesStack, sourceFolder } from "../pipelines/pipelines-fixture";

const SOURCE = sourceFolder({
  "app.py": "print('hello')\n",
  "app.yaml": "command: ['python', 'app.py']\nenv:\n  - name: SERVING_ENDPOINT\n    valueFrom: llm\n",
});

function build(props: Partial<DatabricksAppProps> = {}) {
  const { stack, workspace } = pipelinesStack();
  const app = new DatabricksApp(stack, "Assistant", {
    provider: workspace,
    name: "lakehouse-prod-assistant",
    description: "Answers questions about orders",
    sourceRoot: SOURCE,
    files: ["app.py", "app.yaml"],
    workspaceFolder: "/Shared/lakehouse/prod/apps/assistant",
    servingEndpoints: [{ key: "llm", endpointName: "lakehouse-prod-bedrock-claude" }],
    sqlWarehouses: [{ key: "warehouse", warehouseId: "e9ca293f79a74b5c" }],
    databases: [{ key: "lakebase", instanceName: "lakehouse-prod-app", databaseName: "databricks_postgres" }],
    secrets: [{ key: "token", scope: "lakehouse-prod-app", secretKey: "api-token" }],
    tables: [{ key: "synced-table", tableFullName: "lakehouse_prod_lakebase.public.customer_order_summary" }],
    users: [groupPrincipal("lakehouse-prod-analysts")],
    managers: [groupPrincipal("lakehouse-prod-platform")],
    ...props,
  });
  new TerraformOutput(stack, "url", { value: app.url });
  new TerraformOutput(stack, "sp", { value: app.servicePrincipalApplicationId });
  return { stack, app, s: synthesize(stack) };
}

describe("DatabricksApp", () => {
  const { stack, app, s } = build();
  const block = s.resource("databricks_app", "/Assistant/App").block;

  it("binds every resource at its least privilege", () => {
    expect(block).toMatchObject({ name: "lakehouse-prod-assistant", description: "Answers questions about orders", compute_size: "MEDIUM" });
    expect(block.resources).toEqual([
      { name: "llm", serving_endpoint: { name: "lakehouse-prod-bedrock-claude", permission: "CAN_QUERY" } },
      { name: "warehouse", sql_warehouse: { id: "e9ca293f79a74b5c", permission: "CAN_USE" } },
      {
        name: "lakebase",
        database: { instance_name: "lakehouse-prod-app", database_name: "databricks_postgres", permission: "CAN_CONNECT_AND_CREATE" },
      },
      { name: "token", secret: { scope: "lakehouse-prod-app", key: "api-token", permission: "READ" } },
      {
        name: "synced-table",
        uc_securable: { securable_full_name: "lakehouse_prod_lakebase.public.customer_order_summary", securable_type: "TABLE", permission: "SELECT" },
      },
    ]);
  });

  it("uploads the source and says how to deploy it", () => {
    const file = s.resource("databricks_workspace_file", "/Assistant/Source/app.yaml").block;
    expect(file.path).toBe("/Shared/lakehouse/prod/apps/assistant/app.yaml");
    expect(Buffer.from(file.content_base64 as string, "base64").toString()).toContain("valueFrom: llm");
    expect(app.deployCommand).toBe(
      "databricks apps deploy lakehouse-prod-assistant --source-code-path /Workspace/Shared/lakehouse/prod/apps/assistant",
    );
  });

  it("exposes the URL and the service principal's application id by reference", () => {
    expect(s.json.output?.url.value).toBe(s.ref("databricks_app", "/Assistant/App", "url"));
    expect(s.json.output?.sp.value).toBe(s.ref("databricks_app", "/Assistant/App", "service_principal_client_id"));
    expect(app.principal.kind).toBe("service-principal");
  });

  it("lets users open the app and managers manage it", () => {
    const permissions = s.resource("databricks_permissions", "/Assistant/Permissions").block;
    expect(permissions.app_name).toBe(s.ref("databricks_app", "/Assistant/App", "name"));
    expect(permissions.access_control).toEqual([
      { group_name: "lakehouse-prod-analysts", permission_level: "CAN_USE" },
      { group_name: "lakehouse-prod-platform", permission_level: "CAN_MANAGE" },
    ]);
  });

  it("has no unsuppressed guardrail findings", () => {
    expect(guardrailFindings(stack)).toEqual([]);
  });

  it("refuses a bad name, no app.yaml, a reused resource key and everyone", () => {
    expect(() =>
      build({
        name: "Lakehouse_Assistant",
        files: ["app.py"],
        sqlWarehouses: [{ key: "llm", warehouseId: "x" }],
        users: [groupPrincipal("users")],
      }),
    ).toThrow(
      /name: "Lakehouse_Assistant"[\s\S]*files: no app.yaml[\s\S]*sqlWarehouses: resource key "llm" is used twice[\s\S]*users\[0\]: "users" is everyone/,
    );
  });
});
