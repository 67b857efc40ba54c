/**
 * The ingestion-access concern: what the ingestion layer's AWS services need in this layer's resource policies, which
 * only this layer can write. AppFlow writes the landing bucket as its service principal (a bucket policy statement,
 * and a data key statement for SSE-KMS); CloudWatch Logs encrypts Glue's log groups with the data key (a key policy
 * statement). Each is added only when the environment turns the service on.
 */
import { appflowBucketPolicyStatements, appflowKeyPolicyStatements } from "../../modules/aws/appflow-s3-flow";
import { glueLogsKeyPolicyStatements } from "../../modules/aws/glue-security-configuration";
import { LANDING_PATHS, landingKeyPrefix } from "../shared/landing-paths";
import type { LayerStack } from "../shared/layer-stack";
import type { Buckets } from "./buckets";
import type { Keys } from "./keys";

export function allowIngestionServices(stack: LayerStack, keys: Keys, buckets: Buckets): void {
  const { config, naming } = stack;
  const { accountId, region } = config.aws;
  if (config.ingestion.appflow.flows.length > 0) {
    // Flows write only under the default catalog's landing volume, in appflow/ (where the crm pipeline reads).
    const prefix = `${landingKeyPrefix(naming.unityCatalog(config.unityCatalog.catalogs[0].name))}${LANDING_PATHS.appflow}`;
    appflowBucketPolicyStatements(buckets.landing.bucketArn, accountId, prefix).forEach((s) => buckets.landing.addToResourcePolicy(s));
    appflowKeyPolicyStatements(accountId).forEach((s) => keys.data.addToKeyPolicy(s));
  }
  if (config.ingestion.glue) glueLogsKeyPolicyStatements(region, accountId).forEach((s) => keys.data.addToKeyPolicy(s));
}
