/**
 * The typed binding for the generic REST provider (Mastercard/restapi): the provider block with its pinned version and
 * OAuth client credentials, the restapi_object resource, deterministic request bodies, and the Databricks workspace
 * setup (token endpoint, scope, sensitive variables).
 */
import { TerraformOutput, TerraformStack, Testing, TerraformVariable } from "cdktf";
import { CREDENTIAL_PATTERNS } from "../../../modules/policy/rules/secrets";
import { canonicalJson } from "../../../modules/rest/json-body";
import { RestObject } from "../../../modules/rest/rest-object";
import { RESTAPI_PROVIDER_SOURCE, RESTAPI_PROVIDER_VERSION, RestApiProvider } from "../../../modules/rest/restapi-provider";
import { DATABRICKS_ALL_APIS_SCOPE, DatabricksWorkspaceRestApi, workspaceTokenEndpoint } from "../../../modules/rest/databricks-workspace-rest-api";
import { synthesize, type SynthesizedStack } from "../../synth-json";

const WORKSPACE = "https://dbc-1234abcd-5678.cloud.databricks.com";

function stackWith(build: (stack: TerraformStack) => void): SynthesizedStack {
  const stack = new TerraformStack(Testing.app(), "test");
  build(stack);
  return synthesize(stack);
}

describe("canonicalJson", () => {
  it("sorts keys at every depth, keeps array order and drops undefined members", () => {
    const text = canonicalJson({ z: 1, a: { y: [{ b: 2, a: 1 }], x: undefined, c: null }, m: "s" });
    expect(text).toBe('{"a":{"c":null,"y":[{"a":1,"b":2}]},"m":"s","z":1}');
  });

  it("gives the same text for the same value built in another key order", () => {
    expect(canonicalJson({ b: { d: 1, c: 2 }, a: [true] })).toBe(canonicalJson({ a: [true], b: { c: 2, d: 1 } }));
  });

  it("refuses a number JSON cannot hold", () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/not a JSON number/);
  });
});

