/**
 * Where external model API keys (OpenAI, Anthropic, ...) live: a Databricks-backed secret scope whose values are put
 * there by hand, outside Terraform, and referenced by serving endpoints as `{{secrets/<scope>/<key>}}`.
 */
import { SecretAcl } from "@cdktf/provider-databricks/lib/secret-acl";
import { SecretScope } from "@cdktf/provider-databricks/lib/secret-scope";
import type { TerraformProvider } from "cdktf";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { throwIfInvalidArguments, throwIfInvalidProps } from "../../core/validation";
import { principalListProblems, principalProblems } from "../permission-access";
import type { Principal } from "../principal";

/** Secret scope and key names: letters, digits, dashes, underscores, periods and at signs, at most 128 characters. */
const SECRET_NAME = /^[A-Za-z0-9_.@-]{1,128}$/;

/** The permission levels of a secret scope ACL, lowest first. */
export const SECRET_ACL_PERMISSIONS = ["READ", "WRITE", "MANAGE"] as const;

/** One permission level on a secret scope. */
export type SecretAclPermission = (typeof SECRET_ACL_PERMISSIONS)[number];

/** Properties of {@link ExternalModelSecrets}. */
export interface ExternalModelSecretsProps {
  /** The workspace-level Databricks provider. */
  readonly provider: TerraformProvider;
  /** Name of the secret scope, e.g. `acme-prod-external-models` (letters, digits, `-`, `_`, `.`, `@`; at most 128). */
  readonly scopeName: string;
  /**
   * The keys the scope is expected to hold (one per external model provider, e.g. `openai-api-key`): only these may be
   * referenced with {@link ExternalModelSecrets.reference}, so a typo fails at synth rather than at endpoint creation.
   */
  readonly keys: readonly string[];
  /**
   * Principals that may read the keys (READ), beyond the identity that creates the scope (which holds MANAGE). A
   * serving endpoint resolves its `{{secrets/...}}` references with its creator's access, so the Terraform identity
   * needs nothing more; add readers only for people or jobs that must read the key themselves.
   * @default - none
   */
  readonly readers?: readonly Principal[];
  /**
   * Principals that may set the values (WRITE): the operators who run `databricks secrets put-secret`.
   * @default - none (the identity that created the scope, and workspace admins, hold MANAGE)
   */
  readonly writers?: readonly Principal[];
}

/**
 * A `databricks_secret_scope` (backend DATABRICKS) for external model API keys, with `databricks_secret_acl`s.
 *
 * Terraform creates the scope and its ACLs but never the secret values: a value in Terraform would sit in the plan
 * and the state. After the first apply an operator with WRITE (or MANAGE) sets each key with the Databricks CLI:
 *
 * ```
 * databricks secrets put-secret <scope> <key>          # prompts for the value; nothing lands in shell history
 * databricks secrets list-secrets <scope>               # check that every key is there
 * ```
 *
 * Serving endpoints reference a key with {@link ExternalModelSecrets.reference} (`{{secrets/<scope>/<key>}}`) in the
 * provider's non-plaintext field (`openai_api_key`, `anthropic_api_key`). Databricks checks at endpoint creation that
 * the creator can read the secret, so the endpoint must be created after the value is set.
 *
 * @see https://docs.databricks.com/aws/en/security/secrets/
 * @see https://docs.databricks.com/aws/en/generative-ai/external-models/
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/secret_scope
 * @example
 * const secrets = new ExternalModelSecrets(this, "ExternalModelSecrets", {
 *   provider: workspace, scopeName: "acme-prod-external-models", keys: ["openai-api-key"],
 *   writers: [groupPrincipal("acme-prod-platform-admins")],
 * });
 * const openaiKey = secrets.reference("openai-api-key"); // "{{secrets/acme-prod-external-models/openai-api-key}}"
 */
