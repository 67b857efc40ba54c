/**
 * Lakehouse Federation to Amazon Redshift: a REDSHIFT connection whose credentials come from Secrets Manager, and
 * the foreign catalog over one Redshift database.
 */
import { Token, type ITerraformDependable, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { ConnectionCredentials } from "./connection-credentials";
import { ForeignCatalog } from "./foreign-catalog";
import { throwIfInvalidProps } from "../../core/validation";

/** Redshift's default port. */
export const REDSHIFT_DEFAULT_PORT = 5439;

/** Properties of {@link RedshiftFederation}. */
export interface RedshiftFederationProps {
  /** The workspace-level Databricks provider. */
  readonly provider: TerraformProvider;
  /** Connection name, unique in the metastore. */
  readonly connectionName: string;
  /** Foreign catalog name, unique in the metastore. */
  readonly catalogName: string;
  /** Host name of the Redshift endpoint (cluster or serverless workgroup). */
  readonly host: string;
  /**
   * Port of the endpoint.
   * @default 5439
   */
  readonly port?: number;
  /** The Redshift database the foreign catalog mirrors. */
  readonly database: string;
  /**
   * Name or ARN of the Secrets Manager secret with the Redshift user's credentials as JSON
   * (`{"username": ..., "password": ...}`). Use a read-only user: everyone granted the catalog queries as it.
   */
  readonly credentialsSecretId: string;
  /**
   * Workspaces that may use the foreign catalog.
   * @default - every workspace of the metastore
   */
  readonly workspaceIds?: number[];
  /**
   * Owner of the connection and catalog (a group name).
   * @default - the identity that runs Terraform
   */
  readonly owner?: string;
  /**
   * Sets Terraform `prevent_destroy` on the foreign catalog.
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Resources the connection waits for (the metastore assignment, the Redshift workgroup).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A Redshift connection and foreign catalog.
 *
 * The user name and password are read from Secrets Manager (`data.aws_secretsmanager_secret_version`) and passed as
 * sensitive Terraform expressions; no credential is ever a literal in code, config or the synthesized JSON. Queries
 * run on Pro or serverless SQL warehouses or Unity Catalog clusters, which must reach the endpoint on its port.
 *
 * @see https://docs.databricks.com/aws/en/query-federation/redshift
 * @example
 * const redshift = new RedshiftFederation(this, "Redshift", {
 *   provider: workspace, connectionName: "acme_prod_redshift", catalogName: "acme_prod_redshift",
 *   host: "analytics.123456789012.eu-west-1.redshift-serverless.amazonaws.com", database: "dev",
 *   credentialsSecretId: "acme/prod/redshift-federation",
 * });
 * redshift.foreignCatalog.grantRead("acme-prod-analysts");
 */
export class RedshiftFederation extends Construct {
  /** The credentials read from Secrets Manager. */
  public readonly credentials: ConnectionCredentials;
  /** The connection and foreign catalog. */
  public readonly foreignCatalog: ForeignCatalog;

  constructor(scope: Construct, id: string, props: RedshiftFederationProps) {
    super(scope, id);
    throwIfInvalidProps(this, redshiftPropsProblems(props));
    const port = props.port ?? REDSHIFT_DEFAULT_PORT;
    this.credentials = new ConnectionCredentials(this, "Credentials", { secretId: props.credentialsSecretId });
    this.foreignCatalog = new ForeignCatalog(this, "Federation", {
      provider: props.provider,
      connectionName: props.connectionName,
      connectionType: "REDSHIFT",
      connectionOptions: {
        host: props.host,
        port: Token.isUnresolved(port) ? Token.asString(port) : String(port),
        user: this.credentials.username,
        password: this.credentials.password,
      },
      catalogName: props.catalogName,
      catalogOptions: { database: props.database },
      comment: "Amazon Redshift, federated into Unity Catalog",
      ...(props.workspaceIds ? { workspaceIds: props.workspaceIds } : {}),
      ...(props.owner ? { owner: props.owner } : {}),
      ...(props.protect === undefined ? {} : { protect: props.protect }),
      ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
    });
  }
}

function redshiftPropsProblems(props: RedshiftFederationProps): string[] {
  const problems: string[] = [];
  const port = props.port ?? REDSHIFT_DEFAULT_PORT;
  if (!Token.isUnresolved(port) && (!Number.isInteger(port) || port < 1150 || port > 65535)) {
    problems.push(`port: ${port} is not a Redshift port; use 5439 or a port from 1150 to 65535`);
  }
  if (!Token.isUnresolved(props.host) && !/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(props.host)) {
    problems.push(`host: "${props.host}" is not a host name; give the endpoint's host alone, without scheme, port or path`);
  }
  if (!Token.isUnresolved(props.database) && props.database.trim().length === 0) {
    problems.push("database: is empty; name the Redshift database the catalog mirrors");
  }
  // Checked here too, so the error names this construct before its credentials child is created.
  if (!Token.isUnresolved(props.credentialsSecretId) && props.credentialsSecretId.trim().length === 0) {
    problems.push("credentialsSecretId: is empty; give the name or ARN of the Secrets Manager secret");
  }
  return problems;
}
