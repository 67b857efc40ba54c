/**
 * What every concern of the collaboration layer works with: the stack (scope, config, naming), the Databricks
 * providers, the REST provider for the APIs the databricks provider lacks, the lower layers' contracts and the
 * principal directory.
 */
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import type { CollaborationConfig } from "../../environments/schema/collaboration";
import type { DatabricksWorkspaceRestApi } from "../../modules/rest/databricks-workspace-rest-api";
import type { IngestionOutputs } from "../ingestion/outputs";
import type { LayerStack } from "../shared/layer-stack";
import type { PrincipalDirectory } from "../shared/principal-directory";
import type { UnityCatalogOutputs } from "../unity-catalog/outputs";
import type { WorkspaceOutputs } from "../workspace/outputs";

/** The collaboration layer's shared inputs, built once by the stack and passed to each concern. */
export interface CollaborationContext {
  readonly stack: LayerStack;
  readonly collaboration: CollaborationConfig;
  readonly workspaceProvider: DatabricksProvider;
  /** The account-level provider, made on first use (the Marketplace admin role), so a stack without it has none. */
  readonly accountProvider: () => DatabricksProvider;
  /**
   * The REST provider for the workspace (Clean Rooms, Marketplace), OAuth M2M, made on first use: a stack without
   * REST objects declares no provider and needs no client credentials at deploy.
   */
  readonly restApi: () => DatabricksWorkspaceRestApi;
  readonly workspace: WorkspaceOutputs;
  readonly unityCatalog: UnityCatalogOutputs;
  readonly ingestion: IngestionOutputs;
  readonly principals: PrincipalDirectory;
  /** Owner of what this layer creates in Unity Catalog: `unityCatalog.grants.owner`, resolved. */
  readonly owner: string;
}
