/**
 * The providers every Databricks layer needs, built one way.
 *
 * Construct-id convention: a provider's construct id is its Terraform local name, followed by its alias when it has
 * one: `aws`, `time`, `databricks-account`, `databricks-workspace`. The ids appear only in cdktf metadata (a provider
 * block is addressed by its type and alias), so the convention costs nothing and makes every stack read the same.
 *
 * Credentials never appear here: the Databricks providers authenticate from the environment at deploy time
 * (DATABRICKS_CLIENT_ID / DATABRICKS_CLIENT_SECRET of the deployer, or GitHub OIDC), the AWS provider from the
 * deployer's AWS credentials.
 */
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import type { Construct } from "constructs";

/** The host of the account-level Databricks API (commercial AWS). */
export const DATABRICKS_ACCOUNTS_HOST = "https://accounts.cloud.databricks.com";

/**
 * The account-level Databricks provider (alias `account`): `mws_*` resources, account identities, the metastore. The
 * explicit account id keeps account-level calls from guessing.
 */
export function databricksAccountProvider(scope: Construct, databricksAccountId: string): DatabricksProvider {
  return new DatabricksProvider(scope, "databricks-account", { alias: "account", host: DATABRICKS_ACCOUNTS_HOST, accountId: databricksAccountId });
}

/**
 * The workspace-level Databricks provider (alias `workspace`). Its host is the workspace URL from the workspace
 * layer's state: known once that layer is applied, which is why workspace-level resources live in later layers.
 */
export function databricksWorkspaceProvider(scope: Construct, workspaceUrl: string): DatabricksProvider {
  return new DatabricksProvider(scope, "databricks-workspace", { alias: "workspace", host: workspaceUrl });
}

/** The time provider (waits for eventually consistent APIs: IAM, identity federation). */
export function timeProvider(scope: Construct): TimeProvider {
  return new TimeProvider(scope, "time");
}
