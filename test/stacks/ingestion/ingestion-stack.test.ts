/**
 * The synthesized `<env>-ingestion` stack of every registered environment: its place among the layers, its contract,
 * the encryption and IAM scope of each AWS service, reachability through the network-storage endpoint policies and
 * the landing volume, the pipelines, and the jobs. One synth per layer and environment, shared by every test.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  COMMON_PIPELINE_PARAMETERS,
  KAFKA_TASK,
  PIPELINES_ROOT,
  SAMPLE_PIPELINES,
  eventLogTableOf,
  type PipelineName,
} from "../../../pipelines/manifest";
import { enabledPipelines } from "../../../stacks/ingestion/sample-pipelines";
import { LANDING_PATHS } from "../../../stacks/shared/landing-paths";
import { IngestionOutputs } from "../../../stacks/ingestion/outputs";
import { accountGroupName } from "../../../stacks/shared/names";
import type { JsonStatement } from "../../iam-json";
import { synthesize, type Block, type SynthesizedStack } from "../../synth-json";
import { kinesisDomain } from "../../../environments/rules/ingestion";
import {
  LANDING_VOLUME,
  REGISTERED,
  allResources,
  applicationIdOf,
  asList,
  buildEnvironments,
  fromStorage,
  fromUnityCatalog,
  iamStatements,
  landingKeyPrefixOf,
  rolePolicyStatements,
  type BuiltEnvironment,
} from "./ingestion-fixture";

let built: Record<string, BuiltEnvironment> = {};
beforeAll(() => {
  built = buildEnvironments(REGISTERED);
});

const ENVS = REGISTERED.map((c) => c.name);
const DATA_KEY = fromStorage("data_key_arn");
const LANDING_BUCKET_NAME = fromStorage("landing_bucket_name");
const LANDING_BUCKET_ARN = fromStorage("landing_bucket_arn");
const ORCHESTRATOR_PATH_PARAMETERS = ["lakehouse.landing_path"];

/** A glob (IAM `*`) as a regular expression. */
const globMatches = (glob: string, value: string) => new RegExp(`^${glob.split("*").map(escape).join(".*")}$`).test(value);
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Write actions: anything that is not a read (Get, List, Describe). */
const isWrite = (action: string) => !/^[a-z0-9-]+:(Get|List|Describe|BatchGet)/.test(action);

describe("the registered environments together", () => {
  it("turn on every ingest path in at least one environment, so no test below is vacuous", () => {
    const on = (f: (c: (typeof REGISTERED)[number]) => boolean) => REGISTERED.some(f);
    expect({
      kinesis: on((c) => c.ingestion.kinesis.streams.length > 0),
      iot: on((c) => c.ingestion.iot.rules.length > 0),
      dms: on((c) => c.ingestion.dms.sources.length > 0),
      appflow: on((c) => c.ingestion.appflow.flows.length > 0),
      glue: on((c) => c.ingestion.glue !== undefined),
      msk: on((c) => c.ingestion.msk !== undefined),
      lakeflowConnect: on((c) => c.ingestion.lakeflowConnect.sources.length > 0),
      ...Object.fromEntries((Object.keys(SAMPLE_PIPELINES) as PipelineName[]).map((p) => [p, on((c) => c.ingestion.pipelines[p] !== undefined)])),
    }).toEqual({
      kinesis: true,
      iot: true,
      dms: true,
      appflow: true,
      glue: true,
      msk: true,
      lakeflowConnect: true,
      telemetry: true,
      orders: true,
      crm: true,
      erp: true,
      events: true,
    });
  });
});

