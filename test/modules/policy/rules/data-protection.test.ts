import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Catalog } from "@cdktf/provider-databricks/lib/catalog";
import { DatabaseInstance } from "@cdktf/provider-databricks/lib/database-instance";
import { Metastore } from "@cdktf/provider-databricks/lib/metastore";
import { describeRule } from "../fixtures";

describeRule({
  rule: "DATA-PREVENT-DESTROY",
  passes: [
    { name: "a bucket with prevent_destroy through the lifecycle prop", build: (s) => void new S3Bucket(s, "data", { bucket: "lakehouse-data", lifecycle: { preventDestroy: true } }) },
    {
      name: "a catalog with prevent_destroy through an override",
      build: (s) => new Catalog(s, "bronze", { name: "bronze" }).addOverride("lifecycle.prevent_destroy", true),
    },
  ],
  fails: [
    { name: "a KMS key that a destroy would delete", build: (s) => void new KmsKey(s, "key", { enableKeyRotation: true }), message: /lifecycle\.prevent_destroy is not set/ },
    { name: "a metastore with prevent_destroy false", build: (s) => void new Metastore(s, "metastore", { name: "us-east-1", lifecycle: { preventDestroy: false } }), message: /lifecycle\.prevent_destroy is false/ },
  ],
  skips: [{ name: "an unprotected bucket when protectData is off", build: (s) => void new S3Bucket(s, "data", { bucket: "scratch" }), settings: { protectData: false } }],
});

describeRule({
  rule: "DATA-NO-FORCE-DESTROY",
  passes: [{ name: "a catalog without force_destroy", build: (s) => void new Catalog(s, "bronze", { name: "bronze" }) }],
  fails: [
    { name: "a metastore with force_destroy", build: (s) => void new Metastore(s, "metastore", { name: "us-east-1", forceDestroy: true }), message: /force_destroy is true/ },
    { name: "a Lakebase instance purged on delete", build: (s) => void new DatabaseInstance(s, "lakebase", { name: "serving", capacity: "CU_1", purgeOnDelete: true }), message: /purge_on_delete is true/ },
  ],
  skips: [{ name: "a catalog with force_destroy when protectData is off", build: (s) => void new Catalog(s, "bronze", { name: "bronze", forceDestroy: true }), settings: { protectData: false } }],
});
