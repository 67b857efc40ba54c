/**
 * Cross-field rules of bucket names: `<prefix>-<stage>-<component>-<suffix>` (suffix: storage.bucketNameSuffix, else
 * the AWS account id) must be a valid S3 name of at most 63 characters for every bucket an environment has.
 */
import { Naming } from "../../modules/core/naming";
import type { EnvironmentConfig } from "../schema";
import type { FieldProblem } from "./problem";

/**
 * The components the network-storage layer names its buckets with (stacks/network-storage/buckets.ts; a test keeps
 * the two the same).
 */
export const BUCKET_COMPONENTS = ["workspace-root", "unity-catalog", "medallion", "landing", "logs", "access-logs"] as const;

/** The name component of a catalog's dedicated bucket: `catalog-<name>`, underscores as hyphens (S3 takes none). */
export function catalogBucketComponent(catalogName: string): string {
  return `catalog-${catalogName.replace(/_/g, "-")}`;
}

/** Every bucket name must fit S3's rules; the problem names the field to shorten. */
export function storageProblems(config: EnvironmentConfig): FieldProblem[] {
  const suffixField = config.storage.bucketNameSuffix === undefined ? "project.prefix" : "storage.bucketNameSuffix";
  const naming = new Naming(config.project.prefix, config.name, config.storage.bucketNameSuffix ?? config.aws.accountId);
  const longestShared = [...BUCKET_COMPONENTS].sort((a, b) => b.length - a.length)[0];
  const components = [
    { component: longestShared, path: suffixField },
    ...config.unityCatalog.catalogs.flatMap((c, i) =>
      c.dedicatedKey ? [{ component: catalogBucketComponent(c.name), path: `unityCatalog.catalogs[${i}].name` }] : [],
    ),
  ];
  return components.flatMap(({ component, path }) => {
    try {
      naming.bucket(component);
      return [];
    } catch (error) {
      return [{ path, message: `bucket names would not fit S3's rules: ${(error as Error).message.replace(/^Naming: /, "")}` }];
    }
  });
}
