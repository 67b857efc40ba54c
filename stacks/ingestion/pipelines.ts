/**
 * The pipelines concern: the sample domain's Lakeflow Declarative Pipelines (pipelines/manifest.ts) that the
 * environment switches on, each serverless with Photon, publishing into the default medallion catalog, running as
 * `ingestion.runAs`, with its code uploaded from pipelines/ and its parameters (where its sources land, which stream
 * it reads) in its configuration. Also the Kafka task's file, which a job runs.
 */
import { Volume } from "@cdktf/provider-databricks/lib/volume";
import type { AppflowS3Flow } from "../../modules/aws/appflow-s3-flow";
import type { KinesisDataStream } from "../../modules/aws/kinesis-data-stream";
import type { MskKafkaCluster } from "../../modules/aws/msk-kafka-cluster";
import { DeclarativePipeline } from "../../modules/databricks/pipelines/declarative-pipeline";
import { WorkspaceSourceFiles } from "../../modules/databricks/pipelines/workspace-source-files";
import { KAFKA_TASK, PIPELINES_ROOT, eventLogTableOf, type PipelineName } from "../../pipelines/manifest";
import { landingPath, type IngestionContext } from "./context";
import type { KafkaTask } from "./jobs";
import { LANDING_PATHS } from "../shared/landing-paths";
import { enabledPipelines } from "./sample-pipelines";
import type { SourceFolder } from "../shared/source-folder";

/** What the pipelines read: the AWS side's streams and flows, and the service credential. */
export interface PipelineSources {
  readonly streams: Readonly<Record<string, KinesisDataStream>>;
  readonly appflowFlows: Readonly<Record<string, AppflowS3Flow>>;
  readonly kafka?: MskKafkaCluster;
  readonly serviceCredentialName?: string;
}

/** The pipelines by name, and where each landing-fed one waits for files. */
export interface SamplePipelines {
  readonly byName: Readonly<Partial<Record<PipelineName, DeclarativePipeline>>>;
  /** Volume path (ending in `/`) whose new files start the pipeline, by pipeline name. */
  readonly landingTriggers: Readonly<Record<string, string>>;
}

export function createPipelines(ctx: IngestionContext, folder: SourceFolder, sources: PipelineSources): SamplePipelines {
  const { stack, ingestion, principals } = ctx;
  const byName: Partial<Record<PipelineName, DeclarativePipeline>> = {};
  const landingTriggers: Record<string, string> = {};
  for (const pipeline of enabledPipelines(ingestion)) {
    const { parameters, trigger } = parametersOf(ctx, pipeline.name, sources);
    byName[pipeline.name] = new DeclarativePipeline(stack, `Pipeline-${pipeline.name}`, {
      provider: ctx.workspaceProvider,
      name: stack.naming.name(pipeline.name),
      catalog: ctx.unityCatalog.catalogName,
      schema: "bronze",
      eventLogTable: eventLogTableOf(pipeline.name),
      sourceRoot: PIPELINES_ROOT,
      sourceFiles: pipeline.files,
      workspaceFolder: `${folder.path}/pipelines`,
      runAs: principals.servicePrincipal(ingestion.runAs),
      configuration: { ...commonParameters(ctx), ...parameters },
      channel: ingestion.pipelines.channel,
      development: ingestion.pipelines.development,
      failureEmailRecipients: ingestion.jobs.notifications.onFailure,
      viewers: ingestion.viewers.map((group) => principals.group(group)),
      tags: { layer: "ingestion", pipeline: pipeline.name },
      protect: stack.config.dataProtection,
      dependsOn: [folder.directory],
    });
    if (trigger) landingTriggers[pipeline.name] = trigger;
  }
  return { byName, landingTriggers };
}

/** The four keys every pipeline reads: its schemas and the landing volume. */
function commonParameters(ctx: IngestionContext): Record<string, string> {
  const uc = ctx.unityCatalog;
  return {
    "lakehouse.bronze_schema": uc.bronzeSchemaName,
    "lakehouse.silver_schema": uc.silverSchemaName,
    "lakehouse.gold_schema": uc.goldSchemaName,
    "lakehouse.landing_path": ctx.landing.volumePath,
  };
}

