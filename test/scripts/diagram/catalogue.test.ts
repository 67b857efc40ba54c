import { LAYERS } from "../../../stacks/shared/backend";
import { CATALOGUE } from "../../../scripts/diagram/catalogue";
import { FLOWS } from "../../../scripts/diagram/flows";
import { LANE_IDS } from "../../../scripts/diagram/lanes";
import { fixtureModel, fixtureResources } from "./fixture";

describe("reading an environment's synthesized stacks", () => {
  it("reads every stack of the environment, in layer order, with each resource's stack", () => {
    const resources = fixtureResources();
    expect(resources.stacks.map((s) => s.id)).toEqual(LAYERS.map((layer) => `dev-${layer}`));
    expect(resources.resources.find((r) => r.type === "aws_kinesis_stream")).toMatchObject({
      name: "Stream-a",
      stack: "dev-ingestion",
      layer: "ingestion",
    });
  });
});

describe("the component catalogue", () => {
  const model = fixtureModel();
  const byId = new Map(model.components.map((c) => [c.id, c]));

  it("names every component the reference architecture names, each in one of its lanes", () => {
    const names = CATALOGUE.map((c) => c.name).join(" | ");
    for (const named of [
      "Kinesis",
      "IoT Core",
      "MSK",
      "DMS",
      "AppFlow",
      "AWS Glue",
      "Glue Data Catalog",
      "Hive metastore",
      "Lakeflow Connect",
      "Auto Loader",
      "Structured Streaming",
      "Lakeflow Declarative Pipelines",
      "Lakeflow Jobs",
      "SQL warehouse",
      "Model Serving",
      "Bedrock",
      "Lakebase",
      "RDS",
      "DynamoDB",
      "QuickSight",
      "Databricks Apps",
      "AI/BI dashboards",
      "MLflow",
      "Delta Sharing",
      "Clean Rooms",
      "Marketplace",
      "Redshift",
      "S3",
      "Unity Catalog",
    ]) {
      expect(names).toContain(named);
    }
    expect(new Set(CATALOGUE.map((c) => c.id)).size).toBe(CATALOGUE.length);
    for (const lane of LANE_IDS) expect(CATALOGUE.some((c) => c.lane === lane)).toBe(true);
  });

  it("finds each component whose resources the fixture has, and says what it has of it", () => {
    expect(byId.get("kinesis")).toMatchObject({
      present: true,
      detail: "2 streams, on demand, KMS",
      stacks: ["dev-ingestion"],
      protectedResources: 1,
    });
    expect(byId.get("iot-core")).toMatchObject({ present: true, detail: "1 rule" });
    for (const stage of ["bronze", "silver", "gold"])
      expect(byId.get(stage)).toMatchObject({ present: true, detail: "in 1 pipeline, serverless, Photon" });
    expect(byId.get("lakeflow-jobs")).toMatchObject({ present: true, detail: "1 job, schedule" });
    expect(byId.get("sql-warehouse")).toMatchObject({ present: true, detail: "serverless, 2X-Small", stacks: ["dev-serving"] });
    expect(byId.get("model-serving")).toMatchObject({ present: true, detail: "Bedrock anthropic, via AI Gateway" });
    expect(byId.get("bedrock")).toMatchObject({ present: true, detail: "anthropic, external models" });
    expect(byId.get("s3")).toMatchObject({ present: true, detail: "1 bucket", stacks: ["dev-network-storage"], protectedResources: 1 });
  });

  it("lists every other catalogue component as absent, with no detail or stacks", () => {
    const present = ["kinesis", "iot-core", "bronze", "silver", "gold", "lakeflow-jobs", "sql-warehouse", "model-serving", "bedrock", "s3", "kms"];
    const absent = model.components.filter((c) => !present.includes(c.id));
    expect(absent.map((c) => c.id).sort()).toEqual(
      CATALOGUE.map((c) => c.id)
        .filter((id) => !present.includes(id))
        .sort(),
    );
    for (const component of absent) expect(component).toMatchObject({ present: false, detail: "", stacks: [], protectedResources: 0 });
  });

  it("makes a flow active only when the environment has both ends", () => {
    const flow = (from: string, to: string) => model.flows.find((f) => f.from === from && f.to === to);
    expect(flow("iot-core", "kinesis")?.active).toBe(true);
    expect(flow("kinesis", "bronze")?.active).toBe(true);
    expect(flow("gold", "sql-warehouse")?.active).toBe(true);
    expect(flow("sql-warehouse", "quicksight")?.active).toBe(false);
    expect(model.flows).toHaveLength(FLOWS.length);
  });

  it("derives the posture badges from the resources: no PrivateLink or managed keys here, one kind of protection", () => {
    expect(model.badges.map((b) => [b.id, b.on])).toEqual([
      ["privatelink", false],
      ["customer-managed-keys", false],
      ["protection", true],
      ["compliance-profile", false],
      ["ip-access-lists", false],
    ]);
    expect(model.badges.find((b) => b.id === "protection")?.label).toBe("protected from destroy (2 resources)");
  });
});
