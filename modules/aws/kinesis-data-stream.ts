/**
 * An Amazon Kinesis data stream encrypted with one of our KMS keys, and the IAM statements its consumers and
 * producers need.
 */
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { keyArnProblems } from "./kms-key";
import type { PolicyStatement } from "./policy-document";
import { throwIfInvalidInput, throwIfInvalidProps } from "../core/validation";

/** How a stream is billed and scaled: on demand (AWS scales the shards) or with a fixed shard count. */
export type KinesisCapacityMode = "ON_DEMAND" | "PROVISIONED";

/** Shortest retention Kinesis allows, in hours (the default). */
export const KINESIS_MIN_RETENTION_HOURS = 24;

/** Longest retention Kinesis allows, in hours (365 days). */
export const KINESIS_MAX_RETENTION_HOURS = 8760;

/**
 * What a consumer calls on the stream itself. Polling reads (Databricks: "the Kinesis source requires ListShards,
 * GetRecords, and GetShardIterator"), stream metadata, and the two enhanced fan-out calls whose resource is the
 * stream (RegisterStreamConsumer, ListStreamConsumers).
 * @see https://docs.databricks.com/structured-streaming/kinesis.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonkinesisdatastreams.html
 */
export const KINESIS_STREAM_READ_ACTIONS: readonly string[] = [
  "kinesis:DescribeStream",
  "kinesis:DescribeStreamSummary",
  "kinesis:ListShards",
  "kinesis:GetShardIterator",
  "kinesis:GetRecords",
  "kinesis:RegisterStreamConsumer",
  "kinesis:ListStreamConsumers",
];

/**
 * Enhanced fan-out calls whose resource is a registered consumer, `<stream ARN>/consumer/<name>:<timestamp>`
 * (Databricks registers `databricks_`-prefixed consumers when `consumerMode` is `efo`).
 * @see https://docs.databricks.com/structured-streaming/kinesis-enhanced-fan-out.html
 * @see https://docs.aws.amazon.com/streams/latest/dev/kcl-iam-permissions.html
 */
export const KINESIS_CONSUMER_READ_ACTIONS: readonly string[] = [
  "kinesis:SubscribeToShard",
  "kinesis:DescribeStreamConsumer",
  "kinesis:DeregisterStreamConsumer",
];

/** What a producer calls: the two write APIs, nothing else (AWS's producer example for KMS-encrypted streams). */
export const KINESIS_WRITE_ACTIONS: readonly string[] = ["kinesis:PutRecord", "kinesis:PutRecords"];

/**
 * Kinesis passes the stream ARN as encryption context on every KMS call it makes for a stream, so key use can be
 * limited to the given streams.
 * @see https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html
 */
export const KINESIS_ENCRYPTION_CONTEXT_KEY = "kms:EncryptionContext:aws:kinesis:arn";

/** Properties of {@link KinesisDataStream}. */
export interface KinesisDataStreamProps {
  /** Stream name: 1 to 128 letters, digits, `_`, `.` and `-`, unique in the account and region. */
  readonly streamName: string;
  /** ARN of the customer-managed KMS key that encrypts the records (never the AWS-managed `alias/aws/kinesis`). */
  readonly kmsKeyArn: string;
  /**
   * On demand (AWS scales the shards, billed per GB) or provisioned (a fixed `shardCount`, billed per shard hour).
   * @default "ON_DEMAND"
   */
  readonly capacityMode?: KinesisCapacityMode;
  /**
   * Number of shards; required with capacity mode PROVISIONED and not allowed with ON_DEMAND.
   * @default - none (on demand)
   */
  readonly shardCount?: number;
  /**
   * How long records stay readable, 24 to 8760 hours. Retention beyond 24 hours costs extra.
   * @default 24
   */
  readonly retentionHours?: number;
  /**
   * Sets Terraform `prevent_destroy` on the stream (records not yet read are lost with it).
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Tags on the stream, on top of the provider's `default_tags`.
   * @default - none beyond the provider's default_tags
   */
  readonly tags?: Record<string, string>;
}

