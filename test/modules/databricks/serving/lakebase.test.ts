import { TerraformOutput } from "cdktf";
import { LakebaseDatabase, type LakebaseDatabaseProps } from "../../../../modules/databricks/serving/lakebase";
import { groupPrincipal, servicePrincipal } from "../../../../modules/databricks/principal";
import { synthesize } from "../../../synth-json";
import { guardrailFindings, pipelinesStack } from "../pipelines/pipelines-fixture";

const GOLD = [
  { sourceTableFullName: "lakehouse_prod.gold.customer_order_summary", primaryKeyColumns: ["customer_id"] },
  { sourceTableFullName: "lakehouse_prod.gold.daily_revenue", primaryKeyColumns: ["order_date", "currency"] },
  { sourceTableFullName: "lakehouse_prod.gold.invoice_aging", primaryKeyColumns: ["invoice_id"], schedulingPolicy: "SNAPSHOT" as const },
];

function build(props: Partial<LakebaseDatabaseProps> = {}) {
  const { stack, workspace } = pipelinesStack();
  const lakebase = new LakebaseDatabase(stack, "Lakebase", {
    provider: workspace,
    instanceName: "lakehouse-prod-app",
    capacity: "CU_2",
    nodeCount: 2,
    catalogName: "lakehouse_prod_app",
    syncedTables: GOLD,
    pipelineStorageCatalog: "lakehouse_prod",
    pipelineStorageSchema: "gold",
    tags: { Project: "lakehouse", environment: "prod" },
    users: [groupPrincipal("lakehouse-prod-engineers")],
    managers: [servicePrincipal("7d0a3c2e-1111-2222-3333-444455556666")],
    ...props,
  });
  // Outputs show what the public fields resolve to.
  new TerraformOutput(stack, "catalogName", { value: lakebase.catalogName });
  new TerraformOutput(stack, "readWriteDns", { value: lakebase.readWriteDns });
  new TerraformOutput(stack, "instanceName", { value: lakebase.instanceName });
  return { stack, lakebase, s: synthesize(stack) };
}

