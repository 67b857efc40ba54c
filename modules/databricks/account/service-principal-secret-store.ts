/**
 * An OAuth secret of a Databricks service principal, rotated on a schedule and kept in AWS Secrets Manager, so that
 * external schedulers (Airflow and others) read it from there and never from Terraform outputs.
 */
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { ServicePrincipalSecret } from "@cdktf/provider-databricks/lib/service-principal-secret";
import { Rotating } from "@cdktf/provider-time/lib/rotating";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { databricksAccountIdProblems, nonEmptyProblems } from "./workspace-prop-checks";
import { throwIfInvalidProps } from "../../core/validation";

/** Default lifetime of each OAuth secret, in days. */
export const DEFAULT_SECRET_LIFETIME_DAYS = 90;
/** Default age at which a new secret replaces the current one, in days (before it expires). */
export const DEFAULT_SECRET_ROTATION_DAYS = 60;

/** Props of {@link ServicePrincipalSecretStore}. */
export interface ServicePrincipalSecretStoreProps {
  /** The account-level Databricks provider. */
  readonly provider: DatabricksProvider;
  /** The Databricks account id (UUID); stored with the secret so a client can request account-level tokens. */
  readonly databricksAccountId: string;
  /** The service principal's id (`databricks_service_principal.id`, numeric). */
  readonly servicePrincipalId: string;
  /** The service principal's application id: the OAuth client id. */
  readonly applicationId: string;
  /** Name of the Secrets Manager secret. */
  readonly secretName: string;
  /** The KMS key that encrypts the secret (a customer-managed key; AWS's default key is not accepted here). */
  readonly encryptionKeyArn: string;
  /**
   * Days each OAuth secret stays valid.
   * @default 90
   */
  readonly lifetimeDays?: number;
  /**
   * Days after which the next apply creates a new secret (and updates the stored one); must be less than
   * `lifetimeDays` so the stored secret never expires while applies run at least that often.
   * @default 60
   */
  readonly rotationDays?: number;
  /**
   * Days a deleted secret can still be restored.
   * @default 30
   */
  readonly recoveryWindowDays?: number;
  /**
   * Tags on the secret, on top of the provider's `default_tags`.
   * @default - none beyond the provider's default_tags
   */
  readonly tags?: Record<string, string>;
}

/**
 * A `databricks_service_principal_secret` with a lifetime, replaced when a `time_rotating` period ends (a new secret
 * is created before the old one is deleted), and its value in a KMS-encrypted Secrets Manager secret as JSON:
 * `{ accountId, servicePrincipalId, clientId, clientSecret, oauthSecretId }` (the field names of Secrets Manager's
 * Databricks service principal secret type).
 *
 * The secret is in no Terraform output. It is in Terraform state (the provider stores it there), which is why state
 * lives in an encrypted bucket with restricted access.
 *
 * @see https://docs.databricks.com/aws/en/dev-tools/auth/oauth-m2m
 * @example
 * const secret = new ServicePrincipalSecretStore(this, "OrchestratorSecret", {
 *   provider: accountProvider,
 *   databricksAccountId: "3f2a9c4e-1b7d-4e5a-9c2f-6d8e0a1b2c3d",
 *   servicePrincipalId: orchestrator.id,
 *   applicationId: orchestrator.applicationId,
 *   secretName: "lakehouse/dev/databricks/orchestrator",
 *   encryptionKeyArn: dataKey.keyArn,
 * });
 */
export class ServicePrincipalSecretStore extends Construct {
  /** The Secrets Manager secret. */
  public readonly secret: SecretsmanagerSecret;
  /** ARN of the Secrets Manager secret: what readers are granted and configured with. */
  public readonly secretArn: string;

  constructor(scope: Construct, id: string, props: ServicePrincipalSecretStoreProps) {
    super(scope, id);
    throwIfInvalidProps(this, propsProblems(props));
    const lifetimeDays = props.lifetimeDays ?? DEFAULT_SECRET_LIFETIME_DAYS;

    const rotation = new Rotating(this, "Rotation", { rotationDays: props.rotationDays ?? DEFAULT_SECRET_ROTATION_DAYS });
    const oauth = new ServicePrincipalSecret(this, "OAuthSecret", {
      provider: props.provider,
      servicePrincipalId: props.servicePrincipalId,
      lifetime: `${lifetimeDays * 24 * 3600}s`,
      // A new rotation time replaces the secret; the new one exists before the old one is revoked.
      timeRotating: rotation.id,
      lifecycle: { createBeforeDestroy: true },
    });
    this.secret = new SecretsmanagerSecret(this, "Secret", {
      name: props.secretName,
      description: `OAuth client credentials of Databricks service principal ${props.applicationId}`,
      kmsKeyId: props.encryptionKeyArn,
      recoveryWindowInDays: props.recoveryWindowDays ?? 30,
      tags: props.tags,
    });
    this.secretArn = this.secret.arn;
    new SecretsmanagerSecretVersion(this, "SecretValue", {
      secretId: this.secret.id,
      secretString: Fn.jsonencode({
        accountId: props.databricksAccountId,
        servicePrincipalId: props.servicePrincipalId,
        clientId: props.applicationId,
        clientSecret: oauth.secret,
        oauthSecretId: oauth.id,
      }),
    });
  }
}

function propsProblems(props: ServicePrincipalSecretStoreProps): string[] {
  const problems = [
    ...databricksAccountIdProblems("databricksAccountId", props.databricksAccountId),
    ...nonEmptyProblems("secretName", props.secretName),
    ...nonEmptyProblems("encryptionKeyArn", props.encryptionKeyArn),
  ];
  const lifetime = props.lifetimeDays ?? DEFAULT_SECRET_LIFETIME_DAYS;
  const rotation = props.rotationDays ?? DEFAULT_SECRET_ROTATION_DAYS;
  const days = (prop: string, value: number | undefined, min: number, max: number) => {
    if (value !== undefined && !Token.isUnresolved(value) && !(Number.isInteger(value) && value >= min && value <= max)) {
      problems.push(`${prop}: ${value} is not allowed; use a whole number of days from ${min} to ${max}`);
    }
  };
  days("lifetimeDays", props.lifetimeDays, 2, 730);
  days("rotationDays", props.rotationDays, 1, 729);
  days("recoveryWindowDays", props.recoveryWindowDays, 7, 30);
  if (!Token.isUnresolved(lifetime) && !Token.isUnresolved(rotation) && rotation >= lifetime) {
    problems.push(`rotationDays: ${rotation} is not less than lifetimeDays ${lifetime}; rotate before the secret expires`);
  }
  if (!Token.isUnresolved(props.encryptionKeyArn) && props.encryptionKeyArn.startsWith("alias/aws/")) {
    problems.push(`encryptionKeyArn: "${props.encryptionKeyArn}" is an AWS managed key; use a customer-managed key`);
  }
  return problems;
}
