/**
 * The synthesized `<env>-serving` stack of every registered environment: its place among the layers and its contract,
 * the warehouses, the Model Serving endpoints behind AI Gateway and the Bedrock role, Lakebase, the operational
 * stores and their publish job, QuickSight, the dashboard, the app, and what the layer asks of the layers below.
 * One build per environment, shared by every test; the workspace and unity-catalog stacks are synthesized once, on
 * first use.
 */
import { APPS_ROOT, LAKEHOUSE_ASSISTANT } from "../../../apps/manifest";
import { FRESHNESS_VALUE_COLUMN, LAKEHOUSE_OVERVIEW, freshnessQuery } from "../../../dashboards/manifest";
import { eventLogTableOf } from "../../../pipelines/manifest";
import { enabledPipelines } from "../../../stacks/ingestion/sample-pipelines";
import { FRESHNESS_MAX_AGE_HOURS } from "../../../stacks/serving/analysis";
import { LAKEBASE_SYNC_WAIT_SECONDS } from "../../../stacks/serving/lakebase";
import { publishedGoldTables, PUBLISHED_SUMMARY } from "../../../environments/rules/serving";
import { PUBLISH_TASK } from "../../../pipelines/serving/manifest";
import { servingGrantRequests } from "../../../stacks/serving/grant-requests";
import { PUBLISHER_DB_USER } from "../../../stacks/serving/operational-stores";
import { ServingOutputs } from "../../../stacks/serving/outputs";
import { WorkspaceOutputs } from "../../../stacks/workspace/outputs";
import { accountGroupName, bedrockRoleName } from "../../../stacks/shared/names";
import type { JsonStatement } from "../../iam-json";
import type { Block, SynthesizedStack } from "../../synth-json";
import { allResources, asList, rolePolicyStatements } from "../ingestion/ingestion-fixture";
import {
  DATA_KEY,
  REGISTERED,
  allKeys,
  applicationIdOf,
  buildServing,
  fromIngestion,
  fromStorage,
  fromUnityCatalog,
  fromWorkspace,
  mapEntry,
  servingVariant,
  type BuiltServing,
} from "./serving-fixture";

let built: Record<string, BuiltServing> = {};
beforeAll(() => {
  built = buildServing(REGISTERED);
});

const ENVS = REGISTERED.map((c) => c.name);
const LAYERS_BELOW = ["network-storage", "workspace", "unity-catalog", "ingestion"];

interface AccessControl {
  readonly group_name?: string;
  readonly service_principal_name?: string;
  readonly permission_level: string;
}
const accessOf = (block: Block) => block.access_control as AccessControl[];
const who = (a: AccessControl) => a.group_name ?? a.service_principal_name;

describe("the registered environments together", () => {
  it("turn on every serving component in at least one environment, so no test below is vacuous", () => {
    const on = (f: (c: (typeof REGISTERED)[number]) => boolean) => REGISTERED.some(f);
    expect({
      warehouses: on((c) => c.serving.warehouses.length > 0),
      bedrock: on((c) => c.serving.endpoints.some((e) => e.models.some((m) => m.provider === "amazon-bedrock"))),
      keyedModel: on((c) => c.serving.endpoints.some((e) => e.models.some((m) => m.provider !== "amazon-bedrock"))),
      fallback: on((c) => c.serving.endpoints.some((e) => e.models.length > 1)),
      guardrails: on((c) => c.serving.endpoints.some((e) => e.guardrails.pii !== "NONE" || e.guardrails.safety)),
      lakebase: on((c) => c.serving.lakebase !== undefined),
      rds: on((c) => c.serving.rds !== undefined),
      dynamodb: on((c) => c.serving.dynamodb.tables.length > 0),
      quicksight: on((c) => c.serving.quicksight !== undefined),
      dashboard: on((c) => c.serving.dashboard !== undefined),
      app: on((c) => c.serving.app !== undefined),
    }).toEqual({
      warehouses: true,
      bedrock: true,
      keyedModel: true,
      fallback: true,
      guardrails: true,
      lakebase: true,
      rds: true,
      dynamodb: true,
      quicksight: true,
      dashboard: true,
      app: true,
    });
  });
});

