import { groupPrincipal } from "../../../../modules/databricks/principal";
import { SHARED_METASTORE_PRIVILEGES, type MetastorePrivilege } from "../../../../modules/databricks/unity-catalog/privileges";
import {
  WorkspaceMetastoreAssignment,
  type WorkspaceMetastoreAssignmentProps,
} from "../../../../modules/databricks/unity-catalog/workspace-metastore-assignment";
import { synthesize } from "../../../synth-json";
import { ucStack } from "./uc-fixture";

const METASTORE_ID = "11111111-2222-3333-4444-555555555555";

/** An assignment with `grant(...)` called once per entry, on the workspace-level provider. */
function build(
  grants: { principal: string; privileges: readonly MetastorePrivilege[] }[] = [],
  props: Partial<WorkspaceMetastoreAssignmentProps> = {},
) {
  const { stack, account, workspace } = ucStack();
  const assignment = new WorkspaceMetastoreAssignment(stack, "Metastore", {
    provider: account,
    metastoreId: METASTORE_ID,
    workspaceId: 1234567890,
    ...props,
  });
  for (const { principal, privileges } of grants) assignment.grant(groupPrincipal(principal), privileges, { provider: workspace });
  return { assignment, s: synthesize(stack) };
}

describe("WorkspaceMetastoreAssignment", () => {
  const { s } = build();

  it("assigns the metastore to the workspace on the account provider", () => {
    expect(s.resource("databricks_metastore_assignment", "/Metastore/Assignment").block).toMatchObject({
      metastore_id: METASTORE_ID,
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

  it("refuses a settle wait outside 0 to 600 seconds", () => {
    expect(() => build([], { assignmentSettleSeconds: -1 })).toThrow(/assignmentSettleSeconds: -1 is not allowed/);
    expect(() => build([], { metastoreId: "acme-prod-us-west-2" })).toThrow(/metastoreId: "acme-prod-us-west-2" is not a metastore id/);
    expect(() => build([], { workspaceId: 0 })).toThrow(/workspaceId: 0 is not a workspace id/);
  });

  describe("grants on the metastore", () => {
    const { s: granted } = build([{ principal: "acme-staging-platform-admins", privileges: SHARED_METASTORE_PRIVILEGES }]);
    const grant = () => granted.resource("databricks_grant", "/Metastore/Grant-acme-staging-platform-admins").block;

    it("grants one principal its privileges with a non-authoritative databricks_grant on the workspace provider", () => {
      expect(grant()).toMatchObject({
        provider: "databricks.workspace",
        metastore: METASTORE_ID,
        principal: "acme-staging-platform-admins",
        privileges: ["CREATE_CATALOG", "CREATE_CONNECTION", "CREATE_EXTERNAL_LOCATION", "CREATE_SERVICE_CREDENTIAL", "CREATE_STORAGE_CREDENTIAL"],
      });
      expect(granted.resources("databricks_grants")).toEqual({});
    });

    it("waits for the assignment and its settle wait", () => {
      expect(grant().depends_on).toEqual([
        `databricks_metastore_assignment.${granted.resource("databricks_metastore_assignment", "/Metastore/Assignment").name}`,
        `time_sleep.${granted.resource("time_sleep", "/Metastore/AssignmentWait").name}`,
      ]);
    });
  });

  it("refuses a principal granted twice, no privileges, and privileges that do not apply to a metastore", () => {
    expect(() =>
      build([
        { principal: "g", privileges: ["CREATE_CATALOG"] },
        { principal: "g", privileges: ["CREATE_SHARE"] },
      ]),
    ).toThrow(/principal: "g" is already granted on this metastore/);
    expect(() => build([{ principal: "g", privileges: [] }])).toThrow(/privileges: must name at least one privilege/);
    expect(() => build([{ principal: "g", privileges: ["SELECT" as MetastorePrivilege] }])).toThrow(/privileges: SELECT do not apply to a metastore/);
    expect(() => build([{ principal: "toString", privileges: ["CREATE_CATALOG"] }])).not.toThrow();
  });
});
