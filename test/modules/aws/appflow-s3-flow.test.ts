import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import {
  APPFLOW_S3_DESTINATION_ACTIONS,
  AppflowS3Flow,
  appflowBucketPolicyStatements,
  appflowKeyPolicyStatements,
  type AppflowS3FlowProps,
} from "../../../modules/aws/appflow-s3-flow";
import { KmsKey } from "../../../modules/aws/kms-key";
import { renderPolicy } from "../../../modules/aws/policy-document";
import { SecureBucket } from "../../../modules/aws/secure-bucket";
import { evaluate } from "../policy/fixtures";
import { synthesize, type SynthesizedStack } from "../../synth-json";

const KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/data";
const ACCOUNT = "111122223333";

const BASE: AppflowS3FlowProps = {
  name: "acme-prod-crm",
  connectorType: "Salesforce",
  connectorProfileName: "acme-salesforce",
  object: "Account",
  kmsKeyArn: KEY_ARN,
  bucketName: "acme-prod-landing",
};

function build(props: Partial<AppflowS3FlowProps> = {}): { s: SynthesizedStack; flow: AppflowS3Flow } {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  const flow = new AppflowS3Flow(stack, "Crm", { ...BASE, ...props });
  return { s: synthesize(stack), flow };
}

describe("AppflowS3Flow", () => {
  const { s, flow } = build();
  const block = s.resource("aws_appflow_flow", "/Crm/Flow").block;

  it("encrypts the flow with the key and reads the object through the named connector profile", () => {
    expect(block).toMatchObject({
      name: "acme-prod-crm",
      kms_arn: KEY_ARN,
      source_flow_config: {
        connector_type: "Salesforce",
        connector_profile_name: "acme-salesforce",
        source_connector_properties: { salesforce: { object: "Account" } },
        incremental_pull_config: { datetime_type_field_name: "LastModifiedDate" },
      },
    });
  });

  it("writes unaggregated, typed Parquet under appflow/<name>/ of the landing bucket", () => {
    expect(block.destination_flow_config).toEqual([
      {
        connector_type: "S3",
        destination_connector_properties: {
          s3: {
            bucket_name: "acme-prod-landing",
            bucket_prefix: "appflow",
            s3_output_format_config: { file_type: "PARQUET", preserve_source_data_typing: true, aggregation_config: { aggregation_type: "None" } },
          },
        },
      },
    ]);
    expect(flow.landingPrefix).toBe("appflow/acme-prod-crm/");
    expect(flow.landingUrl).toBe("s3://acme-prod-landing/appflow/acme-prod-crm/");
  });

  it("maps every field with one Map_all task", () => {
    expect(block.task).toEqual([
      {
        task_type: "Map_all",
        source_fields: [],
        connector_operator: [{ salesforce: "NO_OP" }],
        task_properties: { EXCLUDE_SOURCE_FIELDS_LIST: "[]" },
      },
    ]);
  });

  it("runs on the schedule, incrementally by default, or completely", () => {
    expect(block.trigger_config).toEqual({
      trigger_type: "Scheduled",
      trigger_properties: { scheduled: { schedule_expression: "rate(1hours)", data_pull_mode: "Incremental" } },
    });
    const complete = build({ dataPullMode: "Complete", scheduleExpression: "cron(0 * * * ? *)" }).s.resource("aws_appflow_flow", "/Crm/Flow").block;
    expect(complete.trigger_config).toEqual({
      trigger_type: "Scheduled",
      trigger_properties: { scheduled: { schedule_expression: "cron(0 * * * ? *)", data_pull_mode: "Complete" } },
    });
    expect((complete.source_flow_config as Record<string, unknown>).incremental_pull_config).toBeUndefined();
  });

  it("keys the source and operator blocks by connector", () => {
    const zendesk = build({ connectorType: "Zendesk", object: "tickets", incrementalPullField: "updated_at" }).s.resource(
      "aws_appflow_flow",
      "/Crm/Flow",
    ).block;
    expect(zendesk).toMatchObject({
      source_flow_config: {
        source_connector_properties: { zendesk: { object: "tickets" } },
        incremental_pull_config: { datetime_type_field_name: "updated_at" },
      },
      task: [{ connector_operator: [{ zendesk: "NO_OP" }] }],
    });
  });

  it("activates the scheduled flow once per flow, with values passed through the environment", () => {
    const activation = s.resource("terraform_data", "/Crm/Activation").block;
    expect(activation.triggers_replace).toEqual({ flow_arn: s.ref("aws_appflow_flow", "/Crm/Flow", "arn") });
    const [{ "local-exec": exec }] = activation.provisioner as { "local-exec": { command: string; environment: Record<string, string> } }[];
    expect(exec.command).toContain('aws appflow start-flow --flow-name "$FLOW_NAME" --region "$FLOW_REGION"');
    expect(exec.command).not.toMatch(/\$\{|%\{/);
    expect(exec.environment).toMatchObject({ FLOW_NAME: s.ref("aws_appflow_flow", "/Crm/Flow", "name"), ACTIVATION_ROLE_ARN: "" });
    const withRole = build({ activationRoleArn: "arn:aws:iam::111122223333:role/deployer" }).s.resource("terraform_data", "/Crm/Activation").block;
    expect(JSON.stringify(withRole.provisioner)).toContain('"ACTIVATION_ROLE_ARN":"arn:aws:iam::111122223333:role/deployer"');
    expect(build({ activate: false }).s.resources("terraform_data")).toEqual({});
  });

  it("gives AppFlow exactly the documented destination actions, object actions under the prefix only, for this account only", () => {
    const common = {
      effect: "Allow",
      principal: { Service: "appflow.amazonaws.com" },
      conditions: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
    };
    expect(appflowBucketPolicyStatements("arn:aws:s3:::acme-prod-landing", ACCOUNT, "main/appflow/")).toEqual([
      {
        ...common,
        sid: "AllowAppFlowDestinationActions",
        actions: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts", "s3:PutObjectAcl"],
        resources: ["arn:aws:s3:::acme-prod-landing/main/appflow/*"],
      },
      {
        ...common,
        sid: "AllowAppFlowDestinationActionsOnBucket",
        actions: ["s3:ListBucketMultipartUploads", "s3:GetBucketAcl"],
        resources: ["arn:aws:s3:::acme-prod-landing"],
      },
    ]);
    expect(APPFLOW_S3_DESTINATION_ACTIONS).toHaveLength(6);
  });

  it("covers the whole bucket's objects without a prefix", () => {
    expect(appflowBucketPolicyStatements("arn:aws:s3:::b", ACCOUNT)[0].resources).toEqual(["arn:aws:s3:::b/*"]);
  });

  it("lets AppFlow use the landing key for SSE-KMS uploads of this account only", () => {
    expect(appflowKeyPolicyStatements(ACCOUNT)).toEqual([
      {
        sid: "AllowAppFlowToEncryptLandingObjects",
        effect: "Allow",
        principal: { Service: "appflow.amazonaws.com" },
        actions: ["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"],
        resources: ["*"],
        conditions: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
      },
    ]);
  });

  it("passes the guardrails (APPFLOW-ENCRYPTION, references, S3 and KMS rules with the statements added) with no finding", () => {
    const results = evaluate((stack) => {
      const key = new KmsKey(stack, "DataKey", { alias: "acme/prod/data", description: "Landing data" });
      const logs = SecureBucket.forAccessLogs(stack, "AccessLogs", { bucketName: "acme-prod-access-logs" });
      const landing = new SecureBucket(stack, "Landing", { bucketName: "acme-prod-landing", encryptionKey: key, accessLogsBucket: logs });
      appflowBucketPolicyStatements(landing.bucketArn, ACCOUNT).forEach((statement) => landing.addToResourcePolicy(statement));
      appflowKeyPolicyStatements(ACCOUNT).forEach((statement) => key.addToKeyPolicy(statement));
      new AppflowS3Flow(stack, "Crm", { ...BASE, kmsKeyArn: key.keyArn, bucketName: landing.bucketName });
    }).filter((r) => r.path !== "fixture");
    expect(results.filter((r) => r.status !== "pass")).toEqual([]);
    expect(results.filter((r) => r.ruleId === "APPFLOW-ENCRYPTION").map((r) => r.status)).toEqual(["pass"]);
  });

  it("renders the statements as valid policy documents, together granting every documented action", () => {
    const rendered = JSON.parse(renderPolicy(appflowBucketPolicyStatements("arn:aws:s3:::b", ACCOUNT))) as { Statement: { Action: string[] }[] };
    expect(rendered.Statement.flatMap((s) => s.Action).sort()).toEqual([...APPFLOW_S3_DESTINATION_ACTIONS].sort());
  });

  it("refuses bad props, naming each", () => {
    expect(() =>
      build({
        name: "-crm",
        kmsKeyArn: "alias/aws/appflow",
        connectorProfileName: "bad profile",
        object: " ",
        scheduleExpression: "every hour",
        bucketPrefix: "/appflow/",
      }),
    ).toThrow(
      /name: "-crm"[\s\S]*kmsKeyArn: "alias\/aws\/appflow"[\s\S]*connectorProfileName: "bad profile"[\s\S]*object: is empty[\s\S]*scheduleExpression: "every hour"[\s\S]*bucketPrefix: "\/appflow\/"/,
    );
    expect(() => build({ connectorType: "Slack" })).toThrow(/incrementalPullField: required for Slack with dataPullMode Incremental/);
    expect(() => build({ connectorType: "Jira" as AppflowS3FlowProps["connectorType"] })).toThrow(/connectorType: "Jira" is not supported/);
  });
});