/**
 * A Kinesis data stream, server-side encrypted with a customer-managed KMS key.
 *
 * The stream uses `encryption_type = "KMS"` with the given key ARN, on-demand capacity unless a shard count is
 * configured, 24 hours of retention unless more is asked for, and `prevent_destroy`. Consumers and producers get
 * their permissions from {@link kinesisReadStatements} and {@link kinesisWriteStatements} (or the methods of the same
 * name): every KMS-encrypted stream also needs `kms:Decrypt` (readers) or `kms:GenerateDataKey` (writers) on its key.
 *
 * @see https://docs.aws.amazon.com/streams/latest/dev/what-is-sse.html
 * @example
 * const stream = new KinesisDataStream(this, "Telemetry", { streamName: "acme-prod-telemetry", kmsKeyArn: dataKey.keyArn });
 * const statements = stream.readStatements();
 */
export class KinesisDataStream extends Construct {
  /** The `aws_kinesis_stream` resource. */
  public readonly stream: KinesisStream;
  /** The stream's name. */
  public readonly streamName: string;
  /** The stream's ARN, `arn:<partition>:kinesis:<region>:<account>:stream/<name>`. */
  public readonly streamArn: string;
  /** ARN of the key that encrypts the stream. */
  public readonly kmsKeyArn: string;

  constructor(scope: Construct, id: string, props: KinesisDataStreamProps) {
    super(scope, id);
    throwIfInvalidProps(this, streamPropsProblems(props));
    const mode = props.capacityMode ?? "ON_DEMAND";
    this.kmsKeyArn = props.kmsKeyArn;
    this.stream = new KinesisStream(this, "Stream", {
      name: props.streamName,
      encryptionType: "KMS",
      kmsKeyId: props.kmsKeyArn,
      streamModeDetails: { streamMode: mode },
      // The provider refuses shard_count for on-demand streams; it is only sent for provisioned ones.
      shardCount: mode === "PROVISIONED" ? props.shardCount : undefined,
      retentionPeriod: props.retentionHours ?? KINESIS_MIN_RETENTION_HOURS,
      tags: props.tags,
      lifecycle: { preventDestroy: props.protect ?? true },
    });
    this.streamName = this.stream.name;
    this.streamArn = this.stream.arn;
  }

  /** What a consumer of this stream needs (see {@link kinesisReadStatements}). */
  public readStatements(): PolicyStatement[] {
    return kinesisReadStatements([this.streamArn], [this.kmsKeyArn]);
  }

  /** What a producer into this stream needs (see {@link kinesisWriteStatements}). */
  public writeStatements(): PolicyStatement[] {
    return kinesisWriteStatements([this.streamArn], [this.kmsKeyArn]);
  }
}

/**
 * The statements a consumer of the given streams needs, for polling and for enhanced fan-out reads (the Databricks
 * Kinesis source uses both, per `consumerMode`): the stream actions on the stream ARNs, the consumer actions on
 * `<stream ARN>/consumer/*`, and `kms:Decrypt` on the keys, limited by encryption context to these streams.
 *
 * @param streamArns ARNs of the streams, `arn:<partition>:kinesis:<region>:<account>:stream/<name>`.
 * @param keyArns ARNs of the KMS keys that encrypt them.
 */
export function kinesisReadStatements(streamArns: readonly string[], keyArns: readonly string[]): PolicyStatement[] {
  throwIfInvalidInput("kinesisReadStatements", arnListProblems(streamArns, keyArns));
  return [
    { sid: "KinesisReadStreams", effect: "Allow", actions: [...KINESIS_STREAM_READ_ACTIONS], resources: [...streamArns] },
    {
      sid: "KinesisReadEnhancedFanOut",
      effect: "Allow",
      actions: [...KINESIS_CONSUMER_READ_ACTIONS],
      resources: streamArns.map((arn) => `${arn}/consumer/*`),
    },
    keyStatement("KinesisDecryptRecords", "kms:Decrypt", streamArns, keyArns),
  ];
}

