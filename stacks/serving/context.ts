/**
 * What every concern of the serving layer works with: the stack (scope, config, naming), the workspace-level
 * provider, the lower layers' contracts and the principal directory.
 */
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import type { ServingConfig } from "../../environments/schema/serving";
import type { IngestionOutputs } from "../ingestion/outputs";
import type { NetworkStorageOutputs } from "../network-storage/outputs";
import type { LayerStack } from "../shared/layer-stack";
import type { PrincipalDirectory } from "../shared/principal-directory";
import type { UnityCatalogOutputs } from "../unity-catalog/outputs";
import type { WorkspaceOutputs } from "../workspace/outputs";

/** The serving layer's shared inputs, built once by the stack and passed to each concern. */
export interface ServingContext {
  readonly stack: LayerStack;
  readonly serving: ServingConfig;
  readonly workspaceProvider: DatabricksProvider;
  readonly storage: NetworkStorageOutputs;
  readonly workspace: WorkspaceOutputs;
  readonly unityCatalog: UnityCatalogOutputs;
  readonly ingestion: IngestionOutputs;
  readonly principals: PrincipalDirectory;
  /** The workspace id as a number. */
  readonly workspaceId: number;
  /** Owner of what this layer creates in Unity Catalog: `unityCatalog.grants.owner`, resolved. */
  readonly owner: string;
}
