/**
 * A stack with the providers the Unity Catalog constructs expect (a workspace-level Databricks provider, an
 * account-level one, the time provider), and policy-reading helpers for their tests.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import type { Block } from "../../../synth-json";

export interface UcStack {
  readonly stack: TerraformStack;
  /** Workspace-level provider (alias "workspace"). */
  readonly workspace: DatabricksProvider;
  /** Account-level provider (alias "account"). */
  readonly account: DatabricksProvider;
}

/** A fresh stack with the AWS, Databricks (workspace and account) and time providers. */
export function ucStack(): UcStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new TimeProvider(stack, "time");
  const workspace = new DatabricksProvider(stack, "workspace", { alias: "workspace", host: "https://dbc-1234.cloud.databricks.com" });
  const account = new DatabricksProvider(stack, "account", {
    alias: "account",
    host: "https://accounts.cloud.databricks.com",
    accountId: "3f2a9c4e-1b7d-4e5a-9c2f-6d8e0a1b2c3d",
  });
  return { stack, workspace, account };
}

/** One statement of a parsed IAM policy document. */
export interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal?: { AWS?: string | string[]; Service?: string | string[] } | string;
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** The statements of a policy JSON string (an attribute of a synthesized block). */
export function statementsOf(block: Block, attribute: string): Statement[] {
  const document = JSON.parse(block[attribute] as string) as { Version: string; Statement: Statement[] };
  expect(document.Version).toBe("2012-10-17");
  return document.Statement;
}

/** A statement by sid; fails the test when it is missing. */
export function statement(statements: readonly Statement[], sid: string): Statement {
  const found = statements.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement "${sid}" in ${statements.map((s) => s.Sid).join(", ")}`);
  return found;
}

/** A value or list as a list. */
export function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
