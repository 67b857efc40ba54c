import { Group } from "@cdktf/provider-databricks/lib/group";
import { ServicePrincipal } from "@cdktf/provider-databricks/lib/service-principal";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { WorkspaceAssignments, type WorkspaceAssignmentsProps } from "../../../../modules/databricks/account/workspace-assignments";
import { synthesize } from "../../../synth-json";
import { workspaceFixture } from "../workspace-fixture";

function build(overrides: (fixture: ReturnType<typeof workspaceFixture>) => Partial<WorkspaceAssignmentsProps>) {
  const fixture = workspaceFixture();
  const { stack, provider } = fixture;
  const admins = new Group(stack, "Admins", { provider, displayName: "lakehouse-dev-platform-admins" });
  const orchestrator = new ServicePrincipal(stack, "Orchestrator", { provider, displayName: "lakehouse-dev-orchestrator" });
  const construct = new WorkspaceAssignments(stack, "Assignments", {
    provider,
    workspaceId: 1234,
    groups: { "platform-admins": { principalId: admins.id, permission: "ADMIN" } },
    servicePrincipals: { orchestrator: { principalId: orchestrator.id, permission: "USER" } },
    ...overrides(fixture),
  });
  return { construct, s: synthesize(stack) };
}

describe("WorkspaceAssignments", () => {
  const { construct, s } = build(() => ({}));

  it("assigns each group and service principal to the workspace with its permission, with the given provider", () => {
    expect(s.resource("databricks_mws_permission_assignment", "/Assignments/Group-platform-admins").block).toMatchObject({
      workspace_id: 1234,
      principal_id: s.ref("databricks_group", "/Admins", "id"),
      permissions: ["ADMIN"],
      provider: "databricks.account",
    });
    expect(s.resource("databricks_mws_permission_assignment", "/Assignments/ServicePrincipal-orchestrator").block).toMatchObject({
      workspace_id: 1234,
      principal_id: s.ref("databricks_service_principal", "/Orchestrator", "id"),
      permissions: ["USER"],
      provider: "databricks.account",
    });
    expect(Object.keys(s.resources("databricks_mws_permission_assignment"))).toHaveLength(2);
    expect(Object.keys(construct.groups)).toEqual(["platform-admins"]);
    expect(Object.keys(construct.servicePrincipals)).toEqual(["orchestrator"]);
  });

  it("makes every assignment wait for what it is given (the metastore assignment)", () => {
    const { s: waiting } = build(({ stack }) => ({ dependsOn: [new Sleep(stack, "MetastoreAssigned", { createDuration: "30s" })] }));
    const wait = `time_sleep.${waiting.resource("time_sleep", "/MetastoreAssigned").name}`;
    for (const block of Object.values(waiting.resources("databricks_mws_permission_assignment"))) expect(block.depends_on).toEqual([wait]);
    for (const block of Object.values(s.resources("databricks_mws_permission_assignment"))) expect(block.depends_on).toBeUndefined();
  });

  it("refuses bad keys, a non-numeric principal id, unknown permissions and a bad workspace id", () => {
    expect(() =>
      build(() => ({
        workspaceId: 0,
        groups: { "Bad Key": { principalId: "12", permission: "USER" }, owners: { principalId: "12", permission: "OWNER" as never } },
        servicePrincipals: { deployer: { principalId: "lakehouse-dev-deployer", permission: "ADMIN" } },
      })),
    ).toThrow(
      /workspaceId: 0 is not a workspace id[\s\S]*groups\["Bad Key"\]: the key must be[\s\S]*groups\["owners"\].permission: "OWNER" is not allowed; use "ADMIN" or "USER"[\s\S]*servicePrincipals\["deployer"\].principalId: "lakehouse-dev-deployer" is not a numeric principal id/,
    );
  });
});
