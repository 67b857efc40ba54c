/**
 * The dedicated-storage concern: a catalog with `dedicatedKey` gets its own bucket, encrypted with its own KMS key
 * (the Security Reference Architecture's per-catalog storage), reached through the layer's storage credential and
 * its own external location. Its data can then be audited, and access to it revoked, apart from the other catalogs.
 */
import { KmsKey } from "../../modules/aws/kms-key";
import { SecureBucket } from "../../modules/aws/secure-bucket";
import { catalogBucketComponent } from "../../environments/rules/storage";
import type { UnityCatalogStorageCredential } from "../../modules/databricks/unity-catalog/unity-catalog-storage-credential";
import type { DedicatedCatalog } from "./catalogs";
import type { UnityCatalogContext } from "./context";

/** A catalog's dedicated bucket and key, and (once the credential exists) its external location. */
export interface DedicatedCatalogStorage {
  readonly key: KmsKey;
  readonly bucket: SecureBucket;
}

/** The dedicated bucket and key of every catalog that asks for one, by catalog config name. */
export function createDedicatedCatalogStorage(ctx: UnityCatalogContext): Readonly<Record<string, DedicatedCatalogStorage>> {
  const { stack, storage } = ctx;
  const { config, naming } = stack;
  const dedicated: Record<string, DedicatedCatalogStorage> = {};
  for (const spec of ctx.uc.catalogs.filter((c) => c.dedicatedKey)) {
    const component = catalogBucketComponent(spec.name);
    const key = new KmsKey(stack, `CatalogKey-${spec.name}`, {
      alias: naming.kmsAlias(component),
      description: `Managed storage of catalog ${spec.name} (${config.name})`,
      protect: config.dataProtection,
    });
    const bucket = new SecureBucket(stack, `CatalogBucket-${spec.name}`, {
      bucketName: naming.bucket(component),
      encryptionKey: key,
      // Server access logs go to the environment's access-log bucket, like every other bucket's.
      accessLogsBucket: { bucketName: storage.accessLogsBucketName },
      accessLogsPrefix: `${component}/`,
      protect: config.dataProtection,
      noncurrentVersionExpirationDays: config.storage.noncurrentVersionExpirationDays,
    });
    dedicated[spec.name] = { key, bucket };
  }
  return dedicated;
}

/** The storage credential's view of the dedicated buckets: read-write, each with its own key. */
export function dedicatedBucketAccess(dedicated: Readonly<Record<string, DedicatedCatalogStorage>>) {
  return Object.values(dedicated).map(({ bucket, key }) => ({ bucketName: bucket.bucketName, kmsKeyArn: key.keyArn }));
}

/** One external location per dedicated bucket, encrypted with its key: the catalogs' own managed storage, by catalog config name. */
export function createDedicatedLocations(
  ctx: UnityCatalogContext,
  credential: UnityCatalogStorageCredential,
  dedicated: Readonly<Record<string, DedicatedCatalogStorage>>,
): Readonly<Record<string, DedicatedCatalog>> {
  return Object.fromEntries(
    Object.entries(dedicated).map(([name, { bucket, key }]) => [
      name,
      {
        bucketName: bucket.bucketName,
        location: credential.addExternalLocation(`CatalogStorage-${name}`, {
          name: ctx.stack.naming.unityCatalog(catalogBucketComponent(name)),
          url: `s3://${bucket.bucketName}/`,
          owner: ctx.owner,
          kmsKeyArn: key.keyArn,
        }),
      },
    ]),
  );
}
