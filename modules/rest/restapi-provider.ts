/**
 * A typed binding for the provider block of the generic REST provider, Mastercard/restapi.
 *
 * Version and schema: v3.0.0 (tag of github.com/Mastercard/terraform-provider-restapi, 2026-02-27, the latest release;
 * `docs/index.md` and `internal/provider/provider.go` at that tag). Only the arguments this project uses are bound; the
 * names below are the provider's, in snake_case in the synthesized JSON.
 */
import { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import { throwIfInvalidProps } from "../core/validation";

/** The registry source of the provider. */
export const RESTAPI_PROVIDER_SOURCE = "Mastercard/restapi";
/** The exact version pinned in `required_providers` (a later release is taken on purpose, with a plan review). */
export const RESTAPI_PROVIDER_VERSION = "3.0.0";

/**
 * OAuth 2.0 client-credentials settings (`oauth_client_credentials`, a single nested block in v3.0.0). The provider
 * fetches and refreshes the access token itself, with golang.org/x/oauth2's client-credentials flow.
 */
export interface RestApiOAuthClientCredentials {
  /** The client id. A token (a Terraform variable), never a literal in code. */
  readonly clientId: string;
  /**
   * The client secret. Pass a sensitive Terraform variable: the provider's schema does not mark this argument
   * sensitive (provider.go v3.0.0), so the variable's sensitivity is what keeps it out of plan output.
   */
  readonly clientSecret: string;
  /** The token endpoint, e.g. `https://<workspace host>/oidc/v1/token`. */
  readonly tokenEndpoint: string;
  /** Scopes asked for. @default - none */
  readonly scopes?: readonly string[];
  /** Extra form parameters of the token request (`endpoint_params`). @default - none */
  readonly endpointParams?: Readonly<Record<string, string>>;
}

/** Retries of failed requests (connection errors and 5xx except 501). */
export interface RestApiRetries {
  /** @default 0 (the provider's default) */
  readonly maxRetries?: number;
  /** Shortest wait between retries, in seconds. @default 1 */
  readonly minWaitSeconds?: number;
  /** Longest wait between retries, in seconds. @default 30 */
  readonly maxWaitSeconds?: number;
}

/** Props of {@link RestApiProvider}. */
export interface RestApiProviderProps {
  /** Base URI every object path is appended to, e.g. the workspace URL `https://<host>`. */
  readonly uri: string;
  /** OAuth client-credentials authentication: the only authentication this binding offers (no basic auth, no static token). */
  readonly oauthClientCredentials: RestApiOAuthClientCredentials;
  /** Provider alias. @default - the default (unaliased) restapi provider */
  readonly alias?: string;
  /**
   * The API answers a create (POST) with the created object or its id (`create_returns_object`): the provider then
   * takes the object's id from the response instead of reading it back.
   * @default false
   */
  readonly createReturnsObject?: boolean;
  /** Every write (POST, PUT, PATCH) answers with the object (`write_returns_object`). @default false */
  readonly writeReturnsObject?: boolean;
  /** Seconds before a request is aborted (`timeout`). @default 60 (the provider's default) */
  readonly timeoutSeconds?: number;
  /** Retries of failed requests. @default - no retries */
  readonly retries?: RestApiRetries;
  /** Most requests per second (`rate_limit`). @default - unlimited */
  readonly rateLimitPerSecond?: number;
}

/**
 * The `restapi` provider (Mastercard/restapi, pinned to {@link RESTAPI_PROVIDER_VERSION}), authenticating with OAuth
 * client credentials.
 *
 * @see https://registry.terraform.io/providers/Mastercard/restapi/3.0.0/docs
 * @example
 * new RestApiProvider(this, "restapi", {
 *   uri: workspaceUrl,
 *   oauthClientCredentials: { clientId: clientId.stringValue, clientSecret: clientSecret.stringValue, tokenEndpoint: `${workspaceUrl}/oidc/v1/token`, scopes: ["all-apis"] },
 * });
 */
export class RestApiProvider extends TerraformProvider {
  /** The Terraform provider type this class binds. */
  public static readonly tfResourceType = "restapi";
  private readonly props: RestApiProviderProps;
  private _alias?: string;

  constructor(scope: Construct, id: string, props: RestApiProviderProps) {
    super(scope, id, {
      terraformResourceType: "restapi",
      terraformGeneratorMetadata: { providerName: "restapi", providerVersion: RESTAPI_PROVIDER_VERSION },
      terraformProviderSource: RESTAPI_PROVIDER_SOURCE,
    });
    const problems: string[] = [];
    const positive = (name: string, value: number | undefined, integer: boolean) => {
      if (value !== undefined && (!(value > 0) || (integer && !Number.isInteger(value))))
        problems.push(`${name}: ${value} is not allowed; use a positive ${integer ? "whole " : ""}number`);
    };
    positive("timeoutSeconds", props.timeoutSeconds, true);
    positive("rateLimitPerSecond", props.rateLimitPerSecond, false);
    const { maxRetries, minWaitSeconds, maxWaitSeconds } = props.retries ?? {};
    if (maxRetries !== undefined && (!Number.isInteger(maxRetries) || maxRetries < 0))
      problems.push(`retries.maxRetries: ${maxRetries} is not allowed; use a whole number from 0`);
    positive("retries.minWaitSeconds", minWaitSeconds, true);
    positive("retries.maxWaitSeconds", maxWaitSeconds, true);
    if (minWaitSeconds !== undefined && maxWaitSeconds !== undefined && minWaitSeconds > maxWaitSeconds)
      problems.push(`retries.minWaitSeconds: ${minWaitSeconds} is above retries.maxWaitSeconds (${maxWaitSeconds}); lower it`);
    throwIfInvalidProps(this, problems);
    this.props = props;
    this._alias = props.alias;
  }

  /** The provider alias, if any. */
  public override get alias(): string | undefined {
    return this._alias;
  }

  public override set alias(value: string | undefined) {
    this._alias = value;
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    const { props } = this;
    const oauth = props.oauthClientCredentials;
    const retries = props.retries;
    return withoutUndefined({
      alias: this.alias,
      uri: props.uri,
      create_returns_object: props.createReturnsObject,
      write_returns_object: props.writeReturnsObject,
      timeout: props.timeoutSeconds,
      rate_limit: props.rateLimitPerSecond,
      oauth_client_credentials: withoutUndefined({
        oauth_client_id: oauth.clientId,
        oauth_client_secret: oauth.clientSecret,
        oauth_token_endpoint: oauth.tokenEndpoint,
        oauth_scopes: oauth.scopes ? [...oauth.scopes] : undefined,
        endpoint_params: oauth.endpointParams ? { ...oauth.endpointParams } : undefined,
      }),
      retries: retries
        ? withoutUndefined({ max_retries: retries.maxRetries, min_wait: retries.minWaitSeconds, max_wait: retries.maxWaitSeconds })
        : undefined,
    });
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return this.synthesizeAttributes();
  }
}

/** `object` without its undefined members. */
export function withoutUndefined<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}
