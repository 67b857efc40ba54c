/** What every concern of the workspace layer works with: the stack (scope, config, naming), its provider and the network-storage contract. */
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import type { NetworkStorageOutputs } from "../network-storage/outputs";
import type { LayerStack } from "../shared/layer-stack";

/** The workspace layer's shared inputs, built once by the stack and passed to each concern. */
export interface WorkspaceContext {
  readonly stack: LayerStack;
  /** The account-level Databricks provider: everything this layer creates in Databricks is account level. */
  readonly accountProvider: DatabricksProvider;
  readonly networkStorage: NetworkStorageOutputs;
  readonly databricksAccountId: string;
}
