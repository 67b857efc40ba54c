/**
 * What every concern of the unity-catalog layer works with: the stack (scope, config, naming), its providers, the
 * lower layers' contracts, the principal directory, and what workspace-level resources wait for.
 */
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import type { ITerraformDependable } from "cdktf";
import type { UnityCatalogConfig } from "../../environments/schema/unity-catalog";
import type { NetworkStorageOutputs } from "../network-storage/outputs";
import type { LayerStack } from "../shared/layer-stack";
import type { PrincipalDirectory } from "../shared/principal-directory";
import type { WorkspaceOutputs } from "../workspace/outputs";

/** The unity-catalog layer's shared inputs, built once by the stack and passed to each concern. */
export interface UnityCatalogContext {
  readonly stack: LayerStack;
  readonly uc: UnityCatalogConfig;
  /** The account-level provider (metastore, its assignment, workspace permission assignments). */
  readonly accountProvider: DatabricksProvider;
  /** The workspace-level provider (everything else). */
  readonly workspaceProvider: DatabricksProvider;
  readonly storage: NetworkStorageOutputs;
  readonly workspace: WorkspaceOutputs;
  /** The workspace id as a number (the workspace layer publishes it as a string). */
  readonly workspaceId: number;
  readonly principals: PrincipalDirectory;
  /** The owner of every securable the layer creates: `unityCatalog.grants.owner`, resolved. */
  readonly owner: string;
}

/**
 * What workspace-level resources wait for: the metastore (and the settle wait after its assignment) and the
 * principals' workspace access, because the principal that deploys this layer (the deployer) is itself assigned here.
 */
export type Ready = readonly ITerraformDependable[];
