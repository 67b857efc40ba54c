/**
 * The invalid-props specification of the serving and sharing constructs (modules/databricks/serving, sharing) and of
 * the REST binding (modules/rest). Each case breaks two or more different rules of the construct's own checks.
 */
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import type { Construct } from "constructs";
import { groupPrincipal } from "../../../modules/databricks/principal";
import { BedrockAccess } from "../../../modules/databricks/serving/bedrock-access";
import { DatabricksApp } from "../../../modules/databricks/serving/databricks-app";
import { ExternalModelSecrets } from "../../../modules/databricks/serving/external-model-secrets";
import { LakebaseDatabase } from "../../../modules/databricks/serving/lakebase";
import { LakeviewDashboard } from "../../../modules/databricks/serving/lakeview-dashboard";
import { MlWorkspace } from "../../../modules/databricks/serving/ml-workspace";
import { ModelServingEndpoint } from "../../../modules/databricks/serving/model-serving-endpoint";
import { SqlWarehouse } from "../../../modules/databricks/serving/sql-warehouse";
import { CleanRoom } from "../../../modules/databricks/sharing/clean-room";
import { DeltaShare } from "../../../modules/databricks/sharing/delta-share";
import { MarketplaceAdminRole } from "../../../modules/databricks/sharing/marketplace-admin-role";
import { MarketplaceListing, MarketplaceProviderProfile } from "../../../modules/databricks/sharing/marketplace-listing";
import { ShareRecipient } from "../../../modules/databricks/sharing/share-recipient";
import { DatabricksWorkspaceRestApi } from "../../../modules/rest/databricks-workspace-rest-api";
import { RestApiProvider } from "../../../modules/rest/restapi-provider";
import { RestObject } from "../../../modules/rest/rest-object";
import type { PropsSpecification } from "./case";

const WORKSPACE_URL = "https://dbc-1234abcd-5678.cloud.databricks.com";

function workspaceProvider(scope: Construct): DatabricksProvider {
  return new DatabricksProvider(scope, "databricks-workspace", { alias: "workspace", host: WORKSPACE_URL });
}

function accountProvider(scope: Construct): DatabricksProvider {
  return new DatabricksProvider(scope, "databricks-account", {
    alias: "account",
    host: "https://accounts.cloud.databricks.com",
    accountId: "00000000-1111-2222-3333-444444444444",
  });
}

function restApiProvider(scope: Construct): RestApiProvider {
  return new RestApiProvider(scope, "restapi", {
    uri: WORKSPACE_URL,
    oauthClientCredentials: {
      clientId: "${var.databricks_client_id}",
      clientSecret: "${var.databricks_client_secret}",
      tokenEndpoint: `${WORKSPACE_URL}/oidc/v1/token`,
    },
  });
}

