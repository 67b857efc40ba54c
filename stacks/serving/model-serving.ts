/**
 * The model-serving concern: Model Serving endpoints behind AI Gateway. Bedrock models are reached with an instance
 * profile whose role may invoke only the configured models; other providers' API keys are secret references into a
 * scope whose values are set outside Terraform; custom models come from the default catalog's ml schema. Every
 * endpoint tracks usage, logs to inference tables in the ml schema and enforces the configured rate limits and
 * guardrails.
 */
import type { ITerraformDependable } from "cdktf";
import type { ServingConfig } from "../../environments/schema/serving";
import { BedrockAccess } from "../../modules/databricks/serving/bedrock-access";
import { ExternalModelSecrets } from "../../modules/databricks/serving/external-model-secrets";
import { ModelServingEndpoint, type ServedEntity } from "../../modules/databricks/serving/model-serving-endpoint";
import type { MlWorkspace } from "../../modules/databricks/serving/ml-workspace";
import type { Principal } from "../../modules/databricks/principal";
import { bedrockRoleName } from "../shared/names";
import type { ServingContext } from "./context";

/** What an endpoint's AI Gateway is configured with: rate limits for every endpoint, guardrails for external models. */
type EndpointSpec = Pick<ServingConfig["endpoints"][number], "rateLimits"> & Partial<Pick<ServingConfig["endpoints"][number], "guardrails">>;

/**
 * Endpoints by config key (external-model and custom-model endpoints). A custom-model endpoint depends on the
 * registered model of `ml` it serves, so a model and its endpoint added in one change are created in that order.
 */
export function createEndpoints(
  ctx: ServingContext,
  extraQueriers: (key: string) => readonly Principal[],
  ml: MlWorkspace | undefined,
): Readonly<Record<string, ModelServingEndpoint>> {
  const { serving } = ctx;
  const bedrock = createBedrockAccess(ctx);
  const secrets = createSecrets(ctx);
  const endpoints: Record<string, ModelServingEndpoint> = {};
  for (const spec of serving.endpoints) {
    const entities = spec.models.map((model, i): ServedEntity => {
      const name = `${model.provider.replace(/[^a-z]/g, "")}-${i + 1}`;
      if (model.provider === "amazon-bedrock")
        return {
          kind: "amazon-bedrock",
          name,
          modelId: model.model,
          bedrockProvider: model.bedrockProvider,
          access: bedrock as BedrockAccess,
          task: spec.task,
        };
      return {
        kind: model.provider,
        name,
        model: model.model,
        apiKeySecret: (secrets as ExternalModelSecrets).reference(model.secretKey),
        task: spec.task,
      };
    });
    endpoints[spec.name] = endpoint(ctx, spec.name, entities, extraQueriers(spec.name), spec);
  }
  for (const spec of serving.customModels) {
    const entityName = `${ctx.unityCatalog.catalogName}.ml.${spec.registeredModel}`;
    const entity: ServedEntity = {
      kind: "custom",
      name: spec.registeredModel,
      entityName,
      entityVersion: spec.version,
      workloadSize: spec.workloadSize,
      scaleToZero: spec.scaleToZero,
    };
    const model = ml?.models[spec.registeredModel];
    endpoints[spec.name] = endpoint(ctx, spec.name, [entity], extraQueriers(spec.name), spec, model ? [model] : []);
  }
  return endpoints;
}

function endpoint(
  ctx: ServingContext,
  key: string,
  entities: ServedEntity[],
  extraQueriers: readonly Principal[],
  spec?: EndpointSpec,
  dependsOn: readonly ITerraformDependable[] = [],
): ModelServingEndpoint {
  const { stack, serving, principals } = ctx;
  const pii = spec?.guardrails?.pii ?? "NONE";
  return new ModelServingEndpoint(stack, `Endpoint-${key}`, {
    provider: ctx.workspaceProvider,
    name: stack.naming.name(key),
    servedEntities: entities,
    inferenceTableCatalog: ctx.unityCatalog.catalogName,
    inferenceTableSchema: "ml",
    inferenceTablePrefix: stack.naming.unityCatalog(key),
    ...(spec ? { callsPerUserPerMinute: spec.rateLimits.perUserPerMinute, callsPerEndpointPerMinute: spec.rateLimits.perEndpointPerMinute } : {}),
    ...(pii !== "NONE" ? { inputPii: pii, outputPii: pii } : {}),
    ...(spec?.guardrails?.safety ? { safetyFilter: true } : {}),
    tags: { layer: "serving", endpoint: key },
    queriers: [...serving.endpointUsers.map((g) => principals.group(g)), ...extraQueriers],
    managers: [principals.group(stack.config.unityCatalog.grants.owner)],
    dependsOn,
  });
}

/** The Bedrock instance profile, when an endpoint serves a Bedrock model. */
function createBedrockAccess(ctx: ServingContext): BedrockAccess | undefined {
  const modelIds = [...new Set(ctx.serving.endpoints.flatMap((e) => e.models.flatMap((m) => (m.provider === "amazon-bedrock" ? [m.model] : []))))];
  if (modelIds.length === 0) return undefined;
  const { config } = ctx.stack;
  return new BedrockAccess(ctx.stack, "BedrockAccess", {
    provider: ctx.workspaceProvider,
    roleName: bedrockRoleName(ctx.stack.naming),
    awsAccountId: config.aws.accountId,
    region: config.aws.region,
    modelIds,
    workspaceIds: [ctx.workspace.workspaceId],
    description: "Model Serving: invokes the configured Bedrock models only",
  });
}

/** The external models' API key scope, when an endpoint serves a keyed provider. */
function createSecrets(ctx: ServingContext): ExternalModelSecrets | undefined {
  const keys = [...new Set(ctx.serving.endpoints.flatMap((e) => e.models.flatMap((m) => (m.provider === "amazon-bedrock" ? [] : [m.secretKey]))))];
  if (keys.length === 0) return undefined;
  return new ExternalModelSecrets(ctx.stack, "ExternalModelSecrets", {
    provider: ctx.workspaceProvider,
    scopeName: ctx.stack.naming.name("external-models"),
    keys,
  });
}

/** `https://<workspace>/serving-endpoints/<name>/invocations`. */
export function invocationUrl(ctx: ServingContext, endpoint: ModelServingEndpoint): string {
  return `${ctx.workspace.workspaceUrl}${endpoint.invocationPath}`;
}
