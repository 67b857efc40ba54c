import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { MskServerlessCluster } from "@cdktf/provider-aws/lib/msk-serverless-cluster";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Catalog } from "@cdktf/provider-databricks/lib/catalog";
import { DatabaseInstance } from "@cdktf/provider-databricks/lib/database-instance";
import { Metastore } from "@cdktf/provider-databricks/lib/metastore";
import { evaluateModel } from "../../../../modules/policy/engine";
import { resolveGuardrailSettings } from "../../../../modules/policy/settings";
import { StackModel } from "../../../../modules/policy/synth-model";
import { PolicyResult } from "../../../../modules/policy/types";
import { describeRule, resultsOf, STRICT_SETTINGS } from "../fixtures";
import { CATALOG_WITH_RESTAPI } from "../restapi-pack";

describeRule({
  rule: "DATA-PREVENT-DESTROY",
  passes: [
    {
      name: "a bucket with prevent_destroy through the lifecycle prop",
      build: (s) => void new S3Bucket(s, "data", { bucket: "lakehouse-data", lifecycle: { preventDestroy: true } }),
    },
    {
      name: "a catalog with prevent_destroy through an override",
      build: (s) => new Catalog(s, "bronze", { name: "bronze" }).addOverride("lifecycle.prevent_destroy", true),
    },
  ],
  fails: [
    {
      name: "a KMS key that a destroy would delete",
      build: (s) => void new KmsKey(s, "key", { enableKeyRotation: true }),
      message: /lifecycle\.prevent_destroy is not set/,
    },
    {
      name: "a Kinesis stream, whose records a destroy would delete within their retention period",
      build: (s) => void new KinesisStream(s, "stream", { name: "iot", encryptionType: "KMS", kmsKeyId: "alias/lakehouse" }),
      message: /^lifecycle\.prevent_destroy is not set$/,
    },
    {
      name: "an MSK Serverless cluster, whose topics a destroy would delete",
      build: (s) =>
        void new MskServerlessCluster(s, "kafka", {
          clusterName: "events",
          vpcConfig: [{ subnetIds: ["subnet-a", "subnet-b"] }],
          clientAuthentication: { sasl: { iam: { enabled: true } } },
        }),
      message: /^lifecycle\.prevent_destroy is not set$/,
    },
    {
      name: "a metastore with prevent_destroy false",
      build: (s) => void new Metastore(s, "metastore", { name: "us-east-1", lifecycle: { preventDestroy: false } }),
      message: /lifecycle\.prevent_destroy is false/,
    },
  ],
  skips: [
    {
      name: "an unprotected bucket when protectData is off",
      build: (s) => void new S3Bucket(s, "data", { bucket: "scratch" }),
      settings: { protectData: false },
    },
  ],
});

describeRule({
  rule: "DATA-NO-FORCE-DESTROY",
  passes: [{ name: "a catalog without force_destroy", build: (s) => void new Catalog(s, "bronze", { name: "bronze" }) }],
  fails: [
    {
      name: "a metastore with force_destroy",
      build: (s) => void new Metastore(s, "metastore", { name: "us-east-1", forceDestroy: true }),
      message: /force_destroy is true/,
    },
    {
      name: "a Lakebase instance purged on delete",
      build: (s) => void new DatabaseInstance(s, "lakebase", { name: "serving", capacity: "CU_1", purgeOnDelete: true }),
      message: /purge_on_delete is true/,
    },
  ],
  skips: [
    {
      name: "a catalog with force_destroy when protectData is off",
      build: (s) => void new Catalog(s, "bronze", { name: "bronze", forceDestroy: true }),
      settings: { protectData: false },
    },
  ],
});

describe("data protection of a provider added as a pack", () => {
  const settings = resolveGuardrailSettings(STRICT_SETTINGS);
  const model = StackModel.fromJson(
    {
      resource: {
        restapi_object: {
          clean_room: { path: "/api/2.0/clean-rooms", data: "{}" },
          protected_room: { path: "/api/2.0/clean-rooms", data: "{}", lifecycle: { prevent_destroy: true } },
          listing: { path: "/api/2.0/marketplace-provider/listing", data: "{}" },
          unknown: { path: "${var.path}", data: "{}", lifecycle: { prevent_destroy: true } },
          purged_room: { path: "/api/2.0/clean-rooms", data: "{}", lifecycle: { prevent_destroy: true }, force_destroy: true },
        },
      },
      variable: { path: { type: "string" } },
    },
    { stackName: "collab", stackPath: "collab" },
  );
  const statusOf = (results: readonly PolicyResult[], ruleId: string) =>
    Object.fromEntries(resultsOf(results, ruleId).map((r) => [r.address, r.status]));

  it("protects what the pack declares data-holding, told apart by attribute, and nothing of that type it does not", () => {
    const results = evaluateModel(model, settings, {}, CATALOG_WITH_RESTAPI);
    expect(statusOf(results, "DATA-PREVENT-DESTROY")).toEqual({
      "restapi_object.clean_room": "fail",
      "restapi_object.protected_room": "pass",
      "restapi_object.unknown": "fail",
      "restapi_object.purged_room": "pass",
    });
  });

  it("reports a block whose path cannot be resolved, since it may be a clean room", () => {
    const [unknown] = resultsOf(evaluateModel(model, settings, {}, CATALOG_WITH_RESTAPI), "DATA-PREVENT-DESTROY").filter(
      (r) => r.address === "restapi_object.unknown",
    );
    expect(unknown.message).toBe(
      'restapi_object.unknown: path is "${var.path}", which cannot be resolved at synth, so whether the rule applies is unknown',
    );
  });

  it("forbids the cascading-delete flag the pack declares", () => {
    const results = resultsOf(evaluateModel(model, settings, {}, CATALOG_WITH_RESTAPI), "DATA-NO-FORCE-DESTROY");
    expect(results).toContainEqual(
      expect.objectContaining({
        address: "restapi_object.purged_room",
        status: "fail",
        message: "restapi_object.purged_room: force_destroy is true",
      }),
    );
    expect(results).toContainEqual(expect.objectContaining({ address: "restapi_object.clean_room", status: "pass" }));
  });

  it("knows nothing of the type without the pack: the declaration is the pack's, not the engine's", () => {
    const results = evaluateModel(model, settings);
    expect(resultsOf(results, "DATA-PREVENT-DESTROY")).toEqual([]);
    expect(resultsOf(results, "DATA-NO-FORCE-DESTROY")).toEqual([]);
  });
});
