/**
 * Cross-field rules of bucket names: `<prefix>-<stage>-<component>-<suffix>` (suffix: storage.bucketNameSuffix, else
 * the AWS account id) must be a valid S3 name of at most 63 characters for every bucket an environment has.
 */
import { Naming } from "../../modules/core/naming";
import type { EnvironmentConfig } from "../schema";
import type { FieldProblem } from "./problem";

/**
 * The components the network-storage layer names its buckets with (stacks/network-storage/buckets.ts; a test keeps
 * the two the same). The longest decides whether a prefix, stage and suffix fit.
 */
export const BUCKET_COMPONENTS = ["workspace-root", "unity-catalog", "medallion", "landing", "logs", "access-logs"] as const;

export function storageProblems(config: EnvironmentConfig): FieldProblem[] {
  const suffix = config.storage.bucketNameSuffix ?? config.aws.accountId;
  const naming = new Naming(config.project.prefix, config.name, suffix);
  const longest = [...BUCKET_COMPONENTS].sort((a, b) => b.length - a.length)[0];
  try {
    naming.bucket(longest);
    return [];
  } catch (error) {
    const field = config.storage.bucketNameSuffix === undefined ? "project.prefix" : "storage.bucketNameSuffix";
    return [{ path: field, message: `bucket names would not fit S3's rules: ${(error as Error).message.replace(/^Naming: /, "")}` }];
  }
}
