/**
 * Lakehouse Federation: a Unity Catalog connection to an outside system and the foreign catalog that mirrors it.
 */
import { Catalog } from "@cdktf/provider-databricks/lib/catalog";
import { Connection } from "@cdktf/provider-databricks/lib/connection";
import { WorkspaceBinding } from "@cdktf/provider-databricks/lib/workspace-binding";
import { Token, type ITerraformDependable, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { CATALOG_ISOLATED } from "./medallion-catalog";
import { CONNECTION_USE, FOREIGN_CATALOG_READ, type Privilege } from "./privileges";
import type { Principal } from "../principal";
import { SecurableGrants, type GrantResult } from "./securable-grants";
import { throwIfInvalidProps } from "../../core/validation";

/** Properties of {@link ForeignCatalog}. */
export interface ForeignCatalogProps {
  /** The workspace-level Databricks provider. */
  readonly provider: TerraformProvider;
  /** Connection name, unique in the metastore. */
  readonly connectionName: string;
  /** Connection type: REDSHIFT, GLUE, HIVE_METASTORE, POSTGRESQL, ... */
  readonly connectionType: string;
  /**
   * Connection options (host, port, user, password, credential, ...). Secrets must be references (for example from
   * {@link ConnectionCredentials}), never literals.
   */
  readonly connectionOptions: Record<string, string>;
  /** Foreign catalog name, unique in the metastore: lowercase letters, digits and underscores. */
  readonly catalogName: string;
  /**
   * Options of the foreign catalog (`database` for Redshift, `authorized_paths` for Glue and Hive metastores).
   * @default - none
   */
  readonly catalogOptions?: Record<string, string>;
  /**
   * Managed storage of the foreign catalog, inside an external location.
   * @default - none
   */
  readonly storageRoot?: string;
  /**
   * Workspaces that may use the foreign catalog; it is isolated from every other workspace of the metastore.
   * @default - every workspace of the metastore (not isolated)
   */
  readonly workspaceIds?: number[];
  /**
   * Owner of the connection and the catalog (a group name).
   * @default - the identity that runs Terraform
   */
  readonly owner?: string;
  /** @default - no comment */
  readonly comment?: string;
  /**
   * Sets Terraform `prevent_destroy` on the foreign catalog (its grants would go with it).
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Resources the connection waits for (the metastore assignment, a credential's IAM propagation).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Resources the foreign catalog waits for beyond the connection (external locations over its authorized paths).
   * @default - none
   */
  readonly catalogDependsOn?: ITerraformDependable[];
}

/**
 * A connection and its foreign catalog, with grants on both.
 *
 * The catalog holds no data of its own (the source system does), but its grants do: it is protected from destroy by
 * default and its `force_destroy` stays off. Readers get `USE_CATALOG`, `USE_SCHEMA` and `SELECT` on the catalog; the connection
 * itself is only granted to those who create foreign catalogs or query through it directly.
 *
 * @see https://docs.databricks.com/aws/en/query-federation/
 * @example
 * const redshift = new ForeignCatalog(this, "Redshift", {
 *   provider: workspace, connectionName: "acme_prod_redshift", connectionType: "REDSHIFT", catalogName: "acme_prod_redshift",
 *   connectionOptions: { host, port: "5439", user: credentials.username, password: credentials.password },
 *   catalogOptions: { database: "dev" },
 * });
 * redshift.grantRead("acme-prod-analysts");
 */
export class ForeignCatalog extends Construct {
  /** The `databricks_connection` resource. */
  public readonly connection: Connection;
  /** The foreign `databricks_catalog` resource. */
  public readonly catalog: Catalog;
  /** The connection's name (a reference). */
  public readonly connectionName: string;
  /** The catalog's name (a reference). */
  public readonly catalogName: string;
  private readonly connectionGrants: SecurableGrants;
  private readonly catalogGrants: SecurableGrants;

  constructor(scope: Construct, id: string, props: ForeignCatalogProps) {
    super(scope, id);
    throwIfInvalidProps(this, foreignCatalogPropsProblems(props));
    const { provider } = props;
    const owner = props.owner ? { owner: props.owner } : {};
    const comment = props.comment ? { comment: props.comment } : {};
    this.connection = new Connection(this, "Connection", {
      provider,
      name: props.connectionName,
      connectionType: props.connectionType,
      options: props.connectionOptions,
      ...owner,
      ...comment,
      ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
    });
    this.connectionName = this.connection.name;
    const isolated = (props.workspaceIds ?? []).length > 0;
    this.catalog = new Catalog(this, "Catalog", {
      provider,
      name: props.catalogName,
      connectionName: this.connectionName,
      forceDestroy: false,
      lifecycle: { preventDestroy: props.protect ?? true },
      ...(props.catalogOptions ? { options: props.catalogOptions } : {}),
      ...(props.storageRoot ? { storageRoot: props.storageRoot } : {}),
      ...(isolated ? { isolationMode: CATALOG_ISOLATED } : {}),
      ...owner,
      ...comment,
      ...(props.catalogDependsOn ? { dependsOn: props.catalogDependsOn } : {}),
    });
    this.catalogName = this.catalog.name;
    (props.workspaceIds ?? []).forEach(
      (workspaceId, i) =>
        new WorkspaceBinding(this, `Binding${i}`, {
          provider,
          securableType: "catalog",
          securableName: this.catalogName,
          workspaceId,
          bindingType: "BINDING_TYPE_READ_WRITE",
        }),
    );
    this.connectionGrants = new SecurableGrants(this, "ConnectionGrants", {
      provider,
      securableType: "foreignConnection",
      securableName: this.connectionName,
    });
    this.catalogGrants = new SecurableGrants(this, "CatalogGrants", { provider, securableType: "catalog", securableName: this.catalogName });
  }

  /** Lets `principal` read every table of the foreign catalog ({@link FOREIGN_CATALOG_READ}). */
  public grantRead(principal: Principal): GrantResult {
    return this.catalogGrants.add(principal, FOREIGN_CATALOG_READ);
  }

  /** Lets `principal` use the connection directly ({@link CONNECTION_USE}). */
  public grantUseConnection(principal: Principal): GrantResult {
    return this.connectionGrants.add(principal, CONNECTION_USE);
  }

  /** Grants any privileges on the foreign catalog. */
  public grantOnCatalog(principal: Principal, privileges: readonly Privilege[]): GrantResult {
    return this.catalogGrants.add(principal, privileges);
  }

  /** Grants any privileges on the connection. */
  public grantOnConnection(principal: Principal, privileges: readonly Privilege[]): GrantResult {
    return this.connectionGrants.add(principal, privileges);
  }

  /** The privileges of `principal` on the foreign catalog. */
  public catalogPrivilegesOf(principal: Principal | string): Privilege[] {
    return this.catalogGrants.privilegesOf(principal);
  }
}

function foreignCatalogPropsProblems(props: ForeignCatalogProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.catalogName) && !/^[a-z][a-z0-9_]{0,254}$/.test(props.catalogName)) {
    problems.push(`catalogName: "${props.catalogName}" must be lowercase letters, digits and underscores, starting with a letter`);
  }
  if (!/^[A-Z][A-Z_]*$/.test(props.connectionType))
    problems.push(`connectionType: "${props.connectionType}" must be an upper-case type such as REDSHIFT or GLUE`);
  for (const key of ["password", "client_secret", "secret_access_key"]) {
    const value = props.connectionOptions[key];
    if (value !== undefined && !Token.isUnresolved(value)) {
      problems.push(`connectionOptions.${key}: is a literal; read it from a secret store (e.g. ConnectionCredentials) so it never sits in code`);
    }
  }
  return problems;
}
