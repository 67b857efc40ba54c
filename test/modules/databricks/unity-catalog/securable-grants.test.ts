import { groupPrincipal } from "../../../../modules/databricks/principal";
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
    grants.add(groupPrincipal("acme-analysts"), SCHEMA_READ);
    grants.add(groupPrincipal("acme-engineers"), SCHEMA_WRITE);
    grants.add(groupPrincipal("acme-analysts"), [Privilege.SELECT, Privilege.APPLY_TAG]);
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

  it("returns what each grant created: the securable, the principal, the privileges and the one grants resource", () => {
    const { grants } = build();
    const analysts = groupPrincipal("acme-analysts");
    const first = grants.add(analysts, SCHEMA_READ);
    const second = grants.add(groupPrincipal("acme-engineers"), SCHEMA_WRITE);
    expect(first).toMatchObject({ securableType: "schema", securableName: "main.gold", principal: analysts, privileges: [...SCHEMA_READ] });
    expect(second.resource).toBe(first.resource);
    expect(first.resource).toBe(grants.grantsResource);
  });

  it.each(["account users", "Users", " users "])("refuses a grant to everyone in the account (%s)", (principal) => {
    expect(() => build().grants.add(groupPrincipal(principal), SCHEMA_READ)).toThrow(/is everyone in the account; grant to a group instead/);
  });

  it("refuses an empty principal, no privileges and unknown privileges, all at once", () => {
    expect(() => build().grants.add(groupPrincipal(""), ["SELECT ALL" as Privilege])).toThrow(/principal: is empty/);
    expect(() => build().grants.add(groupPrincipal("acme"), [])).toThrow(/privileges: none given for "acme"/);
    expect(() => build().grants.add(groupPrincipal("acme"), ["OWN" as Privilege])).toThrow(/privileges: OWN not known/);
  });
});
