/**
 * The Unity Catalog metastore of a workspace: created here, or the region's existing one, assigned to the
 * workspace, and the metastore privileges granted on it.
 */
import { DataDatabricksMetastore } from "@cdktf/provider-databricks/lib/data-databricks-metastore";
import { Grant } from "@cdktf/provider-databricks/lib/grant";
import { Metastore } from "@cdktf/provider-databricks/lib/metastore";
import { MetastoreAssignment } from "@cdktf/provider-databricks/lib/metastore-assignment";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { Token, type ITerraformDependable, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { Principal } from "../principal";
import { METASTORE_PRIVILEGES, type MetastorePrivilege } from "./privileges";
import { throwIfInvalidArguments, throwIfInvalidProps } from "../../core/validation";

/** Seconds workspace-level Unity Catalog calls wait after the assignment. */
export const DEFAULT_ASSIGNMENT_SETTLE_SECONDS = 30;

/** Options of {@link UnityCatalogMetastore.grant}. */
export interface MetastoreGrantOptions {
  /**
   * A workspace-level Databricks provider of a workspace the metastore is assigned to: metastore grants go through
   * the workspace-level Unity Catalog API.
   */
  readonly provider: TerraformProvider;
  /**
   * Resources the grant waits for beyond the assignment and its settle wait (e.g. the deployer's workspace access).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Properties of {@link UnityCatalogMetastore}. */
export interface UnityCatalogMetastoreProps {
  /** The account-level Databricks provider (metastores and assignments are account objects). */
  readonly provider: TerraformProvider;
  /** The AWS region of the workspace; a metastore serves one region. */
  readonly region: string;
  /** The numeric id of the workspace to assign the metastore to. */
  readonly workspaceId: number;
  /**
   * "create": a new metastore (Databricks allows one per region per account, so only one environment of a region
   * creates it); "existing": the region's metastore, given by `existingMetastoreId` or looked up by region.
   * @default "create"
   */
  readonly mode?: "create" | "existing";
  /**
   * Name of the metastore to create; required with mode "create", refused with "existing".
   * @default - none
   */
  readonly name?: string;
  /**
   * Owner of the created metastore (an account group name): the metastore admins.
   * @default - the identity that runs Terraform
   */
  readonly owner?: string;
  /**
   * Metastore-level root storage (`s3://bucket/prefix`). Leave it out so that every catalog has its own storage (the
   * Security Reference Architecture's choice; it also avoids `metastore_data_access`, which cannot be destroyed cleanly).
   * A root given here is only a location: managed tables can use it once a `databricks_metastore_data_access`
   * credential exists, which this construct does not create.
   * @default - no metastore-level storage
   */
  readonly storageRoot?: string;
  /**
   * Id of the existing metastore (mode "existing").
   * @default - looked up by region through `data.databricks_metastore`
   */
  readonly existingMetastoreId?: string;
  /**
   * Sets Terraform `prevent_destroy` on a created metastore.
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Seconds to wait after the assignment before workspace-level Unity Catalog resources are created.
   * @default 30
   */
  readonly assignmentSettleSeconds?: number;
}

/**
 * A metastore (created, or the region's existing one) and its assignment to a workspace.
 *
 * Workspace-level Unity Catalog resources must depend on {@link UnityCatalogMetastore.ready}: right after an
 * assignment the workspace intermittently answers "No metastore assigned for the current workspace" (provider
 * issues #1832, #3850), so a short wait follows it. The default catalog is not set here (`default_catalog_name` on
 * the assignment is ignored by the API): use `databricks_default_namespace_setting` with the workspace provider.
 * The time provider must be configured in the stack.
 *
 * @see https://docs.databricks.com/aws/en/data-governance/unity-catalog/create-metastore
 * @example
 * const metastore = new UnityCatalogMetastore(this, "Metastore", {
 *   provider: account, region: "eu-west-1", workspaceId: 1234567890, name: "acme-eu-west-1", owner: "acme-prod-platform-admins",
 * });
 * metastore.grant(groupPrincipal("acme-staging-platform-admins"), SHARED_METASTORE_PRIVILEGES, { provider: workspace });
 */
export class UnityCatalogMetastore extends Construct {
  /** The metastore's id. */
  public readonly metastoreId: string;
  /** The created metastore (mode "create"). */
  public readonly metastore?: Metastore;
  /** The assignment to the workspace. */
  public readonly assignment: MetastoreAssignment;
  /** The wait after the assignment; workspace-level Unity Catalog resources depend on it. */
  public readonly ready: Sleep;
  /** The metastore grants made with {@link UnityCatalogMetastore.grant}, by principal. */
  public readonly grants: Record<string, Grant> = {};

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
        lifecycle: { preventDestroy: props.protect ?? true },
      });
      this.metastoreId = this.metastore.metastoreId;
    } else if (props.existingMetastoreId) {
      this.metastoreId = props.existingMetastoreId;
    } else {
      this.metastoreId = new DataDatabricksMetastore(this, "Existing", { provider, region: props.region }).metastoreId;
    }
    this.assignment = new MetastoreAssignment(this, "Assignment", { provider, metastoreId: this.metastoreId, workspaceId: props.workspaceId });
    // Right after an assignment the workspace may not see its metastore yet; workspace-level calls wait here.
    this.ready = new Sleep(this, "AssignmentWait", {
      createDuration: `${props.assignmentSettleSeconds ?? DEFAULT_ASSIGNMENT_SETTLE_SECONDS}s`,
      dependsOn: [this.assignment],
    });
  }

  /**
   * Grants `privileges` on the metastore to `principal` (a group display name, user name or application id) with a
   * `databricks_grant`: authoritative for this principal only, so grants made elsewhere (by the metastore's owners,
   * or by another stage) stay. A `databricks_grants` on the metastore would remove them. One grant per principal.
   */
  public grant(grantee: Principal, privileges: readonly MetastorePrivilege[], options: MetastoreGrantOptions): Grant {
    const principal = grantee.name;
    const problems: string[] = [];
    if (Token.isUnresolved(principal)) problems.push("principal: must be a literal name: it is part of the grant's construct id");
    else if (principal.length === 0) problems.push("principal: must not be empty");
    else if (principal in this.grants)
      problems.push(`principal: "${principal}" is already granted on this metastore; grant all of its privileges in one call`);
    if (privileges.length === 0) problems.push("privileges: must name at least one privilege");
    const unknown = privileges.filter((p) => !(METASTORE_PRIVILEGES as readonly string[]).includes(p));
    if (unknown.length > 0) problems.push(`privileges: ${unknown.join(", ")} do not apply to a metastore; use ${METASTORE_PRIVILEGES.join(", ")}`);
    throwIfInvalidArguments(
      this,
      problems.map((p) => `grant: ${p}`),
    );
    const grant = new Grant(this, `Grant-${principal}`, {
      provider: options.provider,
      metastore: this.metastoreId,
      principal,
      privileges: [...privileges],
      // Through a workspace: only once the metastore is assigned to it (and the workspace sees it).
      dependsOn: [this.assignment, this.ready, ...(options.dependsOn ?? [])],
    });
    this.grants[principal] = grant;
    return grant;
  }
}

