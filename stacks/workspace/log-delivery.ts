/** The log delivery concern: audit logs (JSON) and billable usage (CSV) delivered to the logs bucket. */
import { AuditLogDelivery } from "../../modules/databricks/account/audit-log-delivery";
import type { DatabricksWorkspace } from "../../modules/databricks/account/databricks-workspace";
import type { WorkspaceContext } from "./context";

/** Name component of the log delivery role. */
export const LOG_DELIVERY_ROLE = "databricks-log-delivery";

/** The delivery; undefined where it already exists (made by another stage) or nothing is delivered. */
export function createLogDelivery(ctx: WorkspaceContext, workspace: DatabricksWorkspace): AuditLogDelivery | undefined {
  const { config, naming } = ctx.stack;
  const delivery = config.workspace.logDelivery;
  if (delivery.alreadyExists || (!delivery.auditLogs && !delivery.billableUsage)) return undefined;
  return new AuditLogDelivery(ctx.stack, "LogDelivery", {
    provider: ctx.accountProvider,
    databricksAccountId: ctx.databricksAccountId,
    name: naming.name("log-delivery"),
    roleName: naming.iam(LOG_DELIVERY_ROLE),
    bucketName: ctx.networkStorage.logsBucketName,
    bucketArn: ctx.networkStorage.logsBucketArn,
    encryptionKeyArn: ctx.networkStorage.dataKeyArn,
    auditLogs: delivery.auditLogs,
    billableUsage: delivery.billableUsage,
    ...(delivery.scope === "workspace" ? { workspaceIds: [workspace.workspaceIdNumber] } : {}),
    iamPropagationSeconds: config.workspace.iamPropagationSeconds,
  });
}
