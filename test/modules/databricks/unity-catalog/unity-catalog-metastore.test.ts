import { groupPrincipal } from "../../../../modules/databricks/principal";
import { SHARED_METASTORE_PRIVILEGES, type MetastorePrivilege } from "../../../../modules/databricks/unity-catalog/privileges";
import { UnityCatalogMetastore, type UnityCatalogMetastoreProps } from "../../../../modules/databricks/unity-catalog/unity-catalog-metastore";
import { synthesize } from "../../../synth-json";
import { ucStack } from "./uc-fixture";

function build(props: Partial<UnityCatalogMetastoreProps> = {}) {
  const { stack, account } = ucStack();
  const metastore = new UnityCatalogMetastore(stack, "Metastore", {
    provider: account,
    region: "eu-west-1",
    workspaceId: 1234567890,
    name: "acme-eu-west-1",
    ...props,
  });
  return { metastore, s: synthesize(stack) };
}

/** A created metastore with `grant(...)` called once per entry, on the workspace-level provider. */
function buildWithGrants(
  grants: { principal: string; privileges: readonly MetastorePrivilege[] }[],
  props: Partial<UnityCatalogMetastoreProps> = {},
) {
  const { stack, account, workspace } = ucStack();
  const metastore = new UnityCatalogMetastore(stack, "Metastore", {
    provider: account,
    region: "eu-west-1",
    workspaceId: 1234567890,
    name: "acme-eu-west-1",
    ...props,
  });
  for (const { principal, privileges } of grants) metastore.grant(groupPrincipal(principal), privileges, { provider: workspace });
  return { metastore, s: synthesize(stack) };
}

describe("UnityCatalogMetastore", () => {
  describe("created here", () => {
    const { s } = build({ owner: "acme-prod-platform-admins" });
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

    it("assigns it to the workspace by its metastore_id", () => {
      expect(s.resource("databricks_metastore_assignment", "/Metastore/Assignment").block).toMatchObject({
        metastore_id: `\${databricks_metastore.${created.name}.metastore_id}`,
        workspace_id: 1234567890,
        provider: "databricks.account",
      });
    });

    it("waits after the assignment before workspace-level Unity Catalog calls", () => {
      const assignment = s.resource("databricks_metastore_assignment", "/Metastore/Assignment").name;
      expect(s.resource("time_sleep", "/Metastore/AssignmentWait").block).toMatchObject({
        create_duration: "30s",
        depends_on: [`databricks_metastore_assignment.${assignment}`],
      });
    });
  });

  it("takes a metastore-level root only when given", () => {
    const { s } = build({ storageRoot: "s3://acme-metastore/root" });
    expect(s.resource("databricks_metastore", "/Metastore/Metastore").block.storage_root).toBe("s3://acme-metastore/root");
  });

  it("uses an existing metastore by id, creating none", () => {
    const { s } = build({ mode: "existing", name: undefined, existingMetastoreId: "11111111-2222-3333-4444-555555555555" });
    expect(s.resources("databricks_metastore")).toEqual({});
    expect(s.dataSources("databricks_metastore")).toEqual({});
    expect(s.resource("databricks_metastore_assignment", "/Metastore/Assignment").block.metastore_id).toBe("11111111-2222-3333-4444-555555555555");
  });

  it("looks the region's metastore up when no id is given", () => {
    const { s } = build({ mode: "existing", name: undefined });
    const [[name, lookup]] = Object.entries(s.dataSources("databricks_metastore"));
    expect(lookup).toMatchObject({ region: "eu-west-1", provider: "databricks.account" });
    expect(s.resource("databricks_metastore_assignment", "/Metastore/Assignment").block.metastore_id).toBe(
      `\${data.databricks_metastore.${name}.metastore_id}`,
    );
  });

  it("refuses a created metastore without a name, and create-only props with an existing one", () => {
    expect(() => build({ name: undefined })).toThrow(/name: required with mode "create"/);
    expect(() => build({ mode: "existing", storageRoot: "s3://x-y-z/root", owner: "g" })).toThrow(
      /name: only for mode "create".*\n.*storageRoot: only for mode "create".*\n.*owner: only for mode "create"/,
    );
    expect(() => build({ existingMetastoreId: "x" })).toThrow(/existingMetastoreId: only for mode "existing"/);
    expect(() => build({ storageRoot: "/root", assignmentSettleSeconds: -1 })).toThrow(/storageRoot: "\/root".*\n.*assignmentSettleSeconds: -1/);
  });

  describe("grants on the metastore", () => {
    const { s } = buildWithGrants([{ principal: "acme-staging-platform-admins", privileges: SHARED_METASTORE_PRIVILEGES }]);
    const grant = () => s.resource("databricks_grant", "/Metastore/Grant-acme-staging-platform-admins").block;

    it("grants one principal its privileges with a non-authoritative databricks_grant on the workspace provider", () => {
      expect(grant()).toMatchObject({
        provider: "databricks.workspace",
        metastore: s.ref("databricks_metastore", "/Metastore/Metastore", "metastore_id"),
        principal: "acme-staging-platform-admins",
        privileges: ["CREATE_CATALOG", "CREATE_CONNECTION", "CREATE_EXTERNAL_LOCATION", "CREATE_SERVICE_CREDENTIAL", "CREATE_STORAGE_CREDENTIAL"],
      });
      expect(s.resources("databricks_grants")).toEqual({});
    });

    it("waits for the assignment and its settle wait", () => {
      expect(grant().depends_on).toEqual([
        `databricks_metastore_assignment.${s.resource("databricks_metastore_assignment", "/Metastore/Assignment").name}`,
        `time_sleep.${s.resource("time_sleep", "/Metastore/AssignmentWait").name}`,
      ]);
    });
  });

  it("grants on an existing metastore by its id", () => {
    const { s } = buildWithGrants([{ principal: "acme-dev-platform-admins", privileges: ["CREATE_CATALOG"] }], {
      mode: "existing",
      name: undefined,
      existingMetastoreId: "11111111-2222-3333-4444-555555555555",
    });
    expect(s.resource("databricks_grant", "/Metastore/Grant-acme-dev-platform-admins").block).toMatchObject({
      metastore: "11111111-2222-3333-4444-555555555555",
      privileges: ["CREATE_CATALOG"],
    });
  });

  it("refuses a principal granted twice, no privileges, and privileges that do not apply to a metastore", () => {
    expect(() =>
      buildWithGrants([
        { principal: "g", privileges: ["CREATE_CATALOG"] },
        { principal: "g", privileges: ["CREATE_SHARE"] },
      ]),
    ).toThrow(/principal: "g" is already granted on this metastore/);
    expect(() => buildWithGrants([{ principal: "g", privileges: [] }])).toThrow(/privileges: must name at least one privilege/);
    expect(() => buildWithGrants([{ principal: "g", privileges: ["SELECT" as MetastorePrivilege] }])).toThrow(
      /privileges: SELECT do not apply to a metastore/,
    );
  });
});
