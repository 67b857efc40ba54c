/**
 * dev: one AWS account for development. Cheaper and more open than production: internet egress through NAT,
 * no PrivateLink, no customer-managed keys registered with Databricks, and data protection explicitly off so that
 * a developer can tear the stage down. Every bucket is still KMS-encrypted, private and TLS-only.
 */
import type { EnvironmentInput } from "./schema";

export const dev: EnvironmentInput = {
  name: "dev",
  production: false,
  project: { prefix: "lakehouse", owner: "data-platform", costCenter: "cc-1001" },
  aws: { accountId: "111111111111", region: "us-west-2" },
  databricks: { accountId: "3f2a9c4e-1b7d-4e5a-9c2f-6d8e0a1b2c3d" },
  state: {
    bucket: "lakehouse-tfstate-111111111111",
    region: "us-west-2",
    kmsKeyArn: "arn:aws:kms:us-west-2:111111111111:key/0a1b2c3d-1111-4a5b-9c8d-111111111111",
  },
  dataProtection: false,
  encryption: { customerManagedKeys: false },
  network: {
    vpcCidr: "10.10.0.0/20",
    egress: "nat",
    workspaceSubnets: [
      { cidr: "10.10.0.0/23", availabilityZone: "us-west-2a" },
      { cidr: "10.10.2.0/23", availabilityZone: "us-west-2b" },
    ],
    publicSubnets: [{ cidr: "10.10.15.0/28", availabilityZone: "us-west-2a" }],
    privateLink: { enabled: false },
  },
  storage: { noncurrentVersionExpirationDays: 30 },
  workspace: {
    // No deployment-name prefix on the dev side of the account: Databricks picks the URL.
    customDeploymentName: false,
    servicePrincipals: {
      deployer: {
        accountAdmin: true,
        workspacePermission: "ADMIN",
        memberOf: ["platform-admins"],
        githubActions: { repository: "data-platform/lakehouse", environment: "dev" },
      },
      orchestrator: {
        usableBy: ["deployer"],
        workspacePermission: "USER",
        oauthSecret: { lifetimeDays: 30, rotationDays: 20 },
      },
    },
    // Dry run: violations are logged, not blocked, while the allow-list is worked out.
    serverlessEgress: { enforcementMode: "DRY_RUN", allowedDomains: ["pypi.org", "files.pythonhosted.org"] },
  },
  unityCatalog: {
    // dev is the only stage in us-west-2, so it creates that region's metastore (unprotected, like all of dev).
    metastore: { mode: "create" },
    workspaceSecurity: {
      // No PrivateLink in dev: the workspace answers on the internet, so only these networks may reach it.
      ipAccessLists: {
        allow: [
          { label: "corporate-vpn", cidrs: ["198.51.100.0/24"] },
          { label: "ci-runners", cidrs: ["203.0.113.16/28"] },
        ],
        // CI's egress, checked to be allowed: a deploy never locks CI out of the workspace.
        ciEgressCidrs: ["203.0.113.16/28"],
      },
      maxTokenLifetimeDays: 30,
      // Developers download query results while they build; staging and prod keep the hardened default.
      workspaceConf: { enableResultsDownloading: "true" },
    },
    catalogs: [{ name: "main", domainSchemas: [{ name: "sandbox", layer: "silver" }] }],
    glue: {},
  },
  // The cheap subset: device telemetry (one provisioned shard, an IoT rule) and the ERP path through Glue, in
  // development mode. No DMS, AppFlow, MSK or Lakeflow Connect: those bill by the hour or need a real source.
  ingestion: {
    kinesis: { streams: [{ name: "device-telemetry", mode: "PROVISIONED", shardCount: 1 }] },
    iot: { rules: [{ name: "device_telemetry", sql: "SELECT *, topic(2) AS device_id FROM 'devices/+/telemetry'", stream: "device-telemetry" }] },
    glue: {},
    pipelines: { telemetry: { stream: "device-telemetry" }, erp: {}, development: true },
  },
  // The cheap subset: a small warehouse that stops after 5 idle minutes, a pay-per-token Bedrock endpoint and
  // experiments. No Lakebase, RDS, DynamoDB, QuickSight, dashboard or app: those bill by the hour or need orders data.
  serving: {
    warehouses: [{ name: "analytics", autoStopMinutes: 5 }],
    endpoints: [
      {
        name: "assistant",
        models: [{ provider: "amazon-bedrock", model: "anthropic.claude-3-5-haiku-20241022-v1:0", bedrockProvider: "anthropic" }],
        rateLimits: { perUserPerMinute: 20, perEndpointPerMinute: 100 },
      },
    ],
    ml: { experiments: ["churn"] },
  },
  // A minimal share to try Delta Sharing against dev's own metastore: the gold schema, whatever the pipelines publish
  // into it, and no recipient (add one to rehearse onboarding).
  collaboration: {
    shares: [{ name: "gold", objects: [{ type: "schema", schema: "gold" }] }],
  },
  tags: { "data-classification": "internal" },
};
