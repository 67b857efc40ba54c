/** The serverless egress concern: the network connectivity configuration and the network policy bound to the workspace. */
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
    allowedDomains: egress.allowedDomains,
    allowedStorage: egress.allowedBuckets,
    privateEndpointRules: egress.privateEndpointRules,
  });
}
