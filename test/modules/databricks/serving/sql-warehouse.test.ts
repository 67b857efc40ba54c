import { SqlWarehouse, type SqlWarehouseProps } from "../../../../modules/databricks/serving/sql-warehouse";
import { groupPrincipal, servicePrincipal } from "../../../../modules/databricks/principal";
import { TerraformOutput } from "cdktf";
import { synthesize } from "../../../synth-json";
import { guardrailFindings, pipelinesStack } from "./serving-fixture";

function build(props: Partial<SqlWarehouseProps> = {}) {
  const { stack, workspace } = pipelinesStack();
  const warehouse = new SqlWarehouse(stack, "Analysts", { provider: workspace, name: "acme-prod-analysts", ...props });
  return { stack, warehouse };
}

describe("SqlWarehouse", () => {
  const { stack, warehouse } = build({
    clusterSize: "Small",
    minNumClusters: 1,
    maxNumClusters: 3,
    autoStopMinutes: 15,
    channel: "PREVIEW",
    spotInstancePolicy: "RELIABILITY_OPTIMIZED",
    tags: { project: "acme", environment: "prod" },
    users: [groupPrincipal("acme-prod-analysts"), servicePrincipal("qs-app-id")],
    managers: [groupPrincipal("acme-prod-platform-admins")],
  });
  new TerraformOutput(stack, "id", { value: warehouse.warehouseId });
  new TerraformOutput(stack, "http_path", { value: warehouse.httpPath });
  new TerraformOutput(stack, "jdbc_url", { value: warehouse.jdbcUrl });
  const s = synthesize(stack);
  const endpoint = s.resource("databricks_sql_endpoint", "/Analysts/Warehouse");

  it("creates a serverless PRO warehouse with the given size, scaling, auto stop, channel, spot policy and tags", () => {
    expect(endpoint.block).toMatchObject({
      provider: "databricks.workspace",
      name: "acme-prod-analysts",
      cluster_size: "Small",
      min_num_clusters: 1,
      max_num_clusters: 3,
      auto_stop_mins: 15,
      enable_serverless_compute: true,
      warehouse_type: "PRO",
      enable_photon: true,
      spot_instance_policy: "RELIABILITY_OPTIMIZED",
      channel: { name: "CHANNEL_NAME_PREVIEW" },
      tags: {
        custom_tags: [
          { key: "project", value: "acme" },
          { key: "environment", value: "prod" },
        ],
      },
    });
  });

  it("exposes the id, the HTTP path built from it and the JDBC URL as references", () => {
    const output = (name: string) => s.json.output?.[name]?.value;
    expect(output("id")).toBe(`\${databricks_sql_endpoint.${endpoint.name}.id}`);
    expect(output("http_path")).toBe(`/sql/1.0/warehouses/\${databricks_sql_endpoint.${endpoint.name}.id}`);
    expect(output("jdbc_url")).toBe(`\${databricks_sql_endpoint.${endpoint.name}.jdbc_url}`);
  });

  it("grants CAN_USE to users and CAN_MANAGE to managers in one databricks_permissions on the warehouse", () => {
    const acls = Object.values(s.resources("databricks_permissions"));
    expect(acls).toHaveLength(1);
    expect(acls[0]).toMatchObject({
      sql_endpoint_id: `\${databricks_sql_endpoint.${endpoint.name}.id}`,
      access_control: [
        { group_name: "acme-prod-analysts", permission_level: "CAN_USE" },
        { service_principal_name: "qs-app-id", permission_level: "CAN_USE" },
        { group_name: "acme-prod-platform-admins", permission_level: "CAN_MANAGE" },
      ],
    });
  });

  it("keeps the higher level when a manager is also granted use", () => {
    warehouse.grantUse(groupPrincipal("acme-prod-platform-admins"));
    expect(warehouse.levelOf(groupPrincipal("acme-prod-platform-admins"))).toBe("CAN_MANAGE");
  });

  it("defaults to the smallest size, one cluster, a 10-minute auto stop and the current channel, with no permissions", () => {
    const { stack: plain } = build();
    const out = synthesize(plain);
    expect(out.resource("databricks_sql_endpoint", "/Analysts/Warehouse").block).toMatchObject({
      cluster_size: "2X-Small",
      min_num_clusters: 1,
      max_num_clusters: 1,
      auto_stop_mins: 10,
      spot_instance_policy: "COST_OPTIMIZED",
      channel: { name: "CHANNEL_NAME_CURRENT" },
    });
    expect(out.resources("databricks_permissions")).toEqual({});
  });

  it("passes the guardrails, DBX-WAREHOUSE-AUTO-STOP included", () => {
    expect(guardrailFindings(stack)).toEqual([]);
  });

  it("refuses a zero auto stop, a bad size, min above max, a bad channel and everyone as a user, naming each prop", () => {
    expect(() =>
      build({
        autoStopMinutes: 0,
        clusterSize: "Tiny" as never,
        minNumClusters: 4,
        maxNumClusters: 2,
        channel: "BETA" as never,
        users: [groupPrincipal("users")],
      }),
    ).toThrow(
      /clusterSize: "Tiny" is not a warehouse size.*\n.*minNumClusters: 4 is above maxNumClusters \(2\).*\n.*autoStopMinutes: 0 is not a positive.*\n.*channel: "BETA" is not a channel.*\n.*users\[0\]: "users" is everyone/,
    );
    expect(() => build({ maxNumClusters: 41 })).toThrow(/maxNumClusters: 41 is not a whole number from 1 to 40/);
  });
});
