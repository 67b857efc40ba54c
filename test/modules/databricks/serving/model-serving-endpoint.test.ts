import { ModelServingEndpoint, type ModelServingEndpointProps } from "../../../../modules/databricks/serving/model-serving-endpoint";
import type { BedrockAccess } from "../../../../modules/databricks/serving/bedrock-access";
import { ExternalModelSecrets } from "../../../../modules/databricks/serving/external-model-secrets";
import { groupPrincipal, servicePrincipal } from "../../../../modules/databricks/principal";
import { synthesize, type Block } from "../../../synth-json";
import { CLAUDE, TITAN, bedrockAccess, guardrailFindings, pipelinesStack } from "./serving-fixture";

type Props = Omit<ModelServingEndpointProps, "provider" | "servedEntities"> & Partial<Pick<ModelServingEndpointProps, "servedEntities">>;

function build(props: Partial<Props> = {}, entities?: (tools: Tools) => ModelServingEndpointProps["servedEntities"]) {
  const { stack, workspace } = pipelinesStack();
  const t = tools(stack, workspace);
  const endpoint = new ModelServingEndpoint(stack, "Chat", {
    provider: workspace,
    name: "acme-prod-chat",
    servedEntities: entities
      ? entities(t)
      : [{ kind: "amazon-bedrock", name: "claude", modelId: CLAUDE, bedrockProvider: "anthropic", access: t.bedrock }],
    inferenceTableCatalog: "acme_prod",
    inferenceTableSchema: "ml",
    ...props,
  });
  return { stack, endpoint, ...t };
}

interface Tools {
  readonly bedrock: BedrockAccess;
  readonly secrets: ExternalModelSecrets;
}

function tools(stack: Parameters<typeof bedrockAccess>[0], workspace: Parameters<typeof bedrockAccess>[1]): Tools {
  const bedrock = bedrockAccess(stack, workspace);
  const secrets = new ExternalModelSecrets(stack, "Secrets", { provider: workspace, scopeName: "acme-prod-llm", keys: ["openai", "anthropic"] });
  return { bedrock, secrets };
}

const gateway = (block: Block) => block.ai_gateway as Record<string, unknown>;
const entitiesOf = (block: Block) => (block.config as { served_entities: Record<string, unknown>[] }).served_entities;

