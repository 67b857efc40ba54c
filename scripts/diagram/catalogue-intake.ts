/**
 * The catalogue's components from where data comes from to where it is refined: the Source, Ingest and Transform
 * lanes. Each is recognized by resource types, attributes and references in the synthesized JSON.
 */
import { detected, parts, type ComponentSpec } from "./component-spec";
import { attribute, count, countIfAny, distinct, references, stringAttribute, type ResourceIndex } from "./resource-index";
import type { SynthesizedResource } from "./synthesized-stacks";

/** Connections federated into Unity Catalog (Lakehouse and catalog federation), by connection type. */
function federation(index: ResourceIndex, type: string): SynthesizedResource[] {
  return index.ofType("databricks_connection").filter((c) => stringAttribute(c, "connection_type") === type);
}

/** Lakeflow Connect connections: every connection that is not a federation. */
const FEDERATION_TYPES = ["GLUE", "HIVE_METASTORE", "REDSHIFT"];

/**
 * The workspace paths of a pipeline's library files: a literal path, or the `path` of the `databricks_workspace_file`
 * (in `files`, by name) its `${databricks_workspace_file.<name>.path}` reference names.
 */
function libraryPaths(files: ReadonlyMap<string, string | undefined>, pipeline: SynthesizedResource): string[] {
  const libraries = Array.isArray(pipeline.body.library) ? (pipeline.body.library as unknown[]) : [];
  return libraries.flatMap((library) => {
    const path = (library as { file?: { path?: unknown } }).file?.path;
    if (typeof path !== "string") return [];
    const reference = /^\$\{databricks_workspace_file\.([^.]+)\.path\}$/.exec(path);
    const resolved = reference ? files.get(reference[1]) : path;
    return resolved === undefined ? [] : [resolved];
  });
}

/** The declarative pipelines of the sample domain (not Lakeflow Connect's) with a library file named `<stage>.<ext>`. */
function medallionPipelines(index: ResourceIndex, stage: string): SynthesizedResource[] {
  const files = new Map(index.ofType("databricks_workspace_file").map((file) => [file.name, stringAttribute(file, "path")]));
  return index
    .ofType("databricks_pipeline")
    .filter((p) => attribute(p, "ingestion_definition") === undefined && attribute(p, "gateway_definition") === undefined)
    .filter((p) =>
      libraryPaths(files, p).some(
        (path) =>
          path
            .split("/")
            .pop()
            ?.replace(/\.[a-z]+$/, "") === stage,
      ),
    );
}

/** "in 2 pipelines": each pipeline has a file of every stage, so three boxes of two pipelines are two pipelines. */
function pipelineDetail(pipelines: readonly SynthesizedResource[]): string {
  const serverless = pipelines.every((p) => p.body.serverless === true);
  const photon = pipelines.every((p) => p.body.photon === true);
  return parts(`in ${count(pipelines.length, "pipeline")}`, serverless && "serverless", photon && "Photon");
}

/** Source: the systems the platform reads from. */
export const SOURCE_COMPONENTS: readonly ComponentSpec[] = [
  {
    id: "operational-sources",
    name: "Databases and SaaS apps",
    lane: "source",
    detect: (index) => {
      const dms = index.ofType("aws_dms_endpoint").filter((e) => stringAttribute(e, "endpoint_type") === "source");
      const appflow = index.ofType("aws_appflow_flow");
      const connect = index.ofType("databricks_connection").filter((c) => !FEDERATION_TYPES.includes(stringAttribute(c, "connection_type") ?? ""));
      const kinds = distinct([
        ...dms.map((e) => stringAttribute(e, "engine_name")),
        ...appflow.map((f) => stringAttribute(f, "source_flow_config.connector_type")?.toLowerCase()),
        ...connect.map((c) => stringAttribute(c, "connection_type")?.toLowerCase()),
      ]);
      return detected([...dms, ...appflow, ...connect], () => kinds.join(", "));
    },
  },
  {
    id: "msk",
    name: "Amazon MSK (Kafka)",
    lane: "source",
    detect: (index) =>
      detected(index.ofType("aws_msk_cluster"), (clusters) =>
        parts(count(clusters.length, "cluster"), clusters.every((c) => attribute(c, "client_authentication.sasl.iam") === true) && "IAM auth, TLS"),
      ),
  },
  {
    id: "redshift",
    name: "Amazon Redshift",
    lane: "source",
    detect: (index) =>
      detected([...federation(index, "REDSHIFT"), ...index.ofType("aws_redshiftserverless_workgroup")], (resources) =>
        parts(resources.some((r) => r.type === "aws_redshiftserverless_workgroup") && "serverless", "Lakehouse Federation"),
      ),
  },
  {
    id: "glue-catalog",
    name: "AWS Glue Data Catalog",
    lane: "source",
    detect: (index) => detected(federation(index, "GLUE"), () => "catalog federation"),
  },
  {
    id: "hive-metastore",
    name: "Hive metastore",
    lane: "source",
    detect: (index) => detected(federation(index, "HIVE_METASTORE"), () => "catalog federation"),
  },
];

