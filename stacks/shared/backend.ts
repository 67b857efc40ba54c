/**
 * Remote state for every stack: S3, encrypted, with S3-native locking, key `<env>/<layer>.tfstate`.
 */
import { S3Backend, type S3BackendConfig, type TerraformStack } from "cdktf";
import type { EnvironmentConfig } from "../../environments";

/** The layers of the architecture, in deploy order. */
export const LAYERS = ["network-storage", "workspace", "unity-catalog", "ingestion", "serving", "collaboration"] as const;
export type Layer = (typeof LAYERS)[number];

/** The stack id of a layer in an environment: `<env>-<layer>`. */
export function stackId(config: Pick<EnvironmentConfig, "name">, layer: Layer): string {
  return `${config.name}-${layer}`;
}

/** Where a layer's state lives; the same settings serve the producer's backend and consumers' remote-state reads. */
export function backendOf(config: Pick<EnvironmentConfig, "name" | "state" | "aws">, layer: Layer): S3BackendConfig {
  return {
    bucket: config.state.bucket,
    key: `${config.name}/${layer}.tfstate`,
    region: config.state.region,
    encrypt: true,
    // The deployer may assume a role in the target account; the state bucket is read with the same identity.
    ...(config.aws.assumeRoleArn ? { assumeRole: { roleArn: config.aws.assumeRoleArn } } : {}),
  };
}

/** Gives `stack` its S3 backend. */
export function configureBackend(stack: TerraformStack, config: EnvironmentConfig, layer: Layer): S3Backend {
  const backend = new S3Backend(stack, backendOf(config, layer));
  // cdktf 0.21's S3BackendConfig has no field for S3-native locking (Terraform >= 1.10); the override is the
  // documented escape hatch and is deep-merged into terraform.backend.s3.
  backend.addOverride("use_lockfile", true);
  return backend;
}
