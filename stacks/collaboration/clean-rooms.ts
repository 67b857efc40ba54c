/**
 * Clean rooms from config, through the Clean Rooms REST API: collaborators by alias (sharing identifier or
 * invitation), restricted egress, our gold tables as assets, and notebooks from notebooks/clean-rooms/ uploaded to the
 * workspace and added in the HTML export format the API takes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DataDatabricksNotebook } from "@cdktf/provider-databricks/lib/data-databricks-notebook";
import { Notebook } from "@cdktf/provider-databricks/lib/notebook";
import { Fn, Token } from "cdktf";
import { CLEAN_ROOM_NOTEBOOKS_DIR } from "../../environments/rules/collaboration";
import { CleanRoom } from "../../modules/databricks/sharing/clean-room";
import { createSourceFolder, type SourceFolder } from "../shared/source-folder";
import type { CollaborationContext } from "./context";

/** One clean room per `collaboration.cleanRooms` entry, by key. */
export function createCleanRooms(ctx: CollaborationContext): Record<string, CleanRoom> {
  const { stack } = ctx;
  const rooms = ctx.collaboration.cleanRooms;
  // Notebooks are read by the clean rooms' owners.
  const folder = rooms.some((r) => r.notebooks.length > 0)
    ? createSourceFolder(stack, {
        provider: ctx.workspaceProvider,
        servicePrincipalApplicationIds: ctx.workspace.servicePrincipalApplicationIds,
        readers: [...new Set(rooms.map((r) => r.owner))].map((key) => ctx.principals.group(key)),
      })
    : undefined;
  const uploaded = new Map<string, DataDatabricksNotebook>();
  return Object.fromEntries(
    rooms.map((room) => {
      const name = stack.naming.unityCatalog(room.name);
      const cleanRoom = new CleanRoom(stack, `CleanRoom-${room.name}`, {
        restApi: ctx.restApi().provider,
        name,
        region: stack.config.aws.region,
        // Our sharing identifier: this metastore's global id.
        creator: { alias: room.localAlias, globalMetastoreId: `aws:${stack.config.aws.region}:${ctx.unityCatalog.metastoreId}` },
        collaborators: room.collaborators.map((c) => ({
          alias: c.alias,
          globalMetastoreId: c.globalMetastoreId,
          inviteEmail: c.inviteEmail,
          inviteWorkspaceId: c.inviteWorkspaceId,
        })),
        owner: ctx.principals.group(room.owner).name,
        comment: room.comment,
        egress: { restrictionMode: "RESTRICTED_ACCESS", allowedDomains: room.allowedDomains },
        // Deleting a clean room ends it for every collaborator (it stays DELETED in their metastores).
        protect: stack.config.dataProtection,
      });
      for (const table of room.tables) cleanRoom.addTable(`Table-${table}`, Token.asString(Fn.lookup(ctx.ingestion.goldTables, table)));
      for (const notebook of room.notebooks) {
        const base = notebook.file.replace(/\.py$/, "");
        const exported = uploaded.get(notebook.file) ?? uploadNotebook(ctx, folder as SourceFolder, notebook.file, base);
        uploaded.set(notebook.file, exported);
        cleanRoom.addNotebook(`Notebook-${base}`, base, exported.content, notebook.runners, [exported]);
      }
      return [room.name, cleanRoom];
    }),
  );
}

/**
 * Uploads a notebook from the repository (content read at synth: an edit shows in the plan) and reads it back as the
 * HTML export the Clean Rooms API takes: the data source's `content` is the export API's base64 `content` field as is
 * (provider 1.99.0 workspace/resource_notebook.go, `Export`). The read depends on the upload, so Terraform defers it
 * to apply whenever the upload changes.
 */
function uploadNotebook(ctx: CollaborationContext, folder: SourceFolder, file: string, base: string): DataDatabricksNotebook {
  const notebook = new Notebook(ctx.stack, `CleanRoomNotebook-${base}`, {
    provider: ctx.workspaceProvider,
    path: `${folder.path}/${base}`,
    language: "PYTHON",
    contentBase64: readFileSync(join(CLEAN_ROOM_NOTEBOOKS_DIR, file)).toString("base64"),
    dependsOn: [folder.directory],
  });
  return new DataDatabricksNotebook(ctx.stack, `CleanRoomNotebookHtml-${base}`, {
    provider: ctx.workspaceProvider,
    path: notebook.path,
    format: "HTML",
    dependsOn: [notebook],
  });
}
