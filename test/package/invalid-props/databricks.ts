/** The invalid-props specification of the constructs of modules/databricks (databricks). */
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import type { Construct } from "constructs";
import { AccountIdentities } from "../../../modules/databricks/account/account-identities";
import { AuditLogDelivery } from "../../../modules/databricks/account/audit-log-delivery";
import { CrossAccountCredentials } from "../../../modules/databricks/account/cross-account-credentials";
import { DatabricksWorkspace } from "../../../modules/databricks/account/databricks-workspace";
import { WorkspaceRootStorage } from "../../../modules/databricks/account/root-storage";
import { ServerlessEgress } from "../../../modules/databricks/account/serverless-egress";
import { ServicePrincipalSecretStore } from "../../../modules/databricks/account/service-principal-secret-store";
import { WorkspaceAssignments } from "../../../modules/databricks/account/workspace-assignments";
import { WorkspaceNetwork } from "../../../modules/databricks/account/workspace-network";
import { DeclarativePipeline } from "../../../modules/databricks/pipelines/declarative-pipeline";
import { JobClusterPolicy } from "../../../modules/databricks/pipelines/job-cluster-policy";
import { LakeflowConnectIngestion } from "../../../modules/databricks/pipelines/lakeflow-connect-ingestion";
import { LakeflowJob } from "../../../modules/databricks/pipelines/lakeflow-job";
import { PipelinePermissions } from "../../../modules/databricks/pipelines/pipeline-permissions";
import { UnityCatalogServiceCredential } from "../../../modules/databricks/pipelines/unity-catalog-service-credential";
import { WorkspaceSourceFiles } from "../../../modules/databricks/pipelines/workspace-source-files";
import { groupPrincipal, servicePrincipal } from "../../../modules/databricks/principal";
import { CatalogSchema } from "../../../modules/databricks/unity-catalog/catalog-schema";
import { ConnectionCredentials } from "../../../modules/databricks/unity-catalog/connection-credentials";
import { ForeignCatalog } from "../../../modules/databricks/unity-catalog/foreign-catalog";
import { GlueFederation } from "../../../modules/databricks/unity-catalog/glue-federation";
import { MedallionCatalog } from "../../../modules/databricks/unity-catalog/medallion-catalog";
import { RedshiftFederation } from "../../../modules/databricks/unity-catalog/redshift-federation";
import { SecurableGrants } from "../../../modules/databricks/unity-catalog/securable-grants";
import { SystemSchemas } from "../../../modules/databricks/unity-catalog/system-schemas";
import { UnityCatalogExternalLocation } from "../../../modules/databricks/unity-catalog/unity-catalog-external-location";
import { UnityCatalogIamRole } from "../../../modules/databricks/unity-catalog/unity-catalog-iam-role";
import { UnityCatalogMetastore } from "../../../modules/databricks/unity-catalog/unity-catalog-metastore";
import { UnityCatalogStorageCredential } from "../../../modules/databricks/unity-catalog/unity-catalog-storage-credential";
import { WorkspaceMetastoreAssignment } from "../../../modules/databricks/unity-catalog/workspace-metastore-assignment";
import { WorkspaceHardening } from "../../../modules/databricks/workspace/workspace-hardening";
import type { PropsSpecification } from "./case";

const DATABRICKS_ACCOUNT_ID = "3f2a9c4e-1b7d-4e5a-9c2f-6d8e0a1b2c3d";
const ORCHESTRATOR = servicePrincipal("9f0e1d2c-3b4a-5968-7a6b-5c4d3e2f1a0b");

/** The account-level provider the account/ constructs take. */
function accountProvider(scope: Construct): DatabricksProvider {
  return new DatabricksProvider(scope, "account", {
    alias: "account",
    host: "https://accounts.cloud.databricks.com",
    accountId: DATABRICKS_ACCOUNT_ID,
  });
}

