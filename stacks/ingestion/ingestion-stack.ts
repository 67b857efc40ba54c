/**
 * The ingestion layer: every batch and streaming path of the reference architecture into the medallion. On the AWS
 * side Kinesis, IoT Core, MSK, DMS, AppFlow and Glue deliver into streams and the landing volume; on the Databricks
 * side a service credential reads the streams, Lakeflow Declarative Pipelines (code in pipelines/) load bronze, silver
 * and gold, Lakeflow Connect ingests SaaS and databases, and Lakeflow Jobs run it all as the orchestrator.
 *
 * Composition only: each concern maps config to construct props in its own file of this folder.
 */
import { Fn, Token } from "cdktf";
import type { Construct } from "constructs";
import type { DeclarativePipeline } from "../../modules/databricks/pipelines/declarative-pipeline";
import type { LakeflowConnectIngestion } from "../../modules/databricks/pipelines/lakeflow-connect-ingestion";
import type { LakeflowJob } from "../../modules/databricks/pipelines/lakeflow-job";
import type { UnityCatalogServiceCredential } from "../../modules/databricks/pipelines/unity-catalog-service-credential";
import { KAFKA_TASK, eventLogTableOf, type PipelineName } from "../../pipelines/manifest";
import { NetworkStorageOutputs } from "../network-storage/outputs";
import { backendOf } from "../shared/backend";
import type { LayerStackProps } from "../shared/layer-stack";
import { WorkspaceLayerStack } from "../shared/workspace-layer-stack";
import { createSourceFolder } from "../shared/source-folder";
import { timeProvider } from "../shared/providers";
import { UnityCatalogOutputs } from "../unity-catalog/outputs";
import { createAppflowFlows, createDmsReplications, createGlueJob } from "./batch";
import type { IngestionContext } from "./context";
import { createClusterPolicy, createJobs } from "./jobs";
import { createLakeflowConnect } from "./lakeflow-connect";
import { IngestionOutputs } from "./outputs";
import { createKafkaTask, createPipelines, type PipelineSources } from "./pipelines";
import { enabledPipelines } from "./sample-pipelines";
import { createServiceCredential } from "./service-credential";
import { createIotRules, createKafka, createStreams } from "./streams";

/** The ingestion stack of one environment (`<env>-ingestion`). */
export class IngestionStack extends WorkspaceLayerStack {
  public readonly outputs: IngestionOutputs;
  public readonly serviceCredential?: UnityCatalogServiceCredential;
  public readonly pipelines: Readonly<Record<string, DeclarativePipeline>>;
  public readonly lakeflowConnect: Readonly<Record<string, LakeflowConnectIngestion>>;
  public readonly jobs: Readonly<Record<string, LakeflowJob>>;

