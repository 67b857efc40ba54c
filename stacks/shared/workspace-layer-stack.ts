/**
 * The base of the layers built on the workspace and its catalogs (ingestion, serving, collaboration): each
 * reads the workspace layer's contract from its remote state, talks to the workspace through a workspace-level
 * provider, and names principals by their config key. (The Unity Catalog layer does the same itself, after creating
 * its account-level provider, which comes first in its synthesized providers.)
 */
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import type { Construct } from "constructs";
import { WorkspaceOutputs } from "../workspace/outputs";
import { backendOf, type Layer } from "./backend";
import { LayerStack, type LayerStackProps } from "./layer-stack";
import { PrincipalDirectory } from "./principal-directory";
import { databricksWorkspaceProvider } from "./providers";

/** A layer deployed into the environment's workspace, after the workspace layer. */
export abstract class WorkspaceLayerStack extends LayerStack {
  /** The workspace layer's outputs, read from its state. */
  public readonly workspace: WorkspaceOutputs;
  /** The workspace-level Databricks provider (host: the workspace URL from the workspace layer). */
  public readonly workspaceProvider: DatabricksProvider;
  /** Groups and service principals by config key, as grants and permissions name them. */
  public readonly principals: PrincipalDirectory;

  protected constructor(scope: Construct, layer: Layer, props: LayerStackProps) {
    super(scope, layer, props);
    this.workspace = WorkspaceOutputs.fromRemoteState(this, "workspace", backendOf(this.config, "workspace"));
    this.workspaceProvider = databricksWorkspaceProvider(this, this.workspace.workspaceUrl);
    this.principals = new PrincipalDirectory(this, {
      config: this.config,
      servicePrincipalApplicationIds: this.workspace.servicePrincipalApplicationIds,
    });
  }
}
