import { LakeflowConnectIngestion, type LakeflowConnectIngestionProps } from "../../../../modules/databricks/pipelines/lakeflow-connect-ingestion";
import { groupPrincipal, servicePrincipal } from "../../../../modules/databricks/principal";
import { ConnectionCredentials } from "../../../../modules/databricks/unity-catalog/connection-credentials";
import { synthesize, type SynthesizedStack } from "../../../synth-json";
import { guardrailFindings, pipelinesStack } from "./pipelines-fixture";

const ORCHESTRATOR = "9f0e1d2c-3b4a-5968-7a6b-5c4d3e2f1a0b";
const ENGINEERS = groupPrincipal("lakehouse-prod-engineers");

type Props = Omit<LakeflowConnectIngestionProps, "provider" | "connectionOptions">;

const DATABASE: Props = {
  name: "lakehouse-prod-orders-db",
  connectionName: "lakehouse_prod_orders_db",
  connectionType: "SQLSERVER",
  destinationCatalog: "lakehouse_prod_main",
  destinationSchema: "bronze",
  tables: [
    { sourceCatalog: "orders", sourceSchema: "dbo", sourceTable: "Orders", scdType: "SCD_TYPE_1" },
    { sourceCatalog: "orders", sourceSchema: "dbo", sourceTable: "Customers", destinationTable: "customers_history", scdType: "SCD_TYPE_2" },
  ],
  runAs: servicePrincipal(ORCHESTRATOR),
  viewers: [ENGINEERS],
  failureEmailRecipients: ["data-oncall@example.com"],
  gatewayPolicyId: "D0C5A1B2C3D4E5F6",
};

const SALESFORCE: Props = {
  name: "lakehouse-prod-salesforce",
  connectionName: "lakehouse_prod_salesforce",
  connectionType: "SALESFORCE",
  destinationCatalog: "lakehouse_prod_main",
  destinationSchema: "bronze",
  tables: [{ sourceTable: "Account" }, { sourceTable: "Opportunity", scdType: "SCD_TYPE_2" }],
  runAs: servicePrincipal(ORCHESTRATOR),
  viewers: [ENGINEERS],
};

/** Builds the construct with options whose secrets come from Secrets Manager; `options` may override them. */
function build(props: Props, options: (c: ConnectionCredentials) => Record<string, string> = databaseOptions) {
  const { stack, workspace } = pipelinesStack();
  const credentials = new ConnectionCredentials(stack, "SourceCredentials", { secretId: "lakehouse/prod/source" });
  const ingestion = new LakeflowConnectIngestion(stack, "Source", { provider: workspace, ...props, connectionOptions: options(credentials) });
  return { stack, ingestion };
}

function databaseOptions(c: ConnectionCredentials): Record<string, string> {
  return { host: "orders.abc123.eu-west-1.rds.amazonaws.com", port: "1433", user: c.username, password: c.password, trustServerCertificate: "false" };
}

function salesforceOptions(c: ConnectionCredentials): Record<string, string> {
  return { client_id: c.username, client_secret: c.password, refresh_token: c.password };
}

/** `${sensitive(...)}` over the secret data source, as ConnectionCredentials renders a key. */
function secretRef(s: SynthesizedStack, key: string): string {
  const [name] = Object.keys(s.dataSources("aws_secretsmanager_secret_version"));
  return `\${sensitive(jsondecode(data.aws_secretsmanager_secret_version.${name}.secret_string).${key})}`;
}

