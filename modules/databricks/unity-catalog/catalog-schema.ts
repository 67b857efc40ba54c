/**
 * A Unity Catalog schema with its grants and volumes.
 */
import { Schema } from "@cdktf/provider-databricks/lib/schema";
import { Volume } from "@cdktf/provider-databricks/lib/volume";
import { Token, type ITerraformDependable, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { CATALOG_USE, Privilege, SCHEMA_CREATE_MODELS, SCHEMA_READ, SCHEMA_WRITE } from "./privileges";
import type { Principal } from "../principal";
import { SecurableGrants, type GrantResult } from "./securable-grants";
import { ValidationError } from "../../core/errors";
import { throwIfInvalidArguments, throwIfInvalidProps } from "../../core/validation";

/** Properties of {@link CatalogSchema}. */
export interface CatalogSchemaProps {
  /** The workspace-level Databricks provider. */
  readonly provider: TerraformProvider;
  /** The catalog's name (pass the catalog resource's attribute so the schema waits for it). */
  readonly catalogName: string;
  /** The schema's name: lowercase letters, digits and underscores. */
  readonly name: string;
  /**
   * Managed storage of the schema's tables and volumes (`s3://bucket/prefix`), inside an external location.
   * @default - the catalog's storage root
   */
  readonly storageRoot?: string;
  /**
   * Owner (a group name).
   * @default - the identity that runs Terraform
   */
  readonly owner?: string;
  /** @default - no comment */
  readonly comment?: string;
  /**
   * Key-value metadata on the schema (Unity Catalog does not apply it to tables).
   * @default - none
   */
  readonly properties?: Record<string, string>;
  /**
   * Sets Terraform `prevent_destroy` on the schema and its volumes.
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Grants of the parent catalog: every grant on the schema also grants `USE_CATALOG` there, without which schema
   * privileges have no effect.
   * @default - the caller grants `USE_CATALOG` itself
   */
  readonly catalogGrants?: SecurableGrants;
  /**
   * Resources to wait for (the external location under `storageRoot`).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Properties of {@link CatalogSchema.addVolume}. */
export interface CatalogVolumeOptions {
  /** The volume's name: lowercase letters, digits and underscores. */
  readonly name: string;
  /**
   * `s3://bucket/prefix/` inside an external location for an EXTERNAL volume over existing files.
   * @default - a MANAGED volume in the schema's storage
   */
  readonly storageLocation?: string;
  /** @default - no comment */
  readonly comment?: string;
  /**
   * Owner (a group name).
   * @default - the identity that runs Terraform
   */
  readonly owner?: string;
  /**
   * Resources to wait for (the external location under `storageLocation`).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

const UC_NAME = /^[a-z][a-z0-9_]{0,254}$/;
const S3_URL = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/;

/**
 * A schema as another construct or layer refers to it: its names, without owning the schema or its grants. The
 * unity-catalog layer's schemas are read this way by the layers after it (through its contract's names).
 */
export interface ICatalogSchema {
  /** The catalog's name. */
  readonly catalogName: string;
  /** The schema's own name. */
  readonly schemaName: string;
  /** `catalog.schema`. */
  readonly fullName: string;
}

/**
 * A schema, never force-destroyed (a schema with volumes, functions or models would fail to destroy anyway).
 *
 * Grants go through the `grant...` methods into one authoritative `databricks_grants`; volumes through
 * {@link CatalogSchema.addVolume}.
 *
 * @example
 * const gold = new CatalogSchema(this, "Gold", { provider: workspace, catalogName: catalog.name, name: "gold" });
 * gold.grantRead("acme-prod-analysts");
 */
export class CatalogSchema extends Construct implements ICatalogSchema {
  /**
   * Refers to an existing schema by its full name (`catalog.schema`), e.g. a name from the unity-catalog layer's
   * contract. Creates nothing. Its grants stay with the layer that owns the schema (docs/decisions/0005).
   */
  public static fromFullName(fullName: string): ICatalogSchema {
    if (Token.isUnresolved(fullName)) {
      throw new ValidationError("CatalogSchema.fromFullName", [
        "fullName: is a token; pass the literal `catalog.schema` (a token has no parts to read)",
      ]);
    }
    const parts = fullName.split(".");
    if (parts.length !== 2 || !parts.every((part) => UC_NAME.test(part))) {
      throw new ValidationError("CatalogSchema.fromFullName", [
        `fullName: "${fullName}" is not \`catalog.schema\` of lowercase letters, digits and underscores`,
      ]);
    }
    return { catalogName: parts[0], schemaName: parts[1], fullName };
  }

  /** The `databricks_schema` resource. */
  public readonly schema: Schema;
  /** The catalog's name (as given: a reference to the catalog resource when it is one). */
  public readonly catalogName: string;
  /** The schema's own name as given. */
  public readonly schemaName: string;
  /** `catalog.schema` (the resource id: a reference, so dependants wait for the schema). */
  public readonly fullName: string;
  private readonly props: CatalogSchemaProps;
  private readonly grants: SecurableGrants;

  constructor(scope: Construct, id: string, props: CatalogSchemaProps) {
    super(scope, id);
    throwIfInvalidProps(this, schemaPropsProblems(props));
    this.props = props;
    this.catalogName = props.catalogName;
    this.schemaName = props.name;
    this.schema = new Schema(this, "Schema", {
      provider: props.provider,
      catalogName: props.catalogName,
      name: props.name,
      forceDestroy: false,
      lifecycle: { preventDestroy: props.protect ?? true },
      ...(props.storageRoot ? { storageRoot: props.storageRoot } : {}),
      ...(props.owner ? { owner: props.owner } : {}),
      ...(props.comment ? { comment: props.comment } : {}),
      ...(props.properties ? { properties: props.properties } : {}),
      ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
    });
    this.fullName = this.schema.id;
    this.grants = new SecurableGrants(this, "Grants", { provider: props.provider, securableType: "schema", securableName: this.fullName });
  }

  /** Lets `principal` read the schema's tables, views, functions, models and volumes ({@link SCHEMA_READ}). */
  public grantRead(principal: Principal): GrantResult {
    return this.grant(principal, SCHEMA_READ);
  }

  /** Lets `principal` create and change tables, views, functions and volumes ({@link SCHEMA_WRITE}). */
  public grantWrite(principal: Principal): GrantResult {
    return this.grant(principal, SCHEMA_WRITE);
  }

  /** Lets `principal` register models and feature tables ({@link SCHEMA_CREATE_MODELS}). */
  public grantCreateModels(principal: Principal): GrantResult {
    return this.grant(principal, SCHEMA_CREATE_MODELS);
  }

  /** Grants any privileges on the schema, and `USE_CATALOG` on its catalog when the catalog's grants are known. */
  public grant(principal: Principal, privileges: readonly Privilege[]): GrantResult {
    const result = this.grants.add(principal, privileges);
    const useCatalog = this.props.catalogGrants?.add(principal, CATALOG_USE);
    return useCatalog ? { ...result, implied: [useCatalog] } : result;
  }

  /** The privileges of `principal` on this schema. */
  public privilegesOf(principal: Principal | string): Privilege[] {
    return this.grants.privilegesOf(principal);
  }

  /** Adds a volume: MANAGED in the schema's storage, or EXTERNAL over `storageLocation`. */
  public addVolume(id: string, options: CatalogVolumeOptions): Volume {
    if (!Token.isUnresolved(options.name) && !UC_NAME.test(options.name)) {
      throwIfInvalidArguments(this, [`addVolume: name: "${options.name}" must be lowercase letters, digits and underscores`]);
    }
    return new Volume(this, id, {
      provider: this.props.provider,
      catalogName: this.props.catalogName,
      schemaName: this.schema.name,
      name: options.name,
      volumeType: options.storageLocation ? "EXTERNAL" : "MANAGED",
      lifecycle: { preventDestroy: this.props.protect ?? true },
      ...(options.storageLocation ? { storageLocation: options.storageLocation } : {}),
      ...(options.owner ? { owner: options.owner } : {}),
      ...(options.comment ? { comment: options.comment } : {}),
      ...(options.dependsOn ? { dependsOn: options.dependsOn } : {}),
    });
  }
}

function schemaPropsProblems(props: CatalogSchemaProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.name) && !UC_NAME.test(props.name)) {
    problems.push(`name: "${props.name}" must be lowercase letters, digits and underscores, starting with a letter`);
  }
  if (!Token.isUnresolved(props.catalogName) && !UC_NAME.test(props.catalogName)) {
    problems.push(`catalogName: "${props.catalogName}" must be the catalog's own name: lowercase letters, digits and underscores`);
  }
  if (props.storageRoot !== undefined && !Token.isUnresolved(props.storageRoot) && !S3_URL.test(props.storageRoot)) {
    problems.push(`storageRoot: "${props.storageRoot}" is not an S3 URL like s3://bucket/prefix`);
  }
  return problems;
}

/** `/Volumes/<catalog>/<schema>/<volume>`: the path code reads and writes a volume's files by. */
export function volumePath(catalog: string, schema: string, volume: string): string {
  return `/Volumes/${catalog}/${schema}/${volume}`;
}