/** One pipeline's own parameters (pipelines/manifest.ts), and the landing path whose files start it. */
function parametersOf(ctx: IngestionContext, name: PipelineName, sources: PipelineSources): { parameters: Record<string, string>; trigger?: string } {
  const { pipelines } = ctx.ingestion;
  const volume = (relative: string) => landingPath(ctx.landing, relative).volumePath;
  switch (name) {
    case "telemetry": {
      const stream = sources.streams[pipelines.telemetry?.stream ?? ""];
      return {
        parameters: {
          "lakehouse.kinesis_stream": stream.streamName,
          "lakehouse.kinesis_region": ctx.stack.config.aws.region,
          "lakehouse.service_credential": sources.serviceCredentialName ?? "",
          "lakehouse.iot_errors_path": volume(LANDING_PATHS.iotErrors),
        },
      };
    }
    case "orders": {
      const path = volume(LANDING_PATHS.dms(pipelines.orders?.dmsSource ?? ""));
      return { parameters: { "lakehouse.dms_path": path }, trigger: path };
    }
    case "crm": {
      // AppFlow writes <prefix>/<flow name>/<execution id>/: the flow's physical name, not its config key.
      const flow = sources.appflowFlows[pipelines.crm?.appflowFlow ?? ""];
      const path = `${volume(LANDING_PATHS.appflow)}${ctx.stack.naming.name(pipelines.crm?.appflowFlow ?? "")}/`;
      return { parameters: { "lakehouse.appflow_path": path }, trigger: flow ? path : undefined };
    }
    case "erp": {
      const path = volume(LANDING_PATHS.glueCurated);
      return { parameters: { "lakehouse.erp_curated_path": path }, trigger: path };
    }
    case "events":
      return { parameters: {} };
  }
}

/** The Kafka task's file, uploaded next to the pipelines, and its arguments; undefined without MSK. */
export function createKafkaTask(ctx: IngestionContext, folder: SourceFolder, sources: PipelineSources): KafkaTask | undefined {
  const { kafka } = sources;
  const spec = ctx.ingestion.msk;
  if (!kafka || !spec || !sources.serviceCredentialName) return undefined;
  const files = new WorkspaceSourceFiles(ctx.stack, "KafkaTaskSource", {
    provider: ctx.workspaceProvider,
    sourceRoot: PIPELINES_ROOT,
    files: [KAFKA_TASK.file],
    workspaceFolder: `${folder.path}/tasks`,
  });
  const table = `${ctx.unityCatalog.bronzeSchemaName}.${KAFKA_TASK.publishes.bronze[0]}`;
  // The stream's progress: its own managed volume (the landing volume is read-only, and a write there would start
  // the file-arrival jobs). The run-as principal writes bronze, volumes included.
  const checkpoints = new Volume(ctx.stack, "CheckpointsVolume", {
    provider: ctx.workspaceProvider,
    catalogName: ctx.unityCatalog.catalogName,
    schemaName: "bronze",
    name: "checkpoints",
    volumeType: "MANAGED",
    comment: "Structured Streaming checkpoints of the ingestion layer's tasks",
    owner: ctx.principals.resolve(ctx.stack.config.unityCatalog.grants.owner).name,
    lifecycle: { preventDestroy: ctx.stack.config.dataProtection },
  });
  const checkpointRoot = `/Volumes/${checkpoints.catalogName}/${checkpoints.schemaName}/${checkpoints.name}`;
  return {
    pythonFile: files.pathOf(KAFKA_TASK.file),
    parameters: [
      "--bootstrap-servers",
      kafka.bootstrapBrokersIam,
      "--topic",
      spec.topic,
      "--service-credential",
      sources.serviceCredentialName,
      "--table",
      table,
      "--checkpoint",
      `${checkpointRoot}/order_events_raw/`,
    ],
  };
}
