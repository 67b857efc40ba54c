/**
 * A stack for testing the workspace constructs of modules/databricks: an AWS provider, the account-level Databricks
 * provider (alias "account") and the time provider, like the workspace stack has.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { TerraformStack, Testing } from "cdktf";

export const DATABRICKS_ACCOUNT_ID = "3f2a9c4e-1b7d-4e5a-9c2f-6d8e0a1b2c3d";

export interface WorkspaceFixture {
  readonly stack: TerraformStack;
  readonly provider: DatabricksProvider;
}

export function workspaceFixture(): WorkspaceFixture {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  const provider = new DatabricksProvider(stack, "account", {
    alias: "account",
    host: "https://accounts.cloud.databricks.com",
    accountId: DATABRICKS_ACCOUNT_ID,
  });
  new TimeProvider(stack, "time");
  return { stack, provider };
}

/** Every resource and data source block of `json` that is a Databricks type names the account provider. */
export function databricksBlocks(json: {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
}) {
  return [json.resource ?? {}, json.data ?? {}].flatMap((kind) =>
    Object.entries(kind)
      .filter(([type]) => type.startsWith("databricks_"))
      .flatMap(([type, blocks]) => Object.entries(blocks).map(([name, block]) => ({ address: `${type}.${name}`, provider: block.provider }))),
  );
}
