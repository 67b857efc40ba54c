import { AccountIdentities, GITHUB_ACTIONS_ISSUER, type AccountIdentitiesProps } from "../../../modules/databricks/account-identities";
import { synthesize, type SynthesizedStack } from "../../synth-json";
import { workspaceFixture } from "./workspace-fixture";

function build(overrides: Partial<AccountIdentitiesProps> = {}): SynthesizedStack {
  const { stack, provider } = workspaceFixture();
  new AccountIdentities(stack, "Identities", {
    provider,
    workspaceId: 1234,
    groups: {
      "platform-admins": { displayName: "lakehouse-dev-platform-admins", workspacePermission: "ADMIN" },
      analysts: { displayName: "lakehouse-dev-analysts", workspacePermission: "USER" },
      auditors: { displayName: "lakehouse-dev-auditors" },
    },
    servicePrincipals: {
      deployer: { displayName: "lakehouse-dev-deployer", workspacePermission: "ADMIN", githubActions: { repository: "data-platform/lakehouse", environment: "dev" } },
      orchestrator: { displayName: "lakehouse-dev-orchestrator", workspacePermission: "USER" },
    },
    ...overrides,
  });
  return synthesize(stack);
}

describe("AccountIdentities", () => {
  const s = build();

  it("creates the groups and service principals at account level", () => {
    expect(s.resource("databricks_group", "/Identities/Group-analysts").block).toMatchObject({ display_name: "lakehouse-dev-analysts", provider: "databricks.account" });
    expect(s.resource("databricks_service_principal", "/Identities/ServicePrincipal-deployer").block).toMatchObject({
      display_name: "lakehouse-dev-deployer",
      active: true,
      provider: "databricks.account",
    });
  });

  it("assigns each principal to the workspace with its permission, and skips principals without one", () => {
    expect(s.resource("databricks_mws_permission_assignment", "/Identities/GroupAssignment-platform-admins").block).toMatchObject({
      workspace_id: 1234,
      principal_id: s.ref("databricks_group", "/Identities/Group-platform-admins", "id"),
      permissions: ["ADMIN"],
    });
    expect(s.resource("databricks_mws_permission_assignment", "/Identities/ServicePrincipalAssignment-orchestrator").block).toMatchObject({
      principal_id: s.ref("databricks_service_principal", "/Identities/ServicePrincipal-orchestrator", "id"),
      permissions: ["USER"],
    });
    expect(Object.keys(s.resources("databricks_mws_permission_assignment"))).toHaveLength(4);
  });

  it("lets GitHub Actions of one repository and environment authenticate as the deployer", () => {
    expect(s.resource("databricks_service_principal_federation_policy", "/Identities/GithubActionsFederation-deployer").block).toMatchObject({
      service_principal_id: s.ref("databricks_service_principal", "/Identities/ServicePrincipal-deployer", "id"),
      oidc_policy: { issuer: GITHUB_ACTIONS_ISSUER, subject: "repo:data-platform/lakehouse:environment:dev" },
      provider: "databricks.account",
    });
    expect(Object.keys(s.resources("databricks_service_principal_federation_policy"))).toHaveLength(1);
  });

  it("makes the assignments wait for what they are told to", () => {
    const { stack, provider } = workspaceFixture();
    const identities = new AccountIdentities(stack, "Identities", {
      provider,
      workspaceId: 1,
      groups: { analysts: { displayName: "analysts", workspacePermission: "USER" } },
      servicePrincipals: {},
      assignmentDependsOn: [provider],
    });
    expect(identities.groupNames).toEqual({ analysts: "analysts" });
    const synthesized = synthesize(stack);
    expect(synthesized.resource("databricks_mws_permission_assignment", "/Identities/GroupAssignment-analysts").block.depends_on).toHaveLength(1);
  });

  it("refuses bad keys, duplicate names, unknown permissions and malformed GitHub settings", () => {
    expect(() =>
      build({
        groups: { "Bad Key": { displayName: "x" }, ok: { displayName: "x", workspacePermission: "OWNER" as never } },
        servicePrincipals: { deployer: { displayName: "d", githubActions: { repository: "no-slash", environment: "prod env" } } },
      }),
    ).toThrow(
      /groups\["Bad Key"\]: the key must be[\s\S]*groups\["ok"\].displayName: "x" is already used[\s\S]*"OWNER" is not allowed[\s\S]*repository: "no-slash"[\s\S]*environment: "prod env"/,
    );
  });
});
