import { TerraformOutput } from "cdktf";
import { UnityCatalogMetastore, type UnityCatalogMetastoreProps } from "../../../../modules/databricks/unity-catalog/unity-catalog-metastore";
import { synthesize } from "../../../synth-json";
import { ucStack } from "./uc-fixture";

const EXISTING_ID = "11111111-2222-3333-4444-555555555555";

function build(props: Partial<UnityCatalogMetastoreProps> = {}) {
  const { stack, account } = ucStack();
  const metastore = new UnityCatalogMetastore(stack, "Metastore", { provider: account, region: "eu-west-1", name: "acme-eu-west-1", ...props });
  // The id as Terraform sees it: through an output, which renders the reference.
  new TerraformOutput(stack, "metastore-id", { value: metastore.metastoreId });
  const s = synthesize(stack);
  return { metastore, s, metastoreIdRef: s.json.output?.["metastore-id"].value };
}

describe("UnityCatalogMetastore", () => {
  describe("created here", () => {
    const { s, metastore, metastoreIdRef } = build({ owner: "acme-prod-platform-admins" });
    const created = s.resource("databricks_metastore", "/Metastore/Metastore");

    it("creates the region's metastore on the account provider without metastore-level storage", () => {
      expect(created.block).toMatchObject({
        name: "acme-eu-west-1",
        region: "eu-west-1",
        owner: "acme-prod-platform-admins",
        provider: "databricks.account",
      });
      expect(created.block.storage_root).toBeUndefined();
    });

    it("is protected from destroy and never force-destroyed", () => {
      expect(created.block).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
    });

    it("assigns nothing itself: the assignment needs the workspace, which waits for the metastore", () => {
      expect(s.resources("databricks_metastore_assignment")).toEqual({});
      expect(metastore.dependable).toBe(metastore.metastore);
      expect(metastoreIdRef).toBe(`\${databricks_metastore.${created.name}.metastore_id}`);
    });
  });

  it("takes a metastore-level root only when given", () => {
    const { s } = build({ storageRoot: "s3://acme-metastore/root" });
    expect(s.resource("databricks_metastore", "/Metastore/Metastore").block.storage_root).toBe("s3://acme-metastore/root");
  });

  it("checks an existing metastore by id at plan time, failing with a message that says what to deploy first", () => {
    const { s, metastore } = build({
      mode: "existing",
      name: undefined,
      existingMetastoreId: EXISTING_ID,
      whenMissing: "deploy prod-workspace first",
    });
    expect(s.resources("databricks_metastore")).toEqual({});
    const check = s.dataSource("databricks_metastores", "/Metastore/Existing").block;
    expect(check).toMatchObject({
      provider: "databricks.account",
      lifecycle: {
        postcondition: [
          {
            condition: `\${contains(try(values(self.ids), []), "${EXISTING_ID}")}`,
            error_message: `The Unity Catalog metastore ${EXISTING_ID} (eu-west-1) does not exist in this Databricks account: deploy prod-workspace first.`,
          },
        ],
      },
    });
    expect(metastore.metastoreId).toBe(EXISTING_ID);
  });

  it("looks the region's metastore up when no id is given", () => {
    const { s, metastoreIdRef } = build({ mode: "existing", name: undefined });
    const lookup = s.dataSource("databricks_metastore", "/Metastore/Existing");
    expect(lookup.block).toMatchObject({ region: "eu-west-1", provider: "databricks.account" });
    expect(metastoreIdRef).toBe(`\${data.databricks_metastore.${lookup.name}.metastore_id}`);
  });

  it("refuses a created metastore without a name, and create-only props with an existing one", () => {
    expect(() => build({ name: undefined })).toThrow(/name: required with mode "create"/);
    expect(() => build({ mode: "existing", storageRoot: "s3://x-y-z/root", owner: "g" })).toThrow(
      /name: only for mode "create".*\n.*storageRoot: only for mode "create".*\n.*owner: only for mode "create"/,
    );
    expect(() => build({ existingMetastoreId: EXISTING_ID })).toThrow(/existingMetastoreId: only for mode "existing"/);
    expect(() => build({ mode: "existing", name: undefined, existingMetastoreId: "x" })).toThrow(/existingMetastoreId: "x" is not a metastore id/);
    expect(() => build({ storageRoot: "/root" })).toThrow(/storageRoot: "\/root"/);
  });
});