describe("LakebaseDatabase", () => {
  const { stack, lakebase, s } = build();
  const instance = s.resource("databricks_database_instance", "/Lakebase/Instance").block;
  const instanceName = s.ref("databricks_database_instance", "/Lakebase/Instance", "name");

  it("sizes a running, protected instance that is never purged on delete", () => {
    expect(instance).toMatchObject({
      name: "lakehouse-prod-app",
      capacity: "CU_2",
      node_count: 2,
      enable_readable_secondaries: false,
      retention_window_in_days: 7,
      stopped: false,
      purge_on_delete: false,
      provider: "databricks.workspace",
      lifecycle: { prevent_destroy: true },
    });
    expect(instance.custom_tags).toEqual([
      { key: "Project", value: "lakehouse" },
      { key: "environment", value: "prod" },
    ]);
  });

  it("registers the database in Unity Catalog on the instance by reference", () => {
    const catalog = s.resource("databricks_database_database_catalog", "/Lakebase/Catalog").block;
    expect(catalog).toMatchObject({
      name: "lakehouse_prod_app",
      database_instance_name: instanceName,
      database_name: "databricks_postgres",
      create_database_if_not_exists: true,
    });
    const output = (name: string) => s.json.output?.[name].value;
    expect(output("catalogName")).toBe(s.ref("databricks_database_database_catalog", "/Lakebase/Catalog", "name"));
    expect(output("readWriteDns")).toBe(s.ref("databricks_database_instance", "/Lakebase/Instance", "read_write_dns"));
    expect(output("instanceName")).toBe(instanceName);
  });

  it("syncs each gold table into the catalog with its primary key, bin packing tables of one scheduling policy", () => {
    expect(lakebase.syncedTableNames).toEqual([
      "lakehouse_prod_app.public.customer_order_summary",
      "lakehouse_prod_app.public.daily_revenue",
      "lakehouse_prod_app.public.invoice_aging",
    ]);
    const first = s.resource("databricks_database_synced_database_table", "/Synced-public-customer_order_summary");
    const second = s.resource("databricks_database_synced_database_table", "/Synced-public-daily_revenue").block;
    const snapshot = s.resource("databricks_database_synced_database_table", "/Synced-public-invoice_aging").block;
    expect(first.block.spec).toEqual({
      source_table_full_name: "lakehouse_prod.gold.customer_order_summary",
      primary_key_columns: ["customer_id"],
      scheduling_policy: "TRIGGERED",
      create_database_objects_if_missing: true,
      new_pipeline_spec: { storage_catalog: "lakehouse_prod", storage_schema: "gold" },
    });
    expect(second.spec).toMatchObject({
      primary_key_columns: ["order_date", "currency"],
      existing_pipeline_id: `\${databricks_database_synced_database_table.${first.name}.data_synchronization_status.pipeline_id}`,
    });
    expect((second.spec as Record<string, unknown>).new_pipeline_spec).toBeUndefined();
    // Another policy gets its own pipeline: a pipeline has one scheduling policy.
    expect(snapshot.spec).toMatchObject({ scheduling_policy: "SNAPSHOT", new_pipeline_spec: { storage_catalog: "lakehouse_prod" } });
    expect(second.depends_on).toEqual([
      `databricks_database_database_catalog.${s.resource("databricks_database_database_catalog", "/Catalog").name}`,
    ]);
  });

  it("exposes one sync pipeline per scheduling policy, the first table's, for jobs that start snapshot and triggered syncs", () => {
    new TerraformOutput(stack, "syncPipelineIds", { value: lakebase.syncPipelineIds });
    const pipelineOf = (table: string) =>
      s.ref("databricks_database_synced_database_table", `/Synced-public-${table}`, "data_synchronization_status.pipeline_id");
    expect(Object.keys(lakebase.syncPipelineIds).sort()).toEqual(["SNAPSHOT", "TRIGGERED"]);
    const resolved = synthesize(stack).json.output?.syncPipelineIds?.value;
    expect(resolved).toEqual({ TRIGGERED: pipelineOf("customer_order_summary"), SNAPSHOT: pipelineOf("invoice_aging") });
  });

  it("grants CAN_USE and CAN_MANAGE on the instance in one authoritative permissions resource", () => {
    const permissions = s.resource("databricks_permissions", "/Lakebase/Permissions").block;
    expect(permissions.database_instance_name).toBe(instanceName);
    expect(permissions.access_control).toEqual([
      { group_name: "lakehouse-prod-engineers", permission_level: "CAN_USE" },
      { service_principal_name: "7d0a3c2e-1111-2222-3333-444455556666", permission_level: "CAN_MANAGE" },
    ]);
  });

  it("has no unsuppressed guardrail findings", () => {
    expect(guardrailFindings(stack)).toEqual([]);
  });

  it("leaves the instance and its catalog unprotected only when asked", () => {
    const open = build({ protect: false }).s.resource("databricks_database_instance", "/Lakebase/Instance").block;
    expect(open.lifecycle).toEqual({ prevent_destroy: false });
    expect(s.resource("databricks_database_database_catalog", "/Lakebase/Catalog").block.lifecycle).toEqual({ prevent_destroy: true });
    const openCatalog = build({ protect: false }).s.resource("databricks_database_database_catalog", "/Lakebase/Catalog").block;
    expect(openCatalog.lifecycle).toEqual({ prevent_destroy: false });
  });

  it("refuses bad sizes, a readable secondary without one, tables without keys or pipeline storage, and everyone", () => {
    expect(() =>
      build({
        capacity: "CU_3" as never,
        nodeCount: 1,
        enableReadableSecondaries: true,
        retentionWindowInDays: 40,
        syncedTables: [{ sourceTableFullName: "gold.orders", primaryKeyColumns: [] }],
        pipelineStorageCatalog: undefined,
        users: [groupPrincipal("users")],
      }),
    ).toThrow(
      new RegExp(
        [
          'capacity: "CU_3" is not a Lakebase size',
          "enableReadableSecondaries: true needs a secondary",
          "retentionWindowInDays: 40",
          "pipelineStorageCatalog: not set",
          'syncedTables\\[0\\].sourceTableFullName: "gold.orders" is not a three-part name',
          "syncedTables\\[0\\].primaryKeyColumns: none given",
          'users\\[0\\]: "users" is everyone',
        ].join("[\\s\\S]*"),
      ),
    );
  });

  it("refuses two tables that sync to the same name and a bad instance name", () => {
    expect(() => build({ instanceName: "Lakehouse_App", syncedTables: [GOLD[0], { ...GOLD[0] }] })).toThrow(
      /instanceName: "Lakehouse_App"[\s\S]*syncedTables\[1\]: syncs to lakehouse_prod_app.public.customer_order_summary like syncedTables\[0\]/,
    );
  });
});
