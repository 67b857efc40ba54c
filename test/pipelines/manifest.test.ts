import { PUBLISH_TASK } from "../../pipelines/serving/manifest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { COMMON_PIPELINE_PARAMETERS, GLUE_SCRIPT, KAFKA_TASK, PIPELINES_ROOT, SAMPLE_PIPELINES } from "../../pipelines/manifest";
import { filesOnDisk, samplePipelines } from "./sample-sources";

describe("the pipelines manifest", () => {
  it("lives in pipelines/, next to the files it lists", () => {
    expect(existsSync(join(PIPELINES_ROOT, "manifest.ts"))).toBe(true);
  });

  it("names each pipeline by its key, in the contract's order", () => {
    expect(Object.keys(SAMPLE_PIPELINES)).toEqual(["telemetry", "orders", "crm", "erp", "events"]);
    for (const [key, pipeline] of Object.entries(SAMPLE_PIPELINES)) expect(pipeline.name).toBe(key);
  });

  it.each(samplePipelines().map((p) => [p.name, p] as const))("lists exactly the files in pipelines/%s/", (name, pipeline) => {
    const onDisk = filesOnDisk().filter((f) => f.startsWith(`${name}/`));
    expect([...pipeline.files].sort()).toEqual(onDisk);
  });

  it("lists exactly the Kafka task in pipelines/streaming/ and the Glue script in pipelines/glue/", () => {
    expect(filesOnDisk().filter((f) => f.startsWith("streaming/"))).toEqual([KAFKA_TASK.file]);
    expect(filesOnDisk().filter((f) => f.startsWith("glue/"))).toEqual([GLUE_SCRIPT.file]);
  });

  it("accounts for every file under pipelines/", () => {
    const listed = new Set([
      ...samplePipelines().flatMap((p) => p.files),
      KAFKA_TASK.file,
      GLUE_SCRIPT.file,
      "manifest.ts",
      "README.md",
      PUBLISH_TASK.file,
      "serving/manifest.ts",
    ]);
    expect(filesOnDisk().filter((f) => !listed.has(f))).toEqual([]);
  });

  it("does not declare the keys every pipeline gets as parameters", () => {
    for (const pipeline of samplePipelines())
      expect(pipeline.parameters.filter((p) => (COMMON_PIPELINE_PARAMETERS as readonly string[]).includes(p))).toEqual([]);
  });

  it("publishes every table once across the pipelines and the Kafka task", () => {
    const all = [
      ...samplePipelines().flatMap((p) => (["bronze", "silver", "gold"] as const).flatMap((layer) => p.publishes[layer].map((t) => `${layer}.${t}`))),
      ...KAFKA_TASK.publishes.bronze.map((t) => `bronze.${t}`),
    ];
    expect(all.length).toBe(new Set(all).size);
  });
});
