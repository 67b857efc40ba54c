import { AuditLogDelivery, type AuditLogDeliveryProps } from "../../../../modules/databricks/account/audit-log-delivery";
import { synthesize, type SynthesizedStack } from "../../../synth-json";
import { DATABRICKS_ACCOUNT_ID, workspaceFixture } from "../workspace-fixture";

const BUCKET_ARN = "arn:aws:s3:::lakehouse-dev-logs";
const KEY_ARN = "arn:aws:kms:us-west-2:111111111111:key/data";

function build(overrides: Partial<AuditLogDeliveryProps> = {}): SynthesizedStack {
  const { stack, provider } = workspaceFixture();
  new AuditLogDelivery(stack, "LogDelivery", {
    provider,
    databricksAccountId: DATABRICKS_ACCOUNT_ID,
    name: "lakehouse-dev-log-delivery",
    roleName: "lakehouse-dev-databricks-log-delivery",
    bucketName: "lakehouse-dev-logs",
    encryptionKeyArn: KEY_ARN,
    workspaceIds: [1234],
    ...overrides,
  });
  return synthesize(stack);
}

describe("AuditLogDelivery", () => {
  const s = build();

  it("trusts only Databricks' log delivery, with our account id as external id", () => {
    const [[name, trust]] = Object.entries(s.dataSources("databricks_aws_assume_role_policy"));
    expect(trust).toMatchObject({ external_id: DATABRICKS_ACCOUNT_ID, for_log_delivery: true, provider: "databricks.account" });
    expect(s.resource("aws_iam_role", "/LogDelivery/Role").block.assume_role_policy).toBe(`\${data.databricks_aws_assume_role_policy.${name}.json}`);
  });

  it("lets the role write only under the delivery prefixes and use the bucket key through S3", () => {
    const statements = JSON.parse(s.resource("aws_iam_role_policy", "/LogDelivery/Policy").block.policy as string).Statement;
    expect(statements.find((x: { Sid: string }) => x.Sid === "WriteDeliveryPrefixes").Resource).toEqual([
      `${BUCKET_ARN}/databricks/audit-logs/`,
      `${BUCKET_ARN}/databricks/audit-logs/*`,
      `${BUCKET_ARN}/databricks/billable-usage/`,
      `${BUCKET_ARN}/databricks/billable-usage/*`,
    ]);
    expect(statements.find((x: { Sid: string }) => x.Sid === "UseBucketKeyThroughS3")).toEqual({
      Sid: "UseBucketKeyThroughS3",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: KEY_ARN,
      Condition: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } },
    });
  });

  it("registers the role after waiting for IAM, through the wait's trigger", () => {
    const wait = s.resource("time_sleep", "/LogDelivery/IamPropagation");
    expect(s.resource("databricks_mws_credentials", "/LogDelivery/Credentials").block).toMatchObject({
      credentials_name: "lakehouse-dev-log-delivery-credentials",
      role_arn: `\${time_sleep.${wait.name}.triggers["role_arn"]}`,
      depends_on: [`time_sleep.${wait.name}`],
    });
  });

  it("delivers audit logs as JSON and billable usage as CSV, each under its own prefix, for the given workspaces", () => {
    const common = {
      credentials_id: s.ref("databricks_mws_credentials", "/LogDelivery/Credentials", "credentials_id"),
      storage_configuration_id: s.ref("databricks_mws_storage_configurations", "/LogDelivery/StorageConfiguration", "storage_configuration_id"),
      workspace_ids_filter: [1234],
      provider: "databricks.account",
    };
    expect(s.resource("databricks_mws_log_delivery", "/LogDelivery/AuditLogs").block).toMatchObject({
      ...common,
      log_type: "AUDIT_LOGS",
      output_format: "JSON",
      delivery_path_prefix: "databricks/audit-logs",
    });
    expect(s.resource("databricks_mws_log_delivery", "/LogDelivery/BillableUsage").block).toMatchObject({
      ...common,
      log_type: "BILLABLE_USAGE",
      output_format: "CSV",
      delivery_path_prefix: "databricks/billable-usage",
    });
    expect(s.resource("databricks_mws_storage_configurations", "/LogDelivery/StorageConfiguration").block.bucket_name).toBe("lakehouse-dev-logs");
  });

  it("delivers at account level without a workspace filter, and only the log types asked for", () => {
    const account = build({ workspaceIds: undefined, billableUsage: false, encryptionKeyArn: undefined });
    expect(Object.keys(account.resources("databricks_mws_log_delivery"))).toHaveLength(1);
    expect(account.resource("databricks_mws_log_delivery", "/LogDelivery/AuditLogs").block.workspace_ids_filter).toBeUndefined();
    const sids = JSON.parse(account.resource("aws_iam_role_policy", "/LogDelivery/Policy").block.policy as string).Statement.map(
      (x: { Sid: string }) => x.Sid,
    );
    expect(sids).not.toContain("UseBucketKeyThroughS3");
  });

  it("refuses no log type, overlapping or malformed prefixes and an empty workspace filter", () => {
    expect(() => build({ auditLogs: false, billableUsage: false })).toThrow(/auditLogs, billableUsage: both false/);
    expect(() => build({ auditLogsPrefix: "logs", billableUsagePrefix: "logs/usage" })).toThrow(/overlap/);
    expect(() => build({ auditLogsPrefix: "/logs/" })).toThrow(/auditLogsPrefix: "\/logs\/" must be path segments/);
    expect(() => build({ workspaceIds: [] })).toThrow(/workspaceIds: is empty/);
  });
});
