import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { TerraformStack, Testing } from "cdktf";
import {
  KINESIS_ENCRYPTION_CONTEXT_KEY,
  KinesisDataStream,
  kinesisReadStatements,
  kinesisWriteStatements,
  type KinesisDataStreamProps,
} from "../../../modules/aws/kinesis-data-stream";
import { renderPolicy, type PolicyStatement } from "../../../modules/aws/policy-document";
import type { JsonStatement } from "../../iam-json";
import { synthesize } from "../../synth-json";
import { evaluate } from "../policy/fixtures";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1111-2222";
const STREAM_ARN = "arn:aws:kinesis:eu-west-1:123456789012:stream/acme-prod-telemetry";
const BASE: KinesisDataStreamProps = { streamName: "acme-prod-telemetry", kmsKeyArn: KEY };

function build(props: Partial<KinesisDataStreamProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const stream = new KinesisDataStream(stack, "Telemetry", { ...BASE, ...props });
  return { stream, s: synthesize(stack) };
}

/** Every action and resource of the statements, for wildcard checks. */
function flatten(statements: PolicyStatement[]): { actions: string[]; resources: string[] } {
  return { actions: statements.flatMap((s) => s.actions), resources: statements.flatMap((s) => s.resources ?? []) };
}

describe("KinesisDataStream", () => {
  it("encrypts the stream with the given customer key, on demand, 24 hours, protected from destroy", () => {
    const { s } = build();
    const block = s.resource("aws_kinesis_stream", "/Telemetry/Stream").block;
    expect(block).toMatchObject({
      name: "acme-prod-telemetry",
      encryption_type: "KMS",
      kms_key_id: KEY,
      stream_mode_details: { stream_mode: "ON_DEMAND" },
      retention_period: 24,
      lifecycle: { prevent_destroy: true },
    });
    expect(block.shard_count).toBeUndefined();
  });

  it("sets the shard count and retention of a provisioned stream, and drops protection only when asked", () => {
    const { s } = build({ capacityMode: "PROVISIONED", shardCount: 4, retentionHours: 168, protect: false, tags: { Owner: "data" } });
    expect(s.resource("aws_kinesis_stream", "/Telemetry/Stream").block).toMatchObject({
      stream_mode_details: { stream_mode: "PROVISIONED" },
      shard_count: 4,
      retention_period: 168,
      lifecycle: { prevent_destroy: false },
      tags: { Owner: "data" },
    });
  });

  it("grants readers the stream by its ARN reference, its consumers under it, and its own key", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const stream = new KinesisDataStream(stack, "Telemetry", BASE);
    new IamRolePolicy(stack, "Reader", { role: "reader", policy: renderPolicy(stream.readStatements()) });
    const s = synthesize(stack);
    const arn = s.ref("aws_kinesis_stream", "/Telemetry/Stream", "arn");
    const policy = JSON.parse(s.resource("aws_iam_role_policy", "/Reader").block.policy as string) as { Statement: JsonStatement[] };
    expect(policy.Statement.map((st) => st.Resource)).toEqual([arn, `${arn}/consumer/*`, KEY]);
  });

  it("passes the guardrails: KMS with our key, prevent_destroy, and readable least-privilege policies", () => {
    const results = evaluate((stack) => {
      const stream = new KinesisDataStream(stack, "Telemetry", BASE);
      new IamRolePolicy(stack, "Reader", { role: "reader", policy: renderPolicy(stream.readStatements()) });
      new IamRolePolicy(stack, "Writer", { role: "writer", policy: renderPolicy(stream.writeStatements()) });
    });
    const ours = results.filter(
      (r) => r.path.startsWith("fixture/Telemetry") || r.path.startsWith("fixture/Reader") || r.path.startsWith("fixture/Writer"),
    );
    expect(ours.filter((r) => r.status !== "pass")).toEqual([]);
    expect(ours.map((r) => r.ruleId)).toEqual(
      expect.arrayContaining(["KINESIS-ENCRYPTION", "DATA-PREVENT-DESTROY", "IAM-NO-WILDCARD", "IAM-NO-INLINE-ADMIN"]),
    );
  });

  it("refuses a bad name, an AWS-managed key, a shard count on demand, and a retention out of range, naming each prop", () => {
    expect(() => build({ streamName: "bad name", kmsKeyArn: "alias/aws/kinesis", shardCount: 2, retentionHours: 12 })).toThrow(
      /streamName: "bad name".*\n.*kmsKeyArn: "alias\/aws\/kinesis" is an AWS-managed key.*\n.*shardCount: 2 given with capacityMode ON_DEMAND.*\n.*retentionHours: 12/,
    );
  });

  it("requires a shard count for a provisioned stream and refuses retention beyond 8760 hours", () => {
    expect(() => build({ capacityMode: "PROVISIONED", retentionHours: 9000 })).toThrow(
      /shardCount: required with capacityMode PROVISIONED.*\n.*retentionHours: 9000/,
    );
    expect(() => build({ capacityMode: "PROVISIONED", shardCount: 0 })).toThrow(/shardCount: 0 is not allowed/);
  });
});

