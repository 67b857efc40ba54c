/**
 * The serverless egress concern: the network connectivity configuration and the network policy bound to the
 * workspace. Besides the configured destinations, the policy allows what the environment's serverless pipelines read
 * outside Unity Catalog: the regional Kinesis endpoint when the telemetry pipeline runs, and Salesforce's login and
 * API domains when Lakeflow Connect ingests from Salesforce (its ingestion pipelines are serverless).
 */
import { serverlessIngestionDomains } from "../../environments/rules/ingestion";
import type { DatabricksWorkspace } from "../../modules/databricks/account/databricks-workspace";
import { boundedName, NCC_NAME_MAX_LENGTH, NETWORK_POLICY_ID_MAX_LENGTH, ServerlessEgress } from "../../modules/databricks/account/serverless-egress";
import type { WorkspaceContext } from "./context";

export function createServerlessEgress(ctx: WorkspaceContext, workspace: DatabricksWorkspace): ServerlessEgress {
  const { config, naming } = ctx.stack;
  const egress = config.workspace.serverlessEgress;
  return new ServerlessEgress(ctx.stack, "ServerlessEgress", {
    provider: ctx.accountProvider,
    databricksAccountId: ctx.databricksAccountId,
    workspaceId: workspace.workspaceIdNumber,
    region: config.aws.region,
    nccName: boundedName(naming.name("ncc"), NCC_NAME_MAX_LENGTH),
    networkPolicyId: boundedName(naming.name("serverless-egress"), NETWORK_POLICY_ID_MAX_LENGTH),
    restrictionMode: egress.restrictionMode,
    enforcementMode: egress.enforcementMode,
    allowedDomains: allowedDomainsOf(config),
    allowedStorage: egress.allowedBuckets,
    privateEndpointRules: egress.privateEndpointRules,
  });
}

/** The configured domains, plus those the serverless ingestion pipelines read (no Unity Catalog location covers them). */
function allowedDomainsOf(config: WorkspaceContext["stack"]["config"]): string[] {
  return [...new Set([...config.workspace.serverlessEgress.allowedDomains, ...serverlessIngestionDomains(config)])];
}
