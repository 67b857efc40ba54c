import { groupPrincipal } from "../../../../modules/databricks/principal";
import { CatalogSchema, volumePath, type CatalogSchemaProps } from "../../../../modules/databricks/unity-catalog/catalog-schema";
import { SCHEMA_READ } from "../../../../modules/databricks/unity-catalog/privileges";
import { SecurableGrants } from "../../../../modules/databricks/unity-catalog/securable-grants";
import { synthesize } from "../../../synth-json";
import { ucStack } from "./uc-fixture";

function build(props: Partial<CatalogSchemaProps> = {}) {
  const { stack, workspace } = ucStack();
  const schema = new CatalogSchema(stack, "Bronze", { provider: workspace, catalogName: "acme_dev_main", name: "bronze", ...props });
  return { stack, schema, workspace };
}

describe("CatalogSchema", () => {
  it("adds a managed volume without a location and an external one over a location, both protected", () => {
    const { stack, schema } = build({ storageRoot: "s3://acme-dev-medallion/bronze/" });
    schema.addVolume("Managed", { name: "checkpoints" });
    schema.addVolume("Landing", { name: "landing", storageLocation: "s3://acme-dev-landing/acme_dev_main/" });
    const s = synthesize(stack);
    const schemaName = s.ref("databricks_schema", "/Bronze/Schema", "name");
    expect(s.resource("databricks_volume", "/Bronze/Managed").block).toMatchObject({
      catalog_name: "acme_dev_main",
      schema_name: schemaName,
      name: "checkpoints",
      volume_type: "MANAGED",
      lifecycle: { prevent_destroy: true },
    });
    expect(s.resource("databricks_volume", "/Bronze/Managed").block.storage_location).toBeUndefined();
    expect(s.resource("databricks_volume", "/Bronze/Landing").block).toMatchObject({
      volume_type: "EXTERNAL",
      storage_location: "s3://acme-dev-landing/acme_dev_main/",
    });
  });

  it("grants on the schema by its id, and USE_CATALOG through the catalog's grants when given", () => {
    const { stack, workspace } = ucStack();
    const catalogGrants = new SecurableGrants(stack, "CatalogGrants", {
      provider: workspace,
      securableType: "catalog",
      securableName: "acme_dev_main",
    });
    const schema = new CatalogSchema(stack, "Gold", { provider: workspace, catalogName: "acme_dev_main", name: "gold", catalogGrants });
    schema.grantRead(groupPrincipal("acme-dev-analysts"));
    const s = synthesize(stack);
    const grants = Object.values(s.resources("databricks_grants"));
    expect(grants.find((g) => g.schema)).toMatchObject({
      schema: s.ref("databricks_schema", "/Gold/Schema", "id"),
      grant: [{ principal: "acme-dev-analysts", privileges: [...SCHEMA_READ] }],
    });
    expect(grants.find((g) => g.catalog)).toMatchObject({
      catalog: "acme_dev_main",
      grant: [{ principal: "acme-dev-analysts", privileges: ["USE_CATALOG"] }],
    });
    expect(schema.privilegesOf("acme-dev-analysts")).toEqual([...SCHEMA_READ]);
  });

  it("builds /Volumes paths", () => {
    expect(volumePath("acme_dev_main", "bronze", "landing")).toBe("/Volumes/acme_dev_main/bronze/landing");
  });

  it("refuses schema and volume names Unity Catalog would not keep as given", () => {
    expect(() => build({ name: "Bronze-Layer" })).toThrow(/name: "Bronze-Layer" must be lowercase letters, digits and underscores/);
    expect(() => build().schema.addVolume("V", { name: "My Volume" })).toThrow(/^test\/Bronze: addVolume: name: "My Volume" must be lowercase/);
  });

  it("refuses a catalog named catalog.schema and a storage root that is not an S3 URL", () => {
    expect(() => build({ catalogName: "acme_dev_main.bronze" })).toThrow(/catalogName: "acme_dev_main.bronze" must be the catalog's own name/);
    expect(() => build({ storageRoot: "acme-dev-medallion/bronze/" })).toThrow(/storageRoot: "acme-dev-medallion\/bronze\/" is not an S3 URL/);
  });
});
