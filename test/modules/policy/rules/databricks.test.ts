import { Cluster } from "@cdktf/provider-databricks/lib/cluster";
import { ClusterPolicy } from "@cdktf/provider-databricks/lib/cluster-policy";
import { DataDatabricksAwsCrossaccountPolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-crossaccount-policy";
import { ModelServing, ModelServingAiGateway } from "@cdktf/provider-databricks/lib/model-serving";
import { MwsCredentials } from "@cdktf/provider-databricks/lib/mws-credentials";
import { MwsCustomerManagedKeys } from "@cdktf/provider-databricks/lib/mws-customer-managed-keys";
import { MwsLogDelivery } from "@cdktf/provider-databricks/lib/mws-log-delivery";
import { MwsNetworks, MwsNetworksVpcEndpoints } from "@cdktf/provider-databricks/lib/mws-networks";
import { MwsPrivateAccessSettings } from "@cdktf/provider-databricks/lib/mws-private-access-settings";
import { MwsStorageConfigurations } from "@cdktf/provider-databricks/lib/mws-storage-configurations";
import { MwsVpcEndpoint } from "@cdktf/provider-databricks/lib/mws-vpc-endpoint";
import { MwsWorkspaces, MwsWorkspacesConfig } from "@cdktf/provider-databricks/lib/mws-workspaces";
import { OboToken } from "@cdktf/provider-databricks/lib/obo-token";
import { Recipient } from "@cdktf/provider-databricks/lib/recipient";
import { SqlEndpoint } from "@cdktf/provider-databricks/lib/sql-endpoint";
import { Token } from "@cdktf/provider-databricks/lib/token";
import { IpAccessList } from "@cdktf/provider-databricks/lib/ip-access-list";
import { Job, JobConfig } from "@cdktf/provider-databricks/lib/job";
import { Pipeline, PipelineConfig } from "@cdktf/provider-databricks/lib/pipeline";
import { WorkspaceConf } from "@cdktf/provider-databricks/lib/workspace-conf";
import { TerraformStack, TerraformVariable } from "cdktf";
import { HARDENED_WORKSPACE_CONF } from "../../../../modules/databricks/workspace/hardened-settings";
import { describeRule } from "../fixtures";

const ACCOUNT = "00000000-0000-0000-0000-000000000000";
const OPEN = { requirePrivateLink: false, requireCustomerManagedKeys: false };

/** A network registered with both back-end endpoints (or those given). */
function network(stack: TerraformStack, endpoints?: MwsNetworksVpcEndpoints): MwsNetworks {
  const rest = new MwsVpcEndpoint(stack, "rest-endpoint", {
    accountId: ACCOUNT,
    vpcEndpointName: "rest",
    awsVpcEndpointId: "vpce-rest",
    region: "us-east-1",
  });
  const relay = new MwsVpcEndpoint(stack, "relay-endpoint", {
    accountId: ACCOUNT,
    vpcEndpointName: "relay",
    awsVpcEndpointId: "vpce-relay",
    region: "us-east-1",
  });
  return new MwsNetworks(stack, "network", {
    accountId: ACCOUNT,
    networkName: "lakehouse",
    vpcId: "vpc-1",
    subnetIds: ["subnet-a", "subnet-b"],
    securityGroupIds: ["sg-1"],
    vpcEndpoints: endpoints ?? { restApi: [rest.vpcEndpointId], dataplaneRelay: [relay.vpcEndpointId] },
  });
}

function key(stack: TerraformStack, id: string, useCase: string): MwsCustomerManagedKeys {
  return new MwsCustomerManagedKeys(stack, id, {
    accountId: ACCOUNT,
    useCases: [useCase],
    awsKeyInfo: { keyArn: `arn:aws:kms:us-east-1:111122223333:key/${id}` },
  });
}

function workspace(stack: TerraformStack, config: Partial<MwsWorkspacesConfig> = {}): MwsWorkspaces {
  return new MwsWorkspaces(stack, "workspace", { accountId: ACCOUNT, workspaceName: "lakehouse", awsRegion: "us-east-1", ...config });
}

/** A workspace with every account-level object wired by its own id attribute. */
function fullWorkspace(stack: TerraformStack): MwsWorkspaces {
  const credentials = new MwsCredentials(stack, "credentials", {
    credentialsName: "lakehouse",
    roleArn: "arn:aws:iam::111122223333:role/cross-account",
  });
  const storage = new MwsStorageConfigurations(stack, "storage", {
    accountId: ACCOUNT,
    storageConfigurationName: "root",
    bucketName: "lakehouse-root",
  });
  const pas = new MwsPrivateAccessSettings(stack, "pas", {
    privateAccessSettingsName: "lakehouse",
    region: "us-east-1",
    privateAccessLevel: "ACCOUNT",
  });
  return workspace(stack, {
    credentialsId: credentials.credentialsId,
    storageConfigurationId: storage.storageConfigurationId,
    networkId: network(stack).networkId,
    privateAccessSettingsId: pas.privateAccessSettingsId,
    managedServicesCustomerManagedKeyId: key(stack, "managed-key", "MANAGED_SERVICES").customerManagedKeyId,
    storageCustomerManagedKeyId: key(stack, "storage-key", "STORAGE").customerManagedKeyId,
  });
}

function servingEndpoint(stack: TerraformStack, aiGateway?: ModelServingAiGateway): ModelServing {
  return new ModelServing(stack, "claude", {
    name: "claude",
    config: {
      servedEntities: [
        {
          name: "claude",
          externalModel: {
            name: "claude-sonnet",
            provider: "amazon-bedrock",
            task: "llm/v1/chat",
            amazonBedrockConfig: {
              awsRegion: "us-east-1",
              bedrockProvider: "anthropic",
              instanceProfileArn: "arn:aws:iam::111122223333:instance-profile/bedrock",
            },
          },
        },
      ],
    },
    ...(aiGateway ? { aiGateway } : {}),
  });
}

function clusterPolicy(stack: TerraformStack, definition: Record<string, unknown>): ClusterPolicy {
  return new ClusterPolicy(stack, "policy", { name: "standard", definition: JSON.stringify(definition) });
}

describeRule({
  rule: "DBX-CUSTOMER-MANAGED-VPC",
  passes: [{ name: "a workspace on a registered network", build: (s) => void workspace(s, { networkId: network(s).networkId }), settings: OPEN }],
  fails: [
    {
      name: "a workspace on a Databricks-managed VPC",
      build: (s) => void workspace(s),
      settings: OPEN,
      message: /network_id is not set, so Databricks creates and manages the VPC/,
    },
  ],
  skips: [{ name: "a serverless workspace", build: (s) => void workspace(s, { computeMode: "SERVERLESS" }), settings: OPEN }],
});

describeRule({
  rule: "DBX-PRIVATELINK",
  passes: [{ name: "a workspace with private access settings and both back-end endpoints", build: (s) => void fullWorkspace(s) }],
  fails: [
    {
      name: "a workspace without private access settings",
      build: (s) => void workspace(s, { networkId: network(s).networkId }),
      message: /private_access_settings_id is not set/,
    },
    {
      name: "a workspace whose network lacks the relay endpoint",
      build: (s) => {
        const pas = new MwsPrivateAccessSettings(s, "pas", { privateAccessSettingsName: "lakehouse", region: "us-east-1" });
        workspace(s, {
          networkId: network(s, { restApi: ["vpce-rest"], dataplaneRelay: [] }).networkId,
          privateAccessSettingsId: pas.privateAccessSettingsId,
        });
      },
      message: /network databricks_mws_networks\.network has no dataplane_relay VPC endpoint/,
    },
  ],
  skips: [{ name: "a workspace without PrivateLink when the environment does not require it", build: (s) => void workspace(s), settings: OPEN }],
});

describeRule({
  rule: "DBX-CUSTOMER-MANAGED-KEYS",
  passes: [{ name: "a workspace with managed-services and storage keys", build: (s) => void fullWorkspace(s) }],
  fails: [
    {
      name: "a workspace without keys",
      build: (s) => void workspace(s),
      message: /managed_services_customer_managed_key_id is not set; storage_customer_managed_key_id is not set/,
    },
    {
      name: "a storage key registered for managed services only",
      build: (s) =>
        void workspace(s, {
          managedServicesCustomerManagedKeyId: key(s, "managed-key", "MANAGED_SERVICES").customerManagedKeyId,
          storageCustomerManagedKeyId: key(s, "storage-key", "MANAGED_SERVICES").customerManagedKeyId,
        }),
      message: /storage_customer_managed_key_id names databricks_mws_customer_managed_keys\.storage-key whose use_cases lack STORAGE/,
    },
  ],
  skips: [{ name: "a workspace without keys when the environment does not require them", build: (s) => void workspace(s), settings: OPEN }],
});

describeRule({
  rule: "DBX-MWS-ID-ATTRIBUTES",
  passes: [
    {
      name: "a workspace wired through credentials_id, network_id, customer_managed_key_id and vpc_endpoint_id",
      build: (s) => void fullWorkspace(s),
    },
  ],
  fails: [
    {
      name: "a workspace given the composite id of its customer-managed key",
      build: (s) => void workspace(s, { managedServicesCustomerManagedKeyId: key(s, "managed-key", "MANAGED_SERVICES").id }),
      message: /managed_services_customer_managed_key_id uses databricks_mws_customer_managed_keys\.managed-key\.id, not \.customer_managed_key_id/,
    },
  ],
});

describeRule({
  rule: "DBX-WAREHOUSE-AUTO-STOP",
  passes: [
    {
      name: "a warehouse stopping after 10 idle minutes",
      build: (s) => void new SqlEndpoint(s, "warehouse", { name: "bi", clusterSize: "Small", autoStopMins: 10 }),
    },
    { name: "a warehouse with the default auto-stop", build: (s) => void new SqlEndpoint(s, "warehouse", { name: "bi", clusterSize: "Small" }) },
  ],
  fails: [
    {
      name: "a warehouse that never stops",
      build: (s) => void new SqlEndpoint(s, "warehouse", { name: "bi", clusterSize: "Small", autoStopMins: 0 }),
      message: /auto_stop_mins is 0, which never stops/,
    },
  ],
});

describeRule({
  rule: "DBX-CLUSTER-AUTO-TERMINATION",
  passes: [
    {
      name: "a cluster terminating after 30 idle minutes",
      build: (s) => void new Cluster(s, "cluster", { sparkVersion: "15.4.x-scala2.12", autoterminationMinutes: 30 }),
    },
  ],
  fails: [
    {
      name: "a cluster that never terminates",
      build: (s) => void new Cluster(s, "cluster", { sparkVersion: "15.4.x-scala2.12", autoterminationMinutes: 0 }),
      message: /autotermination_minutes is 0, which never stops/,
    },
  ],
});

describeRule({
  rule: "DBX-CLUSTER-POLICY",
  passes: [
    {
      name: "a policy with an auto-termination range and the required tag fixed",
      build: (s) =>
        void clusterPolicy(s, {
          autotermination_minutes: { type: "range", minValue: 10, maxValue: 120 },
          "custom_tags.Project": { type: "fixed", value: "lakehouse" },
        }),
    },
  ],
  fails: [
    {
      name: "a policy that leaves auto-termination open and does not force the tag",
      build: (s) =>
        void clusterPolicy(s, {
          autotermination_minutes: { type: "unlimited", defaultValue: 60 },
          "custom_tags.Project": { type: "unlimited", isOptional: true },
        }),
      message: /autotermination_minutes is "unlimited", which allows 0 \(never\); the policy does not force tag custom_tags\.Project/,
    },
    {
      name: "a policy without a definition",
      build: (s) => void new ClusterPolicy(s, "policy", { name: "family", policyFamilyId: "personal-vm" }),
      message: /has no definition \(or family overrides\) to check/,
    },
  ],
});

describeRule({
  rule: "DBX-TOKEN-LIFETIME",
  passes: [
    {
      name: "a workspace conf limiting tokens to 90 days",
      build: (s) => void new WorkspaceConf(s, "conf", { customConfig: { maxTokenLifetimeDays: "90", enableIpAccessLists: "true" } }),
    },
    { name: "a token living one day", build: (s) => void new Token(s, "token", { comment: "ci", lifetimeSeconds: 86400 }) },
  ],
  fails: [
    {
      name: "a workspace conf without a token maximum",
      build: (s) => void new WorkspaceConf(s, "conf", { customConfig: { enableIpAccessLists: "true" } }),
      message: /maxTokenLifetimeDays is not set, so tokens may never expire/,
    },
    {
      name: "a workspace conf allowing a year",
      build: (s) => void new WorkspaceConf(s, "conf", { customConfig: { maxTokenLifetimeDays: "365" } }),
      message: /maxTokenLifetimeDays is "365", not between 1 and 90/,
    },
    {
      name: "an on-behalf-of token without expiry",
      build: (s) => void new OboToken(s, "token", { applicationId: "sp-app-id" }),
      message: /lifetime_seconds is not set, so the token never expires/,
    },
  ],
});

describeRule({
  rule: "DBX-RECIPIENT-IP-ACCESS",
  passes: [
    {
      name: "a token recipient limited to the partner's addresses",
      build: (s) =>
        void new Recipient(s, "partner", { name: "partner", authenticationType: "TOKEN", ipAccessList: { allowedIpAddresses: ["203.0.113.0/24"] } }),
    },
  ],
  fails: [
    {
      name: "a token recipient usable from anywhere",
      build: (s) => void new Recipient(s, "partner", { name: "partner", authenticationType: "TOKEN" }),
      message: /the TOKEN recipient has no ip_access_list\.allowed_ip_addresses/,
    },
    {
      name: "a token recipient whose list admits everyone",
      build: (s) =>
        void new Recipient(s, "partner", {
          name: "partner",
          authenticationType: "TOKEN",
          ipAccessList: { allowedIpAddresses: ["203.0.113.0/24", "0.0.0.0/0"] },
        }),
      message: /the TOKEN recipient's ip_access_list admits everyone \(0\.0\.0\.0\/0\)/,
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
  rule: "DBX-SERVING-AI-GATEWAY",
  passes: [
    { name: "an external-model endpoint with usage tracking", build: (s) => void servingEndpoint(s, { usageTrackingConfig: { enabled: true } }) },
    {
      name: "an external-model endpoint with rate limits",
      build: (s) => void servingEndpoint(s, { rateLimits: [{ calls: 100, key: "user", renewalPeriod: "minute" }] }),
    },
  ],
  fails: [
    {
      name: "an external-model endpoint without AI Gateway",
      build: (s) => void servingEndpoint(s),
      message: /serves an external model without AI Gateway usage tracking or rate limits/,
    },
  ],
});

describeRule({
  rule: "DBX-AUDIT-LOG-DELIVERY",
  passes: [
    {
      name: "a workspace stack delivering audit logs",
      build: (s) => {
        const w = fullWorkspace(s);
        new MwsLogDelivery(s, "audit", {
          accountId: ACCOUNT,
          configName: "audit",
          credentialsId: "creds",
          storageConfigurationId: "storage",
          logType: "AUDIT_LOGS",
          outputFormat: "JSON",
          workspaceIdsFilter: [w.workspaceId],
        });
      },
    },
    {
      name: "a workspace stack in an account whose delivery already exists",
      build: (s) => void fullWorkspace(s),
      settings: { auditLogDeliveryExists: true },
    },
  ],
  fails: [
    {
      name: "a workspace stack without audit log delivery",
      build: (s) => void fullWorkspace(s),
      message: /creates a workspace but no enabled databricks_mws_log_delivery with log_type AUDIT_LOGS/,
    },
  ],
  skips: [{ name: "a stack without a workspace", build: (s) => void new SqlEndpoint(s, "warehouse", { name: "bi", clusterSize: "Small" }) }],
});

describeRule({
  rule: "DBX-CROSSACCOUNT-POLICY-TYPE",
  passes: [
    { name: "the customer-managed-VPC policy", build: (s) => void new DataDatabricksAwsCrossaccountPolicy(s, "cross", { policyType: "customer" }) },
  ],
  fails: [
    {
      name: "the default (managed) policy",
      build: (s) => void new DataDatabricksAwsCrossaccountPolicy(s, "cross", {}),
      message: /policy_type is not set \(managed\), which grants VPC creation/,
    },
  ],
});

const HARDENED = { ...HARDENED_WORKSPACE_CONF };
const PRODUCTION = { ...OPEN, requireHardenedWorkspace: true };

describeRule({
  rule: "DBX-WORKSPACE-HARDENED",
  passes: [
    {
      name: "a production workspace conf with every hardened setting at its hardened value",
      settings: PRODUCTION,
      build: (s) => void new WorkspaceConf(s, "conf", { customConfig: { ...HARDENED, maxTokenLifetimeDays: "30" } }),
    },
  ],
  fails: [
    {
      name: "a production workspace conf that turns verbose audit logs and user isolation off",
      settings: PRODUCTION,
      build: (s) =>
        void new WorkspaceConf(s, "conf", { customConfig: { ...HARDENED, enableVerboseAuditLogs: "false", enforceUserIsolation: "false" } }),
      message: /enableVerboseAuditLogs is "false", not "true"; enforceUserIsolation is "false", not "true"/,
    },
    {
      name: "a production workspace conf that leaves notebook export unset",
      settings: PRODUCTION,
      build: (s) => {
        const { enableExportNotebook: _dropped, ...rest } = HARDENED;
        void _dropped;
        new WorkspaceConf(s, "conf", { customConfig: rest });
      },
      message: /enableExportNotebook is not set, not "false"/,
    },
  ],
  skips: [
    {
      name: "a workspace conf where hardening is not required",
      build: (s) => void new WorkspaceConf(s, "conf", { customConfig: { enableResultsDownloading: "true" } }),
    },
  ],
});

describeRule({
  rule: "DBX-IP-ACCESS-LISTS-ENABLED",
  passes: [
    {
      name: "IP access lists with enableIpAccessLists true",
      build: (s) => {
        new IpAccessList(s, "allow", { label: "vpn", listType: "ALLOW", ipAddresses: ["198.51.100.0/24"] });
        new WorkspaceConf(s, "conf", { customConfig: { enableIpAccessLists: "true" } });
      },
    },
  ],
  fails: [
    {
      name: "IP access lists with enableIpAccessLists overridden to false",
      build: (s) => {
        new IpAccessList(s, "allow", { label: "vpn", listType: "ALLOW", ipAddresses: ["198.51.100.0/24"] });
        new WorkspaceConf(s, "conf", { customConfig: { enableIpAccessLists: "false" } });
      },
      message: /enableIpAccessLists is "false", so the IP access lists are not enforced/,
    },
  ],
  skips: [
    {
      name: "a workspace conf without IP access lists",
      build: (s) => void new WorkspaceConf(s, "conf", { customConfig: { enableIpAccessLists: "false" } }),
    },
  ],
});

const PIPELINE_CODE = [{ file: { path: "/Workspace/Shared/pipelines/bronze.sql" } }];
const SQL_SERVER = {
  connectionName: "erp-sqlserver",
  gatewayStorageCatalog: "bronze",
  gatewayStorageSchema: "erp_staging",
  gatewayStorageName: "erp-gateway",
};
const ORDERS = [{ table: { sourceSchema: "dbo", sourceTable: "orders", destinationCatalog: "bronze", destinationSchema: "erp" } }];

function pipeline(stack: TerraformStack, config: Partial<PipelineConfig>): Pipeline {
  return new Pipeline(stack, "pipeline", { name: "bronze", ...config });
}

function job(stack: TerraformStack, config: Partial<JobConfig> = {}): Job {
  return new Job(stack, "job", { name: "ingest", task: [{ taskKey: "bronze", pipelineTask: { pipelineId: "pipeline-1" } }], ...config });
}

describeRule({
  rule: "DBX-PIPELINE-UNITY-CATALOG",
  passes: [
    {
      name: "a serverless pipeline publishing to a catalog",
      build: (s) => void pipeline(s, { catalog: "bronze", schema: "telemetry", serverless: true, library: PIPELINE_CODE }),
    },
    {
      name: "a classic pipeline whose clusters are bound to a cluster policy",
      build: (s) => {
        const policy = new ClusterPolicy(s, "policy", { name: "pipelines", definition: "{}" });
        pipeline(s, { catalog: "bronze", schema: "telemetry", library: PIPELINE_CODE, cluster: [{ label: "default", policyId: policy.id }] });
      },
    },
    {
      name: "an ingestion pipeline (destinations per object, serverless by default)",
      build: (s) => void pipeline(s, { ingestionDefinition: { ingestionGatewayId: "gateway-1", objects: ORDERS } }),
    },
    {
      name: "a gateway pipeline on a policy-bound cluster",
      build: (s) => void pipeline(s, { gatewayDefinition: SQL_SERVER, cluster: [{ label: "default", policyId: "policy-1" }] }),
    },
  ],
  fails: [
    {
      name: "a pipeline publishing to the Hive metastore through storage",
      build: (s) => void pipeline(s, { storage: "s3://lakehouse-legacy/pipelines", target: "bronze", serverless: true, library: PIPELINE_CODE }),
      message:
        /^storage is "s3:\/\/lakehouse-legacy\/pipelines", so the pipeline publishes to the legacy Hive metastore; catalog is not set, so the pipeline publishes to the legacy Hive metastore$/,
    },
    {
      name: "a classic pipeline on the default cluster",
      build: (s) => void pipeline(s, { catalog: "bronze", schema: "telemetry", library: PIPELINE_CODE }),
      message: /^serverless is not set and there is no cluster block, so the pipeline runs on a default cluster no policy governs$/,
    },
    {
      name: "a classic pipeline with a cluster outside any policy",
      build: (s) =>
        void pipeline(s, { catalog: "bronze", library: PIPELINE_CODE, serverless: false, cluster: [{ label: "default", numWorkers: 2 }] }),
      message: /^cluster "default" has no policy_id, so no cluster policy governs it$/,
    },
    {
      name: "a gateway pipeline without a cluster block",
      build: (s) => void pipeline(s, { gatewayDefinition: SQL_SERVER }),
      message: /^the gateway runs on classic compute and has no cluster block, so no cluster policy governs it$/,
    },
    {
      name: "a pipeline whose serverless flag comes from a variable",
      build: (s) =>
        void pipeline(s, { catalog: "bronze", library: PIPELINE_CODE, serverless: new TerraformVariable(s, "serverless", { type: "bool" }).value }),
      message: /^serverless is "\$\{var\.serverless\}", which cannot be resolved at synth$/,
    },
  ],
});

describeRule({
  rule: "DBX-JOB-RUN-AS",
  passes: [{ name: "a job run as the orchestrator service principal", build: (s) => void job(s, { runAs: { servicePrincipalName: ACCOUNT } }) }],
  fails: [
    {
      name: "a job without run_as",
      build: (s) => void job(s),
      message: /^run_as is not set, so the job runs as whoever created it \(the identity that applies Terraform\)$/,
    },
    {
      name: "a job run as a person",
      build: (s) => void job(s, { runAs: { userName: "engineer@example.com" } }),
      message: /^run_as\.user_name is "engineer@example\.com", so the job runs as a person$/,
    },
    { name: "a run_as block naming no one", build: (s) => void job(s, { runAs: {} }), message: /^run_as\.service_principal_name is not set$/ },
    {
      name: "a job whose run_as is an expression",
      build: (s) => job(s).addOverride("run_as", "${var.run_as}"),
      message: /^run_as is "\$\{var\.run_as\}", which cannot be resolved at synth$/,
    },
  ],
});
