/** Fixtures for the serving constructs' tests: the pipelines stack (AWS, workspace Databricks, time) and a Bedrock role. */
import { BedrockAccess, type BedrockAccessProps } from "../../../../modules/databricks/serving/bedrock-access";
import { AWS_ACCOUNT_ID, guardrailFindings, pipelinesStack } from "../pipelines/pipelines-fixture";
import type { Construct } from "constructs";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";

export { AWS_ACCOUNT_ID, guardrailFindings, pipelinesStack };

export const CLAUDE = "anthropic.claude-3-5-sonnet-20240620-v1:0";
export const TITAN = "amazon.titan-text-premier-v1:0";

/** A BedrockAccess for CLAUDE and TITAN in eu-west-1 for workspace 1234567890. */
export function bedrockAccess(scope: Construct, provider: DatabricksProvider, props: Partial<BedrockAccessProps> = {}): BedrockAccess {
  return new BedrockAccess(scope, "Bedrock", {
    provider,
    roleName: "acme-prod-serving-bedrock",
    awsAccountId: AWS_ACCOUNT_ID,
    region: "eu-west-1",
    modelIds: [CLAUDE, TITAN],
    workspaceIds: ["1234567890"],
    ...props,
  });
}
