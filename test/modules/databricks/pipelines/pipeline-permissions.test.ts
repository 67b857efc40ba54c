import { PipelinePermissions } from "../../../../modules/databricks/pipelines/pipeline-permissions";
import { groupPrincipal, servicePrincipal, userPrincipal } from "../../../../modules/databricks/principal";
import { synthesize } from "../../../synth-json";
import { pipelinesStack } from "./pipelines-fixture";

function build() {
  const { stack, workspace } = pipelinesStack();
  const permissions = new PipelinePermissions(stack, "Acl", { provider: workspace, pipelineId: "${databricks_pipeline.p.id}" });
  return { stack, permissions };
}

describe("PipelinePermissions", () => {
  it("renders every grant into one authoritative databricks_permissions on the pipeline", () => {
    const { stack, permissions } = build();
    permissions.grant(groupPrincipal("lakehouse-prod-engineers"), "CAN_VIEW");
    permissions.grant(servicePrincipal("app-1"), "IS_OWNER");
    permissions.grant(groupPrincipal("lakehouse-prod-engineers"), "CAN_MANAGE");
    const acls = Object.values(synthesize(stack).resources("databricks_permissions"));
    expect(acls).toEqual([
      expect.objectContaining({
        provider: "databricks.workspace",
        pipeline_id: "${databricks_pipeline.p.id}",
        access_control: [
          { group_name: "lakehouse-prod-engineers", permission_level: "CAN_MANAGE" },
          { service_principal_name: "app-1", permission_level: "IS_OWNER" },
        ],
      }),
    ]);
    expect(permissions.levelOf("lakehouse-prod-engineers")).toBe("CAN_MANAGE");
  });

  it("creates nothing until something is granted", () => {
    const { stack, permissions } = build();
    expect(permissions.permissionsResource).toBeUndefined();
    expect(synthesize(stack).resources("databricks_permissions")).toEqual({});
  });

  it("refuses a group owner, a second owner, everyone and an unknown level", () => {
    const { permissions } = build();
    expect(() => permissions.grant(groupPrincipal("admins-group"), "IS_OWNER")).toThrow(
      /principal: "admins-group" is a group; a pipeline's owner must be/,
    );
    permissions.grant(userPrincipal("jane@example.com"), "IS_OWNER");
    expect(() => permissions.grant(servicePrincipal("app-2"), "IS_OWNER")).toThrow(/level: IS_OWNER is already held by "jane@example.com"/);
    expect(() => permissions.grant(groupPrincipal("Users"), "CAN_VIEW")).toThrow(/principal: "Users" is everyone in the workspace/);
    expect(() => permissions.grant(groupPrincipal("x"), "CAN_ATTACH_TO" as never)).toThrow(
      /level: "CAN_ATTACH_TO" is not a pipeline permission level/,
    );
  });
});
