import { groupPrincipal } from "../../../../modules/databricks/principal";
import { Privilege, SCHEMA_READ, SCHEMA_WRITE } from "../../../../modules/databricks/unity-catalog/privileges";
import { SecurableGrants } from "../../../../modules/databricks/unity-catalog/securable-grants";
import { ValidationError } from "../../../../modules/core/errors";
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

  it.each([
    ["catalog", "acme_prod_main"],
    ["schema", "acme_prod_main.gold"],
    ["volume", "acme_prod_main.bronze.landing"],
    ["externalLocation", "acme-prod-landing"],
  ] as const)("accepts the full name of a %s (%s)", (securableType, securableName) => {
    const { stack, workspace } = ucStack();
    expect(() => new SecurableGrants(stack, "Grants", { provider: workspace, securableType, securableName })).not.toThrow();
  });

  it.each([
    ["schema", "gold", 'securableName: "gold" is not a schema\'s full name; use catalog.schema'],
    ["volume", "acme_prod_main.landing", 'securableName: "acme_prod_main.landing" is not a volume\'s full name; use catalog.schema.volume'],
    ["catalog", "acme_prod_main.gold", 'securableName: "acme_prod_main.gold" is not a catalog\'s full name; use catalog'],
    ["schema", "acme_prod_main. gold", 'securableName: "acme_prod_main. gold" is not a schema\'s full name; use catalog.schema'],
  ] as const)("refuses a %s named %p, which would fail only at apply", (securableType, securableName, problem) => {
    const { stack, workspace } = ucStack();
    expect(() => new SecurableGrants(stack, "Grants", { provider: workspace, securableType, securableName })).toThrow(problem);
  });

  it("refuses an unknown securable type and an empty name at once, before creating anything", () => {
    const { stack, workspace } = ucStack();
    let error: unknown;
    try {
      // As from an untyped config: the type becomes the resource's argument name, so a table would write `table`.
      new SecurableGrants(stack, "Grants", { provider: workspace, securableType: "table" as never, securableName: "" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      expect.stringMatching(/^securableType: "table" is not a securable these grants name; use one of catalog, schema, volume, /),
      "securableName: is empty; pass the securable's name, e.g. the resource's name attribute",
    ]);
    expect(stack.node.findAll().filter((node) => node.node.path.startsWith("test/Grants/"))).toEqual([]);
  });
});
