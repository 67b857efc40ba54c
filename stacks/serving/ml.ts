/**
 * The ML concern: MLflow experiments in a folder of their own, models registered in the default catalog's ml schema,
 * and the cluster policy data scientists use for ML runtimes (GPU instance types where config asks). Data scientists
 * edit experiments and use models and the policy; the platform admins own the models.
 */
import { commonTags } from "../../environments/tags";
import { MlWorkspace } from "../../modules/databricks/serving/ml-workspace";
import type { ServingContext } from "./context";

export function createMl(ctx: ServingContext): MlWorkspace | undefined {
  const { stack, serving, principals } = ctx;
  const { experiments, registeredModels, gpu } = serving.ml;
  if (experiments.length === 0 && registeredModels.length === 0) return undefined;
  const owner = stack.config.unityCatalog.grants.owner;
  return new MlWorkspace(stack, "Ml", {
    provider: ctx.workspaceProvider,
    experimentFolder: `/Shared/${stack.naming.name("ml")}`,
    experiments: experiments.map((e) => stack.naming.name(e)),
    catalogName: ctx.unityCatalog.catalogName,
    schemaName: "ml",
    models: registeredModels.map((name) => ({ name })),
    modelOwner: principals.group(owner),
    dataScientists: serving.endpointUsers.map((g) => principals.group(g)),
    experimentManagers: [principals.group(owner)],
    clusterPolicyName: stack.naming.name("ml-clusters"),
    tags: commonTags(stack.config),
    gpu,
    protect: stack.config.dataProtection,
  });
}
