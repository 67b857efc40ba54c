/**
 * The metastore concern: the region's metastore (from the workspace layer) assigned to the workspace,
 * metastore privileges for the environments that share it, and the workspace permission assignments that identity
 * federation (which comes with the metastore) makes possible.
 */
import { DataDatabricksServicePrincipals } from "@cdktf/provider-databricks/lib/data-databricks-service-principals";
import { Fn, Token } from "cdktf";
import { WorkspaceAssignments, type PrincipalAssignment } from "../../modules/databricks/account/workspace-assignments";
import { SHARED_METASTORE_PRIVILEGES } from "../../modules/databricks/unity-catalog/privileges";
import { WorkspaceMetastoreAssignment } from "../../modules/databricks/unity-catalog/workspace-metastore-assignment";
import type { Ready, UnityCatalogContext } from "./context";

/**
 * The assignment of the region's metastore (created or checked by the workspace layer, before the workspace) to the
 * workspace, with the settle wait after it.
 */
export function assignMetastore(ctx: UnityCatalogContext): WorkspaceMetastoreAssignment {
  return new WorkspaceMetastoreAssignment(ctx.stack, "Metastore", {
    provider: ctx.accountProvider,
    metastoreId: ctx.workspace.metastoreId,
    workspaceId: ctx.workspaceId,
  });
}

/**
 * Metastore privileges for each environment that shares the metastore created here (`metastore.sharedWith`), so
 * its unity-catalog layer can create its catalogs, locations, credentials and connections.
 */
export function grantSharingEnvironments(ctx: UnityCatalogContext, metastore: WorkspaceMetastoreAssignment, dependsOn: Ready): void {
  const config = ctx.uc.metastore;
  if (config.mode !== "create") return;
  for (const { environment, group } of config.sharedWith) {
    const sharerDeployed = checkEnvironmentDeployed(ctx, environment);
    metastore.grant(ctx.principals.groupOfEnvironment(environment, group), SHARED_METASTORE_PRIVILEGES, {
      provider: ctx.workspaceProvider,
      dependsOn: [...dependsOn, sharerDeployed],
    });
  }
}

/**
 * A plan-time check that the sharing environment's workspace layer is deployed, since the grant names its group: its
 * required `deployer` service principal exists in the account. Without it the plan stops with a message that says
 * what to deploy first, instead of failing later on an unknown principal.
 */
function checkEnvironmentDeployed(ctx: UnityCatalogContext, environment: string): DataDatabricksServicePrincipals {
  const deployer = ctx.principals.servicePrincipalNameOfEnvironment(environment, "deployer");
  return new DataDatabricksServicePrincipals(ctx.stack, `Deployed-${environment}`, {
    provider: ctx.accountProvider,
    displayNameContains: deployer,
    lifecycle: {
      postcondition: [
        {
          // No match leaves application_ids unset: try() keeps the message ours.
          condition: "${try(length(self.application_ids), 0) > 0}",
          errorMessage: `${environment} shares this environment's metastore, but its workspace layer is not deployed (no service principal ${deployer}): deploy ${environment}-workspace first, then this unity-catalog layer, then ${environment}-unity-catalog.`,
        },
      ],
    },
  });
}

/**
 * ADMIN/USER assignments of the workspace layer's groups and principals, by the ids in its state. The assignment
 * API needs identity federation, which the metastore assignment turns on, so they come after it; and after the
 * settle wait that follows it, because right after an assignment the workspace can still answer as if it had no
 * metastore (provider issues #1832, #3850; Databricks KB "dependency error while deploying workspace").
 */
export function createWorkspaceAssignments(ctx: UnityCatalogContext, metastore: WorkspaceMetastoreAssignment): WorkspaceAssignments {
  const { groups, servicePrincipals } = ctx.stack.config.workspace;
  const assignments = (specs: Record<string, { workspacePermission?: "ADMIN" | "USER" }>, ids: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(specs).flatMap(([key, spec]): [string, PrincipalAssignment][] =>
        spec.workspacePermission ? [[key, { principalId: Token.asString(Fn.lookup(ids, key)), permission: spec.workspacePermission }]] : [],
      ),
    );
  return new WorkspaceAssignments(ctx.stack, "WorkspaceAssignments", {
    provider: ctx.accountProvider,
    workspaceId: ctx.workspaceId,
    groups: assignments(groups, ctx.workspace.groupIds),
    servicePrincipals: assignments(servicePrincipals, ctx.workspace.servicePrincipalIds),
    dependsOn: [metastore.assignment, metastore.ready],
  });
}
