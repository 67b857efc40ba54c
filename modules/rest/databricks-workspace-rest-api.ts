/**
 * The REST provider pointed at a Databricks workspace, signed in with OAuth machine-to-machine (M2M): the service
 * principal's client id and secret are exchanged at the workspace's token endpoint for a short-lived access token
 * with scope `all-apis`, and the provider renews it as it expires. No personal access token, and no credential in
 * code or in the synthesized JSON: both come from sensitive Terraform variables (`TF_VAR_<name>` at deploy time).
 *
 * @see https://docs.databricks.com/aws/en/dev-tools/auth/oauth-m2m (manually generating an access token:
 *   POST https://<workspace host>/oidc/v1/token, grant_type=client_credentials, scope=all-apis)
 */
import { TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { throwIfInvalidProps } from "../core/validation";
import { RestApiProvider, type RestApiRetries } from "./restapi-provider";

/** The OAuth scope that lets a token call every workspace REST API the principal is permitted to. */
export const DATABRICKS_ALL_APIS_SCOPE = "all-apis";

/** The workspace's OAuth token endpoint, from its URL (`https://<host>`). */
export function workspaceTokenEndpoint(workspaceUrl: string): string {
  return `${workspaceUrl}/oidc/v1/token`;
}

/** Props of {@link DatabricksWorkspaceRestApi}. */
export interface DatabricksWorkspaceRestApiProps {
  /** The workspace URL, `https://<host>` (no trailing slash): the base of every path and of the token endpoint. */
  readonly workspaceUrl: string;
  /** Name of the Terraform variable holding the OAuth client id (the service principal's application id). @default databricks_client_id */
  readonly clientIdVariable?: string;
  /** Name of the sensitive Terraform variable holding the OAuth client secret. @default databricks_client_secret */
  readonly clientSecretVariable?: string;
  /** Provider alias. @default - unaliased */
  readonly alias?: string;
  /** Retries of failed requests (5xx, connection errors). @default 3 retries, 2 to 30 seconds apart */
  readonly retries?: RestApiRetries;
}

/**
 * A `restapi` provider for one Databricks workspace, with OAuth M2M credentials from two sensitive variables.
 *
 * @example
 * const api = new DatabricksWorkspaceRestApi(this, "RestApi", { workspaceUrl: "https://dbc-1234.cloud.databricks.com" });
 * // deploy with TF_VAR_databricks_client_id and TF_VAR_databricks_client_secret set to the deployer's OAuth credentials
 */
export class DatabricksWorkspaceRestApi extends Construct {
  /** The provider; pass it to every `RestObject` on this workspace. */
  public readonly provider: RestApiProvider;
  /** The client id variable (sensitive). */
  public readonly clientId: TerraformVariable;
  /** The client secret variable (sensitive). */
  public readonly clientSecret: TerraformVariable;

  constructor(scope: Construct, id: string, props: DatabricksWorkspaceRestApiProps) {
    super(scope, id);
    const names = [props.clientIdVariable ?? "databricks_client_id", props.clientSecretVariable ?? "databricks_client_secret"];
    throwIfInvalidProps(this, propsProblems(props, names[0], names[1]));
    // Variables are addressed by their construct id in Terraform (var.<id>), so the id is the variable's name.
    // Both are sensitive: Terraform keeps them out of plan output, and they have no default, so a deploy without them fails at plan.
    this.clientId = new TerraformVariable(scope, names[0], {
      type: "string",
      sensitive: true,
      nullable: false,
      description: "OAuth client id (application id) of the service principal that applies this stack; set TF_VAR_" + names[0],
    });
    this.clientSecret = new TerraformVariable(scope, names[1], {
      type: "string",
      sensitive: true,
      nullable: false,
      description: "OAuth client secret of that service principal; set TF_VAR_" + names[1] + " from the deploy environment, never in code",
    });
    this.provider = new RestApiProvider(scope, props.alias ? `restapi-${props.alias}` : "restapi", {
      uri: props.workspaceUrl,
      alias: props.alias,
      // Clean Rooms and Marketplace answer a create with the object or its id: read the id from the response.
      createReturnsObject: true,
      retries: props.retries ?? { maxRetries: 3, minWaitSeconds: 2, maxWaitSeconds: 30 },
      oauthClientCredentials: {
        clientId: this.clientId.stringValue,
        clientSecret: this.clientSecret.stringValue,
        tokenEndpoint: workspaceTokenEndpoint(props.workspaceUrl),
        scopes: [DATABRICKS_ALL_APIS_SCOPE],
      },
    });
  }
}

/** Every problem with the props, each line naming its prop; `clientId` and `clientSecret` are the names with defaults applied. */
function propsProblems(props: DatabricksWorkspaceRestApiProps, clientId: string, clientSecret: string): string[] {
  const variables = { clientIdVariable: clientId, clientSecretVariable: clientSecret };
  return [
    ...Object.entries(variables)
      .filter(([, name]) => !/^[a-z][a-z0-9_]*$/.test(name))
      .map(([prop, name]) => `${prop}: variable name "${name}" is not allowed; use lowercase letters, digits and underscores`),
    ...(clientId === clientSecret ? [`clientSecretVariable: "${clientSecret}" is also the clientIdVariable; use two names`] : []),
    ...(props.workspaceUrl.endsWith("/") ? [`workspaceUrl: "${props.workspaceUrl}" ends with /; remove it`] : []),
  ];
}