export const SERVING_SHARING_REST_CASES: readonly PropsSpecification[] = [
  // serving/
  {
    construct: BedrockAccess,
    build: (scope) =>
      new BedrockAccess(scope, "Bedrock", {
        provider: workspaceProvider(scope),
        roleName: "acme prod bedrock", // a space is not allowed in an IAM role name
        awsAccountId: "1234", // not 12 digits
        region: "us-west", // no number: not a region
        modelIds: ["anthropic.claude-3-5-sonnet-20240620-v1:0"],
        workspaceIds: ["1234567890"],
      }),
    badProps: ["roleName", "awsAccountId", "region"],
  },
  {
    construct: DatabricksApp,
    build: (scope) =>
      new DatabricksApp(scope, "Assistant", {
        provider: workspaceProvider(scope),
        name: "Acme_Assistant", // uppercase and underscore
        sourceRoot: "/tmp/acme-prod-assistant",
        files: ["app.py", "requirements.txt"], // no app.yaml
        workspaceFolder: "/Shared/acme/prod/apps/assistant",
        servingEndpoints: [{ key: "llm key", endpointName: "acme-prod-chat" }], // a space in a resource key
      }),
    badProps: ["name", "files", "servingEndpoints"],
  },
  {
    construct: ExternalModelSecrets,
    build: (scope) =>
      new ExternalModelSecrets(scope, "ExternalModelSecrets", {
        provider: workspaceProvider(scope),
        scopeName: "acme prod external models", // spaces
        keys: [], // none
        writers: [groupPrincipal("users")], // everyone in the workspace
      }),
    badProps: ["scopeName", "keys", "writers[0]"],
  },
  {
    construct: LakebaseDatabase,
    build: (scope) =>
      new LakebaseDatabase(scope, "Lakebase", {
        provider: workspaceProvider(scope),
        instanceName: "Acme_Prod_App", // uppercase and underscores
        nodeCount: 5, // at most 3
        retentionWindowInDays: 60, // 2 to 35
        catalogName: "acme_prod_app",
        syncedTables: [{ sourceTableFullName: "acme_prod.gold.customer_order_summary", primaryKeyColumns: ["customer_id"] }], // no pipeline storage
      }),
    badProps: ["instanceName", "nodeCount", "retentionWindowInDays", "pipelineStorageCatalog"],
  },
  {
    construct: LakeviewDashboard,
    build: (scope) =>
      new LakeviewDashboard(scope, "SalesDashboard", {
        provider: workspaceProvider(scope),
        displayName: " ", // blank
        dashboardFile: "dashboards/sales.lvdash.json", // relative
        warehouseId: "e9ca293f79a74b5c",
        parentPath: "/Workspace/Shared/acme/prod/dashboards/", // /Workspace prefix and trailing /
      }),
    badProps: ["displayName", "dashboardFile", "parentPath"],
  },
  {
    construct: MlWorkspace,
    build: (scope) =>
      new MlWorkspace(scope, "Ml", {
        provider: workspaceProvider(scope),
        experimentFolder: "Shared/acme/prod/ml", // not absolute
        catalogName: "Acme-Prod", // not a Unity Catalog name
        schemaName: "ml",
        models: [{ name: "Churn Classifier" }], // uppercase and a space
        clusterPolicyName: "acme-prod-ml",
        tags: { project: "acme", environment: "prod" },
      }),
    badProps: ["experimentFolder", "catalogName", "models[0]"],
  },
  {
    construct: ModelServingEndpoint,
    build: (scope) =>
      new ModelServingEndpoint(scope, "ChurnEndpoint", {
        provider: workspaceProvider(scope),
        name: "acme prod churn", // spaces
        servedEntities: [{ kind: "custom", name: "churn", entityName: "acme_prod.ml.churn_classifier", entityVersion: "latest" }], // not a version number
        inferenceTableCatalog: "acme_prod",
        inferenceTableSchema: "ml",
        callsPerUserPerMinute: 0, // not positive
      }),
    badProps: ["name", "servedEntities[0].entityVersion", "callsPerUserPerMinute"],
  },
  {
    construct: SqlWarehouse,
    build: (scope) =>
      new SqlWarehouse(scope, "AnalystsWarehouse", {
        provider: workspaceProvider(scope),
        name: "acme-prod-analysts",
        maxNumClusters: 50, // at most 40
        autoStopMinutes: 0, // would never stop
      }),
    badProps: ["maxNumClusters", "autoStopMinutes"],
  },
  // sharing/
  {
    construct: CleanRoom,
    build: (scope) =>
      new CleanRoom(scope, "CleanRoom", {
        restApi: restApiProvider(scope),
        name: "Retail Overlap", // uppercase and a space
        region: "us-west-2",
        creator: { alias: "acme", globalMetastoreId: "metastore-1" }, // not <cloud>:<region>:<uuid>
        collaborators: [], // at least one
      }),
    badProps: ["name", "creator.globalMetastoreId", "collaborators"],
  },
  {
    construct: DeltaShare,
    build: (scope) =>
      new DeltaShare(scope, "Share", {
        provider: workspaceProvider(scope),
        name: "partner metrics", // a space
        objects: [
          { name: "acme_prod.gold", type: "TABLE" }, // a schema's name for a table
          { name: "acme_prod.gold.revenue_view", type: "VIEW", changeDataFeed: true }, // tables only
        ],
      }),
    badProps: ["name", "objects[0].name", "objects[1].changeDataFeed"],
  },
  {
    construct: MarketplaceAdminRole,
    build: (scope) =>
      new MarketplaceAdminRole(scope, "MarketplaceAdmins", {
        provider: accountProvider(scope),
        databricksAccountId: "00000000-1111-2222-3333-444444444444",
        groups: [], // at least one
        keepGrants: [
          { role: "roles/billing.admin", principals: ["acme-prod-finance"] }, // not groups/<name>
          { role: "roles/billing.admin", principals: ["groups/acme-prod-platform-admins"] }, // the role twice
        ],
      }),
    badProps: ["groups", "keepGrants[0].principals[0]", "keepGrants[1].role"],
  },
  {
    construct: MarketplaceListing,
    build: (scope) => {
      const restApi = restApiProvider(scope);
      const profile = new MarketplaceProviderProfile(scope, "Provider", {
        restApi,
        name: "Acme Data",
        description: "Retail benchmarks",
        businessContactEmail: "data-products@example.com",
        privacyPolicyUrl: "https://example.com/privacy",
        termsOfServiceUrl: "https://example.com/terms",
      });
      new MarketplaceListing(scope, "Listing", {
        restApi,
        profile,
        name: "Daily revenue benchmarks",
        shareName: "acme_prod_revenue_benchmarks",
        description: "Daily revenue by region",
        categories: [], // leave out for OTHER, or name one
        documentationUrl: "http://example.com/docs", // not https
      });
    },
    badProps: ["categories", "documentationUrl"],
  },
  {
    construct: MarketplaceProviderProfile,
    build: (scope) =>
      new MarketplaceProviderProfile(scope, "Provider", {
        restApi: restApiProvider(scope),
        name: "Acme Data",
        description: "Retail benchmarks",
        businessContactEmail: "data-products", // not an e-mail address
        privacyPolicyUrl: "http://example.com/privacy", // not https
        termsOfServiceUrl: "https://example.com/terms",
      }),
    badProps: ["privacyPolicyUrl", "businessContactEmail"],
  },
  {
    construct: ShareRecipient,
    build: (scope) =>
      new ShareRecipient(scope, "Northwind", {
        provider: workspaceProvider(scope),
        name: "north wind", // a space
        authentication: { kind: "token", allowedIpAddresses: [], tokenLifetimeDays: 400 }, // no addresses; over 365 days
        properties: { "databricks.accountId": "1234" }, // reserved
      }),
    badProps: ["name", "properties", "authentication.allowedIpAddresses", "authentication.tokenLifetimeDays"],
  },
  // rest/
  {
    construct: DatabricksWorkspaceRestApi,
    build: (scope) =>
      new DatabricksWorkspaceRestApi(scope, "RestApi", {
        workspaceUrl: `${WORKSPACE_URL}/`, // trailing /
        clientIdVariable: "Acme-Client-Id", // not a Terraform variable name
        clientSecretVariable: "acme_prod_oauth",
      }),
    badProps: ["workspaceUrl", "clientIdVariable"],
  },
  {
    construct: RestApiProvider,
    build: (scope) =>
      new RestApiProvider(scope, "restapi", {
        uri: WORKSPACE_URL,
        oauthClientCredentials: {
          clientId: "${var.client_id}",
          clientSecret: "${var.client_secret}",
          tokenEndpoint: `${WORKSPACE_URL}/oidc/v1/token`,
        },
        timeoutSeconds: 0, // not positive
        rateLimitPerSecond: -5, // not positive
        retries: { maxRetries: 1.5, minWaitSeconds: 60, maxWaitSeconds: 30 }, // not whole; min above max
      }),
    badProps: ["timeoutSeconds", "rateLimitPerSecond", "retries.maxRetries", "retries.minWaitSeconds"],
  },
  {
    construct: RestObject,
    build: (scope) =>
      new RestObject(scope, "CleanRoom", {
        provider: restApiProvider(scope),
        path: "api/2.0/clean-rooms", // not from the API root
        data: "[]", // not a JSON object
        updateData: "{ clean_room: {} }", // not JSON
      }),
    badProps: ["path", "data", "updateData"],
  },
];
