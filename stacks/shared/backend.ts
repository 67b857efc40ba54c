/**
 * Remote state for every stack: S3, encrypted, with S3-native locking, key `<env>/<layer>.tfstate`.
 */
import { S3Backend, type S3BackendConfig, type TerraformStack } from "cdktf";
import type { EnvironmentConfig } from "../../environments";

/** The Terraform versions every stack accepts: 1.10 brought S3-native state locking (`use_lockfile`). */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.10.0";

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
    // Our key, not the bucket's default: state holds every secret a provider returns (OAuth secrets, passwords).
    kmsKeyId: config.state.kmsKeyArn,
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
  // S3-native locking needs Terraform 1.10; an older binary stops at init with this constraint's message instead of
  // ignoring use_lockfile and running unlocked.
  stack.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
  return backend;
}