/** Ingest: the services and Databricks features that bring data in. */
export const INGEST_COMPONENTS: readonly ComponentSpec[] = [
  {
    id: "iot-core",
    name: "AWS IoT Core",
    lane: "ingest",
    detect: (index) => detected(index.ofType("aws_iot_topic_rule"), (rules) => count(rules.length, "rule")),
  },
  {
    id: "kinesis",
    name: "Amazon Kinesis",
    lane: "ingest",
    detect: (index) =>
      detected(index.ofType("aws_kinesis_stream"), (streams) =>
        parts(
          count(streams.length, "stream"),
          streams.every((s) => stringAttribute(s, "stream_mode_details.stream_mode") === "ON_DEMAND") && "on demand",
          streams.every((s) => stringAttribute(s, "encryption_type") === "KMS") && "KMS",
        ),
      ),
  },
  {
    id: "dms",
    name: "AWS DMS",
    lane: "ingest",
    detect: (index) =>
      detected(index.ofType("aws_dms_replication_config"), (replications) => parts(count(replications.length, "replication"), "CDC to landing")),
  },
  {
    id: "appflow",
    name: "Amazon AppFlow",
    lane: "ingest",
    detect: (index) => detected(index.ofType("aws_appflow_flow"), (flows) => parts(count(flows.length, "flow"), "to landing")),
  },
  {
    id: "glue-etl",
    name: "AWS Glue",
    lane: "ingest",
    detect: (index) => {
      const jobs = index.ofType("aws_glue_job");
      const crawlers = index.ofType("aws_glue_crawler");
      return detected([...jobs, ...crawlers, ...index.ofType("aws_glue_catalog_database")], () =>
        parts(countIfAny(jobs.length, "job"), countIfAny(crawlers.length, "crawler")),
      );
    },
  },
  {
    id: "lakeflow-connect",
    name: "Lakeflow Connect",
    lane: "ingest",
    detect: (index) => {
      const ingestion = index.ofType("databricks_pipeline").filter((p) => attribute(p, "ingestion_definition") !== undefined);
      const gateways = index.ofType("databricks_pipeline").filter((p) => attribute(p, "gateway_definition") !== undefined);
      return detected([...ingestion, ...gateways], () =>
        parts(countIfAny(ingestion.length, "ingestion pipeline"), countIfAny(gateways.length, "gateway")),
      );
    },
  },
  {
    id: "auto-loader",
    name: "Auto Loader",
    lane: "ingest",
    detect: (index) =>
      detected(
        index.ofType("databricks_job").filter((j) => attribute(j, "trigger.file_arrival") !== undefined),
        (jobs) => parts(count(jobs.length, "landing path"), "file arrival"),
      ),
  },
  {
    id: "structured-streaming",
    name: "Structured Streaming",
    lane: "ingest",
    detect: (index) =>
      detected(
        index.ofType("databricks_job").filter((j) => references(j, "aws_msk_cluster")),
        () => "Kafka task",
      ),
  },
];

/** Transform: the medallion stages of Lakeflow Declarative Pipelines, and the jobs that run them. */
export const TRANSFORM_COMPONENTS: readonly ComponentSpec[] = [
  ...(["bronze", "silver", "gold"] as const).map((stage): ComponentSpec => ({
    id: stage,
    name: `${stage[0].toUpperCase()}${stage.slice(1)} (Lakeflow Declarative Pipelines)`,
    lane: "transform",
    detect: (index) => detected(medallionPipelines(index, stage), pipelineDetail),
  })),
  {
    id: "lakeflow-jobs",
    name: "Lakeflow Jobs",
    lane: "transform",
    detect: (index) => {
      const jobs = index.ofType("databricks_job");
      const triggers = distinct(
        jobs.map((j) =>
          attribute(j, "trigger.file_arrival") !== undefined
            ? "file arrival"
            : attribute(j, "trigger.table_update") !== undefined
              ? "table update"
              : j.body.schedule !== undefined
                ? "schedule"
                : undefined,
        ),
      );
      return detected(jobs, () => parts(count(jobs.length, "job"), triggers.join(", ")));
    },
  },
];
