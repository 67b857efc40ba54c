import { Privilege, SCHEMA_READ, SCHEMA_WRITE } from "../../../../modules/databricks/unity-catalog/privileges";
import { SecurableGrants } from "../../../../modules/databricks/unity-catalog/securable-grants";
import { synthesize } from "../../../synth-json";
import { ucStack } from "./uc-fixture";

function build() {
  const { stack, workspace } = ucStack();
  const grants = new SecurableGrants(stack, "Grants", { provider: workspace, securableType: "schema", securableName: "main.gold" });
  return { stack, grants };
}

describe("SecurableGrants", () => {
  it("creates nothing until something is granted", () => {
    const { stack } = build();
    expect(synthesize(stack).resources("databricks_grants")).toEqual({});
  });

  it("renders every grant on the securable in one authoritative databricks_grants, merging a principal's privileges", () => {
    const { stack, grants } = build();
    grants.add("acme-analysts", SCHEMA_READ);
    grants.add("acme-engineers", SCHEMA_WRITE);
    grants.add("acme-analysts", [Privilege.SELECT, Privilege.APPLY_TAG]);
    const all = synthesize(stack).resources("databricks_grants");
    expect(Object.values(all)).toEqual([
      {
        provider: "databricks.workspace",
        schema: "main.gold",
        grant: [
          { principal: "acme-analysts", privileges: [...SCHEMA_READ, "APPLY_TAG"] },
          { principal: "acme-engineers", privileges: [...SCHEMA_WRITE] },
        ],
        "//": expect.anything() as unknown,
      },
    ]);
    expect(grants.principals).toEqual(["acme-analysts", "acme-engineers"]);
  });

  it.each(["account users", "Users", " users "])("refuses a grant to everyone in the account (%s)", (principal) => {
    expect(() => build().grants.add(principal, SCHEMA_READ)).toThrow(/is everyone in the account; grant to a group instead/);
  });

  it("refuses an empty principal, no privileges and unknown privileges, all at once", () => {
    expect(() => build().grants.add("", ["SELECT ALL" as Privilege])).toThrow(/principal: is empty/);
    expect(() => build().grants.add("acme", [])).toThrow(/privileges: none given for "acme"/);
    expect(() => build().grants.add("acme", ["OWN" as Privilege])).toThrow(/privileges: OWN not known/);
  });
});
