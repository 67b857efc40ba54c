/**
 * A medallion catalog: one Unity Catalog catalog with bronze, silver and gold schemas on their own managed storage,
 * bound to its workspaces.
 */
import { Catalog } from "@cdktf/provider-databricks/lib/catalog";
import { WorkspaceBinding } from "@cdktf/provider-databricks/lib/workspace-binding";
import { Token, type ITerraformDependable, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { CatalogSchema, type CatalogSchemaProps } from "./catalog-schema";
import { CATALOG_USE, type Privilege } from "./privileges";
import type { Principal } from "../principal";
import { SecurableGrants, type GrantResult } from "./securable-grants";
import { throwIfInvalidProps } from "../../core/validation";

/** The layers of the medallion architecture, in data-flow order. */
export const MEDALLION_LAYERS = ["bronze", "silver", "gold"] as const;
/** One medallion layer. */
export type MedallionLayer = (typeof MEDALLION_LAYERS)[number];

/**
 * Delta table properties that make a table readable as Apache Iceberg (UniForm). Unity Catalog has no schema- or
 * catalog-level default for table properties (schema properties are metadata only), so pipelines set these on every
 * gold table: in `TBLPROPERTIES`, in a Lakeflow pipeline's `table_properties`, or for all new tables of a session
 * through `spark.databricks.delta.properties.defaults.enableIcebergCompatV2` and
 * `spark.databricks.delta.properties.defaults.universalFormat.enabledFormats`.
 *
 * @see https://docs.databricks.com/aws/en/delta/uniform
 */
export const UNIFORM_TABLE_PROPERTIES: Readonly<Record<string, string>> = {
  "delta.enableIcebergCompatV2": "true",
  "delta.universalFormat.enabledFormats": "iceberg",
};

/** Schema property that records, on the gold schema, the table properties its tables are expected to carry. */
export const DEFAULT_TABLE_PROPERTIES_KEY = "lakehouse.default-table-properties";

/** Catalog isolation mode that limits a catalog to the workspaces bound to it. */
export const CATALOG_ISOLATED = "ISOLATED";

/** Properties of {@link MedallionCatalog}. */
export interface MedallionCatalogProps {
  /** The workspace-level Databricks provider. */
  readonly provider: TerraformProvider;
  /** Catalog name, unique in the metastore: lowercase letters, digits and underscores. */
  readonly name: string;
  /** Managed storage of the catalog (`s3://bucket/prefix`), inside an external location. */
  readonly storageRoot: string;
  /**
   * Workspaces that may use the catalog (read-write); the catalog is isolated from every other workspace of the
   * metastore.
   */
  readonly workspaceIds: number[];
  /**
   * Managed storage of each layer's schema.
   * @default - the catalog's storage root
   */
  readonly layerStorageRoots?: Partial<Record<MedallionLayer, string>>;
  /**
   * Record {@link UNIFORM_TABLE_PROPERTIES} on the gold schema as the properties its tables carry.
   * @default true
   */
  readonly uniformGold?: boolean;
  /**
   * Owner of the catalog and its schemas (a group name).
   * @default - the identity that runs Terraform
   */
  readonly owner?: string;
  /** @default - no comment */
  readonly comment?: string;
  /**
   * Sets Terraform `prevent_destroy` on the catalog, its schemas and volumes.
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Resources to wait for (the metastore assignment, the external locations under the storage roots).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Options of {@link MedallionCatalog.addSchema}. */
export type SchemaOptions = Pick<CatalogSchemaProps, "name" | "storageRoot" | "comment" | "properties" | "dependsOn">;

/**
 * A catalog with `bronze`, `silver` and `gold` schemas.
 *
 * The catalog is ISOLATED and bound to the given workspaces (`databricks_workspace_binding`), never force-destroyed
 * and protected from destroy by default; each layer's schema may have its own managed storage (for example one S3
 * prefix per layer). Other schemas come from {@link MedallionCatalog.addSchema}. Granting on a schema grants
 * `USE_CATALOG` on the catalog as well, all in one `databricks_grants` per securable.
 *
 * @see https://docs.databricks.com/aws/en/lakehouse/medallion
 * @example
 * const catalog = new MedallionCatalog(this, "Sales", {
 *   provider: workspace, name: "acme_prod_sales", storageRoot: "s3://acme-prod-uc/acme_prod_sales", workspaceIds: [workspaceId],
 * });
 * catalog.layer("gold").grantRead("acme-prod-analysts");
 */
export class MedallionCatalog extends Construct {
  /** The `databricks_catalog` resource. */
  public readonly catalog: Catalog;
  /** The catalog's name (a reference, so dependants wait for the catalog). */
  public readonly name: string;
  /** The workspace bindings. */
  public readonly bindings: WorkspaceBinding[];
  private readonly props: MedallionCatalogProps;
  private readonly grants: SecurableGrants;
  private readonly layers: Record<MedallionLayer, CatalogSchema>;

  constructor(scope: Construct, id: string, props: MedallionCatalogProps) {
    super(scope, id);
    throwIfInvalidProps(this, catalogPropsProblems(props));
    this.props = props;
    this.catalog = new Catalog(this, "Catalog", {
      provider: props.provider,
      name: props.name,
      storageRoot: props.storageRoot,
      isolationMode: CATALOG_ISOLATED,
      forceDestroy: false,
      lifecycle: { preventDestroy: props.protect ?? true },
      ...(props.owner ? { owner: props.owner } : {}),
      ...(props.comment ? { comment: props.comment } : {}),
      ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
    });
    this.name = this.catalog.name;
    this.bindings = props.workspaceIds.map(
      (workspaceId, i) =>
        new WorkspaceBinding(this, `Binding${i}`, {
          provider: props.provider,
          securableType: "catalog",
          securableName: this.name,
          workspaceId,
          bindingType: "BINDING_TYPE_READ_WRITE",
        }),
    );
    this.grants = new SecurableGrants(this, "Grants", { provider: props.provider, securableType: "catalog", securableName: this.name });
    const uniform = props.uniformGold ?? true;
    this.layers = {
      bronze: this.addSchema("Bronze", { name: "bronze", storageRoot: props.layerStorageRoots?.bronze, comment: "Raw data as ingested" }),
      silver: this.addSchema("Silver", { name: "silver", storageRoot: props.layerStorageRoots?.silver, comment: "Cleaned, conformed data" }),
      gold: this.addSchema("Gold", {
        name: "gold",
        storageRoot: props.layerStorageRoots?.gold,
        comment: "Business-level aggregates and data products",
        ...(uniform ? { properties: { [DEFAULT_TABLE_PROPERTIES_KEY]: formatProperties(UNIFORM_TABLE_PROPERTIES) } } : {}),
      }),
    };
  }

  /** The schema of one medallion layer. */
  public layer(layer: MedallionLayer): CatalogSchema {
    return this.layers[layer];
  }

  /** Adds a schema (a domain schema, an ML schema) with the catalog's owner and protection. */
  public addSchema(id: string, options: SchemaOptions): CatalogSchema {
    const { provider, owner, protect } = this.props;
    return new CatalogSchema(this, id, {
      ...options,
      provider,
      catalogName: this.name,
      catalogGrants: this.grants,
      ...(owner ? { owner } : {}),
      ...(protect === undefined ? {} : { protect }),
    });
  }

  /** Lets `principal` enter the catalog (schema grants do this for you). */
  public grantUse(principal: Principal): GrantResult {
    return this.grants.add(principal, CATALOG_USE);
  }

  /** Grants any privileges on the catalog; they apply to every schema in it. */
  public grant(principal: Principal, privileges: readonly Privilege[]): GrantResult {
    return this.grants.add(principal, privileges);
  }

  /** The privileges of `principal` on the catalog itself. */
  public privilegesOf(principal: Principal | string): Privilege[] {
    return this.grants.privilegesOf(principal);
  }
}

function formatProperties(properties: Readonly<Record<string, string>>): string {
  return Object.entries(properties)
    .map(([key, value]) => `${key}=${value}`)
    .join(",");
}

function catalogPropsProblems(props: MedallionCatalogProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.name) && !/^[a-z][a-z0-9_]{0,254}$/.test(props.name)) {
    problems.push(`name: "${props.name}" must be lowercase letters, digits and underscores, starting with a letter`);
  }
  if (!Token.isUnresolved(props.storageRoot) && !/^s3:\/\/[a-z0-9][a-z0-9-]{1,61}[a-z0-9](\/.*)?$/.test(props.storageRoot)) {
    problems.push(`storageRoot: "${props.storageRoot}" is not an S3 URL like s3://bucket/prefix`);
  }
  if (props.workspaceIds.length === 0) problems.push("workspaceIds: none given; an isolated catalog needs at least one workspace");
  return problems;
}
