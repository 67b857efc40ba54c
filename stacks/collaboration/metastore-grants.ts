/**
 * Metastore privileges for collaboration, granted only where this environment owns the metastore (validation refuses
 * collaboration elsewhere: a sharing environment's privileges come from the creator's unity-catalog layer).
 *
 * The metastore is shared by every environment of its region, so these are per-principal, non-authoritative
 * `databricks_grant` resources (decision 0005's exception for the metastore): one per principal with every privilege
 * it needs here, leaving the grants other layers and environments make on the metastore untouched. The owner group
 * holds every privilege already and gets none.
 */
import { Grant } from "@cdktf/provider-databricks/lib/grant";
import type { MetastorePrivilege } from "../../modules/databricks/unity-catalog/privileges";
import type { CollaborationContext } from "./context";

/** Who needs which metastore privilege, by principal key. */
export function metastorePrivileges(ctx: CollaborationContext): Map<string, MetastorePrivilege[]> {
  const { collaboration: c, stack } = ctx;
  const metastore = stack.config.unityCatalog.metastore;
  const needs = new Map<string, Set<MetastorePrivilege>>();
  if (metastore.mode !== "create") return new Map();
  const add = (key: string, ...privileges: MetastorePrivilege[]) => {
    if (key === metastore.owner) return;
    needs.set(key, new Set([...(needs.get(key) ?? []), ...privileges]));
  };
  // Those who publish shares: shares, recipients, and providers (to read shares other metastores send back).
  for (const key of c.sharingAdmins) add(key, "CREATE_SHARE", "CREATE_RECIPIENT", "CREATE_PROVIDER");
  for (const room of c.cleanRooms) add(room.owner, "CREATE_CLEAN_ROOM");
  for (const key of c.marketplace?.consumers ?? []) add(key, "USE_MARKETPLACE_ASSETS");
  return new Map([...needs].sort(([a], [b]) => a.localeCompare(b)).map(([key, set]) => [key, [...set].sort()]));
}

/** One `databricks_grant` on the metastore per principal that needs a privilege. */
export function grantMetastorePrivileges(ctx: CollaborationContext): Grant[] {
  return [...metastorePrivileges(ctx)].map(
    ([key, privileges]) =>
      new Grant(ctx.stack, `MetastoreGrant-${key}`, {
        provider: ctx.workspaceProvider,
        metastore: ctx.unityCatalog.metastoreId,
        principal: ctx.principals.resolve(key).name,
        privileges,
      }),
  );
}