/** The workspace-level provider the workspace/, unity-catalog/ and pipelines/ constructs take. */
function workspaceProvider(scope: Construct): DatabricksProvider {
  return new DatabricksProvider(scope, "workspace", { alias: "workspace", host: "https://dbc-1a2b3c4d-5e6f.cloud.databricks.com" });
}

const ACCOUNT_CASES: readonly PropsSpecification[] = [
  {
    construct: AccountIdentities,
    build: (scope) =>
      new AccountIdentities(scope, "Identities", {
        provider: accountProvider(scope),
        databricksAccountId: "acme-prod",
        groups: { Platform_Admins: { displayName: "acme-prod-platform-admins" } },
        servicePrincipals: { deployer: { displayName: "acme-prod-deployer", memberOf: ["engineers"] } },
      }),
    badProps: ["databricksAccountId", 'groups["Platform_Admins"]', 'servicePrincipals["deployer"].memberOf'],
  },
  {
    construct: AuditLogDelivery,
    build: (scope) =>
      new AuditLogDelivery(scope, "LogDelivery", {
        provider: accountProvider(scope),
        databricksAccountId: DATABRICKS_ACCOUNT_ID,
        name: "acme-prod-logs",
        roleName: "acme prod log delivery",
        bucketName: "acme-prod-logs",
        iamPropagationSeconds: 5,
        workspaceIds: [],
      }),
    badProps: ["roleName", "iamPropagationSeconds", "workspaceIds"],
  },
  {
    construct: CrossAccountCredentials,
    build: (scope) =>
      new CrossAccountCredentials(scope, "CrossAccount", {
        provider: accountProvider(scope),
        databricksAccountId: DATABRICKS_ACCOUNT_ID,
        roleName: "acme-prod-databricks-cross-account",
        credentialsName: "",
        scope: { awsAccountId: "1234-5678-9012", region: "us-west-2", vpcId: "vpc-0a1b2c3d", securityGroupId: "sg-0a1b2c3d" },
      }),
    badProps: ["credentialsName", "scope.awsAccountId"],
  },
  {
    construct: DatabricksWorkspace,
    build: (scope) =>
      new DatabricksWorkspace(scope, "Workspace", {
        provider: accountProvider(scope),
        databricksAccountId: DATABRICKS_ACCOUNT_ID,
        workspaceName: "",
        region: "us-west-2",
        credentialsId: "c0ffee00-0000-0000-0000-000000000001",
        storageConfigurationId: "c0ffee00-0000-0000-0000-000000000002",
        networkId: "c0ffee00-0000-0000-0000-000000000003",
        deploymentName: "Acme_Prod",
        provisioningTimeoutMinutes: 5,
      }),
    badProps: ["workspaceName", "deploymentName", "provisioningTimeoutMinutes"],
  },
  {
    construct: WorkspaceRootStorage,
    build: (scope) =>
      new WorkspaceRootStorage(scope, "RootStorage", {
        provider: accountProvider(scope),
        databricksAccountId: DATABRICKS_ACCOUNT_ID,
        bucketName: "acme-prod-root",
        region: "us-west-9",
        storageConfigurationName: "",
      }),
    badProps: ["region", "storageConfigurationName"],
  },
  {
    construct: ServerlessEgress,
    build: (scope) =>
      new ServerlessEgress(scope, "Egress", {
        provider: accountProvider(scope),
        databricksAccountId: DATABRICKS_ACCOUNT_ID,
        workspaceId: 1234567890,
        region: "us-west-2",
        nccName: "acme-prod-us-west-2-network-connectivity",
        networkPolicyId: "default-policy",
        allowedDomains: ["https://pypi.org"],
      }),
    badProps: ["nccName", "networkPolicyId", "allowedDomains[0]"],
  },
  {
    construct: ServicePrincipalSecretStore,
    build: (scope) =>
      new ServicePrincipalSecretStore(scope, "DeployerSecret", {
        provider: accountProvider(scope),
        databricksAccountId: DATABRICKS_ACCOUNT_ID,
        servicePrincipalId: "1234567890123456",
        applicationId: "9f0e1d2c-3b4a-5968-7a6b-5c4d3e2f1a0b",
        secretName: "acme/prod/databricks-deployer",
        // AWS's default key, and a rotation that comes after the 90-day default lifetime has run out.
        encryptionKeyArn: "alias/aws/secretsmanager",
        rotationDays: 120,
      }),
    badProps: ["encryptionKeyArn", "rotationDays"],
  },
  {
    construct: WorkspaceAssignments,
    build: (scope) =>
      new WorkspaceAssignments(scope, "Assignments", {
        provider: accountProvider(scope),
        workspaceId: 0,
        // The display name where the numeric SCIM id belongs.
        groups: { "platform-admins": { principalId: "acme-prod-platform-admins", permission: "ADMIN" } },
      }),
    badProps: ["workspaceId", 'groups["platform-admins"].principalId'],
  },
  {
    construct: WorkspaceNetwork,
    build: (scope) =>
      new WorkspaceNetwork(scope, "Network", {
        provider: accountProvider(scope),
        databricksAccountId: DATABRICKS_ACCOUNT_ID,
        name: "acme-prod-network",
        region: "us-west-2",
        vpcId: "vpc-0a1b2c3d",
        subnetIds: ["subnet-0a1b2c3d"],
        securityGroupIds: [],
      }),
    badProps: ["subnetIds", "securityGroupIds"],
  },
];

