/**
 * The source-folder concern: where the pipeline and task code is uploaded. Not /Shared, where every workspace user
 * may edit (and so change code that runs as the orchestrator): a folder in the deployer's home, which only the
 * deployer and workspace admins may change, readable by the principal the code runs as and by the viewers.
 */
import { Directory } from "@cdktf/provider-databricks/lib/directory";
import { Permissions } from "@cdktf/provider-databricks/lib/permissions";
import { Fn, Token } from "cdktf";
import { accessControlOf } from "../../modules/databricks/permission-access";
import type { IngestionContext } from "./context";

/** The deployer's key in `workspace.servicePrincipals` (a required principal). */
const DEPLOYER = "deployer";

/** The folder, created with its read access; uploads go under it. */
export interface SourceFolder {
  readonly path: string;
  readonly directory: Directory;
}

export function createSourceFolder(ctx: IngestionContext): SourceFolder {
  const { stack, principals, ingestion } = ctx;
  const deployer = Token.asString(Fn.lookup(ctx.workspace.servicePrincipalApplicationIds, DEPLOYER));
  const path = `/Users/${deployer}/${stack.naming.name("ingestion")}`;
  const directory = new Directory(stack, "SourceFolder", { provider: ctx.workspaceProvider, path, deleteRecursive: false });
  new Permissions(stack, "SourceFolderPermissions", {
    provider: ctx.workspaceProvider,
    directoryPath: directory.path,
    accessControl: [
      accessControlOf(principals.servicePrincipal(ingestion.runAs), "CAN_READ"),
      ...ingestion.viewers.map((group) => accessControlOf(principals.group(group), "CAN_READ")),
    ],
  });
  return { path, directory };
}
