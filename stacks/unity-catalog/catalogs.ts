/**
 * The catalogs concern: the medallion catalogs (isolated, bound to the workspace) with their layer, domain and ml
 * schemas and volumes, the grants every layer asked for (grant-requests.ts), and the workspace's default catalog.
 */
import { DefaultNamespaceSetting } from "@cdktf/provider-databricks/lib/default-namespace-setting";
import type { UnityCatalogConfig } from "../../environments/schema/unity-catalog";
import { volumePath, type CatalogSchema } from "../../modules/databricks/unity-catalog/catalog-schema";
import { MedallionCatalog, type MedallionLayer } from "../../modules/databricks/unity-catalog/medallion-catalog";
import { landingKeyPrefix } from "../shared/landing-paths";
import type { Ready, UnityCatalogContext } from "./context";
import { requestsFor, type GrantRequest } from "./grant-requests";
import type { UnityCatalogExternalLocation } from "../../modules/databricks/unity-catalog/unity-catalog-external-location";
import type { ExternalLocations } from "./storage";

type CatalogSpec = UnityCatalogConfig["catalogs"][number];

/** The catalogs with the names the contract publishes. */
export interface Catalogs {
  /** Medallion catalogs by config name. */
  readonly byName: Readonly<Record<string, MedallionCatalog>>;
  /** The default (first) catalog. */
  readonly default: MedallionCatalog;
  /** Schema full names by `<catalog config name>.<schema>`. */
  readonly schemaNames: Readonly<Record<string, string>>;
  /** Volume paths by `<catalog config name>.<schema>.<volume>`. */
  readonly volumePaths: Readonly<Record<string, string>>;
  /** Key prefix in the landing bucket of each catalog's landing volume (`<catalog>/`), by catalog config name. */
  readonly landingKeyPrefixes: Readonly<Record<string, string>>;
}

/** Every medallion catalog of the config, granted as `requests` ask, and the first one as the default namespace. */
export function createCatalogs(
  ctx: UnityCatalogContext,
  locations: ExternalLocations,
  dedicated: Readonly<Record<string, DedicatedCatalog>>,
  requests: readonly GrantRequest[],
  ready: Ready,
): Catalogs {
  const byName: Record<string, MedallionCatalog> = {};
  const schemaNames: Record<string, string> = {};
  const volumePaths: Record<string, string> = {};
  const landingKeyPrefixes: Record<string, string> = {};
  for (const spec of ctx.uc.catalogs) {
    const { catalog, schemas, layerOf } = createCatalog(ctx, spec, locations, dedicated[spec.name], ready);
    byName[spec.name] = catalog;
    for (const [schema, s] of Object.entries(schemas)) schemaNames[`${spec.name}.${schema}`] = s.fullName;
    Object.assign(volumePaths, addVolumes(ctx, spec, schemas, locations));
    if (spec.landingVolume) landingKeyPrefixes[spec.name] = landingKeyPrefix(ctx.stack.naming.unityCatalog(spec.name));
    grantSchemas(ctx, schemas, layerOf, requests);
  }
  const defaultCatalog = byName[ctx.uc.catalogs[0].name];
  new DefaultNamespaceSetting(ctx.stack, "DefaultNamespace", {
    provider: ctx.workspaceProvider,
    namespace: { value: defaultCatalog.name },
    dependsOn: [...ready],
  });
  return { byName, default: defaultCatalog, schemaNames, volumePaths, landingKeyPrefixes };
}

/** Read access to the landing files for whoever loads bronze (`landing` requests). */
export function grantLandingFiles(ctx: UnityCatalogContext, locations: ExternalLocations, requests: readonly GrantRequest[]): void {
  for (const request of requestsFor(requests, "landing")) locations.landing.grantReadFiles(ctx.principals.resolve(request.principal));
}

/** A catalog's own managed storage: its dedicated bucket and that bucket's external location. */
export interface DedicatedCatalog {
  readonly bucketName: string;
  readonly location: UnityCatalogExternalLocation;
}

