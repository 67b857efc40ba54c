/**
 * The identities concern: account groups and service principals (their workspace assignments are made by the
 * unity-catalog layer, after identity federation), and the OAuth secrets of the principals that need one, kept in
 * Secrets Manager, and the empty token secrets of the principals that sign in to tools with a token.
 */
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { AccountIdentities } from "../../modules/databricks/account/account-identities";
import { ServicePrincipalSecretStore } from "../../modules/databricks/account/service-principal-secret-store";
import { accountGroupName, servicePrincipalName } from "../shared/names";
import type { WorkspaceContext } from "./context";

export function createIdentities(ctx: WorkspaceContext): AccountIdentities {
  const { config, naming } = ctx.stack;
  const groups = Object.fromEntries(Object.keys(config.workspace.groups).map((key) => [key, { displayName: accountGroupName(naming, key) }]));
  const servicePrincipals = Object.fromEntries(
    Object.entries(config.workspace.servicePrincipals).map(([key, sp]) => [
      key,
      {
        displayName: servicePrincipalName(naming, key),
        memberOf: sp.memberOf,
        accountAdmin: sp.accountAdmin,
        usableBy: sp.usableBy,
        ...(sp.githubActions ? { githubActions: sp.githubActions } : {}),
      },
    ]),
  );
  return new AccountIdentities(ctx.stack, "Identities", {
    provider: ctx.accountProvider,
    databricksAccountId: ctx.databricksAccountId,
    groups,
    servicePrincipals,
    protect: config.dataProtection,
  });
}

/** OAuth secrets in Secrets Manager, by service principal key. */
export function createSecrets(ctx: WorkspaceContext, identities: AccountIdentities): Record<string, ServicePrincipalSecretStore> {
  const { config } = ctx.stack;
  const secrets: Record<string, ServicePrincipalSecretStore> = {};
  for (const [key, sp] of Object.entries(config.workspace.servicePrincipals)) {
    if (!sp.oauthSecret) continue;
    const principal = identities.servicePrincipals[key];
    secrets[key] = new ServicePrincipalSecretStore(ctx.stack, `OAuthSecret-${key}`, {
      provider: ctx.accountProvider,
      databricksAccountId: ctx.databricksAccountId,
      servicePrincipalId: principal.id,
      applicationId: principal.applicationId,
      secretName: `${config.project.prefix}/${config.name}/databricks/${key}-oauth`,
      encryptionKeyArn: ctx.networkStorage.dataKeyArn,
      lifetimeDays: sp.oauthSecret.lifetimeDays,
      rotationDays: sp.oauthSecret.rotationDays,
    });
  }
  return secrets;
}

/** The shape of a token secret's value (`servicePrincipals.<key>.tokenSecret`), set outside Terraform. */
export const TOKEN_SECRET_SHAPE = '{"username":"token","password":"<a Databricks token of the service principal>"}';

/**
 * Empty secrets for a Databricks token of each principal with `tokenSecret`, by key. Some tools (QuickSight's
 * Databricks connector) sign in only with a user name and password, which Databricks accepts as the user name `token`
 * and a token; a token is created on the principal's behalf by an admin and stored outside Terraform
 * (docs/layers/serving.md), so none is in code or state. They exist in this layer so the value can be set before a later
 * layer creates what reads it.
 */
export function createTokenSecrets(ctx: WorkspaceContext): Record<string, SecretsmanagerSecret> {
  const { config } = ctx.stack;
  const secrets: Record<string, SecretsmanagerSecret> = {};
  for (const [key, sp] of Object.entries(config.workspace.servicePrincipals)) {
    if (!sp.tokenSecret) continue;
    secrets[key] = new SecretsmanagerSecret(ctx.stack, `TokenSecret-${key}`, {
      name: `${config.project.prefix}/${config.name}/databricks/${key}-token`,
      description: `A Databricks token of the ${key} service principal, set outside Terraform: ${TOKEN_SECRET_SHAPE}`,
      kmsKeyId: ctx.networkStorage.dataKeyArn,
      recoveryWindowInDays: 30,
    });
  }
  return secrets;
}