export class ExternalModelSecrets extends Construct {
  /** The `databricks_secret_scope` resource. */
  public readonly scope: SecretScope;
  /** The scope's name (a literal: references to it are written into endpoint configs as text). */
  public readonly scopeName: string;
  /** The keys the scope is expected to hold. */
  public readonly keys: readonly string[];
  private readonly provider: TerraformProvider;
  private readonly acls = new Map<string, { acl: SecretAcl; permission: SecretAclPermission }>();

  constructor(scope: Construct, id: string, props: ExternalModelSecretsProps) {
    super(scope, id);
    throwIfInvalidProps(this, secretsProblems(props));
    this.provider = props.provider;
    this.scopeName = props.scopeName;
    this.keys = [...props.keys];
    // No initial_manage_principal: "users" would give every workspace user MANAGE on the keys.
    this.scope = new SecretScope(this, "Scope", { provider: props.provider, name: props.scopeName, backendType: "DATABRICKS" });
    for (const principal of props.readers ?? []) this.grant(principal, "READ");
    for (const principal of props.writers ?? []) this.grant(principal, "WRITE");
  }

  /** `{{secrets/<scope>/<key>}}`, what a serving endpoint's API key field takes; `key` must be one of {@link keys}. */
  public reference(key: string): string {
    if (!this.keys.includes(key)) {
      throwIfInvalidArguments(this, [`key: "${key}" is not a key of scope ${this.scopeName}; use one of ${this.keys.join(", ")}`]);
    }
    return `{{secrets/${this.scopeName}/${key}}}`;
  }

  /**
   * Gives `principal` `permission` on the scope (one `databricks_secret_acl` per principal; a later grant to the same
   * principal keeps the higher level). Returns the ACL resource.
   */
  public grant(principal: Principal, permission: SecretAclPermission): SecretAcl {
    const problems = principalProblems("principal", principal);
    if (!SECRET_ACL_PERMISSIONS.includes(permission)) {
      problems.push(`permission: "${permission}" is not a secret ACL permission; use one of ${SECRET_ACL_PERMISSIONS.join(", ")}`);
    }
    throwIfInvalidArguments(this, problems);
    const existing = this.acls.get(principal.name);
    if (existing) {
      if (rank(permission) > rank(existing.permission)) {
        existing.acl.permission = permission;
        existing.permission = permission;
      }
      return existing.acl;
    }
    const acl = new SecretAcl(this, `Acl-${this.acls.size}`, {
      provider: this.provider,
      scope: this.scope.name,
      principal: principal.name,
      permission,
    });
    this.acls.set(principal.name, { acl, permission });
    return acl;
  }

  /** Lets `principal` read the keys (READ). */
  public grantRead(principal: Principal): SecretAcl {
    return this.grant(principal, "READ");
  }
}

function rank(permission: SecretAclPermission): number {
  return SECRET_ACL_PERMISSIONS.indexOf(permission);
}

function secretsProblems(props: ExternalModelSecretsProps): string[] {
  const problems: string[] = [];
  if (Token.isUnresolved(props.scopeName)) {
    problems.push("scopeName: is a reference; give the scope a literal name (endpoint configs name it as text)");
  } else if (!SECRET_NAME.test(props.scopeName)) {
    problems.push(`scopeName: "${props.scopeName}" must be 1 to 128 letters, digits, -, _, . or @`);
  }
  if (props.keys.length === 0) problems.push("keys: none given; list the keys the scope will hold, e.g. openai-api-key");
  props.keys.forEach((key, i) => {
    if (!SECRET_NAME.test(key)) problems.push(`keys[${i}]: "${key}" must be 1 to 128 letters, digits, -, _, . or @`);
  });
  const duplicates = props.keys.filter((key, i) => props.keys.indexOf(key) !== i);
  if (duplicates.length > 0) problems.push(`keys: ${[...new Set(duplicates)].join(", ")} given more than once`);
  problems.push(...principalListProblems({ readers: props.readers, writers: props.writers }));
  return problems;
}
