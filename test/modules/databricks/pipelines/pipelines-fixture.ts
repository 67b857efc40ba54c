/**
 * Fixtures for the pipeline constructs' tests: a stack with the providers they expect (AWS with the required tags,
 * the workspace-level Databricks provider, time), a scratch folder of source files, and the guardrails run over it.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { S3Backend, TerraformStack, Testing } from "cdktf";
import { evaluateStack, resolveGuardrailSettings, type PolicyResult } from "../../../../modules/policy";

export const AWS_ACCOUNT_ID = "123456789012";

export interface PipelinesStack {
  readonly stack: TerraformStack;
  /** Workspace-level provider (alias "workspace"). */
  readonly workspace: DatabricksProvider;
}

/** A fresh stack with an encrypted, locked S3 backend and the AWS (default tag Project), workspace Databricks and time providers. */
export function pipelinesStack(): PipelinesStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new S3Backend(stack, { bucket: "lakehouse-state", key: "test.tfstate", region: "eu-west-1", encrypt: true }).addOverride("use_lockfile", true);
  new AwsProvider(stack, "aws", { region: "eu-west-1", defaultTags: [{ tags: { Project: "lakehouse" } }] });
  new TimeProvider(stack, "time");
  const workspace = new DatabricksProvider(stack, "workspace", { alias: "workspace", host: "https://dbc-1234.cloud.databricks.com" });
  return { stack, workspace };
}

/** A new scratch folder holding `files` (relative name -> content); returns its absolute path. */
export function sourceFolder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "pipelines-test-"));
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, relative)), { recursive: true });
    writeFileSync(join(root, relative), content);
  }
  return root;
}

/** Every guardrail result that is not a pass, for a protected, tagged, private, CMK environment of our account. */
export function guardrailFindings(stack: TerraformStack): PolicyResult[] {
  const settings = resolveGuardrailSettings({
    protectData: true,
    requiredTags: ["Project"],
    requirePrivateLink: true,
    requireCustomerManagedKeys: true,
    awsAccountIds: [AWS_ACCOUNT_ID],
  });
  return evaluateStack(stack, settings).filter((result) => result.status !== "pass");
}