describe("LakeflowConnectIngestion for a database source", () => {
  const { stack, ingestion } = build(DATABASE);
  const s = synthesize(stack);
  const connection = s.resource("databricks_connection", "/Source/Connection");
  const gateway = s.resource("databricks_pipeline", "/Source/Gateway");
  const pipeline = s.resource("databricks_pipeline", "/Source/Ingestion");

  it("creates the connection with the source's options, its credentials by reference to the secret", () => {
    expect(connection.block).toMatchObject({
      provider: "databricks.workspace",
      name: "lakehouse_prod_orders_db",
      connection_type: "SQLSERVER",
      options: {
        host: "orders.abc123.eu-west-1.rds.amazonaws.com",
        port: "1433",
        user: secretRef(s, "username"),
        password: secretRef(s, "password"),
      },
    });
  });

  it("holds no secret value anywhere in the synthesized JSON", () => {
    const json = JSON.stringify(s.json);
    expect(json).not.toMatch(/"password":\s*"[^$]/);
    expect(Object.values(s.resources("databricks_connection"))).toHaveLength(1);
  });

  it("builds a gateway on classic compute, continuous, without Photon, staging in the destination schema", () => {
    expect(gateway.block).toMatchObject({
      name: "lakehouse-prod-orders-db-gateway",
      gateway_definition: {
        connection_name: `\${databricks_connection.${connection.name}.name}`,
        gateway_storage_catalog: "lakehouse_prod_main",
        gateway_storage_schema: "bronze",
        gateway_storage_name: "lakehouse_prod_orders_db_staging",
      },
      continuous: true,
      serverless: false,
      photon: false,
      edition: "ADVANCED",
      channel: "CURRENT",
      cluster: [{ label: "default", policy_id: "D0C5A1B2C3D4E5F6", apply_policy_default_values: true }],
      run_as: { service_principal_name: ORCHESTRATOR },
      lifecycle: { prevent_destroy: true },
    });
    expect((gateway.block.gateway_definition as Record<string, unknown>).connection_id).toBeUndefined();
    expect(ingestion.gatewayPipelineId).toBeDefined();
  });

  it("builds a serverless ingestion pipeline over the gateway into the destination catalog and schema", () => {
    expect(pipeline.block).toMatchObject({
      name: "lakehouse-prod-orders-db",
      catalog: "lakehouse_prod_main",
      schema: "bronze",
      serverless: true,
      continuous: false,
      run_as: { service_principal_name: ORCHESTRATOR },
      lifecycle: { prevent_destroy: true },
      ingestion_definition: {
        ingestion_gateway_id: `\${databricks_pipeline.${gateway.name}.id}`,
        objects: [
          {
            table: {
              source_catalog: "orders",
              source_schema: "dbo",
              source_table: "Orders",
              destination_catalog: "lakehouse_prod_main",
              destination_schema: "bronze",
              table_configuration: { scd_type: "SCD_TYPE_1" },
            },
          },
          {
            table: {
              source_catalog: "orders",
              source_schema: "dbo",
              source_table: "Customers",
              destination_catalog: "lakehouse_prod_main",
              destination_schema: "bronze",
              destination_table: "customers_history",
              table_configuration: { scd_type: "SCD_TYPE_2" },
            },
          },
        ],
      },
    });
    const definition = pipeline.block.ingestion_definition as Record<string, unknown>;
    expect(definition.connection_name).toBeUndefined();
    for (const key of ["photon", "edition", "channel", "cluster", "library", "target"]) expect(pipeline.block[key]).toBeUndefined();
  });

  it("names the destination tables it creates", () => {
    expect(ingestion.destinationTables).toEqual(["lakehouse_prod_main.bronze.orders", "lakehouse_prod_main.bronze.customers_history"]);
  });

  it("lets the orchestrator use the connection, and the pipelines wait for that grant", () => {
    const grants = s.resource("databricks_grants", "/Source/ConnectionGrants/Grants");
    expect(grants.block).toMatchObject({
      foreign_connection: `\${databricks_connection.${connection.name}.name}`,
      grant: [{ principal: ORCHESTRATOR, privileges: ["USE_CONNECTION"] }],
    });
    expect(gateway.block.depends_on).toContain(`databricks_grants.${grants.name}`);
    expect(pipeline.block.depends_on).toContain(`databricks_grants.${grants.name}`);
  });

  it("gives viewers CAN_VIEW on both pipelines, and later grants reach both", () => {
    ingestion.grantRun(groupPrincipal("lakehouse-prod-operators"));
    const after = synthesize(stack);
    const acls = Object.values(after.resources("databricks_permissions"));
    expect(acls.map((acl) => acl.pipeline_id).sort()).toEqual(
      [`\${databricks_pipeline.${gateway.name}.id}`, `\${databricks_pipeline.${pipeline.name}.id}`].sort(),
    );
    for (const acl of acls) {
      expect(acl.access_control).toEqual([
        { group_name: "lakehouse-prod-engineers", permission_level: "CAN_VIEW" },
        { group_name: "lakehouse-prod-operators", permission_level: "CAN_RUN" },
      ]);
    }
  });

  it("e-mails failures of both pipelines", () => {
    for (const block of [gateway.block, pipeline.block]) {
      expect(block.notification).toEqual([expect.objectContaining({ email_recipients: ["data-oncall@example.com"] })]);
    }
  });

  it("puts the gateway on the instance type when given", () => {
    const out = synthesize(build({ ...DATABASE, gatewayPolicyId: "ABC123", gatewayNodeTypeId: "r5.xlarge" }).stack);
    expect(out.resource("databricks_pipeline", "/Source/Gateway").block.cluster).toEqual([
      { label: "default", policy_id: "ABC123", apply_policy_default_values: true, node_type_id: "r5.xlarge", driver_node_type_id: "r5.xlarge" },
    ]);
  });

  it("passes the guardrails", () => {
    expect(guardrailFindings(stack)).toEqual([]);
  });
});

describe("LakeflowConnectIngestion for a SaaS source", () => {
  const { stack, ingestion } = build(SALESFORCE, salesforceOptions);
  const s = synthesize(stack);
  const connection = s.resource("databricks_connection", "/Source/Connection");

  it("has no gateway: the ingestion pipeline reads through the connection", () => {
    expect(Object.keys(s.resources("databricks_pipeline"))).toHaveLength(1);
    expect(ingestion.gatewayPipelineId).toBeUndefined();
    expect(ingestion.gatewayPermissions).toBeUndefined();
    const pipeline = s.resource("databricks_pipeline", "/Source/Ingestion").block;
    expect(pipeline).toMatchObject({
      serverless: true,
      catalog: "lakehouse_prod_main",
      schema: "bronze",
      ingestion_definition: {
        connection_name: `\${databricks_connection.${connection.name}.name}`,
        objects: [
          { table: { source_schema: "objects", source_table: "Account", destination_catalog: "lakehouse_prod_main", destination_schema: "bronze" } },
          {
            table: {
              source_schema: "objects",
              source_table: "Opportunity",
              destination_catalog: "lakehouse_prod_main",
              destination_schema: "bronze",
              table_configuration: { scd_type: "SCD_TYPE_2" },
            },
          },
        ],
      },
    });
    expect((pipeline.ingestion_definition as Record<string, unknown>).ingestion_gateway_id).toBeUndefined();
  });

  it("reads the OAuth client and refresh token by reference", () => {
    expect(connection.block.connection_type).toBe("SALESFORCE");
    expect(connection.block.options).toEqual({
      client_id: secretRef(s, "username"),
      client_secret: secretRef(s, "password"),
      refresh_token: secretRef(s, "password"),
    });
  });

  it("names the lowercase destination tables", () => {
    expect(ingestion.destinationTables).toEqual(["lakehouse_prod_main.bronze.account", "lakehouse_prod_main.bronze.opportunity"]);
  });

  it("ingests whole schemas without listing their tables", () => {
    const whole = build({ ...DATABASE, tables: undefined, schemas: [{ sourceCatalog: "orders", sourceSchema: "dbo" }] });
    const block = synthesize(whole.stack).resource("databricks_pipeline", "/Source/Ingestion").block;
    expect((block.ingestion_definition as { objects: unknown[] }).objects).toEqual([
      { schema: { source_catalog: "orders", source_schema: "dbo", destination_catalog: "lakehouse_prod_main", destination_schema: "bronze" } },
    ]);
    expect(whole.ingestion.destinationTables).toEqual([]);
  });

  it("passes the guardrails", () => {
    expect(guardrailFindings(stack)).toEqual([]);
  });
});

describe("LakeflowConnectIngestion validation", () => {
  it("refuses literal secrets and missing options, naming each option", () => {
    expect(() => build(DATABASE, () => ({ host: "db", user: "ingest", password: "hunter2" }))).toThrow(
      /connectionOptions: SQLSERVER needs port.*\n.*connectionOptions\.password: is a literal; read it from Secrets Manager/,
    );
    expect(() => build(SALESFORCE, (c) => ({ client_id: "abc", client_secret: c.password, refresh_token: "tok" }))).toThrow(
      /connectionOptions\.refresh_token: is a literal/,
    );
    expect(() => build(SALESFORCE, (c) => ({ client_id: "abc", client_secret: c.password }))).toThrow(
      /connectionOptions: SALESFORCE needs refresh_token/,
    );
  });

  it("refuses an unknown type, database tables without a schema, duplicate destinations and no objects, naming each prop", () => {
    expect(() => build({ ...DATABASE, connectionType: "ORACLE" as never })).toThrow(
      /connectionType: "ORACLE" is not supported; use one of SALESFORCE, SQLSERVER/,
    );
    expect(() => build({ ...DATABASE, tables: [{ sourceTable: "orders" }, { sourceSchema: "sales", sourceTable: "ORDERS" }] })).toThrow(
      /tables\[0\]\.sourceSchema: not given.*\n.*tables\[1\]: destination table "orders" is also tables\[0\]'s/,
    );
    expect(() => build({ ...DATABASE, tables: [], schemas: [] })).toThrow(/tables: none given \(and no schemas\)/);
  });

  it("refuses gateway settings on a SaaS source and a full name as destination schema", () => {
    expect(() => build({ ...SALESFORCE, gatewayPolicyId: "ABC", destinationSchema: "lakehouse_prod_main.bronze" }, salesforceOptions)).toThrow(
      /destinationSchema: "lakehouse_prod_main\.bronze" is not a bare Unity Catalog name[^]*gatewayPolicyId: is set, but SALESFORCE is a SaaS source/,
    );
  });

  it("refuses a group as run_as", () => {
    expect(() => build({ ...DATABASE, runAs: ENGINEERS })).toThrow(/runAs: "lakehouse-prod-engineers" is a group/);
  });

  it("refuses a database source without a gateway cluster policy", () => {
    expect(() => build({ ...DATABASE, gatewayPolicyId: undefined })).toThrow(
      /gatewayPolicyId: not given; a SQLSERVER source runs its gateway on classic compute/,
    );
  });
});