  constructor(scope: Construct, props: LayerStackProps) {
    super(scope, "ingestion", props);
    const { config, workspace } = this;
    const storage = NetworkStorageOutputs.fromRemoteState(this, "network-storage", backendOf(config, "network-storage"));
    const unityCatalog = UnityCatalogOutputs.fromRemoteState(this, "unity-catalog", backendOf(config, "unity-catalog"));
    timeProvider(this);
    const ctx: IngestionContext = {
      stack: this,
      ingestion: config.ingestion,
      workspaceProvider: this.workspaceProvider,
      storage,
      workspace,
      unityCatalog,
      principals: this.principals,
      workspaceId: Token.asNumber(workspace.workspaceId),
      landing: {
        keyPrefix: Token.asString(Fn.lookup(unityCatalog.landingKeyPrefixes, config.unityCatalog.catalogs[0].name, "")),
        volumePath: unityCatalog.landingVolumePath,
      },
    };

    // AWS: streams and the services that deliver into the landing volume.
    const streams = createStreams(ctx);
    createIotRules(ctx, streams);
    const kafka = createKafka(ctx);
    createDmsReplications(ctx);
    const appflowFlows = createAppflowFlows(ctx);
    createGlueJob(ctx);

    // Databricks: the credential that reads the streams, the pipelines and connectors, and the jobs that run them.
    this.serviceCredential = createServiceCredential(ctx, streams, kafka);
    const sources: PipelineSources = { streams, appflowFlows, kafka, serviceCredentialName: this.serviceCredential?.credentialName };
    const folder = createSourceFolder(this, {
      provider: this.workspaceProvider,
      servicePrincipalApplicationIds: workspace.servicePrincipalApplicationIds,
      readers: [this.principals.servicePrincipal(config.ingestion.runAs), ...config.ingestion.viewers.map((g) => this.principals.group(g))],
    });
    const pipelines = createPipelines(ctx, folder, sources);
    this.pipelines = pipelines.byName;
    this.lakeflowConnect = createLakeflowConnect(ctx);
    const clusterPolicy = createClusterPolicy(ctx);
    this.jobs = createJobs(ctx, clusterPolicy, {
      pipelineIds: Object.fromEntries(Object.entries(this.pipelines).map(([name, p]) => [name, p.pipelineId])),
      landingTriggers: pipelines.landingTriggers,
      connectPipelineIds: Object.fromEntries(Object.entries(this.lakeflowConnect).map(([name, c]) => [name, c.ingestionPipelineId])),
      kafkaTask: createKafkaTask(ctx, folder, sources),
    });

    this.outputs = {
      streamNames: Object.fromEntries(Object.entries(streams).map(([key, s]) => [key, s.streamName])),
      streamArns: Object.fromEntries(Object.entries(streams).map(([key, s]) => [key, s.streamArn])),
      kafka:
        kafka && config.ingestion.msk
          ? { "cluster-arn": kafka.clusterArn, "bootstrap-brokers-iam": kafka.bootstrapBrokersIam, topic: config.ingestion.msk.topic }
          : {},
      pipelineIds: {
        ...Object.fromEntries(Object.entries(this.pipelines).map(([name, p]) => [name, p.pipelineId])),
        ...Object.fromEntries(Object.entries(this.lakeflowConnect).map(([name, c]) => [`connect-${name}`, c.ingestionPipelineId])),
      },
      pipelineEventLogs: Object.fromEntries(
        Object.keys(this.pipelines).map((name) => [name, `${unityCatalog.bronzeSchemaName}.${eventLogTableOf(name as PipelineName)}`]),
      ),
      jobIds: Object.fromEntries(Object.entries(this.jobs).map(([name, j]) => [name, j.jobId])),
      ...this.publishedTables(unityCatalog),
      serviceCredentialNames: this.serviceCredential ? { streams: this.serviceCredential.credentialName } : {},
      clusterPolicyIds: { jobs: clusterPolicy.policyId },
    };
    IngestionOutputs.publish(this, this.outputs);
  }

  /** The tables the pipelines, the Kafka task and Lakeflow Connect publish, by layer, as full names. */
  private publishedTables(uc: UnityCatalogOutputs): Pick<IngestionOutputs, "bronzeTables" | "silverTables" | "goldTables"> {
    const tables = {
      bronzeTables: {} as Record<string, string>,
      silverTables: {} as Record<string, string>,
      goldTables: {} as Record<string, string>,
    };
    const add = (layer: "bronze" | "silver" | "gold", names: readonly string[]) => {
      const schema = { bronze: uc.bronzeSchemaName, silver: uc.silverSchemaName, gold: uc.goldSchemaName }[layer];
      for (const name of names) tables[`${layer}Tables`][name] = `${schema}.${name}`;
    };
    for (const pipeline of enabledPipelines(this.config.ingestion))
      for (const layer of ["bronze", "silver", "gold"] as const) add(layer, pipeline.publishes[layer]);
    if (this.config.ingestion.msk) add("bronze", KAFKA_TASK.publishes.bronze);
    for (const connect of Object.values(this.lakeflowConnect))
      add(
        "bronze",
        connect.destinationTables.map((t) => t.split(".").at(-1) ?? t),
      );
    return tables;
  }
}
