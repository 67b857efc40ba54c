import { groupPrincipal } from "../../../../modules/databricks/principal";
import {
  DEFAULT_TABLE_PROPERTIES_KEY,
  MEDALLION_LAYERS,
  MedallionCatalog,
  type MedallionCatalogProps,
} from "../../../../modules/databricks/unity-catalog/medallion-catalog";
import { SCHEMA_CREATE_MODELS, SCHEMA_READ, SCHEMA_WRITE } from "../../../../modules/databricks/unity-catalog/privileges";
import { synthesize, type SynthesizedStack } from "../../../synth-json";
import { ucStack } from "./uc-fixture";

const BASE: Omit<MedallionCatalogProps, "provider" | "workspaceIds"> = {
  name: "acme_dev_main",
  storageRoot: "s3://acme-dev-uc/acme_dev_main",
  layerStorageRoots: { bronze: "s3://acme-dev-medallion/bronze/acme_dev_main/bronze", gold: "s3://acme-dev-medallion/gold/acme_dev_main/gold" },
  owner: "acme-dev-platform-admins",
};

function build(props: Partial<MedallionCatalogProps> = {}) {
  const { stack, workspace } = ucStack();
  const catalog = new MedallionCatalog(stack, "Main", { ...BASE, provider: workspace, workspaceIds: [1234567890], ...props });
  return { stack, catalog };
}

function schemaBlock(s: SynthesizedStack, id: string) {
  return s.resource("databricks_schema", `/Main/${id}/Schema`).block;
}

describe("MedallionCatalog", () => {
  const { stack, catalog } = build();
  catalog.layer("bronze").grantWrite(groupPrincipal("acme-dev-data-engineers"));
  catalog.layer("gold").grantRead(groupPrincipal("acme-dev-analysts"));
  const ml = catalog.addSchema("Ml", { name: "ml" });
  ml.grantCreateModels(groupPrincipal("acme-dev-data-scientists"));
  const s = synthesize(stack);
  const catalogName = s.ref("databricks_catalog", "/Main/Catalog", "name");

  it("creates an isolated catalog on its own managed storage, protected and never force-destroyed", () => {
    expect(s.resource("databricks_catalog", "/Main/Catalog").block).toMatchObject({
      name: "acme_dev_main",
      storage_root: "s3://acme-dev-uc/acme_dev_main",
      isolation_mode: "ISOLATED",
      force_destroy: false,
      owner: "acme-dev-platform-admins",
      lifecycle: { prevent_destroy: true },
      provider: "databricks.workspace",
    });
  });

  it("binds the catalog read-write to its workspace", () => {
    expect(Object.values(s.resources("databricks_workspace_binding"))).toEqual([
      expect.objectContaining({
        securable_type: "catalog",
        securable_name: catalogName,
        workspace_id: 1234567890,
        binding_type: "BINDING_TYPE_READ_WRITE",
      }),
    ]);
  });

  it.each(MEDALLION_LAYERS)("has a %s schema in the catalog, owned by the owner and protected", (layer) => {
    expect(schemaBlock(s, layer.charAt(0).toUpperCase() + layer.slice(1))).toMatchObject({
      name: layer,
      catalog_name: catalogName,
      owner: "acme-dev-platform-admins",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  it("puts each layer's schema on its own storage when given, else on the catalog's", () => {
    expect(schemaBlock(s, "Bronze").storage_root).toBe("s3://acme-dev-medallion/bronze/acme_dev_main/bronze");
    expect(schemaBlock(s, "Silver").storage_root).toBeUndefined();
  });

  it("records the UniForm table properties on the gold schema only", () => {
    expect(schemaBlock(s, "Gold").properties).toEqual({
      [DEFAULT_TABLE_PROPERTIES_KEY]: "delta.enableIcebergCompatV2=true,delta.universalFormat.enabledFormats=iceberg",
    });
    expect(schemaBlock(s, "Bronze").properties).toBeUndefined();
  });

  it("grants schema privileges by bundle and USE_CATALOG on the catalog to the same principals", () => {
    const grantsOf = (path: string) => Object.values(s.resources("databricks_grants")).find((g) => g["//"]?.metadata.path.endsWith(path))?.grant;
    expect(grantsOf("/Main/Bronze/Grants/Grants")).toEqual([{ principal: "acme-dev-data-engineers", privileges: [...SCHEMA_WRITE] }]);
    expect(grantsOf("/Main/Gold/Grants/Grants")).toEqual([{ principal: "acme-dev-analysts", privileges: [...SCHEMA_READ] }]);
    expect(grantsOf("/Main/Ml/Grants/Grants")).toEqual([{ principal: "acme-dev-data-scientists", privileges: [...SCHEMA_CREATE_MODELS] }]);
    expect(grantsOf("/Main/Grants/Grants")).toEqual([
      { principal: "acme-dev-data-engineers", privileges: ["USE_CATALOG"] },
      { principal: "acme-dev-analysts", privileges: ["USE_CATALOG"] },
      { principal: "acme-dev-data-scientists", privileges: ["USE_CATALOG"] },
    ]);
  });

  it("gives added schemas the catalog's owner and protection", () => {
    expect(schemaBlock(s, "Ml")).toMatchObject({ name: "ml", owner: "acme-dev-platform-admins", lifecycle: { prevent_destroy: true } });
  });

  it("can leave gold without the UniForm record and everything unprotected", () => {
    const { stack: other } = build({ uniformGold: false, protect: false });
    const o = synthesize(other);
    expect(schemaBlock(o, "Gold").properties).toBeUndefined();
    expect(o.resource("databricks_catalog", "/Main/Catalog").block.lifecycle).toEqual({ prevent_destroy: false });
    expect(schemaBlock(o, "Gold").lifecycle).toEqual({ prevent_destroy: false });
  });

  it("refuses a bad name, a storage root that is not S3 and no workspace, all at once", () => {
    expect(() => build({ name: "Main-Catalog", storageRoot: "/tmp/x", workspaceIds: [] })).toThrow(
      /name: "Main-Catalog".*\n.*storageRoot: "\/tmp\/x".*\n.*workspaceIds: none given/,
    );
  });
});
