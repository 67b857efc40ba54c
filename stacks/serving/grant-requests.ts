/**
 * What the serving layer asks of the unity-catalog layer's securables (docs/decisions/0005-one-grant-plan.md): those
 * who use the warehouses (and QuickSight's principal) read gold; the data scientists register models in ml.
 */
import type { EnvironmentConfig } from "../../environments";
import type { GrantRequest } from "../shared/grant-request";

export function servingGrantRequests(config: EnvironmentConfig): GrantRequest[] {
  const { serving } = config;
  const requestedBy = "serving";
  const goldReaders =
    serving.warehouses.length > 0 ? [...serving.warehouseUsers, ...(serving.quicksight ? [serving.quicksight.servicePrincipal] : [])] : [];
  const modelBuilders = serving.ml.registeredModels.length + serving.ml.experiments.length > 0 ? serving.endpointUsers : [];
  return [
    ...goldReaders.map((principal): GrantRequest => ({ target: "gold", access: "read", principal, requestedBy })),
    ...modelBuilders.map((principal): GrantRequest => ({ target: "ml", access: "create-models", principal, requestedBy })),
  ];
}
