import { IotTopicRule, IotTopicRuleConfig } from "@cdktf/provider-aws/lib/iot-topic-rule";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { MskCluster, MskClusterClientAuthentication, MskClusterConfig, MskClusterEncryptionInfo } from "@cdktf/provider-aws/lib/msk-cluster";
import { MskServerlessCluster } from "@cdktf/provider-aws/lib/msk-serverless-cluster";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { IResolvable, TerraformStack, TerraformVariable } from "cdktf";
import { describeRule } from "../fixtures";

const S3_DESTINATION = { bucketArn: "arn:aws:s3:::lakehouse-landing", roleArn: "arn:aws:iam::111122223333:role/firehose" };

function key(stack: TerraformStack): KmsKey {
  return new KmsKey(stack, "key", { enableKeyRotation: true });
}

const BROKERS = { clientSubnets: ["subnet-a", "subnet-b"], instanceType: "kafka.m5.large", securityGroups: ["sg-1"] };

function msk(stack: TerraformStack, encryptionInfo?: MskClusterEncryptionInfo, config: Partial<MskClusterConfig> = {}): MskCluster {
  return new MskCluster(stack, "kafka", {
    clusterName: "events",
    kafkaVersion: "3.6.0",
    numberOfBrokerNodes: 2,
    brokerNodeGroupInfo: BROKERS,
    ...(encryptionInfo ? { encryptionInfo } : {}),
    ...config,
  });
}

/** A provisioned cluster with the given client authentication (none when undefined). */
function kafkaWithAuth(
  stack: TerraformStack,
  clientAuthentication?: MskClusterClientAuthentication,
  config: Partial<MskClusterConfig> = {},
): MskCluster {
  return msk(stack, undefined, { ...(clientAuthentication ? { clientAuthentication } : {}), ...config });
}

