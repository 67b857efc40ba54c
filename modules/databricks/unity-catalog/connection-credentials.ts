/**
 * Database credentials for a Unity Catalog connection, read from AWS Secrets Manager at plan time: never literals.
 */
import { DataAwsSecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { throwIfInvalidProps } from "../../core/validation";

/** Properties of {@link ConnectionCredentials}. */
export interface ConnectionCredentialsProps {
  /**
   * Name or ARN of the secret. Its value is a JSON object with the user name and the password, the shape Secrets
   * Manager uses for database secrets (and Redshift's managed admin secret): `{"username": "...", "password": "..."}`.
   */
  readonly secretId: string;
  /**
   * Key of the user name in the secret's JSON.
   * @default "username"
   */
  readonly usernameKey?: string;
  /**
   * Key of the password in the secret's JSON.
   * @default "password"
   */
  readonly passwordKey?: string;
}

/**
 * A user name and password read from a Secrets Manager secret (`data.aws_secretsmanager_secret_version`).
 *
 * Both are Terraform expressions over the data source, wrapped in `sensitive()` so plans never print them; the
 * synthesized JSON holds the reference, never the value. Terraform state does hold the value (in the data source and
 * in the resource that uses it): keep state encrypted and access to it restricted.
 *
 * @example
 * const credentials = new ConnectionCredentials(this, "RedshiftCredentials", { secretId: "lakehouse/prod/redshift-federation" });
 * new Connection(this, "Redshift", { connectionType: "REDSHIFT", options: { user: credentials.username, password: credentials.password, ... } });
 */
export class ConnectionCredentials extends Construct {
  /** The data source that reads the secret's current version. */
  public readonly secretVersion: DataAwsSecretsmanagerSecretVersion;
  /** The user name (a sensitive Terraform expression). */
  public readonly username: string;
  /** The password (a sensitive Terraform expression). */
  public readonly password: string;

  constructor(scope: Construct, id: string, props: ConnectionCredentialsProps) {
    super(scope, id);
    throwIfInvalidProps(this, credentialsPropsProblems(props));
    this.secretVersion = new DataAwsSecretsmanagerSecretVersion(this, "SecretVersion", { secretId: props.secretId });
    this.username = this.field(props.usernameKey ?? "username");
    this.password = this.field(props.passwordKey ?? "password");
  }

  /**
   * Any key of the secret's JSON (an OAuth client id, secret or refresh token), as a sensitive Terraform expression.
   * @param key the key in the secret's JSON object
   */
  public field(key: string): string {
    return Token.asString(Fn.sensitive(Fn.lookup(Fn.jsondecode(this.secretVersion.secretString), key)));
  }
}

function credentialsPropsProblems(props: ConnectionCredentialsProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.secretId) && props.secretId.trim().length === 0) {
    problems.push("secretId: is empty; give the name or ARN of a Secrets Manager secret");
  }
  const keys = { usernameKey: props.usernameKey, passwordKey: props.passwordKey };
  for (const [prop, key] of Object.entries(keys)) {
    if (key !== undefined && !Token.isUnresolved(key) && key.trim().length === 0) {
      problems.push(`${prop}: is empty; give the key in the secret's JSON, or omit it for the default`);
    }
  }
  const username = props.usernameKey ?? "username";
  const password = props.passwordKey ?? "password";
  if (username.trim().length > 0 && username === password && !Token.isUnresolved(username)) {
    problems.push(`passwordKey: "${password}" is also the usernameKey; the password would be the user name`);
  }
  return problems;
}
