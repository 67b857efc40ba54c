import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DeclarativePipeline, type DeclarativePipelineProps } from "../../../../modules/databricks/pipelines/declarative-pipeline";
import { PIPELINE_FAILURE_ALERTS } from "../../../../modules/databricks/pipelines/pipeline-settings";
import { groupPrincipal, servicePrincipal, userPrincipal } from "../../../../modules/databricks/principal";
import { synthesize } from "../../../synth-json";
import { guardrailFindings, pipelinesStack, sourceFolder } from "./pipelines-fixture";

const ORCHESTRATOR = "9f0e1d2c-3b4a-5968-7a6b-5c4d3e2f1a0b";
const FILES = ["orders/bronze.sql", "orders/silver.sql", "orders/gold.py"];

function sources(): string {
  return sourceFolder({
    "orders/bronze.sql": "CREATE OR REFRESH STREAMING TABLE ${lakehouse.bronze_schema}.orders_cdc AS SELECT 1;\n",
    "orders/silver.sql": "CREATE OR REFRESH STREAMING TABLE ${lakehouse.silver_schema}.orders;\n",
    "orders/gold.py": "from pyspark import pipelines as dp\n",
  });
}

function build(props: Partial<DeclarativePipelineProps> = {}, root = sources()) {
  const { stack, workspace } = pipelinesStack();
  const pipeline = new DeclarativePipeline(stack, "Orders", {
    provider: workspace,
    name: "lakehouse-prod-orders",
    catalog: "lakehouse_prod_main",
    schema: "bronze",
    sourceRoot: root,
    sourceFiles: FILES,
    workspaceFolder: "/Shared/lakehouse/prod/pipelines",
    runAs: servicePrincipal(ORCHESTRATOR),
    configuration: { "lakehouse.bronze_schema": "lakehouse_prod_main.bronze", "lakehouse.silver_schema": "lakehouse_prod_main.silver" },
    failureEmailRecipients: ["data-oncall@example.com"],
    tags: { Component: "ingestion" },
    viewers: [groupPrincipal("lakehouse-prod-engineers")],
    runners: [groupPrincipal("lakehouse-prod-operators")],
    managers: [groupPrincipal("lakehouse-prod-platform-admins")],
    ...props,
  });
  return { stack, pipeline, root };
}

