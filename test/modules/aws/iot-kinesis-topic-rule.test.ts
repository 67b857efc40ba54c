import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { IotKinesisTopicRule, type IotKinesisTopicRuleProps } from "../../../modules/aws/iot-kinesis-topic-rule";
import { escapeTerraformTemplate } from "../../../modules/core/terraform-text";
import { KinesisDataStream } from "../../../modules/aws/kinesis-data-stream";
import type { JsonStatement } from "../../iam-json";
import { synthesize, type SynthesizedStack } from "../../synth-json";
import { evaluate } from "../policy/fixtures";

const STREAM_KEY = "arn:aws:kms:eu-west-1:123456789012:key/stream-key";
const BUCKET_KEY = "arn:aws:kms:eu-west-1:123456789012:key/bucket-key";
const BASE: IotKinesisTopicRuleProps = {
  ruleName: "acme_prod_telemetry",
  sql: "SELECT *, topic(2) AS device_id FROM 'devices/+/telemetry'",
  stream: { streamName: "acme-prod-telemetry", streamArn: "arn:aws:kinesis:eu-west-1:123456789012:stream/acme-prod-telemetry" },
  errorBucket: { bucketName: "acme-prod-landing", bucketArn: "arn:aws:s3:::acme-prod-landing" },
  errorPrefix: "iot-errors/",
  keyArns: [STREAM_KEY, BUCKET_KEY],
  roleName: "acme-prod-iot-telemetry",
};

function build(props: Partial<IotKinesisTopicRuleProps> = {}): { s: SynthesizedStack; raw: string } {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new IotKinesisTopicRule(stack, "Telemetry", { ...BASE, ...props });
  return { s: synthesize(stack), raw: Testing.synth(stack) };
}

function statements(policy: unknown): JsonStatement[] {
  return (JSON.parse(policy as string) as { Statement: JsonStatement[] }).Statement;
}

