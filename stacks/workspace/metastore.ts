/**
 * The metastore concern: the region's Unity Catalog metastore, created here or checked to exist, before the
 * workspace (the Security Reference Architecture's order: Databricks enables Unity Catalog on a new workspace and may
 * create a regional metastore of its own when none exists). The unity-catalog layer assigns it to the workspace.
 */
import type { AccountIdentities } from "../../modules/databricks/account/account-identities";
import { UnityCatalogMetastore } from "../../modules/databricks/unity-catalog/unity-catalog-metastore";
import type { WorkspaceContext } from "./context";

/** The metastore this environment's workspace uses. */
export function createMetastore(ctx: WorkspaceContext, identities: AccountIdentities): UnityCatalogMetastore {
  const { aws, project, dataProtection, unityCatalog, collaboration } = ctx.stack.config;
  const sharing = collaboration.deltaSharing;
  const metastore = unityCatalog.metastore;
  const common = { provider: ctx.accountProvider, region: aws.region };
  if (metastore.mode === "existing") {
    return new UnityCatalogMetastore(ctx.stack, "Metastore", {
      ...common,
      mode: "existing",
      ...(metastore.metastoreId ? { existingMetastoreId: metastore.metastoreId } : {}),
      whenMissing:
        'deploy the workspace layer of the environment that creates the region\'s metastore (its unityCatalog.metastore.mode is "create") first',
    });
  }
  // A group key (validation): the metastore admins. The group is created in this layer, so the metastore waits for it.
  const owner = metastore.owner;
  return new UnityCatalogMetastore(ctx.stack, "Metastore", {
    ...common,
    mode: "create",
    // No stage in the name: the metastore serves every environment of the region in this account.
    name: metastore.name ?? `${project.prefix}-${aws.region}`,
    owner: identities.groupNames[owner],
    dependsOn: [identities.groups[owner]],
    storageRoot: metastore.storageRoot,
    protect: dataProtection,
    // The collaboration layer's recipients depend on it: open sharing needs INTERNAL_AND_EXTERNAL (rules).
    ...(sharing
      ? {
          deltaSharing: {
            scope: sharing.scope,
            recipientTokenLifetimeSeconds: sharing.recipientTokenLifetimeDays * 86_400,
            ...(sharing.organizationName ? { organizationName: sharing.organizationName } : {}),
          },
        }
      : {}),
  });
}
