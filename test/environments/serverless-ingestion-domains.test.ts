import { serverlessIngestionDomains } from "../../environments/rules/ingestion";
import { validateEnvironment } from "../../environments/validate";
import type { EnvironmentConfig } from "../../environments";
import { variantOf, type VariantInput } from "./variants";

/** A registered config, changed by `change`, validated. */
function configOf(change: (config: VariantInput) => void): EnvironmentConfig {
  const result = validateEnvironment(
    variantOf(() => true, change),
    "environments/test.ts",
  );
  if (!("config" in result)) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

const SALESFORCE = {
  name: "salesforce",
  type: "SALESFORCE" as const,
  credentialsSecret: "arn:aws:secretsmanager:us-east-1:123456789012:secret:sf-AbCdEf",
  objects: ["Account"],
};

describe("the domains serverless ingestion reaches outside Unity Catalog", () => {
  it("are none without the telemetry pipeline or a Salesforce source", () => {
    const config = configOf((c) => {
      c.ingestion = {} as VariantInput["ingestion"];
      c.serving = {} as VariantInput["serving"];
    });
    expect(serverlessIngestionDomains(config)).toEqual([]);
  });

  it("are the region's Kinesis endpoint with the telemetry pipeline, and Salesforce's login and API domains with a Salesforce source", () => {
    const config = configOf((c) => {
      c.workspace.serverlessEgress = { restrictionMode: "RESTRICTED_ACCESS" } as VariantInput["workspace"]["serverlessEgress"];
      c.ingestion = {
        kinesis: { streams: [{ name: "s" }] },
        pipelines: { telemetry: { stream: "s" } },
        lakeflowConnect: { sources: [SALESFORCE] },
      } as unknown as VariantInput["ingestion"];
      c.serving = {} as VariantInput["serving"];
    });
    expect(serverlessIngestionDomains(config)).toEqual([`kinesis.${config.aws.region}.amazonaws.com`, "login.salesforce.com", "*.my.salesforce.com"]);
  });

  it("include the external model APIs Model Serving calls: Bedrock's runtime in the region, OpenAI, Anthropic", () => {
    const config = configOf((c) => {
      c.workspace.serverlessEgress = { restrictionMode: "RESTRICTED_ACCESS" } as VariantInput["workspace"]["serverlessEgress"];
      c.ingestion = {} as VariantInput["ingestion"];
      c.serving = {
        endpoints: [
          {
            name: "chat",
            models: [
              { provider: "amazon-bedrock", model: "anthropic.claude-3-5-haiku-20241022-v1:0", bedrockProvider: "anthropic" },
              { provider: "openai", model: "gpt-4o", secretKey: "openai" },
              { provider: "anthropic", model: "claude-3-5-sonnet", secretKey: "anthropic" },
            ],
          },
        ],
      } as unknown as VariantInput["serving"];
    });
    expect(serverlessIngestionDomains(config)).toEqual([`bedrock-runtime.${config.aws.region}.amazonaws.com`, "api.openai.com", "api.anthropic.com"]);
  });

  it("are none under full serverless egress, which allows every destination", () => {
    const config = configOf((c) => {
      c.production = false;
      c.workspace.serverlessEgress = { restrictionMode: "FULL_ACCESS", enforcementMode: "ENFORCED" } as VariantInput["workspace"]["serverlessEgress"];
      c.ingestion = { kinesis: { streams: [{ name: "s" }] }, pipelines: { telemetry: { stream: "s" } } } as unknown as VariantInput["ingestion"];
      c.serving = {} as VariantInput["serving"];
    });
    expect(serverlessIngestionDomains(config)).toEqual([]);
  });
});