describe("RestApiProvider", () => {
  const s = () =>
    stackWith((stack) => {
      const id = new TerraformVariable(stack, "client_id", { type: "string", sensitive: true });
      const secret = new TerraformVariable(stack, "client_secret", { type: "string", sensitive: true });
      new RestApiProvider(stack, "restapi", {
        uri: WORKSPACE,
        createReturnsObject: true,
        timeoutSeconds: 30,
        retries: { maxRetries: 2, minWaitSeconds: 1, maxWaitSeconds: 10 },
        oauthClientCredentials: {
          clientId: id.stringValue,
          clientSecret: secret.stringValue,
          tokenEndpoint: `${WORKSPACE}/oidc/v1/token`,
          scopes: ["all-apis"],
        },
      });
    });

  it("requires Mastercard/restapi at exactly the pinned version", () => {
    expect(RESTAPI_PROVIDER_SOURCE).toBe("Mastercard/restapi");
    expect(RESTAPI_PROVIDER_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(s().json.terraform.required_providers).toEqual({ restapi: { source: "Mastercard/restapi", version: RESTAPI_PROVIDER_VERSION } });
  });

  it("writes the provider block with the argument names of the provider's schema (v3.0.0)", () => {
    expect(s().json.provider?.restapi).toEqual([
      {
        uri: WORKSPACE,
        create_returns_object: true,
        timeout: 30,
        retries: { max_retries: 2, min_wait: 1, max_wait: 10 },
        oauth_client_credentials: {
          oauth_client_id: "${var.client_id}",
          oauth_client_secret: "${var.client_secret}",
          oauth_token_endpoint: `${WORKSPACE}/oidc/v1/token`,
          oauth_scopes: ["all-apis"],
        },
      },
    ]);
  });

  it("writes an alias when given one", () => {
    const json = stackWith((stack) => {
      new RestApiProvider(stack, "restapi-b", {
        uri: WORKSPACE,
        alias: "b",
        oauthClientCredentials: { clientId: "x", clientSecret: "y", tokenEndpoint: "z" },
      });
    }).json;
    expect(json.provider?.restapi[0]).toMatchObject({ alias: "b" });
  });

  it("refuses bad timeouts, rates and retry waits, naming each", () => {
    const oauth = { clientId: "x", clientSecret: "y", tokenEndpoint: "z" };
    expect(() =>
      stackWith((stack) => {
        new RestApiProvider(stack, "restapi", {
          uri: WORKSPACE,
          oauthClientCredentials: oauth,
          timeoutSeconds: 0,
          rateLimitPerSecond: -1,
          retries: { maxRetries: 1.5, minWaitSeconds: 20, maxWaitSeconds: 10 },
        });
      }),
    ).toThrow(
      /timeoutSeconds: 0[\s\S]*rateLimitPerSecond: -1[\s\S]*retries\.maxRetries: 1\.5[\s\S]*retries\.minWaitSeconds: 20 is above retries\.maxWaitSeconds/,
    );
  });
});

describe("RestObject", () => {
  const build = (props: Partial<ConstructorParameters<typeof RestObject>[2]> = {}) =>
    stackWith((stack) => {
      const provider = new RestApiProvider(stack, "restapi", {
        uri: WORKSPACE,
        oauthClientCredentials: { clientId: "${var.a}", clientSecret: "${var.b}", tokenEndpoint: "t" },
      });
      new RestObject(stack, "Thing", { provider, path: "/api/2.0/things", data: canonicalJson({ name: "a" }), ...props });
    });

  it("synthesizes a restapi_object of the restapi provider, ignoring what the server adds by default", () => {
    const block = build().resource("restapi_object", "/Thing").block;
    expect(block).toMatchObject({ path: "/api/2.0/things", data: '{"name":"a"}', provider: "restapi", ignore_server_additions: true });
    expect(Object.keys(block).filter((k) => !["//", "path", "data", "provider", "ignore_server_additions"].includes(k))).toEqual([]);
  });

  it("writes every path, method, id attribute, update body and force_new field given, under the provider's argument names", () => {
    const block = build({
      createPath: "/api/2.0/thing",
      readPath: "/api/2.0/things/{id}",
      updatePath: "/api/2.0/things/{id}",
      destroyPath: "/api/2.0/things/{id}",
      updateMethod: "PATCH",
      destroyMethod: "DELETE",
      updateData: canonicalJson({ thing: { comment: "c" } }),
      idAttribute: "name",
      forceNew: ["name"],
      ignoreChangesTo: ["status"],
      ignoreServerAdditions: false,
      lifecycle: { preventDestroy: true },
    }).resource("restapi_object", "/Thing").block;
    expect(block).toMatchObject({
      create_path: "/api/2.0/thing",
      read_path: "/api/2.0/things/{id}",
      update_path: "/api/2.0/things/{id}",
      destroy_path: "/api/2.0/things/{id}",
      update_method: "PATCH",
      destroy_method: "DELETE",
      update_data: '{"thing":{"comment":"c"}}',
      id_attribute: "name",
      force_new: ["name"],
      ignore_changes_to: ["status"],
      ignore_server_additions: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  it("refuses a relative path and a body that is not a JSON object", () => {
    expect(() => build({ path: "api/things", data: "[1]" })).toThrow(/path: "api\/things" is not allowed[\s\S]*data: is not a JSON object/);
  });

  it("exposes id, api_data and api_response as references", () => {
    const json = stackWith((stack) => {
      const provider = new RestApiProvider(stack, "restapi", {
        uri: WORKSPACE,
        oauthClientCredentials: { clientId: "a", clientSecret: "b", tokenEndpoint: "t" },
      });
      const thing = new RestObject(stack, "Thing", { provider, path: "/x", data: "{}" });
      new TerraformOutput(stack, "id", { value: thing.id });
      new TerraformOutput(stack, "response", { value: thing.apiResponse });
      new TerraformOutput(stack, "data", { value: thing.apiData });
    }).json;
    expect(json.output?.id.value).toBe("${restapi_object.Thing.id}");
    expect(json.output?.response.value).toBe("${restapi_object.Thing.api_response}");
    expect(json.output?.data.value).toBe("${restapi_object.Thing.api_data}");
  });
});

describe("DatabricksWorkspaceRestApi", () => {
  const s = () =>
    stackWith((stack) => {
      new DatabricksWorkspaceRestApi(stack, "RestApi", { workspaceUrl: WORKSPACE });
    });

  it("signs in with OAuth M2M at the workspace's token endpoint with scope all-apis", () => {
    expect(workspaceTokenEndpoint(WORKSPACE)).toBe(`${WORKSPACE}/oidc/v1/token`);
    expect(s().json.provider?.restapi[0]).toMatchObject({
      uri: WORKSPACE,
      create_returns_object: true,
      oauth_client_credentials: {
        oauth_client_id: "${var.databricks_client_id}",
        oauth_client_secret: "${var.databricks_client_secret}",
        oauth_token_endpoint: `${WORKSPACE}/oidc/v1/token`,
        oauth_scopes: [DATABRICKS_ALL_APIS_SCOPE],
      },
    });
  });

  it("takes the client id and secret from sensitive variables without defaults, never a literal", () => {
    const variables = (s().json as { variable?: Record<string, Record<string, unknown>> }).variable ?? {};
    expect(Object.keys(variables).sort()).toEqual(["databricks_client_id", "databricks_client_secret"]);
    for (const variable of Object.values(variables)) {
      expect(variable).toMatchObject({ type: "string", sensitive: true, nullable: false });
      expect(variable).not.toHaveProperty("default");
    }
    const text = JSON.stringify(s().json);
    for (const { kind, pattern } of CREDENTIAL_PATTERNS)
      expect({ kind, found: new RegExp(pattern.source, pattern.flags.replace("g", "")).test(text) }).toEqual({ kind, found: false });
    expect(text).not.toMatch(/bearer_token|"password"|"username"|Authorization/);
  });

  it("refuses a trailing slash and clashing variable names", () => {
    expect(() =>
      stackWith((stack) => {
        new DatabricksWorkspaceRestApi(stack, "RestApi", { workspaceUrl: `${WORKSPACE}/`, clientIdVariable: "x", clientSecretVariable: "x" });
      }),
    ).toThrow(/clientSecretVariable: "x" is also the clientIdVariable[\s\S]*workspaceUrl: .* ends with \/; remove it/);
  });

  it("names the prop of a variable name Terraform would not accept", () => {
    expect(() =>
      stackWith((stack) => {
        new DatabricksWorkspaceRestApi(stack, "RestApi", { workspaceUrl: WORKSPACE, clientIdVariable: "Client-Id", clientSecretVariable: "9secret" });
      }),
    ).toThrow(/clientIdVariable: variable name "Client-Id" is not allowed[\s\S]*clientSecretVariable: variable name "9secret" is not allowed/);
  });
});