const WORKSPACE_CASES: readonly PropsSpecification[] = [
  {
    construct: WorkspaceHardening,
    build: (scope) =>
      new WorkspaceHardening(scope, "Hardening", {
        provider: workspaceProvider(scope),
        allowedIpAddresses: [{ label: "office/vpn", ipAddresses: [] }],
        maxTokenLifetimeDays: 1000,
      }),
    badProps: ["allowedIpAddresses[0].label", "allowedIpAddresses[0].ipAddresses", "maxTokenLifetimeDays"],
  },
];

const UNITY_CATALOG_CASES: readonly PropsSpecification[] = [
  {
    construct: CatalogSchema,
    build: (scope) =>
      new CatalogSchema(scope, "Gold", {
        provider: workspaceProvider(scope),
        catalogName: "acme_prod_main.gold",
        name: "Gold",
        storageRoot: "acme-prod-lake/gold",
      }),
    badProps: ["catalogName", "name", "storageRoot"],
  },
  {
    construct: ConnectionCredentials,
    build: (scope) => new ConnectionCredentials(scope, "RedshiftCredentials", { secretId: "", usernameKey: "password" }),
    badProps: ["secretId", "passwordKey"],
  },
  {
    construct: ForeignCatalog,
    build: (scope) =>
      new ForeignCatalog(scope, "Redshift", {
        provider: workspaceProvider(scope),
        connectionName: "acme_prod_redshift",
        connectionType: "redshift",
        connectionOptions: { host: "acme-prod.123456789012.us-west-2.redshift-serverless.amazonaws.com", user: "uc_reader", password: "hunter2" },
        catalogName: "Acme-Prod-Redshift",
      }),
    badProps: ["catalogName", "connectionType", "connectionOptions.password"],
  },
  {
    // Its own props (authorizedPaths, databases) and its service credential's, all reported before anything exists.
    construct: GlueFederation,
    build: (scope) =>
      new GlueFederation(scope, "Glue", {
        provider: workspaceProvider(scope),
        credentialName: "acme.prod.glue",
        roleName: "acme-prod-uc-glue",
        awsAccountId: "123456789012",
        region: "us-west-2",
        connectionName: "acme_prod_glue",
        catalogName: "acme_prod_glue",
        authorizedPaths: ["https://acme-prod-landing/glue/"],
        databases: ["Sales"],
        workspaceIds: [0],
      }),
    badProps: ["credentialName", "workspaceIds[0]", "authorizedPaths[0]", "databases[0]"],
  },
  {
    construct: MedallionCatalog,
    build: (scope) =>
      new MedallionCatalog(scope, "Main", {
        provider: workspaceProvider(scope),
        name: "Acme-Prod-Main",
        storageRoot: "acme-prod-lake/main",
        workspaceIds: [],
      }),
    badProps: ["name", "storageRoot", "workspaceIds"],
  },
  {
    construct: RedshiftFederation,
    build: (scope) =>
      new RedshiftFederation(scope, "Redshift", {
        provider: workspaceProvider(scope),
        connectionName: "acme_prod_redshift",
        catalogName: "acme_prod_redshift",
        host: "https://acme-prod.123456789012.us-west-2.redshift-serverless.amazonaws.com",
        port: 22,
        database: "",
        credentialsSecretId: "acme/prod/redshift-federation",
      }),
    badProps: ["host", "port", "database"],
  },
  {
    construct: SecurableGrants,
    build: (scope) =>
      new SecurableGrants(scope, "GoldGrants", {
        provider: workspaceProvider(scope),
        // As read from an untyped config: tables are not among the securables these grants name.
        securableType: "table" as never,
        securableName: "",
      }),
    badProps: ["securableType", "securableName"],
  },
  {
    construct: SystemSchemas,
    build: (scope) =>
      new SystemSchemas(scope, "SystemSchemas", {
        provider: workspaceProvider(scope),
        // As read from an untyped config: "billing" is always on and cannot be enabled.
        enable: ["access", "billing" as never],
        readers: [groupPrincipal("account users")],
      }),
    badProps: ["enable", "readers"],
  },
  {
    construct: UnityCatalogExternalLocation,
    build: (scope) =>
      new UnityCatalogExternalLocation(scope, "Landing", {
        provider: workspaceProvider(scope),
        name: "",
        url: "s3://acme.prod.landing/",
        credentialName: "acme_prod_landing",
      }),
    badProps: ["name", "url"],
  },
  {
    construct: UnityCatalogIamRole,
    build: (scope) =>
      new UnityCatalogIamRole(scope, "Role", {
        provider: workspaceProvider(scope),
        roleName: "acme prod uc landing",
        awsAccountId: "1234",
        externalId: "3f2a9c4e-1b7d-4e5a-9c2f-6d8e0a1b2c3d",
        description: "Unity Catalog storage credential acme_prod_landing",
        propagationSeconds: 3600,
      }),
    badProps: ["roleName", "awsAccountId", "statements", "propagationSeconds"],
  },
  {
    construct: UnityCatalogMetastore,
    build: (scope) =>
      new UnityCatalogMetastore(scope, "Metastore", {
        provider: accountProvider(scope),
        region: "us-west-2",
        mode: "existing",
        name: "acme-prod-us-west-2",
        existingMetastoreId: "acme-prod-us-west-2",
      }),
    badProps: ["name", "existingMetastoreId"],
  },
  {
    construct: UnityCatalogStorageCredential,
    build: (scope) =>
      new UnityCatalogStorageCredential(scope, "Landing", {
        provider: workspaceProvider(scope),
        name: "acme_prod_landing",
        roleName: "acme-prod-uc-landing",
        awsAccountId: "123456789012",
        region: "US West 2",
        buckets: [{ bucketName: "acme.prod.landing" }],
        kmsKeyArn: "alias/acme-prod-data",
      }),
    badProps: ["region", "buckets[0].bucketName", "kmsKeyArn"],
  },
  {
    construct: WorkspaceMetastoreAssignment,
    build: (scope) =>
      new WorkspaceMetastoreAssignment(scope, "Metastore", {
        provider: accountProvider(scope),
        // The metastore's name where its id belongs.
        metastoreId: "acme-prod-us-west-2",
        workspaceId: -1,
        assignmentSettleSeconds: 3600,
      }),
    badProps: ["metastoreId", "workspaceId", "assignmentSettleSeconds"],
  },
];