describe("IotKinesisTopicRule", () => {
  const { s, raw } = build();
  const rule = s.resource("aws_iot_topic_rule", "/Telemetry/Rule").block;
  const roleArn = s.ref("aws_iam_role", "/Telemetry/Role", "arn");

  it("escapes the IoT substitution templates as $${...} in the synthesized JSON, so Terraform passes them to AWS", () => {
    expect(raw).toContain('"partition_key": "$${newuuid()}"');
    expect(raw).toContain('"key": "iot-errors/$${topic()}/$${timestamp()}-$${newuuid()}.json"');
    expect(raw).not.toMatch(/[^$]\$\{(newuuid|topic|timestamp)\(\)\}/);
  });

  it("puts the selected messages into the one stream, with the current SQL version, enabled", () => {
    expect(rule).toMatchObject({
      name: "acme_prod_telemetry",
      enabled: true,
      sql: BASE.sql,
      sql_version: "2016-03-23",
      kinesis: [{ stream_name: "acme-prod-telemetry", partition_key: "$${newuuid()}", role_arn: roleArn }],
    });
  });

  it("writes undeliverable messages under the error prefix of the landing bucket, with the same role", () => {
    expect(rule.error_action).toEqual({
      s3: { bucket_name: "acme-prod-landing", key: "iot-errors/$${topic()}/$${timestamp()}-$${newuuid()}.json", role_arn: roleArn },
    });
  });

  it("trusts only AWS IoT, for this account and this rule's ARN", () => {
    const trust = statements(s.resource("aws_iam_role", "/Telemetry/Role").block.assume_role_policy);
    const account = `\${data.aws_caller_identity.${s.dataSource("aws_caller_identity", "/Telemetry/CallerIdentity").name}.account_id}`;
    const partition = `\${data.aws_partition.${s.dataSource("aws_partition", "/Telemetry/Partition").name}.partition}`;
    const region = `\${data.aws_region.${s.dataSource("aws_region", "/Telemetry/Region").name}.region}`;
    expect(trust).toEqual([
      {
        Sid: "IotRuleAssumesRole",
        Effect: "Allow",
        Principal: { Service: "iot.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": account },
          ArnLike: { "aws:SourceArn": `arn:${partition}:iot:${region}:${account}:rule/acme_prod_telemetry` },
        },
      },
    ]);
  });

  it("lets the role put records only into the stream, objects only under the prefix, and data keys only under the keys, through Kinesis or S3", () => {
    const policy = s.resource("aws_iam_role_policy", "/Telemetry/Policy").block;
    expect(policy.role).toBe(s.ref("aws_iam_role", "/Telemetry/Role", "id"));
    const region = `\${data.aws_region.${Object.keys(s.json.data?.aws_region ?? {})[0]}.region}`;
    expect(statements(policy.policy)).toEqual([
      { Sid: "PutRecordIntoStream", Effect: "Allow", Action: "kinesis:PutRecord", Resource: BASE.stream.streamArn },
      { Sid: "WriteErrorObjects", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::acme-prod-landing/iot-errors/*" },
      {
        Sid: "GenerateDataKeys",
        Effect: "Allow",
        Action: "kms:GenerateDataKey",
        Resource: [STREAM_KEY, BUCKET_KEY],
        Condition: { StringEquals: { "kms:ViaService": [`kinesis.${region}.amazonaws.com`, `s3.${region}.amazonaws.com`] } },
      },
    ]);
  });

  it("creates the rule only after its role holds its permissions", () => {
    expect(rule.depends_on).toEqual([`aws_iam_role_policy.${s.resource("aws_iam_role_policy", "/Telemetry/Policy").name}`]);
  });

  it("escapes a custom partition key and takes a legacy SQL version", () => {
    const custom = build({ partitionKey: "${topic(2)}", sqlVersion: "2015-10-08" }).s.resource("aws_iot_topic_rule", "/Telemetry/Rule").block;
    expect(custom).toMatchObject({ sql_version: "2015-10-08", kinesis: [expect.objectContaining({ partition_key: "$${topic(2)}" })] });
  });

  it("still escapes the key templates when the error prefix is a reference", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const prefix = new TerraformVariable(stack, "prefix", { type: "string" }).stringValue;
    new IotKinesisTopicRule(stack, "Telemetry", { ...BASE, errorPrefix: prefix });
    const key = (synthesize(stack).resource("aws_iot_topic_rule", "/Telemetry/Rule").block.error_action as { s3: { key: string } }).s3.key;
    expect(key).toBe("${var.prefix}$${topic()}/$${timestamp()}-$${newuuid()}.json");
  });

  it("wires a KinesisDataStream construct by reference", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const stream = new KinesisDataStream(stack, "Stream", { streamName: "acme-prod-telemetry", kmsKeyArn: STREAM_KEY });
    new IotKinesisTopicRule(stack, "Telemetry", { ...BASE, stream });
    const synth = synthesize(stack);
    expect(synth.resource("aws_iot_topic_rule", "/Telemetry/Rule").block.kinesis).toEqual([
      expect.objectContaining({ stream_name: synth.ref("aws_kinesis_stream", "/Stream/Stream", "name") }),
    ]);
    expect(statements(synth.resource("aws_iam_role_policy", "/Telemetry/Policy").block.policy)[0].Resource).toBe(
      synth.ref("aws_kinesis_stream", "/Stream/Stream", "arn"),
    );
  });

  it("passes the guardrails", () => {
    const results = evaluate((stack) => new IotKinesisTopicRule(stack, "Telemetry", BASE)).filter((r) => r.path.startsWith("fixture/Telemetry"));
    expect(results.filter((r) => r.status !== "pass")).toEqual([]);
    expect(results.map((r) => r.ruleId)).toEqual(expect.arrayContaining(["IAM-NO-WILDCARD", "IAM-EXTERNAL-ID", "IAM-NO-INLINE-ADMIN"]));
  });

  it("refuses a hyphenated rule name, a bad prefix, a pre-escaped key, an unknown SQL version, no keys and a long role name", () => {
    expect(() =>
      build({
        ruleName: "acme-prod-telemetry",
        sqlVersion: "2020-01-01",
        partitionKey: "$${newuuid()}",
        errorPrefix: "iot-errors",
        keyArns: [],
        roleName: "r".repeat(65),
      }),
    ).toThrow(
      /ruleName: "acme-prod-telemetry" must be 1-128 letters, digits and underscores.*\n.*sqlVersion: "2020-01-01".*\n.*partitionKey: .*\n.*errorPrefix: "iot-errors" must be a key prefix that ends with "\/".*\n.*keyArns: none given.*\n.*roleName: /,
    );
  });

  it("refuses a prefix with a wildcard or template and an AWS-managed key", () => {
    expect(() => build({ errorPrefix: "iot-*/", keyArns: ["arn:aws:kms:eu-west-1:123456789012:alias/aws/s3"] })).toThrow(
      /errorPrefix: "iot-\*\/" contains a wildcard.*\n.*keyArns\[0\]: .*AWS-managed/,
    );
  });
});

describe("escapeTerraformTemplate", () => {
  it("doubles the sigil of ${ and %{ sequences and leaves other text alone", () => {
    expect(escapeTerraformTemplate("a/${topic()}/%{if x}/$5")).toBe("a/$${topic()}/%%{if x}/$5");
  });
});
