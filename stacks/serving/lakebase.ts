/**
 * The Lakebase concern: a managed Postgres instance registered in Unity Catalog, with the gold tables applications
 * read synced into it from the ingestion layer's published tables, and a job that takes a new snapshot whenever those
 * gold tables change. Clusters reach it on 5432 through the workspace's PrivateLink endpoint, whose security group
 * already admits the workspace security group on 5432 (network-storage).
 */
import { Fn, Token } from "cdktf";
import { LakeflowJob } from "../../modules/databricks/pipelines/lakeflow-job";
import { PipelinePermissions } from "../../modules/databricks/pipelines/pipeline-permissions";
import type { Principal } from "../../modules/databricks/principal";
import { LakebaseDatabase } from "../../modules/databricks/serving/lakebase";
import type { ServingContext } from "./context";

/** Seconds the sync job waits after a gold table changed before it starts, so one pipeline update starts one sync. */
export const LAKEBASE_SYNC_WAIT_SECONDS = 300;

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
      sourceTableFullName: goldTable(ctx, t.table),
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

/**
 * The job that refreshes the synced tables: a materialized view has no change data feed, so the tables sync by
 * snapshot, and a snapshot pipeline syncs only when started. A table-update trigger on the gold tables starts it after
 * each refresh of gold, as the orchestrator, which may run the sync pipeline (CAN_RUN) and read gold.
 */
export function createLakebaseSync(ctx: ServingContext, lakebase: LakebaseDatabase | undefined): LakeflowJob | undefined {
  const spec = ctx.serving.lakebase;
  // A CONTINUOUS pipeline runs by itself; SNAPSHOT and TRIGGERED ones sync only when started.
  const pipelines = Object.entries(lakebase?.syncPipelineIds ?? {}).filter(([policy]) => policy !== "CONTINUOUS");
  if (!spec || pipelines.length === 0) return undefined;
  const { stack, principals } = ctx;
  const { config } = stack;
  const runAs = principals.servicePrincipal(config.ingestion.runAs);
  for (const [policy, pipelineId] of pipelines) {
    const permissions = new PipelinePermissions(stack, `LakebaseSync-${policy}-Permissions`, { provider: ctx.workspaceProvider, pipelineId });
    permissions.grant(runAs, "CAN_RUN");
    permissions.grant(principals.group(config.unityCatalog.grants.owner), "CAN_MANAGE");
  }
  const { maxRetries, timeoutMinutes, notifications } = config.ingestion.jobs;
  return new LakeflowJob(stack, "Job-lakebase-sync", {
    provider: ctx.workspaceProvider,
    name: stack.naming.name("lakebase-sync"),
    runAs,
    tasks: pipelines.map(([policy, pipelineId]) => ({
      type: "pipeline" as const,
      key: `sync_${policy.toLowerCase()}`,
      pipelineId,
      maxRetries,
      timeoutSeconds: timeoutMinutes * 60,
    })),
    tableUpdate: {
      tableNames: [...new Set(spec.syncedTables.map((t) => goldTable(ctx, t.table)))],
      waitAfterLastChangeSeconds: LAKEBASE_SYNC_WAIT_SECONDS,
      // A snapshot copies the whole table: at most one per interval, however often gold refreshes.
      minTimeBetweenTriggersSeconds: spec.minMinutesBetweenSyncs * 60,
    },
    emailOnFailure: notifications.onFailure,
    webhookOnFailure: notifications.webhookDestinationIds,
    viewers: config.ingestion.viewers.map((g) => principals.group(g)),
    tags: { layer: "serving" },
  });
}

/** The full name the ingestion layer publishes for a gold table, so what follows gold always follows its source. */
function goldTable(ctx: ServingContext, table: string): string {
  return Token.asString(Fn.lookup(ctx.ingestion.goldTables, table));
}
