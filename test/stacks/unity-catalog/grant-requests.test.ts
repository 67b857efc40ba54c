import { Testing } from "cdktf";
import { ENVIRONMENTS, validateEnvironments, type EnvironmentConfig } from "../../../environments";
import { CATALOG_USE, SCHEMA_READ, SCHEMA_WRITE } from "../../../modules/databricks/unity-catalog/privileges";
import { unityCatalogGrantRequests, type GrantRequest } from "../../../stacks/unity-catalog/grant-requests";
import { UnityCatalogStack } from "../../../stacks/unity-catalog/unity-catalog-stack";
import { synthesize, type SynthesizedStack } from "../../synth-json";

const configs = validateEnvironments(Object.values(ENVIRONMENTS));
const applicationIdOf = (key: string) => `\${data.terraform_remote_state.workspace.outputs.service_principal_application_ids.${key}}`;

function build(config: EnvironmentConfig, extra: readonly GrantRequest[]): SynthesizedStack {
  return synthesize(new UnityCatalogStack(Testing.app(), { config, grantRequests: [...unityCatalogGrantRequests(config), ...extra] }));
}

/** The grant blocks of the one `databricks_grants` whose construct path ends with `pathSuffix`. */
function grantsAt(s: SynthesizedStack, pathSuffix: string): { principal: string; privileges: string[] }[] {
  return s.resource("databricks_grants", pathSuffix).block.grant as { principal: string; privileges: string[] }[];
}

describe.each(configs.map((c) => [c.name, c] as const))("the grant plan in %s", (_, config) => {
  it("renders the unity-catalog layer's own requests when no other layer asks for anything", () => {
    const own = synthesize(new UnityCatalogStack(Testing.app(), { config }));
    const planned = build(config, []);
    expect(planned.json.resource).toEqual(own.json.resource);
  });

  it("lets another layer's principal write bronze and read gold of every catalog, in the one authoritative grants of each schema", () => {
    const requests: GrantRequest[] = [
      { target: "bronze", access: "write", principal: "orchestrator", requestedBy: "ingestion" },
      { target: "gold", access: "read", principal: "orchestrator", requestedBy: "serving" },
    ];
    const s = build(config, requests);
    for (const catalog of config.unityCatalog.catalogs) {
      const bronze = grantsAt(s, `/Catalog-${catalog.name}/Bronze/Grants/Grants`);
      expect(bronze).toContainEqual({ principal: applicationIdOf("orchestrator"), privileges: expect.arrayContaining([...SCHEMA_WRITE]) as unknown });
      const gold = grantsAt(s, `/Catalog-${catalog.name}/Gold/Grants/Grants`);
      expect(gold).toContainEqual({ principal: applicationIdOf("orchestrator"), privileges: expect.arrayContaining([...SCHEMA_READ]) as unknown });
      // A schema privilege works only with USE_CATALOG on the catalog, which the plan grants with it.
      const catalogGrants = grantsAt(s, `/Catalog-${catalog.name}/Grants/Grants`);
      expect(catalogGrants).toContainEqual({ principal: applicationIdOf("orchestrator"), privileges: [...CATALOG_USE] });
    }
    // Still one grants resource per securable: nothing the other layers ask for creates a second owner.
    const securables = Object.values(s.resources("databricks_grants")).map((b) =>
      JSON.stringify([b.catalog, b.schema, b.external_location, b.foreign_connection]),
    );
    expect(new Set(securables).size).toBe(securables.length);
  });

  it("gives read access to the landing files to a layer that asks for it", () => {
    const s = build(config, [{ target: "landing", access: "read-files", principal: "orchestrator", requestedBy: "ingestion" }]);
    expect(grantsAt(s, "/Landing/Grants/Grants")).toContainEqual({ principal: applicationIdOf("orchestrator"), privileges: ["READ_FILES"] });
  });

  it("refuses a request for a principal the environment does not have, naming the stack and the known keys", () => {
    expect(() => build(config, [{ target: "gold", access: "read", principal: "toString", requestedBy: "serving" }])).toThrow(
      new RegExp(
        `^${config.name}-unity-catalog: principal "toString" is not a group or service principal of workspace.groups or workspace.servicePrincipals \\(groups: `,
      ),
    );
  });
});

describe("unityCatalogGrantRequests", () => {
  it("asks, per medallion layer, for the writers and pipelines to write and the readers to read, and for bronze loaders to read landing files", () => {
    const config = configs[0];
    const { grants } = config.unityCatalog;
    const requests = unityCatalogGrantRequests(config);
    expect(requests.every((r) => r.requestedBy === "unity-catalog")).toBe(true);
    for (const layer of ["bronze", "silver", "gold"] as const) {
      const writers = requests.filter((r) => r.target === layer && r.access === "write").map((r) => r.principal);
      expect(writers).toEqual([...new Set([...grants[layer].write, ...grants.pipelines])]);
      expect(requests.filter((r) => r.target === layer && r.access === "read").map((r) => r.principal)).toEqual(grants[layer].read);
    }
    expect(requests.filter((r) => r.target === "landing").map((r) => r.principal)).toEqual([
      ...new Set([...grants.bronze.write, ...grants.pipelines]),
    ]);
  });
});