function createCatalog(
  ctx: UnityCatalogContext,
  spec: CatalogSpec,
  locations: ExternalLocations,
  dedicated: DedicatedCatalog | undefined,
  ready: Ready,
) {
  const { stack, storage } = ctx;
  const name = stack.naming.unityCatalog(spec.name);
  const layerRoot = (layer: MedallionLayer, schema: string) => `s3://${storage.medallionBucketName}/${layer}/${name}/${schema}`;
  const catalog = new MedallionCatalog(stack, `Catalog-${spec.name}`, {
    provider: ctx.workspaceProvider,
    name,
    // Managed storage: the catalog's own bucket (own key), or its prefix of the Unity Catalog bucket (data key).
    storageRoot: dedicated ? `s3://${dedicated.bucketName}/${name}` : `s3://${storage.unityCatalogBucketName}/${name}`,
    workspaceIds: [ctx.workspaceId],
    layerStorageRoots: { bronze: layerRoot("bronze", "bronze"), silver: layerRoot("silver", "silver"), gold: layerRoot("gold", "gold") },
    uniformGold: spec.uniformGold,
    owner: ctx.owner,
    comment: `Medallion catalog ${spec.name} of ${stack.config.name}`,
    protect: stack.config.dataProtection,
    dependsOn: [
      ...ready,
      (dedicated?.location ?? locations["catalog-storage"]).location,
      locations.bronze.location,
      locations.silver.location,
      locations.gold.location,
    ],
  });
  const schemas: Record<string, CatalogSchema> = { bronze: catalog.layer("bronze"), silver: catalog.layer("silver"), gold: catalog.layer("gold") };
  const layerOf: Record<string, MedallionLayer> = { bronze: "bronze", silver: "silver", gold: "gold" };
  for (const domain of spec.domainSchemas) {
    schemas[domain.name] = catalog.addSchema(`Schema-${domain.name}`, { name: domain.name, storageRoot: layerRoot(domain.layer, domain.name) });
    layerOf[domain.name] = domain.layer;
  }
  if (spec.mlSchema) schemas.ml = catalog.addSchema("Ml", { name: "ml", comment: "Models, feature tables and functions" });
  return { catalog, schemas, layerOf };
}

/** The landing volume (EXTERNAL over the landing zone) and the managed volumes; returns their paths by key. */
function addVolumes(
  ctx: UnityCatalogContext,
  spec: CatalogSpec,
  schemas: Record<string, CatalogSchema>,
  locations: ExternalLocations,
): Record<string, string> {
  const catalogName = ctx.stack.naming.unityCatalog(spec.name);
  const paths: Record<string, string> = {};
  if (spec.landingVolume) {
    schemas.bronze.addVolume("LandingVolume", {
      name: "landing",
      storageLocation: `s3://${ctx.storage.landingBucketName}/${landingKeyPrefix(catalogName)}`,
      comment: "Files delivered by ingestion services (read-only: the landing location is)",
      owner: ctx.owner,
      dependsOn: [locations.landing.location],
    });
    paths[`${spec.name}.bronze.landing`] = volumePath(catalogName, "bronze", "landing");
  }
  for (const v of spec.volumes) {
    schemas[v.schema].addVolume(`Volume-${v.name}`, { name: v.name, owner: ctx.owner });
    paths[`${spec.name}.${v.schema}.${v.name}`] = volumePath(catalogName, v.schema, v.name);
  }
  return paths;
}

/** Each schema of a medallion layer gets that layer's requests; the ml schema gets the `ml` requests. */
function grantSchemas(
  ctx: UnityCatalogContext,
  schemas: Record<string, CatalogSchema>,
  layerOf: Record<string, MedallionLayer>,
  requests: readonly GrantRequest[],
): void {
  const { principals } = ctx;
  for (const [name, schema] of Object.entries(schemas)) {
    const layer = layerOf[name] as MedallionLayer | undefined;
    if (!layer) continue;
    for (const r of requestsFor(requests, layer)) {
      if (r.access === "write") schema.grantWrite(principals.resolve(r.principal));
      else schema.grantRead(principals.resolve(r.principal));
    }
  }
  if (schemas.ml) {
    for (const r of requestsFor(requests, "ml")) {
      if (r.access === "create-models") schemas.ml.grantCreateModels(principals.resolve(r.principal));
      else schemas.ml.grantRead(principals.resolve(r.principal));
    }
  }
}
