/**
 * The warehouses concern: serverless SQL warehouses from config; the warehouse users (and, per warehouse, the
 * principals of the tools and jobs that query it) may use them, the platform admins manage them.
 */
import type { Principal } from "../../modules/databricks/principal";
import { SqlWarehouse } from "../../modules/databricks/serving/sql-warehouse";
import type { ServingContext } from "./context";

/** Warehouses by config key. */
export function createWarehouses(ctx: ServingContext, extraUsers: (key: string) => readonly Principal[]): Readonly<Record<string, SqlWarehouse>> {
  const { stack, serving, principals } = ctx;
  const warehouses: Record<string, SqlWarehouse> = {};
  for (const spec of serving.warehouses) {
    warehouses[spec.name] = new SqlWarehouse(stack, `Warehouse-${spec.name}`, {
      provider: ctx.workspaceProvider,
      name: stack.naming.name(spec.name),
      clusterSize: spec.size,
      minNumClusters: spec.minClusters,
      maxNumClusters: spec.maxClusters,
      autoStopMinutes: spec.autoStopMinutes,
      channel: spec.channel,
      tags: { layer: "serving", warehouse: spec.name },
      users: [...serving.warehouseUsers.map((g) => principals.group(g)), ...extraUsers(spec.name)],
      managers: [principals.group(stack.config.unityCatalog.grants.owner)],
    });
  }
  return warehouses;
}
