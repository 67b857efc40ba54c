/**
 * A Mosaic AI Model Serving endpoint (`databricks_model_serving`) behind Mosaic AI Gateway: external models (Amazon
 * Bedrock through an instance profile, OpenAI and Anthropic through secret references) or Unity Catalog models, with
 * usage tracking, inference tables, rate limits, guardrails and fallbacks, and who may query it.
 */
import {
  ModelServing,
  type ModelServingAiGateway,
  type ModelServingAiGatewayRateLimits,
  type ModelServingConfigServedEntities,
  type ModelServingConfigServedEntitiesExternalModel,
} from "@cdktf/provider-databricks/lib/model-serving";
import type { Permissions } from "@cdktf/provider-databricks/lib/permissions";
import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { throwIfInvalidArguments, throwIfInvalidProps } from "../../core/validation";
import { ObjectPermissions } from "../object-permissions";
import { levelGrantProblems, principalListProblems } from "../permission-access";
import { ucNameProblem } from "../pipelines/pipeline-settings";
import type { Principal } from "../principal";
import type { BedrockAccess } from "./bedrock-access";

/** The tasks an external model serves (`external_model.task`). */
export const EXTERNAL_MODEL_TASKS = ["llm/v1/chat", "llm/v1/completions", "llm/v1/embeddings"] as const;

/** One external model task. */
export type ExternalModelTask = (typeof EXTERNAL_MODEL_TASKS)[number];

/** The model families behind Amazon Bedrock (`amazon_bedrock_config.bedrock_provider`, provider v1.99 docs). */
export const BEDROCK_PROVIDERS = ["anthropic", "cohere", "ai21labs", "amazon"] as const;

/** One Bedrock model family. */
export type BedrockProvider = (typeof BEDROCK_PROVIDERS)[number];

/** Custom model workload sizes (`workload_size`): Small 4, Medium 8-16, Large 16-64 concurrent requests. */
export const WORKLOAD_SIZES = ["Small", "Medium", "Large"] as const;

/** One workload size. */
export type WorkloadSize = (typeof WORKLOAD_SIZES)[number];

/**
 * What the PII guardrail does with personal data it finds: BLOCK refuses the request or response, MASK replaces it.
 * @see https://docs.databricks.com/aws/en/ai-gateway/#ai-guardrails
 */
export const PII_BEHAVIORS = ["BLOCK", "MASK"] as const;

/** One PII guardrail behavior. */
export type PiiBehavior = (typeof PII_BEHAVIORS)[number];

/**
 * The permission levels of a serving endpoint, lowest first (provider v1.99 docs/resources/permissions.md, "Model
 * serving usage").
 */
export const SERVING_PERMISSION_LEVELS = ["CAN_VIEW", "CAN_QUERY", "CAN_MANAGE"] as const;

/** One permission level on a serving endpoint. */
export type ServingPermissionLevel = (typeof SERVING_PERMISSION_LEVELS)[number];

/** What every served entity has. */
interface ServedEntityBase {
  /** The served entity's name, unique in the endpoint (letters, digits, `-`, `_`). */
  readonly name: string;
  /**
   * Share of traffic (0 to 100). The shares of an endpoint's entities must add up to 100.
   * @default - 100 for the first entity, 0 for the others (they serve as fallbacks or wait for promotion)
   */
  readonly trafficPercentage?: number;
}

/** A model on Amazon Bedrock, called with the instance profile of a {@link BedrockAccess}. */
export interface BedrockModel extends ServedEntityBase {
  readonly kind: "amazon-bedrock";
  /** The Bedrock model id or cross-region inference profile id; the access role must be allowed to invoke it. */
  readonly modelId: string;
  /** The model family behind Bedrock. */
  readonly bedrockProvider: BedrockProvider;
  /** The role and registered instance profile that may invoke the model; its region is the one called. */
  readonly access: BedrockAccess;
  /**
   * @default "llm/v1/chat"
   */
  readonly task?: ExternalModelTask;
}