describe.each(ENVS)("serving in %s", (env) => {
  const b = () => built[env];
  const s = (): SynthesizedStack => built[env].serving;
  const config = () => built[env].config;
  const serving = () => built[env].config.serving;
  const group = (key: string) => accountGroupName(b().stacks.serving.naming, key);
  const owner = () => group(config().unityCatalog.grants.owner);
  const output = (field: keyof ServingOutputs) => s().json.output?.[ServingOutputs.outputName(field)]?.value as Record<string, string>;

  describe("place among the layers and contract", () => {
    it("is the <env>-serving stack, depending on the four layers below", () => {
      const { stacks } = b();
      expect(stacks.serving.node.id).toBe(`${env}-serving`);
      expect(stacks.serving.dependencies).toEqual(
        expect.arrayContaining([stacks.networkStorage, stacks.workspace, stacks.unityCatalog, stacks.ingestion]),
      );
    });

    it("reads the four layers below from their remote states in the environment's state bucket", () => {
      const states = s().dataSources("terraform_remote_state");
      expect(Object.keys(states).sort()).toEqual([...LAYERS_BELOW].sort());
      for (const layer of LAYERS_BELOW)
        expect(states[layer]).toMatchObject({ backend: "s3", config: { key: `${env}/${layer}.tfstate`, bucket: config().state.bucket } });
      expect(s().json.terraform.backend?.s3).toMatchObject({ key: `${env}/serving.tfstate`, bucket: config().state.bucket });
    });

    it("publishes every ServingOutputs field as a described output, and nothing else", () => {
      const names = (Object.keys(ServingOutputs.fields) as (keyof ServingOutputs)[]).map((f) => ServingOutputs.outputName(f));
      expect(Object.keys(s().json.output ?? {}).sort()).toEqual([...names].sort());
      for (const name of names) expect(s().json.output?.[name]?.description).toEqual(expect.any(String));
    });

    it("publishes what it creates under the config keys, empty where a component is off", () => {
      const warehouseKeys = serving().warehouses.map((w) => w.name);
      expect(Object.keys(output("warehouseIds")).sort()).toEqual([...warehouseKeys].sort());
      for (const key of warehouseKeys) {
        const id = s().ref("databricks_sql_endpoint", `/Warehouse-${key}/Warehouse`, "id");
        expect(output("warehouseIds")[key]).toBe(id);
        expect(output("warehouseHttpPaths")[key]).toBe(`/sql/1.0/warehouses/${id}`);
      }
      const endpointKeys = [...serving().endpoints.map((e) => e.name), ...serving().customModels.map((m) => m.name)];
      expect(Object.keys(output("endpointNames")).sort()).toEqual([...endpointKeys].sort());
      for (const key of endpointKeys) {
        const name = s().ref("databricks_model_serving", `/Endpoint-${key}/Endpoint`, "name");
        expect(output("endpointNames")[key]).toBe(name);
        expect(output("endpointUrls")[key]).toBe(`${fromWorkspace("workspace_url")}/serving-endpoints/${name}/invocations`);
      }
      expect(Object.keys(output("lakebase")).sort()).toEqual(serving().lakebase ? ["catalog", "instance-name", "read-write-dns"] : []);
      expect(Object.keys(output("rds")).sort()).toEqual(serving().rds ? ["database", "endpoint", "master-secret-arn"] : []);
      expect(Object.keys(output("dynamodbTables")).sort()).toEqual(
        serving()
          .dynamodb.tables.map((t) => t.name)
          .sort(),
      );
      expect(Object.keys(output("dashboardIds"))).toEqual(serving().dashboard ? ["lakehouse-overview"] : []);
      expect(Object.keys(output("appUrls"))).toEqual(serving().app ? ["lakehouse-assistant"] : []);
      expect(Object.keys(output("quicksightDataSources"))).toEqual(serving().quicksight ? ["databricks"] : []);
    });

    it("has no attribute whose name ends in _plaintext anywhere in its JSON", () => {
      expect(allKeys(s().json).filter((k) => /_plaintext$/.test(k))).toEqual([]);
    });
  });

  describe("SQL warehouses", () => {
    it("creates exactly the configured warehouses, serverless PRO, with size, clusters, auto stop and channel from config", () => {
      expect(Object.keys(s().resources("databricks_sql_endpoint"))).toHaveLength(serving().warehouses.length);
      for (const spec of serving().warehouses) {
        const { block } = s().resource("databricks_sql_endpoint", `/Warehouse-${spec.name}/Warehouse`);
        expect(block).toMatchObject({
          name: b().stacks.serving.naming.name(spec.name),
          cluster_size: spec.size,
          min_num_clusters: spec.minClusters,
          max_num_clusters: spec.maxClusters,
          auto_stop_mins: spec.autoStopMinutes,
          enable_serverless_compute: true,
          warehouse_type: "PRO",
          channel: { name: `CHANNEL_NAME_${spec.channel}` },
        });
      }
    });

    it("lets the warehouse users, QuickSight's principal on its warehouse and the freshness alert's run-as on the dashboard's use them", () => {
      const { quicksight, dashboard } = serving();
      for (const spec of serving().warehouses) {
        const { block } = s().resource("databricks_permissions", `/Warehouse-${spec.name}/Permissions`);
        expect(block.sql_endpoint_id).toBe(s().ref("databricks_sql_endpoint", `/Warehouse-${spec.name}/Warehouse`, "id"));
        const clients = [
          ...(quicksight?.warehouse === spec.name ? [applicationIdOf(quicksight.servicePrincipal)] : []),
          ...(dashboard?.warehouse === spec.name ? [applicationIdOf(config().ingestion.runAs)] : []),
        ];
        const access = accessOf(block);
        expect(access.filter((a) => a.permission_level === "CAN_USE").map(who)).toEqual([...serving().warehouseUsers.map(group), ...clients]);
        expect(access.filter((a) => a.permission_level === "CAN_MANAGE").map(who)).toEqual([owner()]);
        expect(access.every((a) => ["CAN_USE", "CAN_MANAGE"].includes(a.permission_level))).toBe(true);
      }
    });
  });

  describe("Model Serving and AI Gateway", () => {
    const endpointOf = (key: string) => s().resource("databricks_model_serving", `/Endpoint-${key}/Endpoint`).block;
    const gatewayOf = (key: string) => endpointOf(key).ai_gateway as Record<string, unknown>;
    const entitiesOf = (key: string) => (endpointOf(key).config as { served_entities: Record<string, unknown>[] }).served_entities;
    const bedrockIds = () => [
      ...new Set(serving().endpoints.flatMap((e) => e.models.flatMap((m) => (m.provider === "amazon-bedrock" ? [m.model] : [])))),
    ];

    it("creates exactly the configured endpoints", () => {
      expect(Object.keys(s().resources("databricks_model_serving"))).toHaveLength(serving().endpoints.length + serving().customModels.length);
    });

    it("serves each endpoint's models in order: Bedrock through the instance profile, keyed providers by secret reference", () => {
      const profileArn =
        bedrockIds().length > 0 ? s().ref("databricks_instance_profile", "/BedrockAccess/DatabricksInstanceProfile", "instance_profile_arn") : "";
      const scope = () => s().resource("databricks_secret_scope", "/ExternalModelSecrets/Scope").block.name as string;
      for (const spec of serving().endpoints) {
        expect(endpointOf(spec.name).name).toBe(b().stacks.serving.naming.name(spec.name));
        const entities = entitiesOf(spec.name);
        expect(entities).toHaveLength(spec.models.length);
        spec.models.forEach((model, i) => {
          const external = entities[i].external_model as Record<string, unknown>;
          expect(external).toMatchObject({ name: model.model, provider: model.provider, task: spec.task });
          if (model.provider === "amazon-bedrock")
            expect(external.amazon_bedrock_config).toEqual({
              aws_region: config().aws.region,
              bedrock_provider: model.bedrockProvider,
              instance_profile_arn: profileArn,
            });
          else expect(external[`${model.provider}_config`]).toEqual({ [`${model.provider}_api_key`]: `{{secrets/${scope()}/${model.secretKey}}}` });
        });
        const routes = (endpointOf(spec.name).config as { traffic_config: { routes: { traffic_percentage: number }[] } }).traffic_config.routes;
        expect(routes.map((r) => r.traffic_percentage)).toEqual(spec.models.map((_, i) => (i === 0 ? 100 : 0)));
      }
    });

    it("tracks usage and writes inference tables into the catalog's ml schema on every endpoint", () => {
      for (const key of Object.keys(output("endpointNames"))) {
        expect(gatewayOf(key).usage_tracking_config).toEqual({ enabled: true });
        expect(gatewayOf(key).inference_table_config).toMatchObject({
          enabled: true,
          catalog_name: fromUnityCatalog("catalog_name"),
          schema_name: "ml",
        });
      }
    });

    it("enforces the configured rate limits, guardrails when configured, and fallback when an endpoint has two models or more", () => {
      for (const spec of serving().endpoints) {
        const gateway = gatewayOf(spec.name);
        expect(gateway.rate_limits).toEqual([
          { calls: spec.rateLimits.perUserPerMinute, key: "user", renewal_period: "minute" },
          { calls: spec.rateLimits.perEndpointPerMinute, key: "endpoint", renewal_period: "minute" },
        ]);
        const { pii, safety } = spec.guardrails;
        if (pii === "NONE" && !safety) expect(gateway.guardrails).toBeUndefined();
        else {
          const guardrails = gateway.guardrails as { input: Record<string, unknown>; output?: Record<string, unknown> };
          expect(guardrails.input.pii).toEqual(pii === "NONE" ? undefined : { behavior: pii });
          expect(guardrails.output?.pii).toEqual(pii === "NONE" ? undefined : { behavior: pii });
          expect(guardrails.input.safety).toBe(safety ? true : undefined);
        }
        expect(gateway.fallback_config).toEqual(spec.models.length >= 2 ? { enabled: true } : undefined);
      }
    });

    it("lets the endpoint users query, the owner group manage and the app's service principal query its endpoint", () => {
      for (const key of Object.keys(output("endpointNames"))) {
        const { block } = s().resource("databricks_permissions", `/Endpoint-${key}/Permissions`);
        expect(block.serving_endpoint_id).toBe(s().ref("databricks_model_serving", `/Endpoint-${key}/Endpoint`, "serving_endpoint_id"));
        const app = serving().app?.endpoint === key ? [s().ref("databricks_app", "/App/App", "service_principal_client_id")] : [];
        const access = accessOf(block);
        expect(access.filter((a) => a.permission_level === "CAN_QUERY").map(who)).toEqual([...serving().endpointUsers.map(group), ...app]);
        expect(access.filter((a) => a.permission_level === "CAN_MANAGE").map(who)).toEqual([owner()]);
      }
    });

    it("lets the Bedrock role invoke exactly the configured models, and registers its instance profile", () => {
      const ids = bedrockIds();
      if (ids.length === 0) {
        expect(s().resources("databricks_instance_profile")).toEqual({});
        return;
      }
      const statements = rolePolicyStatements(s(), "/BedrockAccess/Policy");
      expect(statements).toHaveLength(1);
      expect(statements[0].Effect).toBe("Allow");
      expect(asList(statements[0].Action).sort()).toEqual(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]);
      expect(asList(statements[0].Resource).sort()).toEqual(ids.map((id) => `arn:aws:bedrock:${config().aws.region}::foundation-model/${id}`).sort());
      expect(statements[0].Condition).toBeUndefined();
      expect(s().resource("aws_iam_role", "/BedrockAccess/Role").block.name).toBe(bedrockRoleName(b().stacks.serving.naming));
      expect(s().resource("aws_iam_role_policy", "/BedrockAccess/Policy").block.role).toBe(s().ref("aws_iam_role", "/BedrockAccess/Role", "id"));
      expect(s().resource("databricks_instance_profile", "/BedrockAccess/DatabricksInstanceProfile").block).toMatchObject({
        iam_role_arn: s().ref("aws_iam_role", "/BedrockAccess/Role", "arn"),
        instance_profile_arn: s().ref("aws_iam_instance_profile", "/BedrockAccess/InstanceProfile", "arn"),
      });
      // No other policy of the stack grants Bedrock.
      const bedrockAnywhere = allResources(s()).filter(
        (r) =>
          r.path !== `${env}-serving/BedrockAccess/Policy` && Object.values(r.block).some((v) => typeof v === "string" && v.includes("bedrock:")),
      );
      expect(bedrockAnywhere.map((r) => r.path)).toEqual([]);
    });

    it("lets the workspace's cross-account role pass exactly the Bedrock role, named as the serving layer names it", () => {
      const policy = b().workspace.dataSource("databricks_aws_crossaccount_policy", "/CrossAccount/Permissions").block;
      expect(policy.pass_roles).toEqual(
        bedrockIds().length > 0 ? [`arn:aws:iam::${config().aws.accountId}:role/${bedrockRoleName(b().stacks.workspace.naming)}`] : undefined,
      );
    });
  });

  describe("Lakebase", () => {
    const lakebase = () => serving().lakebase;

    it("sizes the instance per config and registers its database as a catalog", () => {
      const spec = lakebase();
      if (!spec) {
        expect(s().resources("databricks_database_instance")).toEqual({});
        return;
      }
      expect(s().resource("databricks_database_instance", "/Lakebase/Instance").block).toMatchObject({
        name: b().stacks.serving.naming.name("lakebase"),
        capacity: spec.capacity,
      });
      expect(s().resource("databricks_database_database_catalog", "/Lakebase/Catalog").block).toMatchObject({
        name: b().stacks.serving.naming.unityCatalog("lakebase"),
        database_instance_name: s().ref("databricks_database_instance", "/Lakebase/Instance", "name"),
      });
    });

    it("syncs each configured table from the ingestion layer's gold_tables entry, with its primary key", () => {
      const spec = lakebase();
      const synced = Object.values(s().resources("databricks_database_synced_database_table"));
      expect(synced).toHaveLength(spec?.syncedTables.length ?? 0);
      for (const t of spec?.syncedTables ?? []) {
        const { block } = s().resource("databricks_database_synced_database_table", `/Lakebase/Synced-public-${t.table}`);
        expect(block.name).toBe(`${b().stacks.serving.naming.unityCatalog("lakebase")}.public.${t.table}`);
        expect(block.spec).toMatchObject({
          source_table_full_name: fromIngestion(mapEntry("gold_tables", t.table)),
          primary_key_columns: t.primaryKey,
          scheduling_policy: "SNAPSHOT",
        });
      }
    });

    it("keeps the catalog applications read through from being destroyed where data is protected", () => {
      if (!lakebase()) return;
      expect(s().resource("databricks_database_database_catalog", "/Lakebase/Catalog").block.lifecycle).toEqual({
        prevent_destroy: config().dataProtection,
      });
    });

    it("takes a new snapshot whenever the gold tables change: a job as the orchestrator, which may run the sync pipeline", () => {
      const spec = lakebase();
      if (!spec) {
        expect(Object.keys(s().resources("databricks_job")).filter((n) => n.includes("lakebase-sync"))).toEqual([]);
        return;
      }
      const first = spec.syncedTables[0].table;
      const pipeline = s().ref(
        "databricks_database_synced_database_table",
        `/Lakebase/Synced-public-${first}`,
        "data_synchronization_status.pipeline_id",
      );
      const job = s().resource("databricks_job", "/Job-lakebase-sync/Job").block;
      expect(job.run_as).toEqual({ service_principal_name: applicationIdOf(config().ingestion.runAs) });
      expect(job.task).toEqual([
        expect.objectContaining({ task_key: "sync_snapshot", pipeline_task: { pipeline_id: pipeline, full_refresh: false } }),
      ]);
      expect(job.trigger).toEqual({
        pause_status: "UNPAUSED",
        table_update: {
          table_names: [...new Set(spec.syncedTables.map((t) => fromIngestion(mapEntry("gold_tables", t.table))))],
          condition: "ANY_UPDATED",
          wait_after_last_change_seconds: LAKEBASE_SYNC_WAIT_SECONDS,
          min_time_between_triggers_seconds: spec.minMinutesBetweenSyncs * 60,
        },
      });
      expect(job.schedule).toBeUndefined();
      const { block } = s().resource("databricks_permissions", "/LakebaseSync-SNAPSHOT-Permissions/Permissions");
      expect(block.pipeline_id).toBe(pipeline);
      expect(accessOf(block).map((a) => [who(a), a.permission_level])).toEqual([
        [applicationIdOf(config().ingestion.runAs), "CAN_RUN"],
        [owner(), "CAN_MANAGE"],
      ]);
    });
  });

  describe("operational stores", () => {
    it("keeps RDS encrypted with the data key, protected, backed up, private, TLS-only and IAM-authenticated, multi-AZ per config", () => {
      const spec = serving().rds;
      if (!spec) {
        expect(s().resources("aws_db_instance")).toEqual({});
        return;
      }
      const { block } = s().resource("aws_db_instance", "/Rds/Instance");
      expect(block).toMatchObject({
        storage_encrypted: true,
        kms_key_id: DATA_KEY,
        deletion_protection: config().dataProtection,
        manage_master_user_password: true,
        iam_database_authentication_enabled: true,
        multi_az: spec.multiAz,
        publicly_accessible: false,
        instance_class: spec.instanceClass,
        allocated_storage: spec.allocatedStorageGb,
        parameter_group_name: s().ref("aws_db_parameter_group", "/Rds/ParameterGroup", "name"),
        vpc_security_group_ids: [s().ref("aws_security_group", "/Rds/SecurityGroup", "id")],
      });
      expect(block.backup_retention_period as number).toBeGreaterThanOrEqual(7);
      expect(block.password).toBeUndefined();
      expect(s().resource("aws_db_parameter_group", "/Rds/ParameterGroup").block.parameter).toContainEqual({ name: "rds.force_ssl", value: "1" });
      expect(s().resource("aws_db_subnet_group", "/Rds/SubnetGroup").block.subnet_ids).toBe(fromStorage("workspace_subnet_ids"));
    });

    it("admits RDS clients on 5432 only from the workspace security group and the configured client ranges", () => {
      const spec = serving().rds;
      if (!spec) return;
      const group = s().ref("aws_security_group", "/Rds/SecurityGroup", "id");
      const ingress = Object.values(s().resources("aws_vpc_security_group_ingress_rule")).filter((r) => r.security_group_id === group);
      expect(ingress.map((r) => r.referenced_security_group_id ?? r.cidr_ipv4).sort()).toEqual(
        [fromStorage("workspace_security_group_id"), ...spec.clientCidrs].sort(),
      );
      for (const rule of ingress) expect(rule).toMatchObject({ ip_protocol: "tcp", from_port: 5432, to_port: 5432 });
      expect(s().resource("aws_security_group", "/Rds/SecurityGroup").block.ingress).toBeUndefined();
    });

    it("creates every DynamoDB table on demand, with point-in-time recovery, the data key and deletion protection", () => {
      const tables = serving().dynamodb.tables;
      expect(Object.keys(s().resources("aws_dynamodb_table"))).toHaveLength(tables.length);
      for (const t of tables)
        expect(s().resource("aws_dynamodb_table", `/Dynamo-${t.name}/Table`).block).toMatchObject({
          name: b().stacks.serving.naming.name(t.name),
          hash_key: t.hashKey,
          billing_mode: "PAY_PER_REQUEST",
          point_in_time_recovery: { enabled: true },
          server_side_encryption: { enabled: true, kms_key_arn: DATA_KEY },
          deletion_protection_enabled: config().dataProtection,
        });
    });

    describe("the publish job", () => {
      const publishes = () => serving().rds !== undefined || serving().publish.dynamodbTable !== undefined;
      const job = () => s().resource("databricks_job", "/Job-publish/Job").block;
      const task = () => (job().task as Record<string, unknown>[])[0];

      it("exists exactly when RDS or a DynamoDB target is configured", () => {
        expect(allResources(s()).filter((r) => r.path.endsWith("/Job-publish/Job"))).toHaveLength(publishes() ? 1 : 0);
      });

      it("runs as the orchestrator the uploaded python task file on a job cluster bound to its policy", () => {
        if (!publishes()) return;
        expect(job().run_as).toEqual({ service_principal_name: applicationIdOf(config().ingestion.runAs) });
        const file = s().resource("databricks_workspace_file", `/PublishTaskSource/${PUBLISH_TASK.file.replace("/", "--")}`);
        expect(task().spark_python_task).toMatchObject({
          python_file: s().ref("databricks_workspace_file", `/PublishTaskSource/${PUBLISH_TASK.file.replace("/", "--")}`, "path"),
        });
        expect(file.block.content_base64).toEqual(expect.any(String));
        const cluster = (job().job_cluster as { job_cluster_key: string; new_cluster: Record<string, unknown> }[])[0];
        expect(task().job_cluster_key).toBe(cluster.job_cluster_key);
        expect(cluster.new_cluster.policy_id).toBe(s().ref("databricks_cluster_policy", "/PublishClusterPolicy/Policy", "policy_id"));
      });

      it("reads the gold table by the ingestion layer's reference and writes exactly the configured stores", () => {
        if (!publishes()) return;
        const parameters = (task().spark_python_task as { parameters: string[] }).parameters;
        const value = (option: string) => (parameters.includes(option) ? parameters[parameters.indexOf(option) + 1] : undefined);
        expect(value("--source-table")).toBe(fromIngestion(mapEntry("gold_tables", PUBLISHED_SUMMARY.table)));
        const options = parameters.filter((p) => p.startsWith("--"));
        expect(options).toEqual([
          ...PUBLISH_TASK.arguments,
          ...(serving().rds ? PUBLISH_TASK.rdsArguments : []),
          ...(serving().publish.dynamodbTable ? PUBLISH_TASK.dynamodbArguments : []),
        ]);
        if (serving().rds) {
          expect(value("--rds-host")).toBe(s().ref("aws_db_instance", "/Rds/Instance", "address"));
          expect(value("--rds-user")).toBe(PUBLISHER_DB_USER);
        }
        const target = serving().publish.dynamodbTable;
        if (target) expect(value("--dynamodb-table")).toBe(s().ref("aws_dynamodb_table", `/Dynamo-${target}/Table`, "name"));
      });

      it("limits the service credential's role to connecting as the publisher user and writing the target table", () => {
        if (!publishes()) return;
        const statements = rolePolicyStatements(s(), "/PublishCredential/Role/Policy");
        const target = serving().publish.dynamodbTable;
        const role = `arn:aws:iam::${config().aws.accountId}:role/${b().stacks.serving.naming.iam("uc-operational-stores")}`;
        const byAction = (st: JsonStatement): [string, string[]] => [asList(st.Resource).join(","), asList(st.Action).sort()];
        for (const st of statements) {
          const [resource, actions] = byAction(st);
          expect(st.Effect).toBe("Allow");
          if (actions.every((a) => a.startsWith("rds-db:"))) {
            expect(actions).toEqual(["rds-db:connect"]);
            expect(resource).toMatch(new RegExp(`:dbuser:\\$\\{aws_db_instance\\.[^}]+\\.resource_id\\}/${PUBLISHER_DB_USER}$`));
          } else if (actions.every((a) => a.startsWith("dynamodb:"))) {
            expect(resource).toBe(s().ref("aws_dynamodb_table", `/Dynamo-${target}/Table`, "arn"));
            expect(
              actions.filter((a) => !/^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem|ConditionCheckItem|DescribeTable)$/.test(a)),
            ).toEqual([]);
          } else if (actions.every((a) => a.startsWith("kms:"))) {
            expect(resource).toBe(DATA_KEY);
            expect(st.Condition).toEqual({ StringEquals: { "kms:ViaService": `dynamodb.${config().aws.region}.amazonaws.com` } });
          } else {
            // A Unity Catalog service credential's role must be able to assume itself.
            expect([resource, actions]).toEqual([role, ["sts:AssumeRole"]]);
          }
        }
        const kinds = statements.map((st) => asList(st.Action)[0].split(":")[0]).sort();
        expect(kinds).toEqual([...(target ? ["dynamodb", "kms"] : []), ...(serving().rds ? ["rds-db"] : []), "sts"].sort());
      });
    });
  });

  describe("QuickSight", () => {
    it("reads the configured warehouse by reference, signs in with the service principal's token secret, and is reachable privately", () => {
      const spec = serving().quicksight;
      if (!spec) {
        expect(s().resources("aws_quicksight_data_source")).toEqual({});
        return;
      }
      const { block } = s().resource("aws_quicksight_data_source", "/QuickSight/DataSource");
      expect(block).toMatchObject({
        type: "DATABRICKS",
        credentials: { secret_arn: fromWorkspace(mapEntry("service_principal_token_secret_arns", spec.servicePrincipal)) },
        parameters: {
          databricks: {
            host: `\${replace(${fromWorkspace("workspace_url").slice(2, -1)}, "https://", "")}`,
            port: 443,
            sql_endpoint_path: `/sql/1.0/warehouses/${s().ref("databricks_sql_endpoint", `/Warehouse-${spec.warehouse}/Warehouse`, "id")}`,
          },
        },
      });
      const privateWorkspace = config().network.frontEnd !== undefined && !(config().workspace.privateAccess?.publicAccessEnabled ?? false);
      const connections = Object.values(s().resources("aws_quicksight_vpc_connection"));
      expect(connections).toHaveLength(privateWorkspace ? 1 : 0);
      if (privateWorkspace) {
        expect(connections[0].subnet_ids).toBe(fromStorage("front_end_endpoint_subnet_ids"));
        expect((block.vpc_connection_properties as { vpc_connection_arn: string }).vpc_connection_arn).toBe(
          s().ref("aws_quicksight_vpc_connection", "/QuickSight/VpcConnection", "arn"),
        );
        // QuickSight's group: HTTPS out to the front-end endpoint, replies back in (its interfaces are not stateful);
        // the endpoint's group admits it on 443 only.
        const group = s().ref("aws_security_group", "/QuickSightSecurityGroup", "id");
        const endpointGroup = fromStorage(mapEntry("front_end", "endpoint-security-group-id"));
        expect(connections[0].security_group_ids).toEqual([group]);
        const rule = (type: string, path: string) => s().resource(type, path).block;
        expect(rule("aws_vpc_security_group_egress_rule", "/QuickSightToFrontEnd")).toMatchObject({
          security_group_id: group,
          referenced_security_group_id: endpointGroup,
          from_port: 443,
          to_port: 443,
        });
        expect(rule("aws_vpc_security_group_ingress_rule", "/QuickSightFromFrontEnd")).toMatchObject({
          security_group_id: group,
          referenced_security_group_id: endpointGroup,
        });
        expect(rule("aws_vpc_security_group_ingress_rule", "/FrontEndFromQuickSight")).toMatchObject({
          security_group_id: endpointGroup,
          referenced_security_group_id: group,
          from_port: 443,
          to_port: 443,
        });
        // Names resolve through the front end's inbound resolver (the rules require one): DNS both ways, TCP and UDP.
        expect(connections[0].dns_resolvers).toBe(fromStorage("front_end_resolver_ips"));
        const resolverGroup = fromStorage(mapEntry("front_end", "resolver-security-group-id"));
        for (const [suffix, protocol] of [
          ["Tcp", "tcp"],
          ["Udp", "udp"],
        ]) {
          expect(rule("aws_vpc_security_group_egress_rule", `/QuickSightToResolver${suffix}`)).toMatchObject({
            security_group_id: group,
            referenced_security_group_id: resolverGroup,
            ip_protocol: protocol,
            from_port: 53,
            to_port: 53,
          });
          expect(rule("aws_vpc_security_group_ingress_rule", `/QuickSightFromResolver${suffix}`)).toMatchObject({
            security_group_id: group,
            referenced_security_group_id: resolverGroup,
            ip_protocol: protocol,
          });
          expect(rule("aws_vpc_security_group_ingress_rule", `/Resolver${suffix}FromQuickSight`)).toMatchObject({
            security_group_id: resolverGroup,
            referenced_security_group_id: group,
            ip_protocol: protocol,
            from_port: 53,
            to_port: 53,
          });
        }
      }
    });

    it("signs in with a secret the workspace layer keeps empty for a token of QuickSight's service principal", () => {
      const spec = serving().quicksight;
      if (!spec) return;
      expect(config().workspace.servicePrincipals[spec.servicePrincipal].tokenSecret).toBe(true);
      const { block } = b().workspace.resource("aws_secretsmanager_secret", `/TokenSecret-${spec.servicePrincipal}`);
      expect(block).toMatchObject({
        name: `${config().project.prefix}/${config().name}/databricks/${spec.servicePrincipal}-token`,
        kms_key_id: fromStorage("data_key_arn"),
      });
      const tokenSecrets = b().workspace.json.output?.[WorkspaceOutputs.outputName("servicePrincipalTokenSecretArns")]?.value as Record<
        string,
        string
      >;
      expect(tokenSecrets[spec.servicePrincipal]).toBe(
        b().workspace.ref("aws_secretsmanager_secret", `/TokenSecret-${spec.servicePrincipal}`, "arn"),
      );
      // No value in Terraform: the token is stored outside it (docs/layers/serving.md).
      expect(Object.keys(b().workspace.resources("aws_secretsmanager_secret_version")).filter((name) => name.includes("TokenSecret"))).toEqual([]);
      // A bearer token: only QuickSight's role and the identity applying the serving stack may read it.
      const { block: policy } = s().resource("aws_secretsmanager_secret_policy", "/QuickSight/SecretPolicy");
      expect(policy.secret_arn).toBe(fromWorkspace(mapEntry("service_principal_token_secret_arns", spec.servicePrincipal)));
      const statement = (JSON.parse(policy.policy as string) as { Statement: JsonStatement[] }).Statement[0];
      expect(statement).toMatchObject({ Effect: "Deny", Principal: "*", Action: "secretsmanager:GetSecretValue" });
      expect((statement.Condition as Record<string, Record<string, string[]>>).StringNotLike["aws:PrincipalArn"]).toContain(
        config().aws.assumeRoleArn,
      );
    });
  });

  describe("the dashboard", () => {
    it("names only tables of the environment's catalog that its enabled pipelines publish, on the configured warehouse", () => {
      const spec = serving().dashboard;
      if (!spec) {
        expect(s().resources("databricks_dashboard")).toEqual({});
        return;
      }
      const { block } = s().resource("databricks_dashboard", "/Dashboard/Dashboard");
      expect(block.warehouse_id).toBe(s().ref("databricks_sql_endpoint", `/Warehouse-${spec.warehouse}/Warehouse`, "id"));
      const dashboard = JSON.parse(block.serialized_dashboard as string) as { datasets: { queryLines?: string[]; query?: string }[] };
      const catalog = b().unityCatalog.resource("databricks_catalog", `/Catalog-${config().unityCatalog.catalogs[0].name}/Catalog`).block
        .name as string;
      const sql = dashboard.datasets.map((d) => (d.queryLines ?? [d.query ?? ""]).join(""));
      const named = [...new Set(sql.flatMap((q) => [...q.matchAll(/\b(?:FROM|JOIN)\s+([\w.`]+)/gi)].map((m) => m[1])))];
      expect(named.length).toBeGreaterThan(0);
      const published = publishedGoldTables(config()).map((t) => `${catalog}.gold.${t}`);
      expect(named.filter((t) => !published.includes(t))).toEqual([]);
      expect(named.sort()).toEqual(LAKEHOUSE_OVERVIEW.tables.map((t) => `${catalog}.${t}`).sort());
    });

    it("has a freshness alert on the configured warehouse telling the configured destination", () => {
      const spec = serving().dashboard;
      if (!spec) {
        expect(s().resources("databricks_alert")).toEqual({});
        return;
      }
      const warehouse = s().ref("databricks_sql_endpoint", `/Warehouse-${spec.warehouse}/Warehouse`, "id");
      expect(s().resource("databricks_query", "/Dashboard/FreshnessQuery").block.warehouse_id).toBe(warehouse);
      expect(s().resource("databricks_alert", "/Dashboard/FreshnessAlert").block.query_id).toBe(
        s().ref("databricks_query", "/Dashboard/FreshnessQuery", "id"),
      );
      const job = s().resource("databricks_job", "/Dashboard/FreshnessJob").block;
      expect(job.run_as).toEqual({ service_principal_name: applicationIdOf(config().ingestion.runAs) });
      // The query runs with the job's run-as privileges, and a failing evaluation reaches the destination too.
      expect(s().resource("databricks_query", "/Dashboard/FreshnessQuery").block.run_as_mode).toBe("VIEWER");
      expect(job.webhook_notifications).toEqual({ on_failure: [{ id: spec.alertDestinationId }] });
      expect((job.task as Record<string, unknown>[])[0].sql_task).toEqual({
        warehouse_id: warehouse,
        alert: {
          alert_id: s().ref("databricks_alert", "/Dashboard/FreshnessAlert", "id"),
          subscriptions: [{ destination_id: spec.alertDestinationId }],
        },
      });
    });
    it("measures load time: the last completed update of each pipeline behind the dashboard, from the event logs they publish", () => {
      if (!serving().dashboard) return;
      const catalog = b().stacks.serving.naming.unityCatalog(config().unityCatalog.catalogs[0].name);
      const sql = s().resource("databricks_query", "/Dashboard/FreshnessQuery").block.query_text as string;
      expect(sql).toBe(freshnessQuery(catalog));
      // The names the ingestion layer gives its event logs (pipeline_event_logs: <bronze schema>.<pipeline>_event_log).
      const enabled = enabledPipelines(config().ingestion).map((p) => `${catalog}.bronze.${eventLogTableOf(p.name)}`);
      const read = [...sql.matchAll(/FROM (\S+)/g)].map((m) => m[1]).filter((t) => t !== "freshness");
      expect(read.length).toBeGreaterThan(0);
      expect(read.filter((t) => !enabled.includes(t))).toEqual([]);
      expect(sql).toContain("details:update_progress.state = 'COMPLETED'");
      expect(s().resource("databricks_alert", "/Dashboard/FreshnessAlert").block.condition).toMatchObject({
        operand: { column: { name: FRESHNESS_VALUE_COLUMN } },
        threshold: { value: { double_value: FRESHNESS_MAX_AGE_HOURS } },
      });
    });

    it("lets the alert job's run-as run the query and the alert it is not the owner of", () => {
      if (!serving().dashboard) return;
      for (const object of ["Query", "Alert"]) {
        const { block } = s().resource("databricks_permissions", `/Dashboard/Freshness${object}Permissions`);
        expect(
          accessOf(block)
            .filter((a) => a.permission_level === "CAN_RUN")
            .map(who),
        ).toEqual([applicationIdOf(config().ingestion.runAs)]);
        expect(
          accessOf(block)
            .filter((a) => a.permission_level === "CAN_MANAGE")
            .map(who),
        ).toEqual([owner()]);
      }
    });
  });

  describe("the app", () => {
    it("binds the endpoint (CAN_QUERY), the Lakebase database (CAN_CONNECT_AND_CREATE) and the synced table (SELECT)", () => {
      const spec = serving().app;
      if (!spec) {
        expect(s().resources("databricks_app")).toEqual({});
        return;
      }
      const { resources } = LAKEHOUSE_ASSISTANT;
      const app = s().resource("databricks_app", "/App/App").block;
      expect(app.resources).toEqual([
        {
          name: resources.servingEndpoint.key,
          serving_endpoint: { name: s().ref("databricks_model_serving", `/Endpoint-${spec.endpoint}/Endpoint`, "name"), permission: "CAN_QUERY" },
        },
        {
          name: resources.database.key,
          database: {
            instance_name: s().ref("databricks_database_instance", "/Lakebase/Instance", "name"),
            database_name: s().resource("databricks_database_database_catalog", "/Lakebase/Catalog").block.database_name,
            permission: "CAN_CONNECT_AND_CREATE",
          },
        },
        {
          name: resources.syncedTable.key,
          uc_securable: {
            securable_full_name: `${s().ref("databricks_database_database_catalog", "/Lakebase/Catalog", "name")}.public.${spec.syncedTable}`,
            securable_type: "TABLE",
            permission: "SELECT",
          },
        },
      ]);
    });

    it("uploads every source file of the app", () => {
      const spec = serving().app;
      const files = allResources(s()).filter((r) => r.type === "databricks_workspace_file" && r.path.startsWith(`${env}-serving/App/`));
      expect(files.map((f) => (f.block.path as string).split("/").pop()).sort()).toEqual(spec ? [...LAKEHOUSE_ASSISTANT.files].sort() : []);
      for (const f of files) expect(f.block.path as string).toContain(`/apps/${LAKEHOUSE_ASSISTANT.folder}/`);
      expect(APPS_ROOT).toEqual(expect.any(String));
    });
  });

  describe("grant requests to the unity-catalog layer", () => {
    const goldGrants = () =>
      b().unityCatalog.resource("databricks_grants", `/Catalog-${config().unityCatalog.catalogs[0].name}/Gold/Grants/Grants`).block.grant as {
        principal: string;
        privileges: string[];
      }[];

    it("asks for the warehouse users and QuickSight's principal to read gold", () => {
      const readers = servingGrantRequests(config())
        .filter((r) => r.target === "gold")
        .map((r) => [r.principal, r.access, r.requestedBy]);
      const expected =
        serving().warehouses.length > 0
          ? [...serving().warehouseUsers, ...(serving().quicksight ? [serving().quicksight?.servicePrincipal] : [])]
          : [];
      expect(readers).toEqual(expected.map((p) => [p, "read", "serving"]));
    });

    it("renders them with read privileges in the gold schema's grants", () => {
      const principals = [
        ...serving().warehouseUsers.map(group),
        ...(serving().quicksight ? [applicationIdOf(serving().quicksight?.servicePrincipal ?? "")] : []),
      ];
      for (const principal of principals)
        expect(goldGrants()).toContainEqual({ principal, privileges: expect.arrayContaining(["USE_SCHEMA", "SELECT"]) as unknown });
    });
  });
});

// No shipped environment serves a custom model yet: an endpoint can serve only a registered version, and on a fresh
// workspace the model is registered empty by this same layer (docs/layers/serving.md, "Serving a custom model"). The endpoint
// an environment gets once training has registered version 1 is built from the first config that registers a model.
describe("a custom-model endpoint, once training has registered a version", () => {
  const base = REGISTERED.find((c) => c.serving.ml.registeredModels.length > 0);
  let trained: BuiltServing;
  beforeAll(() => {
    if (!base) throw new Error("no registered environment registers an ML model");
    const registeredModel = base.serving.ml.registeredModels[0];
    const variant = servingVariant(base, (input) => {
      input.serving.customModels = [{ name: "churn", registeredModel, version: "1", workloadSize: "Small", scaleToZero: false }];
    });
    trained = Object.values(buildServing([variant]))[0];
  });
  const s = () => trained.serving;
  const spec = () => trained.config.serving.customModels[0];
  const endpoint = () => s().resource("databricks_model_serving", `/Endpoint-${spec().name}/Endpoint`).block;

  it("serves the registered version from the catalog's ml schema, at the configured size", () => {
    expect((endpoint().config as { served_entities: unknown[] }).served_entities).toEqual([
      expect.objectContaining({
        entity_name: `${fromUnityCatalog("catalog_name")}.ml.${spec().registeredModel}`,
        entity_version: "1",
        workload_size: "Small",
        scale_to_zero_enabled: false,
      }),
    ]);
  });

  it("puts it behind AI Gateway (usage tracking, inference tables, rate limits) and publishes its name and URL", () => {
    const gateway = endpoint().ai_gateway as Record<string, unknown>;
    expect(gateway.usage_tracking_config).toEqual({ enabled: true });
    expect(gateway.inference_table_config).toMatchObject({ enabled: true, catalog_name: fromUnityCatalog("catalog_name"), schema_name: "ml" });
    expect(gateway.rate_limits).toEqual([
      { calls: spec().rateLimits.perUserPerMinute, key: "user", renewal_period: "minute" },
      { calls: spec().rateLimits.perEndpointPerMinute, key: "endpoint", renewal_period: "minute" },
    ]);
    const names = s().json.output?.[ServingOutputs.outputName("endpointNames")]?.value as Record<string, string>;
    expect(names[spec().name]).toBe(s().ref("databricks_model_serving", `/Endpoint-${spec().name}/Endpoint`, "name"));
  });

  it("depends on the registered model, so the endpoint is created after the model it serves", () => {
    const model = Object.keys(s().resources("databricks_registered_model")).find((name) => name.includes(spec().registeredModel));
    expect(asList(endpoint().depends_on)).toEqual([`databricks_registered_model.${model}`]);
  });
});
