/**
 * Who may see, run and manage one pipeline: the workspace access control list of a `databricks_pipeline`, collected
 * from every grant and written as ONE authoritative `databricks_permissions` resource.
 */
import type { Permissions } from "@cdktf/provider-databricks/lib/permissions";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { throwIfInvalidArguments } from "../../core/validation";
import { ObjectPermissions } from "../object-permissions";
import { principalProblems } from "../permission-access";
import type { Principal } from "../principal";

/**
 * The permission levels of a pipeline, lowest first (provider v1.99 docs/resources/permissions.md, "Lakeflow
 * Declarative Pipelines usage": `CAN_VIEW`, `CAN_RUN`, `CAN_MANAGE`, `IS_OWNER`).
 * @see https://docs.databricks.com/aws/en/security/auth/access-control#lakeflow-declarative-pipelines-acls
 */
export const PIPELINE_PERMISSION_LEVELS = ["CAN_VIEW", "CAN_RUN", "CAN_MANAGE", "IS_OWNER"] as const;

/** One permission level on a pipeline. */
export type PipelinePermissionLevel = (typeof PIPELINE_PERMISSION_LEVELS)[number];

/** Who gets which level on a pipeline: the access props the pipeline constructs share. */
export interface PipelineAccessProps {
  /**
   * Principals that may see the pipeline, its runs and event log (CAN_VIEW).
   * @default - none
   */
  readonly viewers?: Principal[];
  /**
   * Principals that may also start and stop updates (CAN_RUN).
   * @default - none
   */
  readonly runners?: Principal[];
  /**
   * Principals that may also edit and delete the pipeline and its permissions (CAN_MANAGE).
   * @default - none (workspace admins hold CAN_MANAGE)
   */
  readonly managers?: Principal[];
  /**
   * The pipeline's owner (IS_OWNER), a user or service principal.
   * @default - the identity that runs Terraform stays the owner
   */
  readonly owner?: Principal;
}

/** Grants the viewers, runners, managers and owner of `access` on `permissions`. */
export function grantPipelineAccess(permissions: PipelinePermissions, access: PipelineAccessProps): void {
  const grants: [readonly Principal[] | undefined, PipelinePermissionLevel][] = [
    [access.viewers, "CAN_VIEW"],
    [access.runners, "CAN_RUN"],
    [access.managers, "CAN_MANAGE"],
    [access.owner ? [access.owner] : undefined, "IS_OWNER"],
  ];
  for (const [principals, level] of grants) for (const principal of principals ?? []) permissions.grant(principal, level);
}

/** Properties of {@link PipelinePermissions}. */
export interface PipelinePermissionsProps {
  /** The workspace-level Databricks provider. */
  readonly provider: TerraformProvider;
  /** The pipeline's id (the `databricks_pipeline`'s `id`, so the permissions wait for the pipeline). */
  readonly pipelineId: string;
}

/**
 * The access control list of one pipeline.
 *
 * `databricks_permissions` is authoritative: it replaces every direct permission on the pipeline, so this construct
 * is the single owner and renders every grant into one resource, created on the first grant (a pipeline nobody is
 * granted on keeps the creator as owner and admins' CAN_MANAGE). A principal granted twice keeps the higher level.
 * Everyone-groups (`users`, `account users`) are refused, and an owner must be a user or service principal (a
 * pipeline cannot be owned by a group).
 *
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/permissions#lakeflow-declarative-pipelines-usage
 * @example
 * const permissions = new PipelinePermissions(this, "Permissions", { provider: workspace, pipelineId: pipeline.id });
 * permissions.grant(groupPrincipal("lakehouse-prod-engineers"), "CAN_VIEW");
 */
export class PipelinePermissions extends Construct {
  private readonly access: ObjectPermissions<PipelinePermissionLevel>;

  constructor(scope: Construct, id: string, props: PipelinePermissionsProps) {
    super(scope, id);
    this.access = new ObjectPermissions(this, "Permissions", {
      provider: props.provider,
      object: { pipelineId: props.pipelineId },
      ranking: PIPELINE_PERMISSION_LEVELS,
      keyOf: (principal) => principal.name,
    });
  }

  /** Grants `level` to `principal` (a principal already holding a higher level keeps it); returns the resource. */
  public grant(principal: Principal, level: PipelinePermissionLevel): Permissions {
    throwIfInvalidArguments(this, this.grantProblems(principal, level));
    return this.access.grant(principal, level);
  }

  /** The level `principal` holds here, or undefined. */
  public levelOf(principal: Principal | string): PipelinePermissionLevel | undefined {
    const name = typeof principal === "string" ? principal : principal.name;
    return this.access.grants.find((entry) => entry.principal.name === name)?.level;
  }

  /** The `databricks_permissions` resource, once something is granted. */
  public get permissionsResource(): Permissions | undefined {
    return this.access.resource;
  }

  private grantProblems(principal: Principal, level: PipelinePermissionLevel): string[] {
    const problems: string[] = [];
    if (!PIPELINE_PERMISSION_LEVELS.includes(level)) {
      problems.push(`level: "${level}" is not a pipeline permission level; use one of ${PIPELINE_PERMISSION_LEVELS.join(", ")}`);
    }
    problems.push(...principalProblems("principal", principal));
    if (level === "IS_OWNER") {
      if (principal.kind === "group")
        problems.push(`principal: "${principal.name}" is a group; a pipeline's owner must be a user or service principal`);
      const owner = this.access.grants.find((entry) => entry.level === "IS_OWNER" && entry.principal.name !== principal.name);
      if (owner) problems.push(`level: IS_OWNER is already held by "${owner.principal.name}"; a pipeline has exactly one owner`);
    }
    return problems;
  }
}
