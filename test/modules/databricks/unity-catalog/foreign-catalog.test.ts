import { groupPrincipal } from "../../../../modules/databricks/principal";
import { TerraformVariable } from "cdktf";
import { ForeignCatalog, type ForeignCatalogProps } from "../../../../modules/databricks/unity-catalog/foreign-catalog";
import { FOREIGN_CATALOG_READ } from "../../../../modules/databricks/unity-catalog/privileges";
import { synthesize } from "../../../synth-json";
import { ucStack } from "./uc-fixture";

const BASE: Omit<ForeignCatalogProps, "provider" | "connectionOptions"> = {
  connectionName: "acme_dev_pg",
  connectionType: "POSTGRESQL",
  catalogName: "acme_dev_pg",
  catalogOptions: { database: "orders" },
};

function build(props: Partial<ForeignCatalogProps> = {}) {
  const { stack, workspace } = ucStack();
  // A sensitive variable stands in for a secret reference.
  const password = new TerraformVariable(stack, "password", { type: "string", sensitive: true }).stringValue;
  const connectionOptions = { host: "pg.internal", port: "5432", user: "reader", password };
  const foreign = new ForeignCatalog(stack, "Pg", { ...BASE, connectionOptions, provider: workspace, ...props });
  return { stack, foreign };
}

describe("ForeignCatalog", () => {
  const { stack, foreign } = build({ workspaceIds: [42] });
  foreign.grantRead(groupPrincipal("acme-dev-analysts"));
  foreign.grantUseConnection(groupPrincipal("acme-dev-data-engineers"));
  const s = synthesize(stack);
  const connectionName = s.ref("databricks_connection", "/Pg/Connection", "name");

  it("creates the connection with its options on the workspace provider", () => {
    expect(s.resource("databricks_connection", "/Pg/Connection").block).toMatchObject({
      name: "acme_dev_pg",
      connection_type: "POSTGRESQL",
      options: { host: "pg.internal", port: "5432", user: "reader", password: "${var.password}" },
      provider: "databricks.workspace",
    });
  });

  it("creates a protected foreign catalog over the connection, isolated and bound to the workspace", () => {
    expect(s.resource("databricks_catalog", "/Pg/Catalog").block).toMatchObject({
      name: "acme_dev_pg",
      connection_name: connectionName,
      options: { database: "orders" },
      force_destroy: false,
      isolation_mode: "ISOLATED",
      lifecycle: { prevent_destroy: true },
    });
    expect(s.resource("databricks_workspace_binding", "/Pg/Binding0").block).toMatchObject({ workspace_id: 42, securable_type: "catalog" });
  });

  it("grants readers the catalog and users of the connection the connection, separately", () => {
    const grants = Object.values(s.resources("databricks_grants"));
    expect(grants.find((g) => g.catalog)?.grant).toEqual([{ principal: "acme-dev-analysts", privileges: [...FOREIGN_CATALOG_READ] }]);
    expect(grants.find((g) => g.foreign_connection)).toMatchObject({
      foreign_connection: connectionName,
      grant: [{ principal: "acme-dev-data-engineers", privileges: ["USE_CONNECTION"] }],
    });
  });

  it("is shared with every workspace when no workspace is named", () => {
    const { stack: other } = build();
    const o = synthesize(other);
    expect(o.resource("databricks_catalog", "/Pg/Catalog").block.isolation_mode).toBeUndefined();
    expect(o.resources("databricks_workspace_binding")).toEqual({});
  });

  it("refuses a literal password, a bad catalog name and a lower-case type", () => {
    expect(() => build({ connectionOptions: { host: "h", password: "hunter2" }, catalogName: "Bad-Name", connectionType: "postgres" })).toThrow(
      /catalogName: "Bad-Name".*\n.*connectionType: "postgres".*\n.*connectionOptions.password: is a literal/,
    );
  });
});
