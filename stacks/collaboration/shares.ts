/**
 * Delta Sharing shares from config: gold tables by the names the ingestion layer publishes, schemas of the default
 * catalog and models of its ml schema by the names the unity-catalog layer publishes. Every share is owned by the
 * admin group, like everything the layers create in Unity Catalog.
 */
import { Fn, Token } from "cdktf";
import type { CollaborationConfig } from "../../environments/schema/collaboration";
import { DeltaShare, type ShareObjectSpec } from "../../modules/databricks/sharing/delta-share";
import type { CollaborationContext } from "./context";

type ShareObjectConfig = CollaborationConfig["shares"][number]["objects"][number];

/** One share per `collaboration.shares` entry, by key. */
export function createShares(ctx: CollaborationContext): Record<string, DeltaShare> {
  return Object.fromEntries(
    ctx.collaboration.shares.map((share) => [
      share.name,
      new DeltaShare(ctx.stack, `Share-${share.name}`, {
        provider: ctx.workspaceProvider,
        name: ctx.stack.naming.unityCatalog(share.name),
        owner: ctx.owner,
        comment: share.comment,
        objects: share.objects.map((o) => shareObject(ctx, o)),
      }),
    ]),
  );
}

function shareObject(ctx: CollaborationContext, o: ShareObjectConfig): ShareObjectSpec {
  const defaultCatalog = ctx.stack.config.unityCatalog.catalogs[0].name;
  switch (o.type) {
    case "table":
      // Gold tables are materialized views (pipelines/*/gold.sql): shared as such, under gold.<table> unless renamed.
      return {
        name: Token.asString(Fn.lookup(ctx.ingestion.goldTables, o.table)),
        type: "MATERIALIZED_VIEW",
        ...(o.sharedAs ? { sharedAs: o.sharedAs } : {}),
        historySharing: o.historySharing,
        changeDataFeed: o.changeDataFeed,
      };
    case "schema":
      return {
        name: Token.asString(Fn.lookup(ctx.unityCatalog.schemaNames, `${defaultCatalog}.${o.schema}`)),
        type: "SCHEMA",
        historySharing: o.historySharing,
      };
    case "model":
      return { name: `${ctx.unityCatalog.mlSchemaName}.${o.model}`, type: "MODEL" };
  }
}
