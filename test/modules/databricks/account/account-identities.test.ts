import { TerraformOutput } from "cdktf";
import { AccountIdentities, GITHUB_ACTIONS_ISSUER, type AccountIdentitiesProps } from "../../../../modules/databricks/account/account-identities";
import { synthesize, type SynthesizedStack } from "../../../synth-json";
import { DATABRICKS_ACCOUNT_ID, workspaceFixture } from "../workspace-fixture";

function build(overrides: Partial<AccountIdentitiesProps> = {}): SynthesizedStack {
  const { stack, provider } = workspaceFixture();
  new AccountIdentities(stack, "Identities", {
    provider,
    databricksAccountId: DATABRICKS_ACCOUNT_ID,
    groups: {
      "platform-admins": { displayName: "lakehouse-dev-platform-admins" },
      analysts: { displayName: "lakehouse-dev-analysts" },
      auditors: { displayName: "lakehouse-dev-auditors" },
    },
    servicePrincipals: {
      deployer: { displayName: "lakehouse-dev-deployer", githubActions: { repository: "data-platform/lakehouse", environment: "dev" } },
      orchestrator: { displayName: "lakehouse-dev-orchestrator" },
    },
    ...overrides,
  });
  return synthesize(stack);
}

describe("AccountIdentities", () => {
  const s = build();

  it("writes the token audiences into the federation policy: the account id unless others are named", () => {
    const custom = build({
      servicePrincipals: {
        deployer: {
          displayName: "d",
          githubActions: { repository: "o/r", environment: "prod", audiences: ["https://example.cloud.databricks.com/oidc/v1/token"] },
        },
      },
    });
    expect(custom.resource("databricks_service_principal_federation_policy", "/Identities/GithubActionsFederation-deployer").block).toMatchObject({
      oidc_policy: { audiences: ["https://example.cloud.databricks.com/oidc/v1/token"] },
    });
    expect(() =>
      build({ servicePrincipals: { deployer: { displayName: "d", githubActions: { repository: "o/r", environment: "p", audiences: [] } } } }),
    ).toThrow(/githubActions.audiences: is empty/);
  });

  it("makes a principal account admin only when asked (the deployer of account-level resources)", () => {
    const admin = build({
      servicePrincipals: { deployer: { displayName: "d", accountAdmin: true }, orchestrator: { displayName: "o" } },
    });
    expect(Object.values(admin.resources("databricks_service_principal_role"))).toEqual([
      expect.objectContaining({
        provider: "databricks.account",
        role: "account_admin",
        service_principal_id: admin.ref("databricks_service_principal", "/Identities/ServicePrincipal-deployer", "id"),
      }),
    ]);
    expect(s.resources("databricks_service_principal_role")).toEqual({});
  });

  it("gives the principals in usableBy the Service Principal User role, in one authoritative rule set", () => {
    const usable = build({
      servicePrincipals: { deployer: { displayName: "d" }, orchestrator: { displayName: "o", usableBy: ["deployer"] } },
    });
    const appId = (key: string) => usable.ref("databricks_service_principal", `/Identities/ServicePrincipal-${key}`, "application_id");
    expect(usable.resource("databricks_access_control_rule_set", "/Identities/RuleSet-orchestrator").block).toMatchObject({
      provider: "databricks.account",
      name: `accounts/${DATABRICKS_ACCOUNT_ID}/servicePrincipals/${appId("orchestrator")}/ruleSets/default`,
      grant_rules: [{ role: "roles/servicePrincipal.user", principals: [`servicePrincipals/${appId("deployer")}`] }],
    });
    expect(() => build({ servicePrincipals: { orchestrator: { displayName: "o", usableBy: ["orchestrator"] } } })).toThrow(
      /usableBy: "orchestrator" is not another/,
    );
    expect(() => build({ servicePrincipals: { orchestrator: { displayName: "o", usableBy: ["toString"] } } })).toThrow(
      /usableBy: "toString" is not another/,
    );
  });

  it("creates the groups and service principals at account level", () => {
    expect(s.resource("databricks_group", "/Identities/Group-analysts").block).toMatchObject({
      display_name: "lakehouse-dev-analysts",
      provider: "databricks.account",
    });
    expect(s.resource("databricks_service_principal", "/Identities/ServicePrincipal-deployer").block).toMatchObject({
      display_name: "lakehouse-dev-deployer",
      active: true,
      provider: "databricks.account",
    });
  });

  it("protects the groups from destroy by default: they own and are granted Unity Catalog objects", () => {
    expect(s.resource("databricks_group", "/Identities/Group-platform-admins").block.lifecycle).toEqual({ prevent_destroy: true });
    expect(build({ protect: false }).resource("databricks_group", "/Identities/Group-platform-admins").block.lifecycle).toEqual({
      prevent_destroy: false,
    });
  });

  it("makes a service principal a member of the groups it names", () => {
    const withMembership = build({
      servicePrincipals: { deployer: { displayName: "lakehouse-dev-deployer", memberOf: ["platform-admins"] } },
    });
    expect(Object.values(withMembership.resources("databricks_group_member"))).toEqual([
      expect.objectContaining({
        provider: "databricks.account",
        group_id: withMembership.ref("databricks_group", "/Identities/Group-platform-admins", "id"),
        member_id: withMembership.ref("databricks_service_principal", "/Identities/ServicePrincipal-deployer", "id"),
      }),
    ]);
    expect(s.resources("databricks_group_member")).toEqual({});
  });

  it("refuses membership of a group it does not create", () => {
    expect(() => build({ servicePrincipals: { deployer: { displayName: "d", memberOf: ["admins"] } } })).toThrow(
      'servicePrincipals["deployer"].memberOf: "admins" is not one of the groups (platform-admins, analysts, auditors)',
    );
  });

  it("assigns nobody to a workspace (that needs the workspace's metastore: WorkspaceAssignments)", () => {
    expect(s.resources("databricks_mws_permission_assignment")).toEqual({});
  });

  it("lets GitHub Actions of one repository and environment authenticate as the deployer", () => {
    expect(s.resource("databricks_service_principal_federation_policy", "/Identities/GithubActionsFederation-deployer").block).toMatchObject({
      service_principal_id: s.ref("databricks_service_principal", "/Identities/ServicePrincipal-deployer", "id"),
      oidc_policy: { issuer: GITHUB_ACTIONS_ISSUER, subject: "repo:data-platform/lakehouse:environment:dev", audiences: [DATABRICKS_ACCOUNT_ID] },
      provider: "databricks.account",
    });
    expect(Object.keys(s.resources("databricks_service_principal_federation_policy"))).toHaveLength(1);
  });

  it("exposes display names, ids and application ids by key", () => {
    const { stack, provider } = workspaceFixture();
    const identities = new AccountIdentities(stack, "Identities", {
      provider,
      databricksAccountId: DATABRICKS_ACCOUNT_ID,
      groups: { analysts: { displayName: "lakehouse-dev-analysts" } },
      servicePrincipals: { orchestrator: { displayName: "lakehouse-dev-orchestrator" } },
    });
    expect(identities.groupNames).toEqual({ analysts: "lakehouse-dev-analysts" });
    expect(identities.servicePrincipalNames).toEqual({ orchestrator: "lakehouse-dev-orchestrator" });
    new TerraformOutput(stack, "group_ids", { value: identities.groupIds });
    new TerraformOutput(stack, "service_principal_ids", { value: identities.servicePrincipalIds });
    new TerraformOutput(stack, "application_ids", { value: identities.servicePrincipalApplicationIds });
    const synthesized = synthesize(stack);
    const principal = (attribute: string) => synthesized.ref("databricks_service_principal", "/Identities/ServicePrincipal-orchestrator", attribute);
    expect(synthesized.json.output?.group_ids.value).toEqual({ analysts: synthesized.ref("databricks_group", "/Identities/Group-analysts", "id") });
    expect(synthesized.json.output?.service_principal_ids.value).toEqual({ orchestrator: principal("id") });
    expect(synthesized.json.output?.application_ids.value).toEqual({ orchestrator: principal("application_id") });
  });

  it("refuses bad keys, duplicate names and malformed GitHub settings", () => {
    expect(() =>
      build({
        groups: { "Bad Key": { displayName: "x" }, ok: { displayName: "x" } },
        servicePrincipals: { deployer: { displayName: "d", githubActions: { repository: "no-slash", environment: "prod env" } } },
      }),
    ).toThrow(
      /groups\["Bad Key"\]: the key must be[\s\S]*groups\["ok"\].displayName: "x" is already used[\s\S]*repository: "no-slash"[\s\S]*environment: "prod env"/,
    );
  });
});