function serverlessKafka(stack: TerraformStack, enabled: boolean | IResolvable): MskServerlessCluster {
  return new MskServerlessCluster(stack, "kafka-serverless", {
    clusterName: "events",
    vpcConfig: [{ subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-1"] }],
    clientAuthentication: { sasl: { iam: { enabled } } },
  });
}

const KINESIS_ACTION = { streamName: "iot", roleArn: "arn:aws:iam::111122223333:role/iot-rule", partitionKey: "${topic()}" };

function topicRule(stack: TerraformStack, config: Partial<IotTopicRuleConfig> = {}): IotTopicRule {
  return new IotTopicRule(stack, "rule", {
    name: "telemetry",
    enabled: true,
    sql: "SELECT * FROM 'devices/+/telemetry'",
    sqlVersion: "2016-03-23",
    kinesis: [KINESIS_ACTION],
    ...config,
  });
}

describeRule({
  rule: "KINESIS-ENCRYPTION",
  passes: [
    {
      name: "a stream encrypted with a key of the stack",
      build: (s) => void new KinesisStream(s, "stream", { name: "iot", encryptionType: "KMS", kmsKeyId: key(s).arn }),
    },
    {
      name: "a Firehose stream with a customer-managed key",
      build: (s) =>
        void new KinesisFirehoseDeliveryStream(s, "firehose", {
          name: "iot-to-s3",
          destination: "extended_s3",
          extendedS3Configuration: S3_DESTINATION,
          serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: key(s).arn },
        }),
    },
  ],
  fails: [
    {
      name: "an unencrypted stream",
      build: (s) => void new KinesisStream(s, "stream", { name: "iot" }),
      message: /encryption_type is not set, not KMS/,
    },
    {
      name: "a stream using the AWS-managed key",
      build: (s) => void new KinesisStream(s, "stream", { name: "iot", encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" }),
      message: /kms_key_id is the AWS-managed key alias\/aws\/kinesis/,
    },
    {
      name: "a Firehose stream without server-side encryption",
      build: (s) =>
        void new KinesisFirehoseDeliveryStream(s, "firehose", {
          name: "iot-to-s3",
          destination: "extended_s3",
          extendedS3Configuration: S3_DESTINATION,
        }),
      message: /server_side_encryption is not enabled/,
    },
  ],
  skips: [
    {
      name: "a Firehose stream reading from a Kinesis stream (it inherits the source's encryption)",
      build: (s) =>
        void new KinesisFirehoseDeliveryStream(s, "firehose", {
          name: "iot-to-s3",
          destination: "extended_s3",
          extendedS3Configuration: S3_DESTINATION,
          kinesisSourceConfiguration: { kinesisStreamArn: "arn:aws:kinesis:us-east-1:111122223333:stream/iot", roleArn: S3_DESTINATION.roleArn },
        }),
    },
  ],
});

describeRule({
  rule: "MSK-ENCRYPTION",
  passes: [
    {
      name: "a cluster with our key at rest and TLS in transit",
      build: (s) => void msk(s, { encryptionAtRestKmsKeyArn: key(s).arn, encryptionInTransit: { clientBroker: "TLS", inCluster: true } }),
    },
  ],
  fails: [
    {
      name: "a cluster without encryption_info",
      build: (s) => void msk(s),
      message: /encryption_info is not set, so data at rest uses the AWS-managed key/,
    },
    {
      name: "a cluster with plaintext client traffic",
      build: (s) => void msk(s, { encryptionAtRestKmsKeyArn: key(s).arn, encryptionInTransit: { clientBroker: "TLS_PLAINTEXT" } }),
      message: /client_broker is "TLS_PLAINTEXT", not TLS/,
    },
  ],
});

describeRule({
  rule: "SQS-ENCRYPTION",
  passes: [
    { name: "a queue with our key", build: (s) => void new SqsQueue(s, "queue", { name: "file-events", kmsMasterKeyId: key(s).arn }) },
    { name: "a queue with SSE-SQS", build: (s) => void new SqsQueue(s, "queue", { name: "file-events", sqsManagedSseEnabled: true }) },
  ],
  fails: [
    {
      name: "a queue with no encryption setting",
      build: (s) => void new SqsQueue(s, "queue", { name: "file-events" }),
      message: /neither kms_master_key_id nor sqs_managed_sse_enabled is set/,
    },
  ],
});

describeRule({
  rule: "SNS-ENCRYPTION",
  passes: [{ name: "a topic with our key", build: (s) => void new SnsTopic(s, "topic", { name: "alerts", kmsMasterKeyId: key(s).arn }) }],
  fails: [{ name: "an unencrypted topic", build: (s) => void new SnsTopic(s, "topic", { name: "alerts" }), message: /kms_master_key_id is not set/ }],
});

describeRule({
  rule: "MSK-IAM-AUTH",
  passes: [
    {
      name: "a provisioned cluster with IAM authentication only",
      build: (s) => void kafkaWithAuth(s, { sasl: { iam: true }, unauthenticated: false }),
    },
    {
      name: "a provisioned cluster with IAM beside mutual TLS",
      build: (s) =>
        void kafkaWithAuth(s, {
          sasl: { iam: true },
          tls: { certificateAuthorityArns: ["arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/ca"] },
        }),
    },
    { name: "a serverless cluster with IAM enabled", build: (s) => void serverlessKafka(s, true) },
  ],
  fails: [
    {
      name: "a provisioned cluster without client_authentication",
      build: (s) => void kafkaWithAuth(s),
      message: /^client_authentication is not set, so the cluster admits unauthenticated clients$/,
    },
    {
      name: "a provisioned cluster with SCRAM instead of IAM",
      build: (s) => void kafkaWithAuth(s, { sasl: { scram: true } }),
      message:
        /^client_authentication\.sasl\.iam is not set, not true; client_authentication\.sasl\.scram is true, so SCRAM users sign in with passwords outside IAM$/,
    },
    {
      name: "a provisioned cluster that also admits unauthenticated clients",
      build: (s) => void kafkaWithAuth(s, { sasl: { iam: true }, unauthenticated: true }),
      message: /^client_authentication\.unauthenticated is true, so clients connect without credentials$/,
    },
    {
      name: "a provisioned cluster whose multi-VPC connectivity allows SCRAM",
      build: (s) =>
        void kafkaWithAuth(
          s,
          { sasl: { iam: true } },
          {
            brokerNodeGroupInfo: {
              ...BROKERS,
              connectivityInfo: { vpcConnectivity: { clientAuthentication: { sasl: { iam: true, scram: true } } } },
            },
          },
        ),
      message: /^vpc_connectivity\.client_authentication\.sasl\.scram is true, so SCRAM users sign in with passwords outside IAM$/,
    },
    {
      name: "a provisioned cluster whose IAM flag comes from a variable",
      build: (s) => void kafkaWithAuth(s, { sasl: { iam: new TerraformVariable(s, "iam", { type: "bool" }).value } }),
      message: /^client_authentication\.sasl\.iam is "\$\{var\.iam\}", which cannot be resolved at synth$/,
    },
    {
      name: "a serverless cluster with IAM disabled",
      build: (s) => void serverlessKafka(s, false),
      message: /^client_authentication\.sasl\.iam\.enabled is false, not true$/,
    },
    {
      name: "a serverless cluster whose IAM flag comes from a variable",
      build: (s) => void serverlessKafka(s, new TerraformVariable(s, "iam", { type: "bool" }).value),
      message: /^client_authentication\.sasl\.iam\.enabled is "\$\{var\.iam\}", which cannot be resolved at synth$/,
    },
  ],
});

describeRule({
  rule: "IOT-RULE-ERROR-ACTION",
  passes: [
    {
      name: "a rule whose failed deliveries go to the landing bucket",
      build: (s) =>
        void topicRule(s, {
          errorAction: { s3: { bucketName: "lakehouse-landing", key: "iot-errors/${topic()}/${timestamp()}", roleArn: KINESIS_ACTION.roleArn } },
        }),
    },
  ],
  fails: [
    {
      name: "a rule without an error action",
      build: (s) => void topicRule(s),
      message: /^error_action is not set, so messages whose actions fail are dropped$/,
    },
    {
      name: "a rule with an empty error action",
      build: (s) => void topicRule(s, { errorAction: {} }),
      message: /^error_action holds no action, so messages whose actions fail are dropped$/,
    },
    {
      name: "a rule whose error action is an expression",
      build: (s) => topicRule(s).addOverride("error_action", "${var.error_action}"),
      message: /^error_action is "\$\{var\.error_action\}", which cannot be resolved at synth$/,
    },
  ],
});