describe.each(ENVS)("ingestion in %s", (env) => {
  const b = () => built[env];
  const s = (): SynthesizedStack => built[env].ingestion;
  const config = () => built[env].config;
  const ingestion = () => built[env].config.ingestion;
  const prefix = () => landingKeyPrefixOf(config());
  const groupName = (key: string) => accountGroupName(b().stacks.ingestion.naming, key);

  describe("place among the layers and contract", () => {
    it("is the <env>-ingestion stack, depending on network-storage, workspace and unity-catalog", () => {
      const { stacks } = b();
      expect(stacks.ingestion.node.id).toBe(`${env}-ingestion`);
      expect(stacks.ingestion.dependencies).toEqual(expect.arrayContaining([stacks.networkStorage, stacks.workspace, stacks.unityCatalog]));
    });

    it("reads the three layers below from their remote states in the environment's state bucket", () => {
      const states = s().dataSources("terraform_remote_state");
      expect(Object.keys(states).sort()).toEqual(["network-storage", "unity-catalog", "workspace"]);
      for (const layer of ["network-storage", "workspace", "unity-catalog"])
        expect(states[layer]).toMatchObject({ backend: "s3", config: { key: `${env}/${layer}.tfstate`, bucket: config().state.bucket } });
      expect(s().json.terraform.backend?.s3).toMatchObject({ key: `${env}/ingestion.tfstate`, bucket: config().state.bucket });
    });

    it("publishes every IngestionOutputs field as an output, and nothing else", () => {
      const names = (Object.keys(IngestionOutputs.fields) as (keyof IngestionOutputs)[]).map((f) => IngestionOutputs.outputName(f));
      expect(Object.keys(s().json.output ?? {}).sort()).toEqual([...names].sort());
    });

    it("publishes the streams, pipelines, jobs and tables it creates under their config keys", () => {
      const out = (field: keyof IngestionOutputs) => s().json.output?.[IngestionOutputs.outputName(field)]?.value as Record<string, string>;
      expect(Object.keys(out("streamArns")).sort()).toEqual(
        ingestion()
          .kinesis.streams.map((st) => st.name)
          .sort(),
      );
      for (const stream of ingestion().kinesis.streams)
        expect(out("streamArns")[stream.name]).toBe(s().ref("aws_kinesis_stream", `/Stream-${stream.name}/Stream`, "arn"));
      const pipelines = enabledPipelines(ingestion()).map((p) => p.name);
      const connect = ingestion().lakeflowConnect.sources.map((c) => `connect-${c.name}`);
      expect(Object.keys(out("pipelineIds")).sort()).toEqual([...pipelines, ...connect].sort());
      expect(out("pipelineEventLogs")).toEqual(
        Object.fromEntries(pipelines.map((name) => [name, `${fromUnityCatalog("bronze_schema_name")}.${eventLogTableOf(name)}`])),
      );
      const jobs = allResources(s())
        .filter((r) => r.type === "databricks_job")
        .map((r) => /\/Job-(.+)\/Job$/.exec(r.path)?.[1]);
      expect(Object.keys(out("jobIds")).sort()).toEqual(jobs.sort());
      for (const job of Object.keys(out("jobIds"))) expect(out("jobIds")[job]).toBe(s().ref("databricks_job", `/Job-${job}/Job`, "id"));
      for (const pipeline of enabledPipelines(ingestion()))
        for (const table of pipeline.publishes.gold) expect(out("goldTables")[table]).toBe(`${fromUnityCatalog("gold_schema_name")}.${table}`);
      expect(Object.keys(out("kafka")).sort()).toEqual(ingestion().msk ? ["bootstrap-brokers-iam", "cluster-arn", "topic"] : []);
    });
  });

  describe("AWS: encryption and IAM scope", () => {
    it("encrypts every Kinesis stream with the network-storage data key", () => {
      const streams = Object.values(s().resources("aws_kinesis_stream"));
      expect(streams).toHaveLength(ingestion().kinesis.streams.length);
      for (const stream of streams) expect(stream).toMatchObject({ encryption_type: "KMS", kms_key_id: DATA_KEY });
      for (const spec of ingestion().kinesis.streams) {
        const { block } = s().resource("aws_kinesis_stream", `/Stream-${spec.name}/Stream`);
        expect(block.stream_mode_details).toEqual({ stream_mode: spec.mode });
        expect(block.shard_count).toBe(spec.shardCount);
        expect(block.retention_period).toBe(spec.retentionHours);
      }
    });

    it("puts each IoT rule's messages into its configured stream and its errors into the landing volume under iot-errors/", () => {
      for (const rule of ingestion().iot.rules) {
        const { block } = s().resource("aws_iot_topic_rule", `/IotRule-${rule.name}/Rule`);
        const role = s().ref("aws_iam_role", `/IotRule-${rule.name}/Role`, "arn");
        expect(block.sql).toBe(rule.sql);
        expect(block.kinesis).toEqual([
          expect.objectContaining({ stream_name: s().ref("aws_kinesis_stream", `/Stream-${rule.stream}/Stream`, "name"), role_arn: role }),
        ]);
        const s3 = (block.error_action as { s3: Block }).s3;
        expect(s3).toMatchObject({ bucket_name: LANDING_BUCKET_NAME, role_arn: role });
        expect(String(s3.key).startsWith(`${prefix()}${LANDING_PATHS.iotErrors}`)).toBe(true);
      }
    });

    it("lets each IoT rule's role put records into exactly its stream, objects only under iot-errors/, with the data key", () => {
      for (const rule of ingestion().iot.rules) {
        const statements = rolePolicyStatements(s(), `/IotRule-${rule.name}/Policy`);
        expect(new Set(statements.flatMap((st) => asList(st.Resource)))).toEqual(
          new Set([
            s().ref("aws_kinesis_stream", `/Stream-${rule.stream}/Stream`, "arn"),
            `${LANDING_BUCKET_ARN}/${prefix()}${LANDING_PATHS.iotErrors}*`,
            DATA_KEY,
          ]),
        );
        const byResource = Object.fromEntries(statements.map((st) => [asList(st.Resource).join(","), asList(st.Action)]));
        expect(byResource[s().ref("aws_kinesis_stream", `/Stream-${rule.stream}/Stream`, "arn")]).toEqual(["kinesis:PutRecord"]);
        expect(byResource[`${LANDING_BUCKET_ARN}/${prefix()}${LANDING_PATHS.iotErrors}*`]).toEqual(["s3:PutObject"]);
      }
    });

    it("reads each DMS source's credentials from Secrets Manager by ARN, never a password, and writes Parquet under dms/<source> with the data key", () => {
      for (const source of ingestion().dms.sources) {
        const endpoint = s().resource("aws_dms_endpoint", `/Dms-${source.name}/SourceEndpoint`).block;
        expect(endpoint).toMatchObject({
          endpoint_type: "source",
          engine_name: source.engine,
          secrets_manager_arn: source.credentialsSecret,
          secrets_manager_access_role_arn: s().ref("aws_iam_role", `/Dms-${source.name}/SecretsAccessRole`, "arn"),
          kms_key_arn: DATA_KEY,
        });
        for (const literal of ["password", "username", "server_name"]) expect(endpoint[literal]).toBeUndefined();
        const secretPolicy = rolePolicyStatements(s(), `/Dms-${source.name}/SecretsAccessRolePolicy`);
        expect(secretPolicy.flatMap((st) => asList(st.Resource))).toEqual([source.credentialsSecret]);

        const target = s().resource("aws_dms_s3_endpoint", `/Dms-${source.name}/TargetEndpoint`).block;
        expect(target).toMatchObject({
          bucket_name: LANDING_BUCKET_NAME,
          bucket_folder: `${prefix()}${LANDING_PATHS.dms(source.name).replace(/\/$/, "")}`,
          data_format: "parquet",
          encryption_mode: "SSE_KMS",
          server_side_encryption_kms_key_id: DATA_KEY,
        });
      }
    });

    it("uploads the Glue script under a content-hash key and runs the job under the security configuration that encrypts with the data key", () => {
      if (!ingestion().glue) {
        expect(s().resources("aws_glue_job")).toEqual({});
        return;
      }
      const script = s().resource("aws_s3_object", "/Glue/Script").block;
      const key = String(script.key);
      expect(key).toMatch(/\/[0-9a-f]{16,}\/normalize_erp_exports\.py$/);
      expect(script.content).toBe(readFileSync(join(PIPELINES_ROOT, "glue/normalize_erp_exports.py"), "utf8"));
      const job = s().resource("aws_glue_job", "/Glue/Job").block;
      expect((job.command as Block).script_location).toBe(`s3://${LANDING_BUCKET_NAME}/${key}`);
      expect(job.security_configuration).toBe(s().ref("aws_glue_security_configuration", "/Glue/SecurityConfiguration/Resource", "name"));
      expect(s().resource("aws_glue_security_configuration", "/Glue/SecurityConfiguration/Resource").block.encryption_configuration).toEqual({
        cloudwatch_encryption: { cloudwatch_encryption_mode: "SSE-KMS", kms_key_arn: DATA_KEY },
        job_bookmarks_encryption: { job_bookmarks_encryption_mode: "CSE-KMS", kms_key_arn: DATA_KEY },
        s3_encryption: { s3_encryption_mode: "SSE-KMS", kms_key_arn: DATA_KEY },
      });
    });

    it("runs MSK with IAM authentication only, TLS in transit and the data key at rest, reachable only from the workspace security group and the producers on 9098", () => {
      if (!ingestion().msk) {
        expect(s().resources("aws_msk_cluster")).toEqual({});
        expect(s().resources("aws_msk_serverless_cluster")).toEqual({});
        return;
      }
      if (ingestion().msk?.mode !== "provisioned") return;
      const cluster = s().resource("aws_msk_cluster", "/Kafka/Cluster").block;
      expect(cluster.client_authentication).toEqual({ unauthenticated: false, sasl: { iam: true } });
      expect(cluster.encryption_info).toEqual({
        encryption_at_rest_kms_key_arn: DATA_KEY,
        encryption_in_transit: { client_broker: "TLS", in_cluster: true },
      });
      const group = s().ref("aws_security_group", "/Kafka/SecurityGroup", "id");
      expect((cluster.broker_node_group_info as Block).security_groups).toEqual([group]);
      expect((cluster.broker_node_group_info as Block).client_subnets).toBe(fromStorage("workspace_subnet_ids"));
      const ingress = Object.values(s().resources("aws_vpc_security_group_ingress_rule")).filter((r) => r.security_group_id === group);
      expect(ingress).toEqual([
        expect.objectContaining({
          from_port: 9098,
          to_port: 9098,
          ip_protocol: "tcp",
          referenced_security_group_id: fromStorage("workspace_security_group_id"),
        }),
        ...(ingestion().msk?.producerCidrs ?? []).map((cidr) =>
          expect.objectContaining({ from_port: 9098, to_port: 9098, ip_protocol: "tcp", cidr_ipv4: cidr }),
        ),
      ]);
      for (const rule of ingress) expect(rule.cidr_ipv6 ?? rule.prefix_list_id).toBeUndefined();
      for (const rule of ingress)
        expect(rule.cidr_ipv4 === undefined || (ingestion().msk?.producerCidrs ?? []).includes(rule.cidr_ipv4 as string)).toBe(true);
    });

    it("has no IAM statement with Action * or a write action on Resource *", () => {
      const offending = iamStatements(s()).filter(({ statement }) => {
        const actions = asList(statement.Action);
        const resources = asList(statement.Resource);
        return actions.includes("*") || (resources.includes("*") && actions.some(isWrite));
      });
      expect(offending).toEqual([]);
      expect(iamStatements(s()).length).toBeGreaterThan(0);
    });
  });

  describe("reachability", () => {
    const kinesisEndpointStatement = (): JsonStatement => {
      const endpoint = Object.values(b().networkStorage.resources("aws_vpc_endpoint")).find((e) =>
        String(e.service_name).endsWith(".kinesis-streams"),
      );
      if (!endpoint) throw new Error("network-storage has no Kinesis endpoint");
      const statements = (JSON.parse(String(endpoint.policy)) as { Statement: JsonStatement[] }).Statement;
      const own = statements.find((st) => st.Sid === "OwnAccountStreams");
      if (!own) throw new Error("the Kinesis endpoint policy has no OwnAccountStreams statement");
      return own;
    };

    it("creates every stream in the environment's own account and region, which the Kinesis endpoint's OwnAccountStreams statement allows", () => {
      const [aws] = (s().json.provider?.aws ?? []) as Block[];
      expect(aws).toMatchObject({ region: config().aws.region, allowed_account_ids: [config().aws.accountId] });
      const own = kinesisEndpointStatement();
      expect(own.Condition?.StringEquals?.["aws:ResourceAccount"]).toBe(config().aws.accountId);
      for (const spec of ingestion().kinesis.streams) {
        const { block } = s().resource("aws_kinesis_stream", `/Stream-${spec.name}/Stream`);
        // No per-resource region or provider: the stream is where the stack's AWS provider is.
        expect(block.region).toBeUndefined();
        expect(block.provider).toBeUndefined();
        const arn = `arn:aws:kinesis:${config().aws.region}:${config().aws.accountId}:stream/${String(block.name)}`;
        expect(asList(own.Resource).some((glob) => globMatches(glob, arn))).toBe(true);
      }
    });

    it("allows through the Kinesis endpoint every action the service credential reads the streams with", () => {
      if (ingestion().kinesis.streams.length === 0) return;
      const allowed = asList(kinesisEndpointStatement().Action);
      const used = rolePolicyStatements(s(), "/StreamsCredential/Role/Policy")
        .flatMap((st) => asList(st.Action))
        .filter((a) => a.startsWith("kinesis:"));
      expect(used.length).toBeGreaterThan(0);
      expect(used.filter((a) => !allowed.includes(a))).toEqual([]);
    });

    it("writes into the landing bucket only under the landing volume's key prefix (every AWS writer)", () => {
      const landingObjects = [`arn:aws:s3:::${LANDING_BUCKET_NAME}/`, `${LANDING_BUCKET_ARN}/`];
      const writes = iamStatements(s()).flatMap(({ where, statement }) =>
        asList(statement.Action).some((a) => /^s3:(Put|Delete)/.test(a)) ? asList(statement.Resource).map((resource) => ({ where, resource })) : [],
      );
      const landingWrites = writes.filter((w) => landingObjects.some((p) => w.resource.startsWith(p)));
      expect(landingWrites.filter((w) => !landingObjects.some((p) => w.resource.startsWith(`${p}${prefix()}`)))).toEqual([]);
      // Every write is in the landing bucket: no writer reaches another bucket.
      expect(writes.filter((w) => !landingWrites.includes(w))).toEqual([]);

      const prefixes = [
        ...Object.values(s().resources("aws_iot_topic_rule")).map((r) => String((r.error_action as { s3: Block }).s3.key)),
        ...Object.values(s().resources("aws_dms_s3_endpoint")).map((e) => String(e.bucket_folder)),
        ...Object.values(s().resources("aws_appflow_flow")).map((f) =>
          String(((f.destination_flow_config as Block[])[0].destination_connector_properties as { s3: Block }).s3.bucket_prefix),
        ),
        ...Object.values(s().resources("aws_glue_job")).map((j) => String((j.default_arguments as Record<string, string>)["--target_path"])),
      ];
      expect(prefixes.filter((p) => !p.startsWith(prefix()) && !p.startsWith(`s3://${LANDING_BUCKET_NAME}/${prefix()}`))).toEqual([]);
    });

    it("lets the landing bucket's writers through the S3 gateway endpoint (own-account buckets)", () => {
      const endpoint = Object.values(b().networkStorage.resources("aws_vpc_endpoint")).find((e) => String(e.service_name).endsWith(".s3"));
      const own = (JSON.parse(String(endpoint?.policy)) as { Statement: JsonStatement[] }).Statement.find((st) => st.Sid === "OwnAccountBuckets");
      expect(own?.Condition?.StringEquals?.["s3:ResourceAccount"]).toBe(config().aws.accountId);
      expect(asList(own?.Action)).toEqual(expect.arrayContaining(["s3:PutObject", "s3:GetObject", "s3:ListBucket"]));
    });

    it("lets the serverless telemetry pipeline reach the regional Kinesis endpoint through the workspace's serverless egress policy", () => {
      const policy = Object.values(synthesize(b().stacks.workspace).resources("databricks_account_network_policy"));
      const text = JSON.stringify(policy);
      const restricted = config().workspace.serverlessEgress.restrictionMode === "RESTRICTED_ACCESS";
      if (ingestion().pipelines.telemetry && restricted) expect(text).toContain(`"${kinesisDomain(config().aws.region)}"`);
      if (!ingestion().pipelines.telemetry && !config().workspace.serverlessEgress.allowedDomains.includes(kinesisDomain(config().aws.region)))
        expect(text).not.toContain(kinesisDomain(config().aws.region));
    });

    it("points every pipeline's lakehouse.*_path at the landing volume, which the unity-catalog layer publishes", () => {
      const landing = b().unityCatalog.json.output?.landing_volume_path?.value;
      expect(String(landing)).toMatch(/^\/Volumes\/[^/]+\/bronze\/landing$/);
      for (const pipeline of Object.values(s().resources("databricks_pipeline"))) {
        const paths = Object.entries((pipeline.configuration ?? {}) as Record<string, string>).filter(([k]) => /^lakehouse\..*_path$/.test(k));
        for (const [, value] of paths) expect(value.startsWith(LANDING_VOLUME)).toBe(true);
      }
    });
  });

  describe("pipelines", () => {
    const pipelineAt = (name: string) => s().resource("databricks_pipeline", `/Pipeline-${name}/Pipeline`).block;

    it.each(Object.keys(SAMPLE_PIPELINES) as PipelineName[])(
      "%s: serverless, Photon, in the medallion catalog's bronze schema, run as the orchestrator",
      (name) => {
        if (ingestion().pipelines[name] === undefined) {
          expect(allResources(s()).filter((r) => r.path.includes(`/Pipeline-${name}/`))).toEqual([]);
          return;
        }
        expect(pipelineAt(name)).toMatchObject({
          serverless: true,
          photon: true,
          catalog: fromUnityCatalog("catalog_name"),
          schema: "bronze",
          // Published, so the serving layer's freshness alert reads the last completed update (dashboards/manifest.ts).
          event_log: { name: eventLogTableOf(name) },
          run_as: { service_principal_name: applicationIdOf(ingestion().runAs) },
          development: ingestion().pipelines.development,
          channel: ingestion().pipelines.channel,
          provider: "databricks.workspace",
        });
      },
    );

    it.each(Object.keys(SAMPLE_PIPELINES) as PipelineName[])("%s: its libraries are the uploaded files of exactly the manifest's sources", (name) => {
      if (ingestion().pipelines[name] === undefined) return;
      const manifest = SAMPLE_PIPELINES[name];
      const libraries = (pipelineAt(name).library as { file: { path: string } }[]).map((l) => l.file.path);
      const files = libraries.map((ref) => {
        const match = /^\$\{databricks_workspace_file\.([^.]+)\.path\}$/.exec(ref);
        if (!match) throw new Error(`library ${ref} is not an uploaded workspace file`);
        return s().resources("databricks_workspace_file")[match[1]];
      });
      expect(files.map((f) => String(f.path).split("/pipelines/").at(-1))).toEqual([...manifest.files]);
      files.forEach((file, i) =>
        expect(Buffer.from(String(file.content_base64), "base64").toString("utf8")).toBe(
          readFileSync(join(PIPELINES_ROOT, manifest.files[i]), "utf8"),
        ),
      );
    });

    it.each(Object.keys(SAMPLE_PIPELINES) as PipelineName[])(
      "%s: its configuration is the four common keys and the manifest's parameters",
      (name) => {
        if (ingestion().pipelines[name] === undefined) return;
        const configuration = pipelineAt(name).configuration as Record<string, string>;
        expect(Object.keys(configuration).sort()).toEqual([...COMMON_PIPELINE_PARAMETERS, ...SAMPLE_PIPELINES[name].parameters].sort());
        expect(configuration).toMatchObject({
          "lakehouse.bronze_schema": fromUnityCatalog("bronze_schema_name"),
          "lakehouse.silver_schema": fromUnityCatalog("silver_schema_name"),
          "lakehouse.gold_schema": fromUnityCatalog("gold_schema_name"),
          "lakehouse.landing_path": LANDING_VOLUME,
        });
        for (const value of Object.values(configuration)) expect(value).not.toBe("");
      },
    );

    it("reads the telemetry pipeline's stream by the configured key", () => {
      const telemetry = ingestion().pipelines.telemetry;
      if (!telemetry) return;
      expect(pipelineAt("telemetry").configuration).toMatchObject({
        "lakehouse.kinesis_stream": s().ref("aws_kinesis_stream", `/Stream-${telemetry.stream}/Stream`, "name"),
        "lakehouse.kinesis_region": config().aws.region,
        "lakehouse.service_credential": s().ref("databricks_credential", "/StreamsCredential/ServiceCredential", "name"),
        "lakehouse.iot_errors_path": `${LANDING_VOLUME}/${LANDING_PATHS.iotErrors}`,
      });
    });
  });

  describe("jobs", () => {
    const jobAt = (name: string) => s().resource("databricks_job", `/Job-${name}/Job`).block;
    /** The landing path a landing-fed pipeline reads, from its own configuration. */
    const expectedLandingPaths = (): Record<string, string> => {
      const { pipelines } = ingestion();
      return {
        ...(pipelines.orders ? { orders: `${LANDING_VOLUME}/${LANDING_PATHS.dms(pipelines.orders.dmsSource)}` } : {}),
        ...(pipelines.crm
          ? { crm: `${LANDING_VOLUME}/${LANDING_PATHS.appflow}${b().stacks.ingestion.naming.name(pipelines.crm.appflowFlow)}/` }
          : {}),
        ...(pipelines.erp ? { erp: `${LANDING_VOLUME}/${LANDING_PATHS.glueCurated}` } : {}),
      };
    };

    it("runs every job as the orchestrator", () => {
      const jobs = Object.values(s().resources("databricks_job"));
      expect(jobs.length).toBeGreaterThan(0);
      for (const job of jobs) expect(job.run_as).toEqual({ service_principal_name: applicationIdOf(ingestion().runAs) });
    });

    it("starts each landing-fed pipeline by a landing-<pipeline> job whose file-arrival URL is the pipeline's landing path", () => {
      const expected = expectedLandingPaths();
      const landingJobs = Object.values(s().resources("databricks_job")).filter((j) => /-ingest-landing-/.test(String(j.name)));
      expect(landingJobs).toHaveLength(Object.keys(expected).length);
      for (const [pipeline, url] of Object.entries(expected)) {
        const job = jobAt(`landing-${pipeline}`);
        expect((job.trigger as { file_arrival: Block }).file_arrival).toEqual({
          url,
          min_time_between_triggers_seconds: ingestion().jobs.minSecondsBetweenFileTriggers,
        });
        const own = Object.entries(
          s().resource("databricks_pipeline", `/Pipeline-${pipeline}/Pipeline`).block.configuration as Record<string, string>,
        )
          .filter(([k]) => /_path$/.test(k) && !ORCHESTRATOR_PATH_PARAMETERS.includes(k))
          .map(([, v]) => v);
        expect(own).toEqual([url]);
        expect(job.task).toEqual([
          expect.objectContaining({
            pipeline_task: expect.objectContaining({ pipeline_id: s().ref("databricks_pipeline", `/Pipeline-${pipeline}/Pipeline`, "id") }),
          }),
        ]);
      }
    });

    it("schedules the streams job from config; with MSK its Kafka task runs on a policy-governed job cluster before the events pipeline", () => {
      const runsStreams =
        ingestion().pipelines.telemetry !== undefined || ingestion().pipelines.events !== undefined || ingestion().lakeflowConnect.sources.length > 0;
      if (!runsStreams && !ingestion().msk) {
        expect(allResources(s()).filter((r) => r.path.includes("/Job-streams/"))).toEqual([]);
        return;
      }
      const job = jobAt("streams");
      expect(job.schedule).toMatchObject({
        quartz_cron_expression: ingestion().jobs.schedule.cron,
        timezone_id: ingestion().jobs.schedule.timezone,
      });
      const tasks = job.task as Block[];
      const kafka = tasks.find((t) => t.task_key === "kafka_to_bronze");
      if (!ingestion().msk) {
        expect(kafka).toBeUndefined();
        expect(job.job_cluster).toBeUndefined();
        return;
      }
      expect(kafka?.spark_python_task).toMatchObject({
        python_file: `\${databricks_workspace_file.${s().resource("databricks_workspace_file", `/KafkaTaskSource/${KAFKA_TASK.file.replace("/", "--")}`).name}.path}`,
      });
      const clusters = job.job_cluster as { job_cluster_key: string; new_cluster: Block }[];
      const cluster = clusters.find((c) => c.job_cluster_key === kafka?.job_cluster_key);
      expect(cluster?.new_cluster.policy_id).toBe(s().ref("databricks_cluster_policy", "/JobClusterPolicy/Policy", "policy_id"));
      if (ingestion().pipelines.events) expect(tasks.find((t) => t.task_key === "events")?.depends_on).toEqual([{ task_key: "kafka_to_bronze" }]);
    });

    it("gives the viewers CAN_VIEW on every job and pipeline", () => {
      const viewers = ingestion().viewers.map(groupName);
      const targets = [
        ...Object.keys(s().resources("databricks_job")).map((n) => ({ attribute: "job_id", ref: `\${databricks_job.${n}.id}` })),
        ...Object.keys(s().resources("databricks_pipeline")).map((n) => ({ attribute: "pipeline_id", ref: `\${databricks_pipeline.${n}.id}` })),
      ];
      const permissions = Object.values(s().resources("databricks_permissions"));
      for (const { attribute, ref } of targets) {
        const on = permissions.filter((p) => p[attribute] === ref);
        expect(on).toHaveLength(1);
        for (const group of viewers)
          expect(on[0].access_control).toContainEqual(expect.objectContaining({ group_name: group, permission_level: "CAN_VIEW" }));
      }
    });

    it("grants analysts nothing in this layer", () => {
      if (ingestion().viewers.includes("analysts")) return;
      const analysts = groupName("analysts");
      const granted = [...Object.values(s().resources("databricks_permissions")), ...Object.values(s().resources("databricks_grants"))];
      expect(granted.filter((g) => JSON.stringify(g).includes(`"${analysts}"`))).toEqual([]);
      // Nothing for all account users either.
      expect(granted.filter((g) => /"(account users|users)"/.test(JSON.stringify(g)))).toEqual([]);
    });
  });
});