/** A model of a provider called with an API key (OpenAI, Anthropic) held in a Databricks secret. */
export interface ApiKeyModel extends ServedEntityBase {
  readonly kind: "openai" | "anthropic";
  /** The provider's model name, e.g. `gpt-4o-mini` or `claude-3-5-sonnet-20241022`. */
  readonly model: string;
  /** The key as a secret reference, `{{secrets/<scope>/<key>}}` (see ExternalModelSecrets.reference); never the key. */
  readonly apiKeySecret: string;
  /**
   * OpenAI only: the API base URL (Azure OpenAI and compatible services).
   * @default - the provider's public API
   */
  readonly apiBase?: string;
  /**
   * @default "llm/v1/chat"
   */
  readonly task?: ExternalModelTask;
}

/** A Unity Catalog registered model version served on Databricks compute. */
export interface CustomModel extends ServedEntityBase {
  readonly kind: "custom";
  /** The registered model's full name, `<catalog>.<schema>.<model>`. */
  readonly entityName: string;
  /** The model version to serve. */
  readonly entityVersion: string;
  /**
   * @default "Small"
   */
  readonly workloadSize?: WorkloadSize;
  /**
   * Scales to zero when idle (cold starts; not for latency-sensitive production traffic).
   * @default true
   */
  readonly scaleToZero?: boolean;
  /**
   * Compute type, e.g. `CPU`, `GPU_SMALL`, `GPU_MEDIUM`.
   * @default "CPU"
   */
  readonly workloadType?: string;
}

/** One entity an endpoint serves. */
export type ServedEntity = BedrockModel | ApiKeyModel | CustomModel;

/** Properties of {@link ModelServingEndpoint}. */
export interface ModelServingEndpointProps {
  /** The workspace-level Databricks provider. */
  readonly provider: TerraformProvider;
  /** Endpoint name, unique in the workspace (letters, digits, `-`, `_`; at most 63). Changing it replaces the endpoint. */
  readonly name: string;
  /** What the endpoint serves: external models, or Unity Catalog models (not both). */
  readonly servedEntities: readonly ServedEntity[];
  /** Catalog of the AI Gateway inference tables (request and response payloads). */
  readonly inferenceTableCatalog: string;
  /** Schema of the AI Gateway inference tables. */
  readonly inferenceTableSchema: string;
  /**
   * Prefix of the inference table names (cannot change once set).
   * @default - the endpoint name with `-` replaced by `_`
   */
  readonly inferenceTablePrefix?: string;
  /**
   * Calls each user may make per minute (AI Gateway rate limit, key `user`).
   * @default - no per-user limit
   */
  readonly callsPerUserPerMinute?: number;
  /**
   * Calls the whole endpoint accepts per minute (AI Gateway rate limit, key `endpoint`).
   * @default - no endpoint limit
   */
  readonly callsPerEndpointPerMinute?: number;
  /**
   * What the input guardrail does with personal data (external models only).
   * @default - no input PII filter
   */
  readonly inputPii?: PiiBehavior;
  /**
   * What the output guardrail does with personal data (external models only).
   * @default - no output PII filter
   */
  readonly outputPii?: PiiBehavior;
  /**
   * Turns on the safety filter on requests (external models only).
   * @default false
   */
  readonly safetyFilter?: boolean;
  /**
   * Retries a failed request on the next external model (AI Gateway fallbacks). Needs two or more external models.
   * @default - true with two or more external models, otherwise off
   */
  readonly fallback?: boolean;
  /**
   * Tags on the endpoint, carried into billing logs.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Principals that may query the endpoint (CAN_QUERY): users, groups, apps' service principals.
   * @default - none
   */
  readonly queriers?: readonly Principal[];
  /**
   * Principals that may change and delete the endpoint (CAN_MANAGE).
   * @default - none (workspace admins and the creator hold CAN_MANAGE)
   */
  readonly managers?: readonly Principal[];
  /**
   * What must exist before the endpoint is created, e.g. the `databricks_registered_model` a custom model is served
   * from when both are added in one change.
   * @default - none
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * A serving endpoint with Mosaic AI Gateway always on: usage tracking, inference tables in the given catalog and
 * schema, rate limits from props, PII and safety guardrails where asked, and fallbacks between external models.
 *
 * API keys are only ever secret references in the non-plaintext fields (`openai_api_key`, `anthropic_api_key`); the
 * `*_plaintext` fields are never written, and Bedrock is called with an instance profile, never access keys.
 * `databricks_permissions` is authoritative: this construct owns the one resource on the endpoint.
 *
 * @see https://docs.databricks.com/aws/en/ai-gateway/
 * @see https://docs.databricks.com/aws/en/generative-ai/external-models/
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/model_serving
 * @example
 * const chat = new ModelServingEndpoint(this, "ChatEndpoint", {
 *   provider: workspace, name: "acme-prod-chat",
 *   servedEntities: [{ kind: "amazon-bedrock", name: "claude", modelId: "anthropic.claude-3-5-sonnet-20240620-v1:0",
 *     bedrockProvider: "anthropic", access: bedrock }],
 *   inferenceTableCatalog: "acme_prod", inferenceTableSchema: "ml",
 *   callsPerUserPerMinute: 20, callsPerEndpointPerMinute: 200, inputPii: "BLOCK",
 *   queriers: [servicePrincipal(appApplicationId)],
 * });
 */
export class ModelServingEndpoint extends Construct {
  /** The `databricks_model_serving` resource. */
  public readonly endpoint: ModelServing;
  /** The endpoint name (a reference, so users wait for the endpoint). */
  public readonly endpointName: string;
  /** The endpoint's `serving_endpoint_id` (what permissions and app resources name). */
  public readonly endpointId: string;
  /** The invocation path under the workspace host: `/serving-endpoints/<name>/invocations`. */
  public readonly invocationPath: string;
  /** Whether AI Gateway fallbacks are on. */
  public readonly fallbackEnabled: boolean;
  private readonly access: ObjectPermissions<ServingPermissionLevel>;

