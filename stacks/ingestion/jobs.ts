/**
 * The jobs concern: the cluster policy of job clusters, one file-arrival job per landing-fed pipeline (it runs when
 * files arrive under the pipeline's landing path), and one scheduled streams job (the Kafka task, then the events
 * pipeline; the telemetry pipeline; the Lakeflow Connect ingestion pipelines). Everything runs as `ingestion.runAs`
 * and the viewers see every run.
 */
import { JobClusterPolicy } from "../../modules/databricks/pipelines/job-cluster-policy";
import { LakeflowJob, type LakeflowJobTask } from "../../modules/databricks/pipelines/lakeflow-job";
import { commonTags } from "../../environments/tags";
import type { IngestionContext } from "./context";

/** The Kafka task: its uploaded file and argv. */
export interface KafkaTask {
  readonly pythonFile: string;
  readonly parameters: readonly string[];
}

/** What the jobs orchestrate. */
export interface Orchestrated {
  /** Sample pipeline ids by name. */
  readonly pipelineIds: Readonly<Record<string, string>>;
  /** Where each landing-fed pipeline's files arrive (a volume path ending in `/`), by pipeline name. */
  readonly landingTriggers: Readonly<Record<string, string>>;
  /** Lakeflow Connect ingestion pipeline ids by source key. */
  readonly connectPipelineIds: Readonly<Record<string, string>>;
  readonly kafkaTask?: KafkaTask;
}

/** The jobs and the policy, by name. */
export interface Jobs {
  readonly clusterPolicy: JobClusterPolicy;
  readonly byName: Readonly<Record<string, LakeflowJob>>;
}

const KAFKA_CLUSTER = "kafka";

export function createClusterPolicy(ctx: IngestionContext): JobClusterPolicy {
  const { stack, ingestion, principals } = ctx;
  const policy = ingestion.clusterPolicy;
  const clusterPolicy = new JobClusterPolicy(stack, "JobClusterPolicy", {
    provider: ctx.workspaceProvider,
    name: stack.naming.name("job-clusters"),
    description: "Job clusters of the ingestion layer: Photon, Unity Catalog access mode, LTS runtimes, bounded size, cost tags",
    // The environment's common tags, forced on every cluster (cost attribution, DBX-CLUSTER-POLICY).
    tags: commonTags(stack.config),
    sparkVersions: policy.runtimeVersions,
    nodeTypeIds: policy.nodeTypes,
    maxWorkers: policy.maxWorkers,
  });
  for (const group of ingestion.viewers) clusterPolicy.grantUse(principals.group(group));
  clusterPolicy.grantUse(principals.servicePrincipal(ingestion.runAs));
  return clusterPolicy;
}

export function createJobs(ctx: IngestionContext, clusterPolicy: JobClusterPolicy, work: Orchestrated): Readonly<Record<string, LakeflowJob>> {
  const byName: Record<string, LakeflowJob> = {};
  for (const [pipeline, url] of Object.entries(work.landingTriggers)) {
    byName[`landing-${pipeline}`] = job(ctx, `landing-${pipeline}`, [pipelineTask(ctx, pipeline, work.pipelineIds[pipeline])], {
      fileArrival: { url, minTimeBetweenTriggersSeconds: ctx.ingestion.jobs.minSecondsBetweenFileTriggers },
    });
  }
  const streamTasks = streamsTasks(ctx, work);
  if (streamTasks.length > 0) {
    const { cron, timezone } = ctx.ingestion.jobs.schedule;
    byName.streams = job(ctx, "streams", streamTasks, {
      schedule: { quartzCronExpression: cron, timezoneId: timezone },
      ...(work.kafkaTask ? { jobClusters: [{ key: KAFKA_CLUSTER, policy: clusterPolicy, numWorkers: 1 }] } : {}),
    });
  }
  return byName;
}

/** The scheduled tasks: Kafka into bronze then the events pipeline, telemetry, and each Lakeflow Connect source. */
function streamsTasks(ctx: IngestionContext, work: Orchestrated): LakeflowJobTask[] {
  const tasks: LakeflowJobTask[] = [];
  if (work.kafkaTask)
    tasks.push({
      ...retries(ctx),
      type: "python",
      key: "kafka_to_bronze",
      jobClusterKey: KAFKA_CLUSTER,
      ...work.kafkaTask,
      parameters: [...work.kafkaTask.parameters],
    });
  for (const name of ["telemetry", "events"]) {
    const id = work.pipelineIds[name];
    if (id === undefined) continue;
    tasks.push({ ...pipelineTask(ctx, name, id), ...(name === "events" && work.kafkaTask ? { dependsOn: ["kafka_to_bronze"] } : {}) });
  }
  for (const [source, id] of Object.entries(work.connectPipelineIds)) tasks.push(pipelineTask(ctx, `connect_${source.replace(/-/g, "_")}`, id));
  return tasks;
}

function pipelineTask(ctx: IngestionContext, key: string, pipelineId: string): LakeflowJobTask {
  return { ...retries(ctx), type: "pipeline", key, pipelineId };
}

function retries(ctx: IngestionContext) {
  const { maxRetries, timeoutMinutes } = ctx.ingestion.jobs;
  return { maxRetries, timeoutSeconds: timeoutMinutes * 60 };
}

function job(
  ctx: IngestionContext,
  name: string,
  tasks: LakeflowJobTask[],
  extra: Pick<ConstructorParameters<typeof LakeflowJob>[2], "fileArrival" | "schedule" | "jobClusters">,
): LakeflowJob {
  const { stack, ingestion, principals } = ctx;
  const { onFailure, webhookDestinationIds } = ingestion.jobs.notifications;
  return new LakeflowJob(stack, `Job-${name}`, {
    provider: ctx.workspaceProvider,
    name: stack.naming.name(`ingest-${name}`),
    runAs: principals.servicePrincipal(ingestion.runAs),
    tasks,
    ...extra,
    emailOnFailure: onFailure,
    webhookOnFailure: webhookDestinationIds,
    viewers: ingestion.viewers.map((g) => principals.group(g)),
    tags: { layer: "ingestion" },
  });
}
