/**
 * The Lakebase concern: a managed Postgres instance registered in Unity Catalog, with the gold tables applications
 * read synced into it from the ingestion layer's published tables. Clusters reach it on 5432 through the workspace's
 * PrivateLink endpoint, whose security group already admits the workspace security group on 5432 (network-storage).
 */
import { Fn, Token } from "cdktf";
import type { Principal } from "../../modules/databricks/principal";
import { LakebaseDatabase } from "../../modules/databricks/serving/lakebase";
import type { ServingContext } from "./context";

/** The instance, when configured. */
export function createLakebase(ctx: ServingContext, extraUsers: readonly Principal[] = []): LakebaseDatabase | undefined {
  const spec = ctx.serving.lakebase;
  if (!spec) return undefined;
  const { stack, principals } = ctx;
  return new LakebaseDatabase(stack, "Lakebase", {
    provider: ctx.workspaceProvider,
    instanceName: stack.naming.name("lakebase"),
    capacity: spec.capacity,
    catalogName: stack.naming.unityCatalog("lakebase"),
    syncedTables: spec.syncedTables.map((t) => ({
      // The full name the ingestion layer publishes, so a synced table always follows its gold table.
      sourceTableFullName: Token.asString(Fn.lookup(ctx.ingestion.goldTables, t.table)),
      primaryKeyColumns: t.primaryKey,
      tableName: t.table,
      // A materialized view has no change data feed to follow: each sync takes a full snapshot.
      schedulingPolicy: "SNAPSHOT",
    })),
    pipelineStorageCatalog: ctx.unityCatalog.catalogName,
    // The sync pipelines' checkpoints and event logs: beside the raw data engineers see, not among gold's products.
    pipelineStorageSchema: "bronze",
    users: [...ctx.serving.endpointUsers.map((g) => principals.group(g)), ...extraUsers],
    managers: [principals.group(stack.config.unityCatalog.grants.owner)],
    tags: { layer: "serving" },
    protect: stack.config.dataProtection,
  });
}