describe("ModelServingEndpoint", () => {
  const { stack, endpoint, bedrock } = build(
    {
      callsPerUserPerMinute: 20,
      callsPerEndpointPerMinute: 200,
      inputPii: "BLOCK",
      outputPii: "MASK",
      safetyFilter: true,
      tags: { project: "acme" },
      queriers: [servicePrincipal("app-sp"), groupPrincipal("acme-prod-analysts")],
      managers: [groupPrincipal("acme-prod-platform-admins")],
    },
    (t) => [
      { kind: "amazon-bedrock", name: "claude", modelId: CLAUDE, bedrockProvider: "anthropic", access: t.bedrock },
      { kind: "amazon-bedrock", name: "titan", modelId: TITAN, bedrockProvider: "amazon", access: t.bedrock },
      { kind: "openai", name: "gpt", model: "gpt-4o-mini", apiKeySecret: t.secrets.reference("openai") },
      { kind: "anthropic", name: "claude-direct", model: "claude-3-5-sonnet-20241022", apiKeySecret: t.secrets.reference("anthropic") },
    ],
  );
  const s = synthesize(stack);
  const serving = s.resource("databricks_model_serving", "/Chat/Endpoint");
  const profileRef = s.ref("databricks_instance_profile", "/Bedrock/DatabricksInstanceProfile", "instance_profile_arn");

  it("serves Bedrock models through the registered instance profile, and API-key models through secret references", () => {
    expect(entitiesOf(serving.block)).toEqual([
      {
        name: "claude",
        external_model: {
          name: CLAUDE,
          provider: "amazon-bedrock",
          task: "llm/v1/chat",
          amazon_bedrock_config: { aws_region: "eu-west-1", bedrock_provider: "anthropic", instance_profile_arn: profileRef },
        },
      },
      {
        name: "titan",
        external_model: {
          name: TITAN,
          provider: "amazon-bedrock",
          task: "llm/v1/chat",
          amazon_bedrock_config: { aws_region: "eu-west-1", bedrock_provider: "amazon", instance_profile_arn: profileRef },
        },
      },
      {
        name: "gpt",
        external_model: {
          name: "gpt-4o-mini",
          provider: "openai",
          task: "llm/v1/chat",
          openai_config: { openai_api_key: "{{secrets/acme-prod-llm/openai}}" },
        },
      },
      {
        name: "claude-direct",
        external_model: {
          name: "claude-3-5-sonnet-20241022",
          provider: "anthropic",
          task: "llm/v1/chat",
          anthropic_config: { anthropic_api_key: "{{secrets/acme-prod-llm/anthropic}}" },
        },
      },
    ]);
    expect(bedrock.canInvoke(CLAUDE)).toBe(true);
  });

  it("routes all traffic to the first model and the rest only as fallbacks", () => {
    expect((serving.block.config as { traffic_config: unknown }).traffic_config).toEqual({
      routes: [
        { served_entity_name: "claude", traffic_percentage: 100 },
        { served_entity_name: "titan", traffic_percentage: 0 },
        { served_entity_name: "gpt", traffic_percentage: 0 },
        { served_entity_name: "claude-direct", traffic_percentage: 0 },
      ],
    });
    expect(gateway(serving.block).fallback_config).toEqual({ enabled: true });
  });

  it("turns on usage tracking, inference tables, rate limits and guardrails in AI Gateway", () => {
    expect(gateway(serving.block)).toMatchObject({
      usage_tracking_config: { enabled: true },
      inference_table_config: { enabled: true, catalog_name: "acme_prod", schema_name: "ml", table_name_prefix: "acme_prod_chat" },
      rate_limits: [
        { key: "user", calls: 20, renewal_period: "minute" },
        { key: "endpoint", calls: 200, renewal_period: "minute" },
      ],
      guardrails: { input: { safety: true, pii: { behavior: "BLOCK" } }, output: { pii: { behavior: "MASK" } } },
    });
    expect(serving.block.tags).toEqual([{ key: "project", value: "acme" }]);
  });

  it("never writes a *_plaintext attribute or an access key anywhere in the JSON", () => {
    const text = JSON.stringify(s.json);
    expect(text).not.toMatch(/_plaintext/);
    expect(text).not.toMatch(/aws_access_key_id|aws_secret_access_key/);
  });

  it("grants CAN_QUERY to queriers and CAN_MANAGE to managers on the serving_endpoint_id", () => {
    const acls = Object.values(s.resources("databricks_permissions"));
    expect(acls).toHaveLength(1);
    expect(acls[0]).toMatchObject({
      serving_endpoint_id: `\${databricks_model_serving.${serving.name}.serving_endpoint_id}`,
      access_control: [
        { service_principal_name: "app-sp", permission_level: "CAN_QUERY" },
        { group_name: "acme-prod-analysts", permission_level: "CAN_QUERY" },
        { group_name: "acme-prod-platform-admins", permission_level: "CAN_MANAGE" },
      ],
    });
  });

  it("builds the invocation path and URL from the endpoint name", () => {
    expect(endpoint.invocationUrl("dbc-1234.cloud.databricks.com")).toMatch(
      /^https:\/\/dbc-1234\.cloud\.databricks\.com\/serving-endpoints\/\$\{TfToken\[TOKEN\.\d+\]\}\/invocations$/,
    );
    expect(endpoint.invocationUrl("https://h/")).toBe(`https://h${endpoint.invocationPath}`);
  });

  it("passes the guardrails, DBX-SERVING-AI-GATEWAY included", () => {
    expect(guardrailFindings(stack)).toEqual([]);
  });

  it("leaves fallbacks, rate limits and guardrails off for one external model when not asked, keeping tracking and tables", () => {
    const { stack: one } = build();
    const block = synthesize(one).resource("databricks_model_serving", "/Chat/Endpoint").block;
    expect(gateway(block)).toEqual({
      usage_tracking_config: { enabled: true },
      inference_table_config: { enabled: true, catalog_name: "acme_prod", schema_name: "ml", table_name_prefix: "acme_prod_chat" },
    });
  });

  it("serves Unity Catalog model versions with size, scale to zero and a traffic split, behind AI Gateway too", () => {
    const { stack: custom } = build({ name: "acme-prod-churn", inferenceTablePrefix: "churn" }, () => [
      {
        kind: "custom",
        name: "churn-v3",
        entityName: "acme_prod.ml.churn",
        entityVersion: "3",
        workloadSize: "Medium",
        scaleToZero: false,
        trafficPercentage: 90,
      },
      { kind: "custom", name: "churn-v4", entityName: "acme_prod.ml.churn", entityVersion: "4", trafficPercentage: 10 },
    ]);
    const block = synthesize(custom).resource("databricks_model_serving", "/Chat/Endpoint").block;
    expect(block.config).toEqual({
      served_entities: [
        {
          name: "churn-v3",
          entity_name: "acme_prod.ml.churn",
          entity_version: "3",
          workload_size: "Medium",
          workload_type: "CPU",
          scale_to_zero_enabled: false,
        },
        {
          name: "churn-v4",
          entity_name: "acme_prod.ml.churn",
          entity_version: "4",
          workload_size: "Small",
          workload_type: "CPU",
          scale_to_zero_enabled: true,
        },
      ],
      traffic_config: {
        routes: [
          { served_entity_name: "churn-v3", traffic_percentage: 90 },
          { served_entity_name: "churn-v4", traffic_percentage: 10 },
        ],
      },
    });
    expect(gateway(block)).toEqual({
      usage_tracking_config: { enabled: true },
      inference_table_config: { enabled: true, catalog_name: "acme_prod", schema_name: "ml", table_name_prefix: "churn" },
    });
    expect(() => build({}, () => [])).toThrow(/servedEntities: none given/);
    expect(() => build({}, () => [{ kind: "custom", name: "m", entityName: "churn", entityVersion: "v1" }])).toThrow(
      /servedEntities\[0\]\.entityName: "churn" is not a Unity Catalog model name.*\n.*servedEntities\[0\]\.entityVersion: "v1"/,
    );
  });

  it("refuses traffic that does not add up, fallback with one external model, mixed entities and literal API keys, naming each prop", () => {
    expect(() =>
      build({ fallback: true }, (t) => [
        { kind: "amazon-bedrock", name: "claude", modelId: CLAUDE, bedrockProvider: "anthropic", access: t.bedrock, trafficPercentage: 50 },
        { kind: "custom", name: "m", entityName: "acme_prod.ml.m", entityVersion: "1", trafficPercentage: 40 },
      ]),
    ).toThrow(
      /servedEntities: mixes external and Unity Catalog models.*\n.*servedEntities: traffic percentages add up to 90.*\n(.*\n)*.*fallback: needs two or more external models; the endpoint has 1/,
    );
    expect(() => build({}, () => [{ kind: "openai", name: "gpt", model: "gpt-4o", apiKeySecret: "sk-live-abc" }])).toThrow(
      /servedEntities\[0\]\.apiKeySecret: is not a secret reference/,
    );
    expect(() =>
      build({}, (t) => [
        { kind: "amazon-bedrock", name: "llama", modelId: "meta.llama3-70b-instruct-v1:0", bedrockProvider: "anthropic", access: t.bedrock },
      ]),
    ).toThrow(/servedEntities\[0\]\.modelId: "meta\.llama3-70b-instruct-v1:0" is not a model the access role may invoke/);
    expect(() => build({ callsPerUserPerMinute: 0, inferenceTableSchema: "ml.x", inputPii: "REDACT" as never })).toThrow(
      /inferenceTableSchema: "ml\.x" is not a bare.*\n.*callsPerUserPerMinute: 0 is not a positive.*\n.*inputPii: "REDACT" is not a PII behavior/,
    );
  });

  it("refuses guardrails on an endpoint of Unity Catalog models, naming each guardrail prop given", () => {
    const custom = () => [{ kind: "custom" as const, name: "m", entityName: "acme_prod.ml.m", entityVersion: "1" }];
    const refusal = (prop: string) => `${prop}: guardrails apply to external models only`;
    expect(() => build({ outputPii: "BLOCK", safetyFilter: true }, custom)).toThrow(refusal("outputPii"));
    expect(() => build({ outputPii: "BLOCK", safetyFilter: true }, custom)).toThrow(refusal("safetyFilter"));
    expect(() => build({ inputPii: "MASK" }, custom)).toThrow(refusal("inputPii"));
    expect(() => build({ safetyFilter: false }, custom)).not.toThrow();
  });
});