  constructor(scope: Construct, id: string, props: ModelServingEndpointProps) {
    super(scope, id);
    throwIfInvalidProps(this, endpointProblems(props));
    const externalCount = props.servedEntities.filter((e) => e.kind !== "custom").length;
    this.fallbackEnabled = props.fallback ?? externalCount >= 2;
    const tags = Object.entries(props.tags ?? {});
    this.endpoint = new ModelServing(this, "Endpoint", {
      provider: props.provider,
      name: props.name,
      config: {
        servedEntities: props.servedEntities.map(servedEntityOf),
        trafficConfig: {
          routes: props.servedEntities.map((entity, i) => ({ servedEntityName: entity.name, trafficPercentage: trafficOf(entity, i) })),
        },
      },
      aiGateway: aiGatewayOf(props, this.fallbackEnabled),
      ...(tags.length > 0 ? { tags: tags.map(([key, value]) => ({ key, value })) } : {}),
      ...(props.dependsOn && props.dependsOn.length > 0 ? { dependsOn: [...props.dependsOn] } : {}),
    });
    this.endpointName = this.endpoint.name;
    this.endpointId = this.endpoint.servingEndpointId;
    this.invocationPath = `/serving-endpoints/${this.endpoint.name}/invocations`;
    this.access = new ObjectPermissions(this, "Permissions", {
      provider: props.provider,
      object: { servingEndpointId: this.endpoint.servingEndpointId },
      ranking: SERVING_PERMISSION_LEVELS,
    });
    for (const principal of props.queriers ?? []) this.grant(principal, "CAN_QUERY");
    for (const principal of props.managers ?? []) this.grant(principal, "CAN_MANAGE");
  }

