import { groupPrincipal } from "../../../../modules/databricks/principal";
import { SystemSchemas, type SystemSchemasProps } from "../../../../modules/databricks/unity-catalog/system-schemas";
import { synthesize } from "../../../synth-json";
import { ucStack } from "./uc-fixture";

function build(props: Partial<SystemSchemasProps> = {}) {
  const { stack, workspace } = ucStack();
  new SystemSchemas(stack, "System", { provider: workspace, readers: [groupPrincipal("acme-prod-platform-admins")], ...props });
  return synthesize(stack);
}

describe("SystemSchemas", () => {
  const s = build({ enable: ["access", "compute"] });

  it("enables the given system schemas", () => {
    expect(Object.values(s.resources("databricks_system_schema")).map((b) => b.schema)).toEqual(["access", "compute"]);
  });

  it("grants readers the system catalog and the enabled schemas plus billing, with non-authoritative grants", () => {
    const grants = Object.values(s.resources("databricks_grant"));
    expect(grants.map((g) => g.catalog ?? g.schema)).toEqual(["system", "system.access", "system.compute", "system.billing"]);
    for (const g of grants) expect(g.principal).toBe("acme-prod-platform-admins");
    expect(grants[0].privileges).toEqual(["USE_CATALOG"]);
    expect(grants[1].privileges).toEqual(["USE_SCHEMA", "SELECT"]);
    expect(s.resources("databricks_grants")).toEqual({});
  });

  it("makes a read grant wait for the schema it enables", () => {
    const access = s.resource("databricks_system_schema", "/System/Schema-access").name;
    expect(s.resource("databricks_grant", "/System/access-0").block.depends_on).toEqual([`databricks_system_schema.${access}`]);
  });

  it("grants read on schemas another environment enables, enabling none itself", () => {
    const other = build({ enable: [], read: ["access", "billing"] });
    expect(other.resources("databricks_system_schema")).toEqual({});
    expect(Object.values(other.resources("databricks_grant")).map((g) => g.catalog ?? g.schema)).toEqual([
      "system",
      "system.access",
      "system.billing",
    ]);
  });

  it("refuses schemas that cannot be enabled or read, no readers, and everyone as a reader", () => {
    expect(() => build({ enable: ["billing" as "access"] })).toThrow(/enable: "billing" cannot be enabled/);
    expect(() => build({ read: ["information" as "access"] })).toThrow(/read: "information" is not a system schema/);
    expect(() => build({ readers: [] })).toThrow(/readers: none given/);
    expect(() => build({ readers: [groupPrincipal("account users")] })).toThrow(/is everyone in the account/);
  });
});
