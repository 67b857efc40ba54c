/**
 * Which of the sample domain's pipelines (pipelines/manifest.ts) an environment runs: those named in
 * `ingestion.pipelines`, in the manifest's order (a pipeline may read what an earlier one publishes).
 */
import type { IngestionConfig } from "../../environments/schema/ingestion";
import { SAMPLE_PIPELINES, type PipelineName, type SamplePipeline } from "../../pipelines/manifest";

/** The pipelines `ingestion.pipelines` switches on, in manifest order. */
export function enabledPipelines(ingestion: IngestionConfig): SamplePipeline[] {
  return (Object.keys(SAMPLE_PIPELINES) as PipelineName[])
    .filter((name) => ingestion.pipelines[name] !== undefined)
    .map((name) => SAMPLE_PIPELINES[name]);
}
