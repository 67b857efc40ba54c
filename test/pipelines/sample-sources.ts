/** Reads the sample pipelines' sources from disk, as the stages of the table graph in manifest order. */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { KAFKA_TASK, PIPELINES_ROOT, SAMPLE_PIPELINES, type SamplePipeline } from "../../pipelines/manifest";
import { analyzeSource, type SourceFacts, type SourceFile, type Stage } from "./table-graph";

/** A source file of pipelines/, by its path relative to pipelines/. */
export function readSource(path: string): SourceFile {
  return { path, text: readFileSync(join(PIPELINES_ROOT, path), "utf8") };
}

/** The manifest's pipelines, in order. */
export function samplePipelines(): SamplePipeline[] {
  return Object.values(SAMPLE_PIPELINES);
}

/** The table graph's stages: the Kafka task (it lands what the events pipeline reads), then every pipeline in order. */
export function manifestStages(): Stage[] {
  return [
    { kind: "producer", name: "kafka task", publishes: KAFKA_TASK.publishes },
    ...samplePipelines().map((p): Stage => ({
      kind: "pipeline",
      name: p.name,
      files: p.files.map(readSource),
      parameters: p.parameters,
      publishes: p.publishes,
    })),
  ];
}

/** What each source file of a pipeline defines, declares and reads. */
export function pipelineFacts(pipeline: SamplePipeline): SourceFacts[] {
  return pipeline.files.map((f) => analyzeSource(readSource(f)));
}

/** Every file under pipelines/, relative to it, with `/` separators. */
export function filesOnDisk(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
  return walk(PIPELINES_ROOT)
    .map((f) => relative(PIPELINES_ROOT, f).split(sep).join("/"))
    .sort();
}