/**
 * The statements a producer into the given streams needs: PutRecord and PutRecords on the stream ARNs and
 * `kms:GenerateDataKey` on the keys, limited by encryption context to these streams.
 *
 * @param streamArns ARNs of the streams.
 * @param keyArns ARNs of the KMS keys that encrypt them.
 */
export function kinesisWriteStatements(streamArns: readonly string[], keyArns: readonly string[]): PolicyStatement[] {
  throwIfInvalidInput("kinesisWriteStatements", arnListProblems(streamArns, keyArns));
  return [
    { sid: "KinesisWriteRecords", effect: "Allow", actions: [...KINESIS_WRITE_ACTIONS], resources: [...streamArns] },
    keyStatement("KinesisEncryptRecords", "kms:GenerateDataKey", streamArns, keyArns),
  ];
}

function keyStatement(sid: string, action: string, streamArns: readonly string[], keyArns: readonly string[]): PolicyStatement {
  return {
    sid,
    effect: "Allow",
    actions: [action],
    resources: [...new Set(keyArns)],
    conditions: { StringEquals: { [KINESIS_ENCRYPTION_CONTEXT_KEY]: [...streamArns] } },
  };
}

function arnListProblems(streamArns: readonly string[], keyArns: readonly string[]): string[] {
  const problems: string[] = [];
  if (streamArns.length === 0) problems.push("streamArns: none given; name the streams by ARN");
  if (keyArns.length === 0) problems.push("keyArns: none given; a KMS-encrypted stream is unreadable without its key");
  streamArns.forEach((arn, i) => {
    if (!Token.isUnresolved(arn) && !/^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[A-Za-z0-9_.-]+$/.test(arn)) {
      problems.push(`streamArns[${i}]: "${arn}" is not a stream ARN; use arn:<partition>:kinesis:<region>:<account>:stream/<name>`);
    }
  });
  keyArns.forEach((arn, i) => problems.push(...keyArnProblems(`keyArns[${i}]`, arn)));
  return problems;
}

function streamPropsProblems(props: KinesisDataStreamProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.streamName) && !/^[A-Za-z0-9_.-]{1,128}$/.test(props.streamName)) {
    problems.push(`streamName: "${props.streamName}" must be 1-128 letters, digits, "_", "." and "-"`);
  }
  problems.push(...keyArnProblems("kmsKeyArn", props.kmsKeyArn));
  const mode = props.capacityMode ?? "ON_DEMAND";
  if (mode !== "ON_DEMAND" && mode !== "PROVISIONED") {
    problems.push(`capacityMode: "${String(mode)}" is not allowed; use ON_DEMAND or PROVISIONED`);
  }
  problems.push(...shardCountProblems(mode, props.shardCount));
  const hours = props.retentionHours;
  if (hours !== undefined && (!Number.isInteger(hours) || hours < KINESIS_MIN_RETENTION_HOURS || hours > KINESIS_MAX_RETENTION_HOURS)) {
    problems.push(
      `retentionHours: ${hours} is not allowed; use a whole number of hours from ${KINESIS_MIN_RETENTION_HOURS} to ${KINESIS_MAX_RETENTION_HOURS}`,
    );
  }
  return problems;
}

function shardCountProblems(mode: KinesisCapacityMode, shardCount: number | undefined): string[] {
  if (mode === "ON_DEMAND") {
    return shardCount === undefined ? [] : [`shardCount: ${shardCount} given with capacityMode ON_DEMAND; remove it or use PROVISIONED`];
  }
  if (shardCount === undefined) return ["shardCount: required with capacityMode PROVISIONED"];
  return Number.isInteger(shardCount) && shardCount >= 1 ? [] : [`shardCount: ${shardCount} is not allowed; use a whole number of at least 1`];
}
