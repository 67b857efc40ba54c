/**
 * The region's Unity Catalog metastore at account level: created, or an existing one checked to exist. It is made
 * before the workspace (the Security Reference Architecture's order): Databricks enables Unity Catalog on new
 * workspaces and may create a regional metastore of its own when none exists.
 */
import { DataDatabricksMetastore } from "@cdktf/provider-databricks/lib/data-databricks-metastore";
import { DataDatabricksMetastores } from "@cdktf/provider-databricks/lib/data-databricks-metastores";
import { Metastore } from "@cdktf/provider-databricks/lib/metastore";
import { Token, type ITerraformDependable, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { throwIfInvalidProps } from "../../core/validation";

/**
 * Delta Sharing settings of a created metastore (databricks provider 1.99.0 `docs/resources/metastore.md`: the scope
 * and the token lifetime are required together).
 */
export interface MetastoreDeltaSharing {
  /** INTERNAL: within the account only; INTERNAL_AND_EXTERNAL: also other accounts and open (token) recipients. */
  readonly scope: "INTERNAL" | "INTERNAL_AND_EXTERNAL";
  /** Lifetime of recipient tokens issued from now on, in seconds (1 to 31,536,000: this library refuses 0, unlimited). */
  readonly recipientTokenLifetimeSeconds: number;
  /** The organization name Databricks-to-Databricks recipients see (once set it cannot be removed). @default - none */
  readonly organizationName?: string;
}

/** Properties of {@link UnityCatalogMetastore}. */
export interface UnityCatalogMetastoreProps {
  /** The account-level Databricks provider (metastores are account objects). */
  readonly provider: TerraformProvider;
  /** The AWS region the metastore serves; one metastore per region per Databricks account. */
  readonly region: string;
  /**
   * "create": a new metastore (only one environment of a region creates it); "existing": the region's metastore,
   * given by `existingMetastoreId`.
   * @default "create"
   */
  readonly mode?: "create" | "existing";
  /**
   * Name of the metastore to create; required with mode "create", refused with "existing".
   * @default - none
   */
  readonly name?: string;
  /**
   * Owner of the created metastore (a group display name or application id): the metastore admins.
   * @default - the identity that runs Terraform
   */
  readonly owner?: string;
  /**
   * Metastore-level root storage (`s3://bucket/prefix`). Leave it out so that every catalog has its own storage (the
   * Security Reference Architecture's choice; it also avoids `metastore_data_access`, which cannot be destroyed cleanly).
   * @default - no metastore-level storage
   */
  readonly storageRoot?: string;
  /**
   * Id of the existing metastore (mode "existing"), checked to exist at plan time.
   * @default - looked up by region (`data.databricks_metastore`; the provider fails the plan when there is none)
   */
  readonly existingMetastoreId?: string;
  /**
   * What to do when the existing metastore is not found, for the plan-time error (e.g. "deploy prod-workspace first").
   * @default "create it first in the environment that owns the region's metastore"
   */
  readonly whenMissing?: string;
  /** Sets Terraform `prevent_destroy` on a created metastore. @default true */
  readonly protect?: boolean;
  /** Resources the metastore waits for (its owner group). @default - none */
  readonly dependsOn?: ITerraformDependable[];
  /** Delta Sharing on a created metastore. @default - the API's defaults: sharing outside the account off */
  readonly deltaSharing?: MetastoreDeltaSharing;
}

/**
 * A metastore, created or checked: in mode "existing" a `databricks_metastores` look-up fails the plan with a message
 * saying what to deploy first when the id is not in the account (the look-up by id alone would fail with the
 * provider's generic "not found").
 *
 * Assign it to workspaces with {@link WorkspaceMetastoreAssignment}; make the workspace depend on
 * {@link UnityCatalogMetastore.dependable} so the metastore exists first.
 *
 * @see https://docs.databricks.com/aws/en/data-governance/unity-catalog/create-metastore
 * @example
 * const metastore = new UnityCatalogMetastore(this, "Metastore", { provider: account, region: "eu-west-1", name: "acme-eu-west-1", owner: "acme-prod-platform-admins" });
 * new DatabricksWorkspace(this, "Workspace", { ...props, dependsOn: [metastore.dependable] });
 */
export class UnityCatalogMetastore extends Construct {
  /** The metastore's id. */
  public readonly metastoreId: string;
  /** The created metastore (mode "create"). */
  public readonly metastore?: Metastore;
  /** The existence check or look-up (mode "existing"). */
  public readonly existing?: DataDatabricksMetastores | DataDatabricksMetastore;
  /** What a workspace waits for: the created metastore or the existence check. */
  public readonly dependable: ITerraformDependable;

  constructor(scope: Construct, id: string, props: UnityCatalogMetastoreProps) {
    super(scope, id);
    throwIfInvalidProps(this, metastorePropsProblems(props));
    const { provider } = props;
    if ((props.mode ?? "create") === "create") {
      this.metastore = new Metastore(this, "Metastore", {
        provider,
        name: props.name ?? "",
        region: props.region,
        // Never true: destroying a metastore must not take every catalog of every workspace with it.
        forceDestroy: false,
        ...(props.owner ? { owner: props.owner } : {}),
        ...(props.storageRoot ? { storageRoot: props.storageRoot } : {}),
        ...(props.deltaSharing
          ? {
              deltaSharingScope: props.deltaSharing.scope,
              deltaSharingRecipientTokenLifetimeInSeconds: props.deltaSharing.recipientTokenLifetimeSeconds,
              ...(props.deltaSharing.organizationName ? { deltaSharingOrganizationName: props.deltaSharing.organizationName } : {}),
            }
          : {}),
        ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
        lifecycle: { preventDestroy: props.protect ?? true },
      });
      this.metastoreId = this.metastore.metastoreId;
      this.dependable = this.metastore;
      return;
    }
    if (!props.existingMetastoreId) {
      const lookup = new DataDatabricksMetastore(this, "Existing", { provider, region: props.region });
      this.existing = lookup;
      this.metastoreId = lookup.metastoreId;
      this.dependable = lookup;
      return;
    }
    const metastoreId = props.existingMetastoreId;
    const whenMissing = props.whenMissing ?? "create it first in the environment that owns the region's metastore";
    this.existing = new DataDatabricksMetastores(this, "Existing", {
      provider,
      lifecycle: {
        postcondition: [
          {
            // An account without metastores leaves `ids` unset: try() keeps the message ours.
            condition: `\${contains(try(values(self.ids), []), "${metastoreId}")}`,
            errorMessage: `The Unity Catalog metastore ${metastoreId} (${props.region}) does not exist in this Databricks account: ${whenMissing}.`,
          },
        ],
      },
    });
    this.metastoreId = metastoreId;
    this.dependable = this.existing;
  }
}

function metastorePropsProblems(props: UnityCatalogMetastoreProps): string[] {
  const problems: string[] = [];
  const create = (props.mode ?? "create") === "create";
  if (create && !props.name) problems.push('name: required with mode "create"; e.g. "<prefix>-<region>"');
  if (create && props.existingMetastoreId) problems.push('existingMetastoreId: only for mode "existing"');
  if (!create) {
    if (props.name) problems.push('name: only for mode "create"; the existing metastore keeps its name');
    if (props.storageRoot) problems.push('storageRoot: only for mode "create"');
    if (props.owner) problems.push('owner: only for mode "create"; change the owner where the metastore is managed');
    if (props.deltaSharing) problems.push('deltaSharing: only for mode "create"; Delta Sharing is set where the metastore is managed');
    if (props.existingMetastoreId && !Token.isUnresolved(props.existingMetastoreId) && !/^[0-9a-f-]{36}$/.test(props.existingMetastoreId)) {
      problems.push(`existingMetastoreId: "${props.existingMetastoreId}" is not a metastore id (a UUID)`);
    }
  }
  const lifetime = props.deltaSharing?.recipientTokenLifetimeSeconds;
  if (lifetime !== undefined && (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > 31_536_000))
    problems.push(`deltaSharing.recipientTokenLifetimeSeconds: ${lifetime} is not allowed; use 1 to 31536000 (a year): 0 would never expire tokens`);
  if (props.storageRoot && !Token.isUnresolved(props.storageRoot) && !/^s3:\/\/[a-z0-9][a-z0-9-]{1,61}[a-z0-9](\/.*)?$/.test(props.storageRoot)) {
    problems.push(`storageRoot: "${props.storageRoot}" is not an S3 URL like s3://bucket/prefix`);
  }
  return problems;
}
