/**
 * prod: the production account. Isolated compute network (no internet gateway or NAT in the workspace VPC) with
 * PrivateLink, three AZs, a private front end in a transit VPC (whose CI runner subnets have a NAT gateway),
 * customer-managed keys registered with Databricks, and data protection on (the default).
 */
import type { EnvironmentInput } from "./schema";

export const prod: EnvironmentInput = {
  name: "prod",
  production: true,
  project: { prefix: "lakehouse", owner: "data-platform", costCenter: "cc-1000" },
  aws: { accountId: "333333333333", region: "us-east-1", assumeRoleArn: "arn:aws:iam::333333333333:role/lakehouse-deployer" },
  databricks: { accountId: "3f2a9c4e-1b7d-4e5a-9c2f-6d8e0a1b2c3d" },
  state: {
    bucket: "lakehouse-tfstate-333333333333",
    region: "us-east-1",
    kmsKeyArn: "arn:aws:kms:us-east-1:333333333333:key/0a1b2c3d-3333-4a5b-9c8d-333333333333",
  },
  encryption: { customerManagedKeys: true },
  network: {
    vpcCidr: "10.30.0.0/16",
    egress: "isolated",
    workspaceSubnets: [
      { cidr: "10.30.0.0/19", availabilityZone: "us-east-1a" },
      { cidr: "10.30.32.0/19", availabilityZone: "us-east-1b" },
      { cidr: "10.30.64.0/19", availabilityZone: "us-east-1c" },
    ],
    privateLink: {
      enabled: true,
      subnets: [
        { cidr: "10.30.255.0/26", availabilityZone: "us-east-1a" },
        { cidr: "10.30.255.64/26", availabilityZone: "us-east-1b" },
        { cidr: "10.30.255.128/26", availabilityZone: "us-east-1c" },
      ],
    },
    // The private front end: the workspace has no public access, so people (over the corporate VPN, routed to the
    // transit VPC) and CI (self-hosted runners in the runner subnets) reach it through this front-end endpoint.
    frontEnd: {
      vpcCidr: "10.31.0.0/24",
      endpointSubnets: [
        { cidr: "10.31.0.0/28", availabilityZone: "us-east-1a" },
        { cidr: "10.31.0.16/28", availabilityZone: "us-east-1b" },
      ],
      clientCidrs: ["10.100.0.0/16"],
      runnerSubnets: [{ cidr: "10.31.0.64/27", availabilityZone: "us-east-1a" }],
      natSubnets: [{ cidr: "10.31.0.128/28", availabilityZone: "us-east-1a" }],
      inboundResolver: true,
    },
  },
  storage: { noncurrentVersionExpirationDays: 365 },
  workspace: {
    // Reachable only through this workspace's own endpoints: the front end above and the back-end REST endpoint.
    privateAccess: { publicAccessEnabled: false, level: "ENDPOINT" },
    // Account scope: the only stage of the Databricks account that delivers account-level audit events (Unity Catalog,
    // Delta Sharing, account console); dev and staging keep workspace scope (two account-level configurations max).
    logDelivery: { auditLogs: true, billableUsage: true, scope: "account" },
    groups: {
      "platform-admins": { workspacePermission: "ADMIN" },
      "data-engineers": { workspacePermission: "USER" },
      analysts: { workspacePermission: "USER" },
      "data-scientists": { workspacePermission: "USER" },
    },
    servicePrincipals: {
      deployer: {
        accountAdmin: true,
        workspacePermission: "ADMIN",
        memberOf: ["platform-admins"],
        githubActions: { repository: "data-platform/lakehouse", environment: "prod" },
      },
      orchestrator: {
        usableBy: ["deployer"],
        workspacePermission: "USER",
        oauthSecret: { lifetimeDays: 90, rotationDays: 60 },
      },
      // QuickSight signs in to the BI warehouse as this principal (serving.quicksight) with a token kept in its token
      // secret: QuickSight's Databricks connector takes a user name and password only (docs/layers/serving.md).
      quicksight: {
        workspacePermission: "USER",
        tokenSecret: true,
        // restrictWorkspaceAdmins: only a holder of the Service Principal User role may create its token (runbook).
        usableBy: ["deployer"],
      },
    },
    serverlessEgress: {
      restrictionMode: "RESTRICTED_ACCESS",
      enforcementMode: "ENFORCED",
      allowedDomains: ["pypi.org", "files.pythonhosted.org"],
    },
  },
  unityCatalog: {
    // The account's us-east-1 metastore lives here, protected and owned by the platform admins. Staging shares it:
    // its platform admins (its deployer's group) may create catalogs, locations, credentials and connections in it.
    metastore: { mode: "create", sharedWith: [{ environment: "staging", group: "platform-admins" }] },
    workspaceSecurity: {
      // The profile's controls without a named standard; name one (HIPAA, PCI_DSS, ...) when auditors require it.
      complianceSecurityProfile: ["NONE"],
      enhancedSecurityMonitoring: true,
      automaticClusterUpdate: true,
      restrictWorkspaceAdmins: true,
      maxTokenLifetimeDays: 30,
    },
    catalogs: [
      {
        name: "main",
        // Its own bucket and key (the Security Reference Architecture's per-catalog storage): audited and revocable apart.
        dedicatedKey: true,
        domainSchemas: [{ name: "finance", layer: "gold" }],
        volumes: [{ name: "exports", schema: "gold" }],
      },
    ],
    // The secret's name only: a read-only Redshift user's credentials, created out of band (docs/layers/unity-catalog.md, Federation).
    redshift: { serverless: { baseCapacityRpus: 8 }, database: "analytics", credentialsSecret: "lakehouse/prod/redshift/federation-reader" },
    glue: { databases: ["erp_raw", "crm_raw"] },
  },
  // Every ingest path of the reference architecture.
  ingestion: {
    kinesis: { streams: [{ name: "device-telemetry", retentionHours: 168 }] },
    iot: { rules: [{ name: "device_telemetry", sql: "SELECT *, topic(2) AS device_id FROM 'devices/+/telemetry'", stream: "device-telemetry" }] },
    dms: {
      // prod's account had no DMS before this project: it creates the account-global DMS roles.
      createAccountRoles: true,
      sources: [
        {
          name: "orders-db",
          engine: "postgres",
          port: 5432,
          // The orders database's VPC, peered with the workspace VPC.
          sourceCidrs: ["10.70.0.0/24"],
          databaseName: "orders",
          credentialsSecret: "arn:aws:secretsmanager:us-east-1:333333333333:secret:lakehouse/prod/dms/orders-db-AbCdEf",
          tables: [
            { schema: "public", table: "orders" },
            { schema: "public", table: "customers" },
          ],
          compute: { mode: "serverless", minCapacityUnits: 2, maxCapacityUnits: 16 },
          multiAz: true,
        },
      ],
    },
    appflow: {
      flows: [
        {
          name: "salesforce-accounts",
          connectorType: "Salesforce",
          connectorProfile: "salesforce-prod",
          object: "Account",
          schedule: "rate(15minutes)",
        },
      ],
    },
    glue: { workers: 4 },
    // The order service's VPC (peered) produces the order events.
    msk: { mode: "provisioned", brokersPerZone: 1, volumeSizeGb: 500, producerCidrs: ["10.70.16.0/20"] },
    lakeflowConnect: {
      sources: [
        {
          name: "salesforce",
          type: "SALESFORCE",
          credentialsSecret: "arn:aws:secretsmanager:us-east-1:333333333333:secret:lakehouse/prod/lakeflow/salesforce-AbCdEf",
          objects: ["Account", "Opportunity", "Contact"],
        },
        {
          name: "erp-sqlserver",
          type: "SQLSERVER",
          host: "erp.corp.example.com",
          port: 1433,
          // The ERP's data center, over the corporate VPN; erp.corp.example.com resolves there through the VPC resolver.
          sourceCidrs: ["10.120.8.0/24"],
          credentialsSecret: "arn:aws:secretsmanager:us-east-1:333333333333:secret:lakehouse/prod/lakeflow/erp-sqlserver-AbCdEf",
          tables: [
            { catalog: "erp", schema: "dbo", table: "invoices" },
            { catalog: "erp", schema: "dbo", table: "customers" },
          ],
        },
      ],
    },
    pipelines: {
      telemetry: { stream: "device-telemetry" },
      orders: { dmsSource: "orders-db" },
      crm: { appflowFlow: "salesforce-accounts" },
      erp: {},
      events: {},
    },
    jobs: {
      notifications: { onFailure: ["data-platform-alerts@example.com"], webhookDestinationIds: ["7d3c1a52-6a0e-4c59-9f59-4a9e3b2f1c10"] },
    },
  },
  // Every component: analysts (SQL, QuickSight, the dashboard), applications (Lakebase, RDS, DynamoDB) and AI (Model
  // Serving through AI Gateway, the assistant app).
  serving: {
    warehouses: [
      { name: "analytics", size: "Small", minClusters: 1, maxClusters: 4, autoStopMinutes: 15 },
      { name: "bi", size: "X-Small", maxClusters: 2 },
    ],
    endpoints: [
      {
        name: "assistant",
        // Claude on Bedrock first; AI Gateway falls back to OpenAI (its key in the external-models secret scope).
        models: [
          { provider: "amazon-bedrock", model: "anthropic.claude-3-5-sonnet-20240620-v1:0", bedrockProvider: "anthropic" },
          { provider: "openai", model: "gpt-4o", secretKey: "openai-api-key" },
        ],
        rateLimits: { perUserPerMinute: 60, perEndpointPerMinute: 2000 },
        guardrails: { pii: "MASK", safety: true },
      },
    ],
    // No custom-model endpoint yet: the churn_classifier below is registered empty by this layer, and an endpoint can
    // serve only a version that exists. Once training registers version 1, add
    // `customModels: [{ name: "churn", registeredModel: "churn_classifier", version: "1", scaleToZero: false }]`
    // (docs/layers/serving.md, "Serving a custom model").
    lakebase: { capacity: "CU_2", syncedTables: [{ table: "customer_order_summary", primaryKey: ["customer_id", "currency"] }] },
    rds: { instanceClass: "db.r7g.large", allocatedStorageGb: 100, multiAz: true },
    dynamodb: { tables: [{ name: "customer-summary", hashKey: "customer_id" }] },
    publish: { dynamodbTable: "customer-summary" },
    ml: { experiments: ["churn", "demand-forecast"], registeredModels: ["churn_classifier"], gpu: true },
    quicksight: { groupName: "lakehouse-analysts", warehouse: "bi" },
    dashboard: { warehouse: "analytics", alertDestinationId: "7d3c1a52-6a0e-4c59-9f59-4a9e3b2f1c10" },
    app: { endpoint: "assistant", syncedTable: "customer_order_summary" },
  },
  // Partners: a Databricks-to-Databricks retailer and an open-sharing logistics partner (token limited to its
  // addresses, 90 days), a clean room for the customer-overlap analysis, and a free Marketplace listing. prod owns the
  // us-east-1 metastore, so its collaboration grants are made here (docs/layers/collaboration.md, partner onboarding).
  collaboration: {
    // prod creates the us-east-1 metastore: open sharing needs the external scope, and tokens live at most 90 days.
    deltaSharing: { scope: "INTERNAL_AND_EXTERNAL", recipientTokenLifetimeDays: 90 },
    shares: [
      {
        name: "partner-metrics",
        comment: "Daily revenue, device metrics and the finance schema for contracted partners",
        objects: [
          { type: "table", table: "daily_revenue" },
          { type: "table", table: "device_hourly_metrics", sharedAs: "metrics.device_hourly" },
          { type: "schema", schema: "finance", historySharing: true },
        ],
      },
      {
        name: "churn-model",
        comment: "The churn classifier for the retail partner's own scoring",
        objects: [{ type: "model", model: "churn_classifier" }],
      },
      { name: "revenue-benchmarks", comment: "Backs the Marketplace listing", objects: [{ type: "table", table: "daily_revenue" }] },
    ],
    recipients: [
      {
        name: "acme-retail",
        kind: "databricks",
        globalMetastoreId: "aws:us-west-2:4f1c2b7a-9d3e-4a6b-8c5d-2e7f1a0b9c3d",
        shares: ["partner-metrics", "churn-model"],
        comment: "Acme Retail's Unity Catalog metastore (sharing identifier sent by their platform team)",
      },
      {
        name: "northwind-logistics",
        kind: "token",
        ipAccessList: ["198.51.100.32/28", "203.0.113.64/27"],
        tokenLifetimeDays: 90,
        shares: ["partner-metrics"],
        comment: "Northwind reads with the open Delta Sharing client from its two egress ranges",
      },
    ],
    cleanRooms: [
      {
        name: "retail-overlap",
        comment: "Customer overlap with Acme Retail: aggregates only",
        owner: "data-engineers",
        localAlias: "lakehouse",
        collaborators: [{ alias: "acme", globalMetastoreId: "aws:us-west-2:4f1c2b7a-9d3e-4a6b-8c5d-2e7f1a0b9c3d" }],
        tables: ["customer_order_summary"],
        notebooks: [{ file: "customer_overlap.py", runners: ["acme", "lakehouse"] }],
      },
    ],
    marketplace: {
      provider: {
        name: "Lakehouse Data Products",
        description: "Aggregated retail and logistics benchmarks from the lakehouse platform.",
        businessContactEmail: "data-products@example.com",
        privacyPolicyUrl: "https://example.com/privacy",
        termsOfServiceUrl: "https://example.com/data-terms",
        companyWebsiteUrl: "https://example.com",
      },
      listings: [
        {
          name: "revenue-benchmarks",
          title: "Daily revenue benchmarks",
          subtitle: "Daily order revenue by currency",
          description: "Daily revenue and order counts by currency, refreshed by the orders pipeline.",
          share: "revenue-benchmarks",
          categories: ["RETAIL", "ECONOMICS"],
        },
      ],
      // The account's default rule set: prod is the one environment of the Databricks account that sets it.
      admins: ["platform-admins"],
      // The account's default rule set is written whole with the Marketplace admins: keep its billing admins too
      // (what the account console lists under the role; docs/layers/collaboration.md, "Marketplace").
      keepAccountRoles: [{ role: "roles/billing.admin", principals: ["groups/lakehouse-prod-platform-admins"] }],
      consumers: ["analysts", "data-scientists"],
    },
  },
  tags: { "data-classification": "confidential", compliance: "sox" },
};
