/**
 * Where a layer uploads the code its jobs, pipelines and apps run. Not /Shared, where every workspace user may edit
 * (and so change code that runs as the orchestrator): a folder in the deployer's home, which only the deployer and
 * workspace admins may change, readable by the principals the code runs as and by the viewers.
 */
import { Directory } from "@cdktf/provider-databricks/lib/directory";
import { Permissions } from "@cdktf/provider-databricks/lib/permissions";
import { Fn, Token } from "cdktf";
import { accessControlOf } from "../../modules/databricks/permission-access";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import type { Principal } from "../../modules/databricks/principal";
import type { LayerStack } from "./layer-stack";

/** The deployer's key in `workspace.servicePrincipals` (a required principal). */
const DEPLOYER = "deployer";

/** The folder, created with its read access; uploads go under it. */
export interface SourceFolder {
  readonly path: string;
  readonly directory: Directory;
}

/** Props of {@link createSourceFolder}. */
export interface SourceFolderProps {
  readonly provider: DatabricksProvider;
  /** Service principal application ids by config key: the workspace layer's contract. */
  readonly servicePrincipalApplicationIds: Record<string, string>;
  /** Who may read the code: the principals it runs as, and the viewers. */
  readonly readers: readonly Principal[];
}

/** `/Users/<deployer application id>/<prefix>-<stage>-<layer>`, readable by `readers`. */
export function createSourceFolder(stack: LayerStack, props: SourceFolderProps): SourceFolder {
  const deployer = Token.asString(Fn.lookup(props.servicePrincipalApplicationIds, DEPLOYER));
  const path = `/Users/${deployer}/${stack.naming.name(stack.layer)}`;
  const directory = new Directory(stack, "SourceFolder", { provider: props.provider, path, deleteRecursive: false });
  new Permissions(stack, "SourceFolderPermissions", {
    provider: props.provider,
    directoryPath: directory.path,
    accessControl: props.readers.map((reader) => accessControlOf(reader, "CAN_READ")),
  });
  return { path, directory };
}