describe("kinesisReadStatements", () => {
  const statements = kinesisReadStatements([STREAM_ARN], [KEY]);

  it("covers what the Databricks Kinesis source calls, polling and enhanced fan-out, on the stream and its consumers only", () => {
    expect(statements).toEqual([
      {
        sid: "KinesisReadStreams",
        effect: "Allow",
        actions: [
          "kinesis:DescribeStream",
          "kinesis:DescribeStreamSummary",
          "kinesis:ListShards",
          "kinesis:GetShardIterator",
          "kinesis:GetRecords",
          "kinesis:RegisterStreamConsumer",
          "kinesis:ListStreamConsumers",
        ],
        resources: [STREAM_ARN],
      },
      {
        sid: "KinesisReadEnhancedFanOut",
        effect: "Allow",
        actions: ["kinesis:SubscribeToShard", "kinesis:DescribeStreamConsumer", "kinesis:DeregisterStreamConsumer"],
        resources: [`${STREAM_ARN}/consumer/*`],
      },
      {
        sid: "KinesisDecryptRecords",
        effect: "Allow",
        actions: ["kms:Decrypt"],
        resources: [KEY],
        conditions: { StringEquals: { [KINESIS_ENCRYPTION_CONTEXT_KEY]: [STREAM_ARN] } },
      },
    ]);
  });

  it("names no wildcard action and no wildcard resource", () => {
    const { actions, resources } = flatten(statements);
    expect(actions.filter((a) => a.includes("*"))).toEqual([]);
    expect(resources).not.toContain("*");
    expect(resources.every((r) => r.startsWith(STREAM_ARN) || r === KEY)).toBe(true);
  });

  it("refuses empty lists, a non-stream ARN and an AWS-managed key", () => {
    expect(() => kinesisReadStatements([], [])).toThrow(/kinesisReadStatements: streamArns: none given.*\n.*keyArns: none given/);
    expect(() => kinesisReadStatements(["*"], ["alias/aws/kinesis"])).toThrow(
      /streamArns\[0\]: "\*" is not a stream ARN.*\n.*keyArns\[0\]: .*AWS-managed/,
    );
  });
});

describe("kinesisWriteStatements", () => {
  it("allows PutRecord and PutRecords on the streams and GenerateDataKey on the keys, nothing else", () => {
    expect(kinesisWriteStatements([STREAM_ARN], [KEY, KEY])).toEqual([
      { sid: "KinesisWriteRecords", effect: "Allow", actions: ["kinesis:PutRecord", "kinesis:PutRecords"], resources: [STREAM_ARN] },
      {
        sid: "KinesisEncryptRecords",
        effect: "Allow",
        actions: ["kms:GenerateDataKey"],
        resources: [KEY],
        conditions: { StringEquals: { [KINESIS_ENCRYPTION_CONTEXT_KEY]: [STREAM_ARN] } },
      },
    ]);
  });
});
