/**
 * Physical-name components that more than one layer needs before the named resource exists (for example a key
 * policy in network-storage that names the cross-account role the workspace layer creates later). One place, so
 * the layers cannot disagree.
 */
import type { EnvironmentConfig } from "../../environments";
import type { Naming } from "../../modules/core/naming";

/** The IAM role Databricks assumes to launch clusters (created by the workspace layer). */
export const CROSS_ACCOUNT_ROLE = "databricks-cross-account";

/**
 * The display name of an account group from its config key: `<prefix>-<stage>-<key>` (for example
 * `lakehouse-prod-data-engineers`). Account groups live in the Databricks account that every stage shares, so the
 * stage is part of the name; the Unity Catalog layer grants to the same names.
 */
export function accountGroupName(naming: Naming, key: string): string {
  return naming.name(key);
}

/** The display name of a service principal from its config key: `<prefix>-<stage>-<key>` (e.g. `lakehouse-dev-deployer`). */
export function servicePrincipalName(naming: Naming, key: string): string {
  return naming.name(key);
}

/** What makes the environment's bucket names globally unique: `storage.bucketNameSuffix`, else the AWS account id. */
export function bucketSuffixOf(config: Pick<EnvironmentConfig, "storage" | "aws">): string {
  return config.storage.bucketNameSuffix ?? config.aws.accountId;
}

/**
 * The IAM role Model Serving's Bedrock instance profile uses (serving layer); fixed, because the workspace layer's
 * cross-account role must be allowed to pass it before the serving layer registers the instance profile.
 */
export function bedrockRoleName(naming: Naming): string {
  return naming.iam("serving-bedrock");
}
