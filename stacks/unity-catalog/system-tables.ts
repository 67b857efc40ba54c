/** The system tables concern: system schemas enabled on the metastore, and read access for the configured readers. */
import { SystemSchemas } from "../../modules/databricks/unity-catalog/system-schemas";
import type { Ready, UnityCatalogContext } from "./context";

/** The system schemas; undefined where the environment neither enables nor reads any. */
export function createSystemTables(ctx: UnityCatalogContext, dependsOn: Ready): SystemSchemas | undefined {
  const { systemTables } = ctx.uc;
  if (systemTables.enable.length === 0 && systemTables.readers.length === 0) return undefined;
  return new SystemSchemas(ctx.stack, "SystemTables", {
    provider: ctx.workspaceProvider,
    enable: systemTables.enable,
    read: systemTables.read,
    readers: systemTables.readers.map((key) => ctx.principals.resolve(key)),
    dependsOn: [...dependsOn],
  });
}
