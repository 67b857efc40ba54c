/**
 * A metastore's assignment to a workspace, the wait that follows it, and metastore privileges granted through the
 * workspace.
 */
import { Grant } from "@cdktf/provider-databricks/lib/grant";
import { MetastoreAssignment } from "@cdktf/provider-databricks/lib/metastore-assignment";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { Token, type ITerraformDependable, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { throwIfInvalidArguments, throwIfInvalidProps } from "../../core/validation";
import type { Principal } from "../principal";
import { METASTORE_PRIVILEGES, type MetastorePrivilege } from "./privileges";

/** Seconds workspace-level Unity Catalog calls wait after the assignment. */
export const DEFAULT_ASSIGNMENT_SETTLE_SECONDS = 30;

/** Options of {@link WorkspaceMetastoreAssignment.grant}. */
export interface MetastoreGrantOptions {
  /**
   * A workspace-level Databricks provider of the assigned workspace: metastore grants go through the workspace-level
   * Unity Catalog API.
   */
  readonly provider: TerraformProvider;
  /**
   * Resources the grant waits for beyond the assignment and its settle wait (e.g. the deployer's workspace access).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Properties of {@link WorkspaceMetastoreAssignment}. */
export interface WorkspaceMetastoreAssignmentProps {
  /** The account-level Databricks provider (assignments are account objects). */
  readonly provider: TerraformProvider;
  /** The metastore's id (from the layer that created or checked it). */
  readonly metastoreId: string;
  /** The numeric id of the workspace. */
  readonly workspaceId: number;
  /**
   * Seconds to wait after the assignment before workspace-level Unity Catalog resources are created.
   * @default 30
   */
  readonly assignmentSettleSeconds?: number;
}

/**
 * Assigns a metastore to a workspace.
 *
 * Workspace-level Unity Catalog resources must depend on {@link WorkspaceMetastoreAssignment.ready}: right after an
 * assignment the workspace intermittently answers "No metastore assigned for the current workspace" (provider
 * issues #1832, #3850), so a short wait follows it. The default catalog is not set here (`default_catalog_name` on
 * the assignment is ignored by the API): use `databricks_default_namespace_setting` with the workspace provider.
 * The time provider must be configured in the stack.
 *
 * @example
 * const assignment = new WorkspaceMetastoreAssignment(this, "Metastore", { provider: account, metastoreId, workspaceId: 1234567890 });
 * assignment.grant(groupPrincipal("acme-staging-platform-admins"), SHARED_METASTORE_PRIVILEGES, { provider: workspace });
 */
export class WorkspaceMetastoreAssignment extends Construct {
  /** The metastore's id. */
  public readonly metastoreId: string;
  /** The assignment to the workspace. */
  public readonly assignment: MetastoreAssignment;
  /** The wait after the assignment; workspace-level Unity Catalog resources depend on it. */
  public readonly ready: Sleep;
  /** The metastore grants made with {@link WorkspaceMetastoreAssignment.grant}, by principal. */
  public readonly grants: Record<string, Grant> = {};

  constructor(scope: Construct, id: string, props: WorkspaceMetastoreAssignmentProps) {
    super(scope, id);
    throwIfInvalidProps(this, assignmentPropsProblems(props));
    const seconds = props.assignmentSettleSeconds;
    this.metastoreId = props.metastoreId;
    this.assignment = new MetastoreAssignment(this, "Assignment", {
      provider: props.provider,
      metastoreId: props.metastoreId,
      workspaceId: props.workspaceId,
    });
    // Right after an assignment the workspace may not see its metastore yet; workspace-level calls wait here.
    this.ready = new Sleep(this, "AssignmentWait", {
      createDuration: `${seconds ?? DEFAULT_ASSIGNMENT_SETTLE_SECONDS}s`,
      dependsOn: [this.assignment],
    });
  }

  /**
   * Grants `privileges` on the metastore to `grantee` with a `databricks_grant`: authoritative for this principal only,
   * so grants made elsewhere (by the metastore's owners, or by another stage) stay. A `databricks_grants` on the
   * metastore would remove them. One grant per principal.
   */
  public grant(grantee: Principal, privileges: readonly MetastorePrivilege[], options: MetastoreGrantOptions): Grant {
    const principal = grantee.name;
    const problems: string[] = [];
    if (Token.isUnresolved(principal)) problems.push("principal: must be a literal name: it is part of the grant's construct id");
    else if (principal.length === 0) problems.push("principal: must not be empty");
    else if (Object.hasOwn(this.grants, principal))
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
      dependsOn: [...new Set([this.assignment, this.ready, ...(options.dependsOn ?? [])])],
    });
    this.grants[principal] = grant;
    return grant;
  }
}

function assignmentPropsProblems(props: WorkspaceMetastoreAssignmentProps): string[] {
  const problems: string[] = [];
  const seconds = props.assignmentSettleSeconds;
  if (seconds !== undefined && (!Number.isInteger(seconds) || seconds < 0 || seconds > 600)) {
    problems.push(`assignmentSettleSeconds: ${seconds} is not allowed; use a whole number from 0 to 600`);
  }
  if (!Token.isUnresolved(props.metastoreId) && !/^[0-9a-f-]{36}$/.test(props.metastoreId)) {
    problems.push(`metastoreId: "${props.metastoreId}" is not a metastore id (a UUID); pass the metastore's id, not its name`);
  }
  const { workspaceId } = props;
  if (!Token.isUnresolved(workspaceId) && !(Number.isSafeInteger(workspaceId) && workspaceId > 0)) {
    problems.push(`workspaceId: ${workspaceId} is not a workspace id; use the workspace's positive numeric id`);
  }
  return problems;
}
