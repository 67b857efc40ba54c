/**
 * The restapi pack (the generic REST provider's clean rooms and sign-in) and the Delta Sharing token-expiry rule of the
 * databricks pack: a compliant and a non-compliant fixture each.
 */
import { Recipient } from "@cdktf/provider-databricks/lib/recipient";
import { TerraformStack, TerraformVariable } from "cdktf";
import { CleanRoom } from "../../../../modules/databricks/sharing/clean-room";
import { canonicalJson } from "../../../../modules/rest/json-body";
import { RestObject } from "../../../../modules/rest/rest-object";
import { RestApiProvider } from "../../../../modules/rest/restapi-provider";
import { DatabricksWorkspaceRestApi } from "../../../../modules/rest/databricks-workspace-rest-api";
import { describeRule } from "../fixtures";

const WORKSPACE = "https://dbc-1.cloud.databricks.com";

function restProvider(stack: TerraformStack, oauth: { clientId: string; clientSecret: string }, sensitive = true): RestApiProvider {
  new TerraformVariable(stack, "id", { type: "string", sensitive });
  new TerraformVariable(stack, "secret", { type: "string", sensitive });
  return new RestApiProvider(stack, "restapi", {
    uri: WORKSPACE,
    oauthClientCredentials: { ...oauth, tokenEndpoint: `${WORKSPACE}/oidc/v1/token`, scopes: ["all-apis"] },
  });
}

const cleanRoom = (stack: TerraformStack, protect: boolean) =>
  new CleanRoom(stack, "Room", {
    restApi: restProvider(stack, { clientId: "${var.id}", clientSecret: "${var.secret}" }),
    name: "overlap",
    region: "us-east-1",
    creator: { alias: "us", globalMetastoreId: "aws:us-east-1:11111111-2222-3333-4444-555555555555" },
    collaborators: [{ alias: "them", globalMetastoreId: "aws:us-west-2:66666666-7777-8888-9999-000000000000" }],
    protect,
  });

describeRule({
  rule: "DBX-RECIPIENT-TOKEN-EXPIRY",
  passes: [
    {
      name: "a token recipient whose token expires",
      build: (s) =>
        void new Recipient(s, "partner", {
          name: "partner",
          authenticationType: "TOKEN",
          ipAccessList: { allowedIpAddresses: ["203.0.113.0/24"] },
          expirationTime: 1_900_000_000_000,
        }),
    },
  ],
  fails: [
    {
      name: "a token recipient whose token never expires",
      build: (s) =>
        void new Recipient(s, "partner", { name: "partner", authenticationType: "TOKEN", ipAccessList: { allowedIpAddresses: ["203.0.113.0/24"] } }),
      message: /the TOKEN recipient has no expiration_time, so its token never expires/,
    },
  ],
  skips: [
    {
      name: "a Databricks-to-Databricks recipient",
      build: (s) =>
        void new Recipient(s, "partner", { name: "partner", authenticationType: "DATABRICKS", dataRecipientGlobalMetastoreId: "aws:us-east-1:abc" }),
    },
  ],
});

describeRule({
  rule: "REST-OAUTH-M2M",
  passes: [
    {
      name: "the Databricks workspace setup (OAuth M2M from sensitive variables)",
      build: (s) => void new DatabricksWorkspaceRestApi(s, "RestApi", { workspaceUrl: WORKSPACE }),
    },
  ],
  fails: [
    {
      name: "a client secret written into the configuration",
      build: (s) => void restProvider(s, { clientId: "${var.id}", clientSecret: "s3cr3t-value" }),
      message: /oauth_client_secret is a literal in the configuration/,
    },
    {
      name: "credentials from variables that are not sensitive",
      build: (s) => void restProvider(s, { clientId: "${var.id}", clientSecret: "${var.secret}" }, false),
      message: /oauth_client_secret comes from var\.secret, which is not sensitive/,
    },
    {
      name: "a static bearer token on top of OAuth",
      build: (s) => restProvider(s, { clientId: "${var.id}", clientSecret: "${var.secret}" }).addOverride("bearer_token", "${var.secret}"),
      message: /restapi: bearer_token is set/,
    },
  ],
  skips: [{ name: "a stack without the REST provider", build: () => undefined }],
});

describeRule({
  rule: "REST-CLEAN-ROOM-PREVENT-DESTROY",
  passes: [{ name: "a protected clean room", build: (s) => void cleanRoom(s, true) }],
  fails: [
    {
      name: "a clean room Terraform may destroy",
      build: (s) => void cleanRoom(s, false),
      message: /lifecycle\.prevent_destroy/,
    },
  ],
  skips: [
    {
      name: "a clean room's asset, and other REST objects",
      build: (s) => {
        const restApi = restProvider(s, { clientId: "${var.id}", clientSecret: "${var.secret}" });
        new RestObject(s, "Asset", { provider: restApi, path: "/api/2.0/clean-rooms/overlap/assets", data: canonicalJson({ name: "main.gold.t" }) });
        new RestObject(s, "Listing", { provider: restApi, path: "/api/2.0/marketplace-provider/listings", data: canonicalJson({ listing: {} }) });
      },
    },
  ],
});