describe("DeclarativePipeline", () => {
  const { stack } = build();
  const s = synthesize(stack);
  const pipeline = s.resource("databricks_pipeline", "/Orders/Pipeline");

  it("runs serverless with Photon, publishing into the catalog and default schema in direct publishing mode", () => {
    expect(pipeline.block).toMatchObject({
      provider: "databricks.workspace",
      name: "lakehouse-prod-orders",
      catalog: "lakehouse_prod_main",
      schema: "bronze",
      serverless: true,
      photon: true,
      channel: "CURRENT",
      continuous: false,
      development: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(pipeline.block.target).toBeUndefined();
    expect(pipeline.block.cluster).toBeUndefined();
    expect(pipeline.block.edition).toBeUndefined();
  });

  it("runs as the orchestrator service principal", () => {
    expect(pipeline.block.run_as).toEqual({ service_principal_name: ORCHESTRATOR });
  });

  it("lists each uploaded file as a file library, by reference to its upload, in order", () => {
    const refs = FILES.map((file) => ({ file: { path: s.ref("databricks_workspace_file", `/Orders/Sources/${file.replace("/", "--")}`, "path") } }));
    expect(pipeline.block.library).toEqual(refs);
    expect(s.resource("databricks_workspace_file", "/Orders/Sources/orders--gold.py").block.path).toBe(
      "/Shared/lakehouse/prod/pipelines/orders/gold.py",
    );
    expect(pipeline.block.root_path).toBe("/Shared/lakehouse/prod/pipelines");
  });

  it("passes the configuration, tags and failure e-mails", () => {
    expect(pipeline.block.configuration).toEqual({
      "lakehouse.bronze_schema": "lakehouse_prod_main.bronze",
      "lakehouse.silver_schema": "lakehouse_prod_main.silver",
    });
    expect(pipeline.block.tags).toEqual({ Component: "ingestion" });
    expect(pipeline.block.notification).toEqual([{ email_recipients: ["data-oncall@example.com"], alerts: [...PIPELINE_FAILURE_ALERTS] }]);
    expect(PIPELINE_FAILURE_ALERTS).not.toContain("on-update-success");
  });

  it("gives viewers CAN_VIEW, runners CAN_RUN and managers CAN_MANAGE on the pipeline, in one databricks_permissions", () => {
    const permissions = Object.values(s.resources("databricks_permissions"));
    expect(permissions).toHaveLength(1);
    expect(permissions[0]).toMatchObject({
      pipeline_id: `\${databricks_pipeline.${pipeline.name}.id}`,
      access_control: [
        { group_name: "lakehouse-prod-engineers", permission_level: "CAN_VIEW" },
        { group_name: "lakehouse-prod-operators", permission_level: "CAN_RUN" },
        { group_name: "lakehouse-prod-platform-admins", permission_level: "CAN_MANAGE" },
      ],
    });
  });

  it("keeps a principal's highest level, names service principals and users by their attribute, and takes an owner", () => {
    const { stack: other, pipeline: p } = build({ owner: servicePrincipal(ORCHESTRATOR) });
    p.grantRun(groupPrincipal("lakehouse-prod-engineers"));
    p.grantView(groupPrincipal("lakehouse-prod-operators"));
    p.grantView(userPrincipal("jane@example.com"));
    const [acl] = Object.values(synthesize(other).resources("databricks_permissions"));
    expect(acl.access_control).toEqual([
      { group_name: "lakehouse-prod-engineers", permission_level: "CAN_RUN" },
      { group_name: "lakehouse-prod-operators", permission_level: "CAN_RUN" },
      { group_name: "lakehouse-prod-platform-admins", permission_level: "CAN_MANAGE" },
      { service_principal_name: ORCHESTRATOR, permission_level: "IS_OWNER" },
      { user_name: "jane@example.com", permission_level: "CAN_VIEW" },
    ]);
  });

  it("creates no permissions when nobody is granted, no notification without recipients", () => {
    const { stack: bare } = build({
      viewers: undefined,
      runners: undefined,
      managers: undefined,
      failureEmailRecipients: undefined,
      configuration: undefined,
    });
    const out = synthesize(bare);
    expect(out.resources("databricks_permissions")).toEqual({});
    expect(out.resource("databricks_pipeline", "/Orders/Pipeline").block.notification).toBeUndefined();
    expect(out.resource("databricks_pipeline", "/Orders/Pipeline").block.configuration).toBeUndefined();
  });

  it("redeploys a changed file: its content_base64 changes, the pipeline's libraries stay", () => {
    const first = build();
    const before = synthesize(first.stack);
    writeFileSync(join(first.root, "orders/silver.sql"), "CREATE OR REFRESH MATERIALIZED VIEW ${lakehouse.silver_schema}.orders AS SELECT 2;\n");
    const after = synthesize(build({}, first.root).stack);
    const content = (x: typeof before) => x.resource("databricks_workspace_file", "/Orders/Sources/orders--silver.sql").block.content_base64;
    expect(content(after)).not.toBe(content(before));
    const libraries = (x: typeof before) => x.resource("databricks_pipeline", "/Orders/Pipeline").block.library;
    expect(libraries(after)).toEqual(libraries(before));
  });

  it("passes the guardrails", () => {
    expect(guardrailFindings(stack)).toEqual([]);
  });

  it("refuses a group as run_as or owner, a full schema name, a bad channel, e-mail, file type and tag count, naming each prop", () => {
    const tags = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`t${i}`, "x"]));
    expect(() =>
      build({
        runAs: groupPrincipal("lakehouse-prod-engineers"),
        owner: groupPrincipal("lakehouse-prod-engineers"),
        schema: "lakehouse_prod_main.bronze",
        channel: "BETA" as never,
        failureEmailRecipients: ["oncall"],
        tags,
        sourceFiles: ["orders/README.md"],
      }),
    ).toThrow(
      new RegExp(
        [
          'runAs: "lakehouse-prod-engineers" is a group',
          'channel: "BETA" is not a release channel',
          'failureEmailRecipients\\[0\\]: "oncall" is not an e-mail address',
          "tags: 26 given; a pipeline takes at most 25",
          'owner: "lakehouse-prod-engineers" is a group',
          'schema: "lakehouse_prod_main.bronze" is not a bare Unity Catalog name',
          'sourceFiles\\[0\\]: "orders/README.md" is neither .sql nor .py',
        ].join("[^]*"),
      ),
    );
  });

  it("refuses a missing source file, naming it", () => {
    expect(() => build({ sourceFiles: ["orders/bronze.sql", "orders/missing.sql"] })).toThrow(/files\[1\]: "orders\/missing\.sql" does not exist/);
  });

  it("refuses granting to every workspace user", () => {
    expect(() => build({ viewers: [groupPrincipal("users")] })).toThrow(/principal: "users" is everyone in the workspace/);
  });
});