const PIPELINE_CASES: readonly PropsSpecification[] = [
  {
    construct: DeclarativePipeline,
    build: (scope) =>
      new DeclarativePipeline(scope, "Orders", {
        provider: workspaceProvider(scope),
        name: "acme-prod-orders",
        catalog: "acme_prod_main",
        schema: "acme_prod_main.bronze",
        sourceRoot: "/srv/acme/pipelines",
        sourceFiles: ["orders/bronze.txt"],
        workspaceFolder: "/Shared/acme/prod/pipelines",
        runAs: groupPrincipal("acme-prod-engineers"),
      }),
    badProps: ["schema", "sourceFiles[0]", "runAs"],
  },
  {
    construct: JobClusterPolicy,
    build: (scope) =>
      new JobClusterPolicy(scope, "JobClusters", {
        provider: workspaceProvider(scope),
        name: "",
        tags: {},
        minWorkers: 10,
        maxWorkers: 2,
      }),
    badProps: ["name", "tags", "minWorkers"],
  },
  {
    construct: LakeflowConnectIngestion,
    build: (scope) =>
      new LakeflowConnectIngestion(scope, "OrdersDb", {
        provider: workspaceProvider(scope),
        name: "acme-prod-orders-db",
        connectionName: "acme_prod_orders_db",
        connectionType: "SQLSERVER",
        connectionOptions: { host: "orders.acme.internal", port: "1433", user: "lakeflow", password: "hunter2" },
        destinationCatalog: "acme_prod_main",
        destinationSchema: "bronze",
        tables: [{ sourceSchema: "dbo", sourceTable: "Orders" }],
        runAs: ORCHESTRATOR,
      }),
    badProps: ["connectionOptions.password", "gatewayPolicyId"],
  },
  {
    construct: LakeflowJob,
    build: (scope) =>
      new LakeflowJob(scope, "OrdersJob", {
        provider: workspaceProvider(scope),
        name: "acme-prod-orders",
        runAs: groupPrincipal("acme-prod-engineers"),
        tasks: [{ type: "pipeline", key: "refresh-orders", pipelineId: "0a1b2c3d-4e5f-6789-abcd-ef0123456789" }],
        schedule: { quartzCronExpression: "0 0 6 * * *", timezoneId: "CEST" },
      }),
    badProps: ["runAs", "schedule.quartzCronExpression", "schedule.timezoneId"],
  },
  {
    construct: PipelinePermissions,
    nothingToValidate:
      "Its props are the provider and the pipeline's id (a reference to the pipeline); what can be wrong, the principal, the level and a second owner, is checked by each grant().",
  },
  {
    construct: UnityCatalogServiceCredential,
    build: (scope) =>
      new UnityCatalogServiceCredential(scope, "KinesisCredential", {
        provider: workspaceProvider(scope),
        credentialName: "",
        roleName: "acme-prod-uc-kinesis",
        awsAccountId: "123456789012",
        comment: " ",
        statements: [{ sid: "ReadStreams", actions: ["kinesis:*"], resources: ["*"] }],
      }),
    badProps: ["credentialName", "comment", "statements[0].actions", "statements[0].resources"],
  },
  {
    construct: WorkspaceSourceFiles,
    build: (scope) =>
      new WorkspaceSourceFiles(scope, "Sources", {
        provider: workspaceProvider(scope),
        sourceRoot: "pipelines",
        files: ["../notebooks/orders.py"],
        workspaceFolder: "Shared/acme/prod/pipelines",
      }),
    badProps: ["sourceRoot", "files[0]", "workspaceFolder"],
  },
];

export const DATABRICKS_CASES: readonly PropsSpecification[] = [...ACCOUNT_CASES, ...WORKSPACE_CASES, ...UNITY_CATALOG_CASES, ...PIPELINE_CASES];
