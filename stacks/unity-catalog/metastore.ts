/**
 * The metastore concern: the region's metastore (created here, or the existing one) assigned to the workspace,
 * metastore privileges for the environments that share it, and the workspace permission assignments that identity
 * federation (which comes with the metastore) makes possible.
 */
import { Fn, Token } from "cdktf";
import { WorkspaceAssignments, type PrincipalAssignment } from "../../modules/databricks/account/workspace-assignments";
import { SHARED_METASTORE_PRIVILEGES } from "../../modules/databricks/unity-catalog/privileges";
import { UnityCatalogMetastore } from "../../modules/databricks/unity-catalog/unity-catalog-metastore";
import type { Ready, UnityCatalogContext } from "./context";

/** The region's metastore, created (no metastore-level root) or referenced, and its assignment to the workspace. */
export function createMetastore(ctx: UnityCatalogContext): UnityCatalogMetastore {
  const { metastore } = ctx.uc;
  const { aws, project, dataProtection } = ctx.stack.config;
  const common = { provider: ctx.accountProvider, region: aws.region, workspaceId: ctx.workspaceId };
  if (metastore.mode === "existing") {
    return new UnityCatalogMetastore(ctx.stack, "Metastore", { ...common, mode: "existing", existingMetastoreId: metastore.metastoreId });
  }
  return new UnityCatalogMetastore(ctx.stack, "Metastore", {
    ...common,
    mode: "create",
    // No stage in the name: the metastore serves every environment of the region in this account.
    name: metastore.name ?? `${project.prefix}-${aws.region}`,
    owner: ctx.principals.resolve(metastore.owner).name,
    storageRoot: metastore.storageRoot,
    protect: dataProtection,
  });
}

/**
 * Metastore privileges for each environment that shares the metastore created here (`metastore.sharedWith`), so
 * its unity-catalog layer can create its catalogs, locations, credentials and connections.
 */
export function grantSharingEnvironments(ctx: UnityCatalogContext, metastore: UnityCatalogMetastore, dependsOn: Ready): void {
  const config = ctx.uc.metastore;
  if (config.mode !== "create") return;
  for (const { environment, group } of config.sharedWith) {
    metastore.grant(ctx.principals.groupOfEnvironment(environment, group), SHARED_METASTORE_PRIVILEGES, {
      provider: ctx.workspaceProvider,
      dependsOn: [...dependsOn],
    });
  }
}

/**
 * ADMIN/USER assignments of the workspace layer's groups and principals, by the ids in its state. The assignment
 * API needs identity federation, which the metastore assignment turns on, so they come after it; and after the
 * settle wait that follows it, because right after an assignment the workspace can still answer as if it had no
 * metastore (provider issues #1832, #3850; Databricks KB "dependency error while deploying workspace").
 */
export function createWorkspaceAssignments(ctx: UnityCatalogContext, metastore: UnityCatalogMetastore): WorkspaceAssignments {
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
