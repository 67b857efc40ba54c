import { ExternalModelSecrets, type ExternalModelSecretsProps } from "../../../../modules/databricks/serving/external-model-secrets";
import { groupPrincipal, servicePrincipal } from "../../../../modules/databricks/principal";
import { synthesize } from "../../../synth-json";
import { guardrailFindings, pipelinesStack } from "./serving-fixture";

function build(props: Partial<ExternalModelSecretsProps> = {}) {
  const { stack, workspace } = pipelinesStack();
  const secrets = new ExternalModelSecrets(stack, "Secrets", {
    provider: workspace,
    scopeName: "acme-prod-external-models",
    keys: ["openai-api-key", "anthropic-api-key"],
    ...props,
  });
  return { stack, secrets };
}

describe("ExternalModelSecrets", () => {
  const { stack, secrets } = build({
    readers: [servicePrincipal("app-1")],
    writers: [groupPrincipal("acme-prod-platform-admins")],
  });
  const s = synthesize(stack);
  const scope = s.resource("databricks_secret_scope", "/Secrets/Scope");

  it("creates a Databricks-backed scope without giving every user MANAGE, and no secret values", () => {
    expect(scope.block).toMatchObject({ provider: "databricks.workspace", name: "acme-prod-external-models", backend_type: "DATABRICKS" });
    expect(scope.block.initial_manage_principal).toBeUndefined();
    expect(s.resources("databricks_secret")).toEqual({});
  });

  it("grants READ to readers and WRITE to writers on the scope", () => {
    const acls = Object.values(s.resources("databricks_secret_acl")).map((acl) => [acl.principal, acl.permission, acl.scope]);
    const scopeRef = `\${databricks_secret_scope.${scope.name}.name}`;
    expect(acls).toEqual([
      ["app-1", "READ", scopeRef],
      ["acme-prod-platform-admins", "WRITE", scopeRef],
    ]);
  });

  it("references a known key as {{secrets/<scope>/<key>}} and refuses an unknown one", () => {
    expect(secrets.reference("openai-api-key")).toBe("{{secrets/acme-prod-external-models/openai-api-key}}");
    expect(() => secrets.reference("openai-key")).toThrow(/key: "openai-key" is not a key of scope acme-prod-external-models/);
  });

  it("raises a principal's level instead of adding a second ACL", () => {
    const { stack: other, secrets: s2 } = build();
    s2.grantRead(groupPrincipal("ops"));
    s2.grant(groupPrincipal("ops"), "MANAGE");
    s2.grantRead(groupPrincipal("ops"));
    const acls = Object.values(synthesize(other).resources("databricks_secret_acl"));
    expect(acls).toHaveLength(1);
    expect(acls[0].permission).toBe("MANAGE");
  });

  it("passes the guardrails", () => {
    expect(guardrailFindings(stack)).toEqual([]);
  });

  it("refuses a bad scope name, no keys, a bad key and everyone as a reader, naming each prop", () => {
    expect(() => build({ scopeName: "acme prod", keys: [] })).toThrow(/scopeName: "acme prod" must be.*\n.*keys: none given/);
    expect(() => build({ keys: ["a/b", "x", "x"], readers: [groupPrincipal("users")] })).toThrow(
      /keys\[0\]: "a\/b" must be.*\n.*keys: x given more than once.*\n.*readers\[0\]: "users" is everyone/,
    );
  });
});
