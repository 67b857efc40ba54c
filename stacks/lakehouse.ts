/**
 * The composition of the lakehouse: for each environment, one stack per layer, in dependency order, each reading
 * the layers below it through their typed contracts.
 */
import type { App } from "cdktf";
import type { EnvironmentConfig } from "../environments";
import { applyGuardrails } from "../modules/policy";
import { collaborationGrantRequests } from "./collaboration/grant-requests";
import { CollaborationStack } from "./collaboration/collaboration-stack";
import { orderSharedMetastores } from "./shared-metastore-order";
import { guardrailSettingsFor } from "./shared/guardrail-settings";
import { ingestionGrantRequests } from "./ingestion/grant-requests";
import { IngestionStack } from "./ingestion/ingestion-stack";
import { NetworkStorageStack } from "./network-storage/network-storage-stack";
import { servingGrantRequests } from "./serving/grant-requests";
import { ServingStack } from "./serving/serving-stack";
import { unityCatalogGrantRequests, type GrantRequest } from "./unity-catalog/grant-requests";
import { UnityCatalogStack } from "./unity-catalog/unity-catalog-stack";
import { WorkspaceStack } from "./workspace/workspace-stack";

/** The stacks of one environment, one per layer. */
export interface EnvironmentStacks {
  readonly config: EnvironmentConfig;
  readonly networkStorage: NetworkStorageStack;
  readonly workspace: WorkspaceStack;
  readonly unityCatalog: UnityCatalogStack;
  readonly ingestion: IngestionStack;
  readonly serving: ServingStack;
  readonly collaboration: CollaborationStack;
}

/** Builds every layer stack of every environment in `app`, each under the guardrails its environment asks for. */
export function buildLakehouse(app: App, configs: readonly EnvironmentConfig[]): EnvironmentStacks[] {
  const environments = configs.map((config) => buildEnvironment(app, config));
  orderSharedMetastores(environments);
  return environments;
}

function buildEnvironment(app: App, config: EnvironmentConfig): EnvironmentStacks {
  const networkStorage = new NetworkStorageStack(app, { config });
  const workspace = new WorkspaceStack(app, { config });
  workspace.addDependency(networkStorage);
  const unityCatalog = new UnityCatalogStack(app, { config, grantRequests: grantRequestsOf(config) });
  unityCatalog.addDependency(networkStorage);
  unityCatalog.addDependency(workspace);
  const ingestion = new IngestionStack(app, { config });
  for (const below of [networkStorage, workspace, unityCatalog]) ingestion.addDependency(below);
  const serving = new ServingStack(app, { config });
  for (const below of [networkStorage, workspace, unityCatalog, ingestion]) serving.addDependency(below);
  const collaboration = new CollaborationStack(app, { config });
  // It reads the workspace, unity-catalog and ingestion contracts; serving registers the models it may share.
  for (const below of [workspace, unityCatalog, ingestion, serving]) collaboration.addDependency(below);
  const settings = guardrailSettingsFor(config);
  for (const stack of [networkStorage, workspace, unityCatalog, ingestion, serving, collaboration]) applyGuardrails(stack, settings);
  return { config, networkStorage, workspace, unityCatalog, ingestion, serving, collaboration };
}

/**
 * The grant plan: what every layer asks for on the unity-catalog layer's securables, rendered there into one
 * authoritative grants resource per securable (docs/decisions/0005-one-grant-plan.md). A new layer adds its
 * requests here.
 */
function grantRequestsOf(config: EnvironmentConfig): GrantRequest[] {
  return [
    ...unityCatalogGrantRequests(config),
    ...ingestionGrantRequests(config),
    ...servingGrantRequests(config),
    ...collaborationGrantRequests(config),
  ];
}
