/**
 * Assignment of account-level principals (groups, service principals) to a workspace with ADMIN or USER.
 */
import { MwsPermissionAssignment } from "@cdktf/provider-databricks/lib/mws-permission-assignment";
import { Token, type ITerraformDependable, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { throwIfInvalidProps } from "../../core/validation";

/** What a principal may do in the workspace: `ADMIN` (workspace admin) or `USER`. */
export type WorkspacePermission = "ADMIN" | "USER";

/** One principal's assignment. */
export interface PrincipalAssignment {
  /** The principal's numeric account-level id (the SCIM id of the group or service principal), usually a token. */
  readonly principalId: string;
  /** The principal's permission in the workspace. */
  readonly permission: WorkspacePermission;
}

/** Props of {@link WorkspaceAssignments}. */
export interface WorkspaceAssignmentsProps {
  /** The account-level Databricks provider (the assignment API is an account API, for account admins). */
  readonly provider: TerraformProvider;
  /** The numeric id of the workspace. */
  readonly workspaceId: number;
  /**
   * Groups by stable key (the key names the construct id; renaming it replaces the assignment).
   * @default - no group is assigned
   */
  readonly groups?: Readonly<Record<string, PrincipalAssignment>>;
  /**
   * Service principals by stable key.
   * @default - no service principal is assigned
   */
  readonly servicePrincipals?: Readonly<Record<string, PrincipalAssignment>>;
  /**
   * What every assignment waits for. The assignment API works only on a workspace with identity federation, which a
   * Unity Catalog metastore assignment turns on: pass the metastore assignment (and any wait after it).
   * @default - nothing beyond the references
   */
  readonly dependsOn?: ITerraformDependable[];
}

const KEY = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * `databricks_mws_permission_assignment` of account groups and service principals to one workspace, with the
 * account-level provider. Create it after the workspace's metastore assignment (`dependsOn`): on a workspace
 * without identity federation the API answers "Permission assignment APIs are not available for this workspace".
 *
 * @see https://kb.databricks.com/terraform/dependency-error-while-deploying-workspace-using-terraform
 * @example
 * new WorkspaceAssignments(this, "WorkspaceAssignments", {
 *   provider: accountProvider,
 *   workspaceId: Token.asNumber(workspace.workspaceId),
 *   groups: { "platform-admins": { principalId: Fn.lookup(workspace.groupIds, "platform-admins"), permission: "ADMIN" } },
 *   servicePrincipals: { orchestrator: { principalId: Fn.lookup(workspace.servicePrincipalIds, "orchestrator"), permission: "USER" } },
 *   dependsOn: [metastore.assignment],
 * });
 */
export class WorkspaceAssignments extends Construct {
  /** The group assignments by key. */
  public readonly groups: Readonly<Record<string, MwsPermissionAssignment>>;
  /** The service principal assignments by key. */
  public readonly servicePrincipals: Readonly<Record<string, MwsPermissionAssignment>>;

  constructor(scope: Construct, id: string, props: WorkspaceAssignmentsProps) {
    super(scope, id);
    throwIfInvalidProps(this, propsProblems(props));
    const assign = (prefix: string, specs: Readonly<Record<string, PrincipalAssignment>> = {}) =>
      Object.fromEntries(
        Object.entries(specs).map(([key, spec]) => [
          key,
          new MwsPermissionAssignment(this, `${prefix}-${key}`, {
            provider: props.provider,
            workspaceId: props.workspaceId,
            principalId: Token.asNumber(spec.principalId),
            permissions: [spec.permission],
            ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
          }),
        ]),
      );
    this.groups = assign("Group", props.groups);
    this.servicePrincipals = assign("ServicePrincipal", props.servicePrincipals);
  }
}

function propsProblems(props: WorkspaceAssignmentsProps): string[] {
  const problems: string[] = [];
  const { workspaceId } = props;
  if (!Token.isUnresolved(workspaceId) && !(Number.isInteger(workspaceId) && workspaceId > 0)) {
    problems.push(`workspaceId: ${workspaceId} is not a workspace id; use the workspace's positive numeric id`);
  }
  const check = (kind: string, specs: Readonly<Record<string, PrincipalAssignment>> = {}) => {
    for (const [key, spec] of Object.entries(specs)) {
      if (!KEY.test(key)) problems.push(`${kind}["${key}"]: the key must be lowercase letters, digits and single hyphens`);
      if (!Token.isUnresolved(spec.principalId) && !/^[0-9]+$/.test(spec.principalId)) {
        problems.push(`${kind}["${key}"].principalId: "${spec.principalId}" is not a numeric principal id`);
      }
      if ((spec.permission as string) !== "ADMIN" && (spec.permission as string) !== "USER") {
        problems.push(`${kind}["${key}"].permission: "${spec.permission}" is not allowed; use "ADMIN" or "USER"`);
      }
    }
  };
  check("groups", props.groups);
  check("servicePrincipals", props.servicePrincipals);
  return problems;
}