  /** `https://<host>/serving-endpoints/<name>/invocations` for a workspace host (with or without `https://`). */
  public invocationUrl(host: string): string {
    const base = host.startsWith("https://") ? host : `https://${host}`;
    return `${base.replace(/\/+$/, "")}${this.invocationPath}`;
  }

  /** Grants `level` to `principal` (a principal already holding a higher level keeps it); returns the permissions resource. */
  public grant(principal: Principal, level: ServingPermissionLevel): Permissions {
    throwIfInvalidArguments(this, levelGrantProblems(principal, level, SERVING_PERMISSION_LEVELS, "serving endpoint"));
    return this.access.grant(principal, level);
  }

  /** Lets `principal` query the endpoint (CAN_QUERY). */
  public grantQuery(principal: Principal): Permissions {
    return this.grant(principal, "CAN_QUERY");
  }

  /** The level `principal` holds here, or undefined. */
  public levelOf(principal: Principal): ServingPermissionLevel | undefined {
    return this.access.levelOf(principal);
  }

  /** The `databricks_permissions` resource, once something is granted. */
  public get permissions(): Permissions | undefined {
    return this.access.resource;
  }
}

function trafficOf(entity: ServedEntity, index: number): number {
  return entity.trafficPercentage ?? (index === 0 ? 100 : 0);
}

function servedEntityOf(entity: ServedEntity): ModelServingConfigServedEntities {
  if (entity.kind === "custom") {
    return {
      name: entity.name,
      entityName: entity.entityName,
      entityVersion: entity.entityVersion,
      workloadSize: entity.workloadSize ?? "Small",
      workloadType: entity.workloadType ?? "CPU",
      scaleToZeroEnabled: entity.scaleToZero ?? true,
    };
  }
  return { name: entity.name, externalModel: externalModelOf(entity) };
}

function externalModelOf(entity: BedrockModel | ApiKeyModel): ModelServingConfigServedEntitiesExternalModel {
  const task = entity.task ?? "llm/v1/chat";
  switch (entity.kind) {
    case "amazon-bedrock":
      return {
        name: entity.modelId,
        provider: "amazon-bedrock",
        task,
        amazonBedrockConfig: {
          awsRegion: entity.access.region,
          bedrockProvider: entity.bedrockProvider,
          instanceProfileArn: entity.access.instanceProfileArn,
        },
      };
    case "openai":
      return {
        name: entity.model,
        provider: "openai",
        task,
        openaiConfig: { openaiApiKey: entity.apiKeySecret, ...(entity.apiBase ? { openaiApiBase: entity.apiBase } : {}) },
      };
    case "anthropic":
      return { name: entity.model, provider: "anthropic", task, anthropicConfig: { anthropicApiKey: entity.apiKeySecret } };
  }
}

function aiGatewayOf(props: ModelServingEndpointProps, fallback: boolean): ModelServingAiGateway {
  const rateLimits: ModelServingAiGatewayRateLimits[] = [];
  if (props.callsPerUserPerMinute !== undefined) rateLimits.push({ key: "user", calls: props.callsPerUserPerMinute, renewalPeriod: "minute" });
  if (props.callsPerEndpointPerMinute !== undefined) {
    rateLimits.push({ key: "endpoint", calls: props.callsPerEndpointPerMinute, renewalPeriod: "minute" });
  }
  const guarded = props.inputPii !== undefined || props.outputPii !== undefined || props.safetyFilter === true;
  return {
    usageTrackingConfig: { enabled: true },
    inferenceTableConfig: {
      enabled: true,
      catalogName: props.inferenceTableCatalog,
      schemaName: props.inferenceTableSchema,
      tableNamePrefix: props.inferenceTablePrefix ?? props.name.replace(/-/g, "_"),
    },
    ...(rateLimits.length > 0 ? { rateLimits } : {}),
    ...(guarded
      ? {
          guardrails: {
            input: { ...(props.safetyFilter ? { safety: true } : {}), ...(props.inputPii ? { pii: { behavior: props.inputPii } } : {}) },
            ...(props.outputPii ? { output: { pii: { behavior: props.outputPii } } } : {}),
          },
        }
      : {}),
    ...(fallback ? { fallbackConfig: { enabled: true } } : {}),
  };
}

const ENTITY_NAME = /^[A-Za-z0-9_-]{1,63}$/;
/** A secret reference and nothing else: `{{secrets/<scope>/<key>}}`. */
const SECRET_REFERENCE = /^\{\{secrets\/[A-Za-z0-9_.@-]+\/[A-Za-z0-9_.@-]+\}\}$/;

function endpointProblems(props: ModelServingEndpointProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.name) && !ENTITY_NAME.test(props.name)) {
    problems.push(`name: "${props.name}" must be 1 to 63 letters, digits, - or _`);
  }
  if (Token.isUnresolved(props.name) && props.inferenceTablePrefix === undefined) {
    problems.push("inferenceTablePrefix: required when name is a reference (the default is built from the name)");
  }
  problems.push(...servedEntitiesProblems(props.servedEntities));
  for (const [prop, value] of [
    ["inferenceTableCatalog", props.inferenceTableCatalog],
    ["inferenceTableSchema", props.inferenceTableSchema],
  ] as const) {
    const problem = ucNameProblem(prop, value, "name where AI Gateway writes its inference tables");
    if (problem) problems.push(problem);
  }
  if (props.inferenceTablePrefix !== undefined && !/^[A-Za-z0-9_]{1,100}$/.test(props.inferenceTablePrefix)) {
    problems.push(`inferenceTablePrefix: "${props.inferenceTablePrefix}" must be 1 to 100 letters, digits or _`);
  }
  for (const [prop, value] of [
    ["callsPerUserPerMinute", props.callsPerUserPerMinute],
    ["callsPerEndpointPerMinute", props.callsPerEndpointPerMinute],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value <= 0)) problems.push(`${prop}: ${value} is not a positive whole number of calls`);
  }
  if (props.callsPerUserPerMinute !== undefined && props.callsPerEndpointPerMinute !== undefined) {
    if (props.callsPerUserPerMinute > props.callsPerEndpointPerMinute) {
      problems.push(`callsPerUserPerMinute: ${props.callsPerUserPerMinute} is above callsPerEndpointPerMinute (${props.callsPerEndpointPerMinute})`);
    }
  }
  for (const [prop, value] of [
    ["inputPii", props.inputPii],
    ["outputPii", props.outputPii],
  ] as const) {
    if (value !== undefined && !PII_BEHAVIORS.includes(value))
      problems.push(`${prop}: "${value}" is not a PII behavior; use ${PII_BEHAVIORS.join(" or ")}`);
  }
  const external = props.servedEntities.filter((e) => e.kind !== "custom").length;
  if (external === 0) {
    // The same test as the AI Gateway's guardrails block above: a PII behavior given, or the safety filter on.
    const guardrails = (["inputPii", "outputPii", "safetyFilter"] as const).filter((prop) =>
      prop === "safetyFilter" ? props[prop] === true : props[prop] !== undefined,
    );
    for (const prop of guardrails) problems.push(`${prop}: guardrails apply to external models only; this endpoint serves Unity Catalog models`);
  }
  if (props.fallback === true && external < 2) problems.push(`fallback: needs two or more external models; the endpoint has ${external}`);
  for (const [key, value] of Object.entries(props.tags ?? {})) {
    if (key.length === 0 || key.length > 255) problems.push(`tags.${key}: the key must be 1 to 255 characters`);
    if (!Token.isUnresolved(value) && value.length > 255) problems.push(`tags.${key}: the value must be at most 255 characters`);
  }
  problems.push(...principalListProblems({ queriers: props.queriers, managers: props.managers }));
  return problems;
}

