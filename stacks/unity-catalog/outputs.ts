/**
 * The unity-catalog layer's contract: what ingestion, serving, collaboration and other teams' apps read from a
 * deployed unity-catalog layer. Conventions for growing it are in stacks/shared/layer-contract.ts.
 */
import { defineLayerContract } from "../shared/layer-contract";

/** What the unity-catalog layer gives ingestion, serving and collaboration. Fields that depend on config are "" (or empty) when off. */
export interface UnityCatalogOutputs {
  /** Unity Catalog metastore id assigned to the workspace. */
  readonly metastoreId: string;
  /** The default (first) medallion catalog. */
  readonly catalogName: string;
  /** `catalog.bronze` of the default catalog. */
  readonly bronzeSchemaName: string;
  /** Full name of the default catalog's silver schema. */
  readonly silverSchemaName: string;
  /** Full name of the default catalog's gold schema. */
  readonly goldSchemaName: string;
  /** `catalog.ml` of the default catalog; "" without an ml schema. */
  readonly mlSchemaName: string;
  /** Every medallion catalog's name by its config name. */
  readonly catalogNames: Record<string, string>;
  /** Every schema's full name by `<catalog config name>.<schema>`. */
  readonly schemaNames: Record<string, string>;
  /** `/Volumes/<catalog>/bronze/landing` of the default catalog; "" without a landing volume. */
  readonly landingVolumePath: string;
  /** Every volume's path by `<catalog config name>.<schema>.<volume>`. */
  readonly volumePaths: Record<string, string>;
  /** External location names by key: catalog-storage, bronze, silver, gold, landing. */
  readonly externalLocationNames: Record<string, string>;
  /** External location URLs by the same keys. */
  readonly externalLocationUrls: Record<string, string>;
  /** Storage credential of the lakehouse buckets. */
  readonly storageCredentialName: string;
  /** IAM role behind the storage credential. */
  readonly storageCredentialRoleArn: string;
  /** Table properties pipelines set on gold tables (UniForm: Iceberg reads of Delta tables). */
  readonly goldTableProperties: Record<string, string>;
  /** Foreign catalog over Redshift; empty without Redshift federation. */
  readonly redshiftCatalogName: string;
  /** Redshift connection; empty without Redshift federation. */
  readonly redshiftConnectionName: string;
  /** Foreign catalog over the Glue Data Catalog; empty without Glue federation. */
  readonly glueCatalogName: string;
  /** Service credential reading Glue; empty without Glue federation. */
  readonly glueServiceCredentialName: string;
  /** Foreign catalog over the Hive metastore; empty without one. */
  readonly hiveMetastoreCatalogName: string;
  /**
   * Key prefix in the landing bucket under which each catalog's landing volume lives (`<catalog>/`), by catalog config
   * name: where ingestion services deliver files so that pipelines can read them as `/Volumes/<catalog>/bronze/landing/`.
   */
  readonly landingKeyPrefixes: Record<string, string>;
}

/** The unity-catalog contract: fixed output names (snake_case of each field) and the typed remote-state reader. */
export const UnityCatalogOutputs = defineLayerContract<UnityCatalogOutputs>("unity-catalog", {
  metastoreId: { kind: "string", description: "Unity Catalog metastore id assigned to the workspace" },
  catalogName: { kind: "string", description: "The workspace's default medallion catalog" },
  bronzeSchemaName: { kind: "string", description: "Full name of the default catalog's bronze schema" },
  silverSchemaName: { kind: "string", description: "Full name of the default catalog's silver schema" },
  goldSchemaName: { kind: "string", description: "Full name of the default catalog's gold schema" },
  mlSchemaName: { kind: "string", description: "Full name of the default catalog's ml schema; empty without one" },
  catalogNames: { kind: "map", description: "Medallion catalog names by config name" },
  schemaNames: { kind: "map", description: "Schema full names by <catalog>.<schema> (catalog by config name)" },
  landingVolumePath: { kind: "string", description: "Path of the default catalog's landing volume; empty without one" },
  volumePaths: { kind: "map", description: "Volume paths by <catalog>.<schema>.<volume> (catalog by config name)" },
  externalLocationNames: { kind: "map", description: "External location names by key (catalog-storage, bronze, silver, gold, landing)" },
  externalLocationUrls: { kind: "map", description: "External location URLs by key" },
  storageCredentialName: { kind: "string", description: "Storage credential of the lakehouse buckets" },
  storageCredentialRoleArn: { kind: "string", description: "IAM role behind the storage credential" },
  goldTableProperties: { kind: "map", description: "Table properties pipelines set on gold tables (UniForm Iceberg reads)" },
  redshiftCatalogName: { kind: "string", description: "Foreign catalog over Redshift; empty without Redshift federation" },
  redshiftConnectionName: { kind: "string", description: "Redshift connection; empty without Redshift federation" },
  glueCatalogName: { kind: "string", description: "Foreign catalog over the Glue Data Catalog; empty without Glue federation" },
  glueServiceCredentialName: { kind: "string", description: "Service credential reading Glue; empty without Glue federation" },
  hiveMetastoreCatalogName: { kind: "string", description: "Foreign catalog over the Hive metastore; empty without one" },
  landingKeyPrefixes: { kind: "map", description: "Key prefix in the landing bucket of each catalog's landing volume, by catalog config name" },
});
