/**
 * staging: a production rehearsal in its own account. Isolated network with PrivateLink like prod, two AZs and
 * smaller ranges; customer-managed keys are not registered with Databricks (a staging choice, not a rule).
 */
import type { EnvironmentInput } from "./schema";

export const staging: EnvironmentInput = {
  name: "staging",
  production: false,
  project: { prefix: "lakehouse", owner: "data-platform", costCenter: "cc-1001" },
  aws: { accountId: "222222222222", region: "us-east-1" },
  databricks: { accountId: "3f2a9c4e-1b7d-4e5a-9c2f-6d8e0a1b2c3d" },
  state: {
    bucket: "lakehouse-tfstate-222222222222",
    region: "us-east-1",
    kmsKeyArn: "arn:aws:kms:us-east-1:222222222222:key/0a1b2c3d-2222-4a5b-9c8d-222222222222",
  },
  encryption: { customerManagedKeys: false },
  network: {
    vpcCidr: "10.20.0.0/18",
    egress: "isolated",
    workspaceSubnets: [
      { cidr: "10.20.0.0/22", availabilityZone: "us-east-1a" },
      { cidr: "10.20.4.0/22", availabilityZone: "us-east-1b" },
    ],
    privateLink: {
      enabled: true,
      subnets: [
        { cidr: "10.20.63.0/27", availabilityZone: "us-east-1a" },
        { cidr: "10.20.63.32/27", availabilityZone: "us-east-1b" },
      ],
    },
  },
  workspace: {
    // Public access stays on so that hosted CI runners can deploy the workspace-level layers; prod has it off.
    privateAccess: { publicAccessEnabled: true },
    servicePrincipals: {
      deployer: {
        accountAdmin: true,
        workspacePermission: "ADMIN",
        memberOf: ["platform-admins"],
        githubActions: { repository: "data-platform/lakehouse", environment: "staging" },
      },
      orchestrator: {
        usableBy: ["deployer"],
        workspacePermission: "USER",
        oauthSecret: {},
      },
    },
    serverlessEgress: { allowedDomains: ["pypi.org", "files.pythonhosted.org"] },
  },
  unityCatalog: {
    // prod creates the account's us-east-1 metastore (in its workspace layer) and staging shares it: looked up by
    // region at plan time, so prod's workspace layer is deployed first (the stacks are ordered: docs/deploying.md).
    // Enabling system schemas is metastore-wide and left to prod, and staging reads none of them: they hold prod's
    // audit and query history.
    metastore: { mode: "existing" },
    systemTables: { enable: [], readers: [] },
    workspaceSecurity: {
      // Public access is on (see workspace), so the front end is limited to the corporate VPN and CI's static egress.
      ipAccessLists: {
        allow: [
          { label: "corporate-vpn", cidrs: ["198.51.100.0/24"] },
          { label: "ci-runners", cidrs: ["203.0.113.16/28"] },
        ],
        // CI's egress, checked to be allowed: a deploy never locks CI out of the workspace.
        ciEgressCidrs: ["203.0.113.16/28"],
      },
      maxTokenLifetimeDays: 30,
      restrictWorkspaceAdmins: true,
    },
    catalogs: [{ name: "main" }],
    // The analytics team's existing Redshift cluster, queried through a read-only user.
    redshift: {
      host: "analytics.c1a2b3c4d5e6.us-east-1.redshift.amazonaws.com",
      database: "analytics",
      credentialsSecret: "lakehouse/staging/redshift/federation-reader",
    },
    glue: {},
  },
  // Every path but Kafka (MSK bills its brokers by the hour; the events path is rehearsed in prod's change window).
  ingestion: {
    kinesis: { streams: [{ name: "device-telemetry" }] },
    iot: { rules: [{ name: "device_telemetry", sql: "SELECT *, topic(2) AS device_id FROM 'devices/+/telemetry'", stream: "device-telemetry" }] },
    dms: {
      // staging's account already has dms-vpc-role and dms-cloudwatch-logs-role (created by the DMS console).
      sources: [
        {
          name: "orders-db",
          engine: "postgres",
          port: 5432,
          // The orders database's VPC, peered with the workspace VPC.
          sourceCidrs: ["10.60.0.0/24"],
          databaseName: "orders",
          credentialsSecret: "arn:aws:secretsmanager:us-east-1:222222222222:secret:lakehouse/staging/dms/orders-db-AbCdEf",
          tables: [
            { schema: "public", table: "orders" },
            { schema: "public", table: "customers" },
          ],
          compute: { mode: "serverless", maxCapacityUnits: 2 },
        },
      ],
    },
    appflow: {
      flows: [{ name: "salesforce-accounts", connectorType: "Salesforce", connectorProfile: "salesforce-staging", object: "Account" }],
    },
    glue: {},
    lakeflowConnect: {
      sources: [
        {
          name: "salesforce",
          type: "SALESFORCE",
          credentialsSecret: "arn:aws:secretsmanager:us-east-1:222222222222:secret:lakehouse/staging/lakeflow/salesforce-AbCdEf",
          objects: ["Account", "Opportunity"],
        },
      ],
    },
    pipelines: {
      telemetry: { stream: "device-telemetry" },
      orders: { dmsSource: "orders-db" },
      crm: { appflowFlow: "salesforce-accounts" },
      erp: {},
    },
    jobs: { notifications: { onFailure: ["data-platform-alerts@example.com"] } },
  },
  // Every component but RDS and QuickSight: the app reads Lakebase, the customer summary is published to DynamoDB.
  serving: {
    warehouses: [{ name: "analytics", size: "X-Small", maxClusters: 2 }],
    endpoints: [
      {
        name: "assistant",
        models: [{ provider: "amazon-bedrock", model: "anthropic.claude-3-5-sonnet-20240620-v1:0", bedrockProvider: "anthropic" }],
        guardrails: { pii: "MASK" },
      },
    ],
    lakebase: { syncedTables: [{ table: "customer_order_summary", primaryKey: ["customer_id", "currency"] }] },
    dynamodb: { tables: [{ name: "customer-summary", hashKey: "customer_id" }] },
    publish: { dynamodbTable: "customer-summary" },
    ml: { experiments: ["churn"], registeredModels: ["churn_classifier"] },
    dashboard: { warehouse: "analytics", alertDestinationId: "5b2e9d1c-4f3a-4e8b-9a6d-2c1f0e3b4a5d" },
    app: { endpoint: "assistant", syncedTable: "customer_order_summary" },
  },
  // No collaboration: staging shares prod's metastore, whose owner grants it catalog-level privileges only (no
  // CREATE_SHARE, CREATE_RECIPIENT or CREATE_CLEAN_ROOM), and validation refuses sharing from it. Partner onboarding
  // is rehearsed in dev, on dev's own metastore.
  collaboration: {},
  tags: { "data-classification": "confidential" },
};