function servedEntitiesProblems(entities: readonly ServedEntity[]): string[] {
  if (entities.length === 0) return ["servedEntities: none given; serve at least one model"];
  const problems: string[] = [];
  if (entities.length > 10) problems.push(`servedEntities: ${entities.length} given; an endpoint serves at most 10`);
  const custom = entities.filter((e) => e.kind === "custom").length;
  if (custom > 0 && custom < entities.length) {
    problems.push("servedEntities: mixes external and Unity Catalog models; an endpoint serves one or the other");
  }
  const names = entities.map((e) => e.name);
  const duplicates = names.filter((n, i) => names.indexOf(n) !== i);
  if (duplicates.length > 0) problems.push(`servedEntities: names ${[...new Set(duplicates)].join(", ")} given more than once`);
  entities.forEach((entity, i) => problems.push(...entityProblems(entity, `servedEntities[${i}]`)));
  const shares = entities.map(trafficOf);
  const total = shares.reduce((sum, share) => sum + share, 0);
  if (shares.every((share) => Number.isInteger(share) && share >= 0 && share <= 100) && total !== 100) {
    problems.push(`servedEntities: traffic percentages add up to ${total}; they must add up to 100`);
  }
  return problems;
}

function entityProblems(entity: ServedEntity, where: string): string[] {
  const problems: string[] = [];
  if (!ENTITY_NAME.test(entity.name)) problems.push(`${where}.name: "${entity.name}" must be 1 to 63 letters, digits, - or _`);
  const share = entity.trafficPercentage;
  if (share !== undefined && (!Number.isInteger(share) || share < 0 || share > 100)) {
    problems.push(`${where}.trafficPercentage: ${share} is not a whole number from 0 to 100`);
  }
  if ("task" in entity && entity.task !== undefined && !EXTERNAL_MODEL_TASKS.includes(entity.task)) {
    problems.push(`${where}.task: "${entity.task}" is not a task; use one of ${EXTERNAL_MODEL_TASKS.join(", ")}`);
  }
  switch (entity.kind) {
    case "amazon-bedrock":
      if (!BEDROCK_PROVIDERS.includes(entity.bedrockProvider)) {
        problems.push(`${where}.bedrockProvider: "${entity.bedrockProvider}" is not a Bedrock provider; use one of ${BEDROCK_PROVIDERS.join(", ")}`);
      }
      if (!entity.access.canInvoke(entity.modelId)) {
        problems.push(
          `${where}.modelId: "${entity.modelId}" is not a model the access role may invoke in ${entity.access.region}; add it to its modelIds`,
        );
      }
      break;
    case "openai":
    case "anthropic":
      if (Token.isUnresolved(entity.apiKeySecret) || !SECRET_REFERENCE.test(entity.apiKeySecret)) {
        problems.push(`${where}.apiKeySecret: is not a secret reference {{secrets/<scope>/<key>}}; never pass the key itself`);
      }
      if (entity.model.trim().length === 0) problems.push(`${where}.model: is empty; name the provider's model`);
      if (entity.kind === "anthropic" && entity.apiBase !== undefined) problems.push(`${where}.apiBase: only OpenAI models take an API base`);
      break;
    case "custom":
      if (!Token.isUnresolved(entity.entityName) && !/^[^.\s]+\.[^.\s]+\.[^.\s]+$/.test(entity.entityName)) {
        problems.push(`${where}.entityName: "${entity.entityName}" is not a Unity Catalog model name <catalog>.<schema>.<model>`);
      }
      if (!Token.isUnresolved(entity.entityVersion) && !/^\d+$/.test(entity.entityVersion)) {
        problems.push(`${where}.entityVersion: "${entity.entityVersion}" is not a model version number`);
      }
      if (entity.workloadSize !== undefined && !WORKLOAD_SIZES.includes(entity.workloadSize)) {
        problems.push(`${where}.workloadSize: "${entity.workloadSize}" is not a workload size; use one of ${WORKLOAD_SIZES.join(", ")}`);
      }
      break;
  }
  return problems;
}
