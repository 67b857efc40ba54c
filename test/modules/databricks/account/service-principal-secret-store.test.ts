import {
  ServicePrincipalSecretStore,
  type ServicePrincipalSecretStoreProps,
} from "../../../../modules/databricks/account/service-principal-secret-store";
import { synthesize, type SynthesizedStack } from "../../../synth-json";
import { DATABRICKS_ACCOUNT_ID, workspaceFixture } from "../workspace-fixture";

const KEY_ARN = "arn:aws:kms:us-east-1:333333333333:key/data";

function build(overrides: Partial<ServicePrincipalSecretStoreProps> = {}): SynthesizedStack {
  const { stack, provider } = workspaceFixture();
  new ServicePrincipalSecretStore(stack, "Secret", {
    provider,
    databricksAccountId: DATABRICKS_ACCOUNT_ID,
    servicePrincipalId: "123456",
    applicationId: "0d1e2f3a-0000-4000-8000-000000000001",
    secretName: "lakehouse/prod/databricks/orchestrator-oauth",
    encryptionKeyArn: KEY_ARN,
    ...overrides,
  });
  return synthesize(stack);
}

describe("ServicePrincipalSecretStore", () => {
  const s = build();

  it("creates an OAuth secret with a lifetime, replaced (new before old) when the rotation period ends", () => {
    expect(s.resource("databricks_service_principal_secret", "/Secret/OAuthSecret").block).toMatchObject({
      service_principal_id: "123456",
      lifetime: `${90 * 86400}s`,
      time_rotating: s.ref("time_rotating", "/Secret/Rotation", "id"),
      lifecycle: { create_before_destroy: true },
      provider: "databricks.account",
    });
    expect(s.resource("time_rotating", "/Secret/Rotation").block.rotation_days).toBe(60);
  });

  it("keeps the secret in a Secrets Manager secret encrypted with the given key", () => {
    expect(s.resource("aws_secretsmanager_secret", "/Secret/Secret").block).toMatchObject({
      name: "lakehouse/prod/databricks/orchestrator-oauth",
      kms_key_id: KEY_ARN,
      recovery_window_in_days: 30,
    });
  });

  it("stores the client id and secret as JSON by reference, never as a literal", () => {
    const value = s.resource("aws_secretsmanager_secret_version", "/Secret/SecretValue").block;
    expect(value.secret_id).toBe(s.ref("aws_secretsmanager_secret", "/Secret/Secret", "id"));
    const secretRef = s.ref("databricks_service_principal_secret", "/Secret/OAuthSecret", "secret").slice(2, -1);
    expect(value.secret_string).toEqual(expect.stringMatching(/^\$\{jsonencode\(\{/));
    expect(value.secret_string).toContain(`"clientSecret" = ${secretRef}`);
    expect(value.secret_string).toContain('"clientId" = "0d1e2f3a-0000-4000-8000-000000000001"');
    expect(s.json.output ?? {}).toEqual({});
  });

  it("refuses a rotation period that outlives the secret and an AWS managed key", () => {
    expect(() => build({ lifetimeDays: 30, rotationDays: 30, encryptionKeyArn: "alias/aws/secretsmanager" })).toThrow(
      /rotationDays: 30 is not less than lifetimeDays 30[\s\S]*encryptionKeyArn: "alias\/aws\/secretsmanager" is an AWS managed key/,
    );
    expect(() => build({ recoveryWindowDays: 3 })).toThrow(/recoveryWindowDays: 3 is not allowed/);
  });
});
