/**
 * The storage concern: one storage credential over the network-storage buckets (the IAM role Unity Catalog assumes),
 * and the external locations on them: catalog storage, the medallion layers, and the read-only landing zone.
 */
import type { MedallionLayer } from "../../modules/databricks/unity-catalog/medallion-catalog";
import type { UnityCatalogExternalLocation } from "../../modules/databricks/unity-catalog/unity-catalog-external-location";
import {
  UnityCatalogStorageCredential,
  type UnityCatalogBucketAccess,
} from "../../modules/databricks/unity-catalog/unity-catalog-storage-credential";
import type { Ready, UnityCatalogContext } from "./context";

/** Keys of the external locations (also the keys of the contract's location maps). */
export type LocationKey = "catalog-storage" | MedallionLayer | "landing";

export type ExternalLocations = Readonly<Record<LocationKey, UnityCatalogExternalLocation>>;

/**
 * The credential over the lakehouse buckets; `extraBuckets` are the catalogs' dedicated buckets, each with its own key.
 */
export function createStorageCredential(
  ctx: UnityCatalogContext,
  dependsOn: Ready,
  extraBuckets: readonly UnityCatalogBucketAccess[] = [],
): UnityCatalogStorageCredential {
  const { stack, storage } = ctx;
  const { aws } = stack.config;
  return new UnityCatalogStorageCredential(stack, "StorageCredential", {
    provider: ctx.workspaceProvider,
    name: stack.naming.unityCatalog("data-access"),
    roleName: stack.naming.iam("uc-data-access"),
    awsAccountId: aws.accountId,
    region: aws.region,
    buckets: [
      { bucketName: storage.unityCatalogBucketName },
      { bucketName: storage.medallionBucketName },
      // Ingestion services write the landing zone through AWS; Databricks only reads it, and Auto Loader
      // learns of new files through file events.
      { bucketName: storage.landingBucketName, readOnly: true, fileEvents: true },
      ...extraBuckets,
    ],
    kmsKeyArn: storage.dataKeyArn,
    owner: ctx.owner,
    comment: `Lakehouse buckets of ${stack.config.name}`,
    propagationSeconds: ctx.uc.iamPropagationSeconds,
    protect: stack.config.dataProtection,
    dependsOn: [...dependsOn],
  });
}

export function createLocations(ctx: UnityCatalogContext, credential: UnityCatalogStorageCredential): ExternalLocations {
  const { storage } = ctx;
  const { naming } = ctx.stack;
  const location = (id: string, component: string, url: string, extra: { readOnly?: boolean; fileEvents?: boolean } = {}) =>
    credential.addExternalLocation(id, {
      name: naming.unityCatalog(component),
      url,
      owner: ctx.owner,
      // Every bucket is SSE-KMS with the data key, the read-only landing zone included: each location says so.
      kmsKeyArn: storage.dataKeyArn,
      ...extra,
    });
  const layer = (l: MedallionLayer) => location(capitalize(l), l, `s3://${storage.medallionBucketName}/${l}/`);
  return {
    "catalog-storage": location("CatalogStorage", "catalog-storage", `s3://${storage.unityCatalogBucketName}/`),
    bronze: layer("bronze"),
    silver: layer("silver"),
    gold: layer("gold"),
    landing: location("Landing", "landing", `s3://${storage.landingBucketName}/`, { readOnly: true, fileEvents: true }),
  };
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