function metastorePropsProblems(props: UnityCatalogMetastoreProps): string[] {
  const problems: string[] = [];
  const create = (props.mode ?? "create") === "create";
  if (create && !props.name) problems.push('name: required with mode "create"; e.g. "<prefix>-<region>"');
  if (!create) {
    if (props.name) problems.push('name: only for mode "create"; the existing metastore keeps its name');
    if (props.storageRoot) problems.push('storageRoot: only for mode "create"');
    if (props.owner) problems.push('owner: only for mode "create"; change the owner where the metastore is managed');
  } else if (props.existingMetastoreId) {
    problems.push('existingMetastoreId: only for mode "existing"');
  }
  if (props.storageRoot && !Token.isUnresolved(props.storageRoot) && !/^s3:\/\/[a-z0-9][a-z0-9-]{1,61}[a-z0-9](\/.*)?$/.test(props.storageRoot)) {
    problems.push(`storageRoot: "${props.storageRoot}" is not an S3 URL like s3://bucket/prefix`);
  }
  const seconds = props.assignmentSettleSeconds;
  if (seconds !== undefined && (!Number.isInteger(seconds) || seconds < 0 || seconds > 600)) {
    problems.push(`assignmentSettleSeconds: ${seconds} is not allowed; use a whole number from 0 to 600`);
  }
  return problems;
}
