/**
 * The benchmark's baseline: the app a new cdktf user writes from `cdktf init --template=typescript` (one stack,
 * `new App()`, `app.synth()`), with both provider packages imported from their roots as the providers' own READMEs
 * show, run by ts-node with type checking on every synth (the template's `"app": "npx ts-node main.ts"`). Our app
 * is measured against it so that the ratio holds when the machine's speed drifts. It deliberately does what this
 * project avoids; it is excluded from the project's type check and lint (tsconfig.json, eslint.config.mjs).
 */
import { Construct } from "constructs";
import { App, TerraformStack } from "cdktf";
import { kmsKey, provider as aws, s3Bucket, s3BucketServerSideEncryptionConfiguration } from "@cdktf/provider-aws";
import { catalog, provider as databricks } from "@cdktf/provider-databricks";

class LakehouseStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new aws.AwsProvider(this, "aws", { region: "us-east-1" });
    new databricks.DatabricksProvider(this, "databricks", { host: "https://dbc-1234abcd-5678.cloud.databricks.com" });

    const key = new kmsKey.KmsKey(this, "key", { description: "lakehouse data", enableKeyRotation: true });
    const bucket = new s3Bucket.S3Bucket(this, "bucket", { bucket: "lakehouse-baseline-data" });
    new s3BucketServerSideEncryptionConfiguration.S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn } }],
    });
    new catalog.Catalog(this, "catalog", { name: "lakehouse", storageRoot: `s3://${bucket.bucket}/catalog` });
  }
}

const app = new App();
new LakehouseStack(app, "baseline");
app.synth();
