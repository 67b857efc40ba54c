import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { MskCluster, MskClusterEncryptionInfo } from "@cdktf/provider-aws/lib/msk-cluster";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { TerraformStack } from "cdktf";
import { describeRule } from "../fixtures";

const S3_DESTINATION = { bucketArn: "arn:aws:s3:::lakehouse-landing", roleArn: "arn:aws:iam::111122223333:role/firehose" };

function key(stack: TerraformStack): KmsKey {
  return new KmsKey(stack, "key", { enableKeyRotation: true });
}

function msk(stack: TerraformStack, encryptionInfo?: MskClusterEncryptionInfo): MskCluster {
  return new MskCluster(stack, "kafka", {
    clusterName: "events",
    kafkaVersion: "3.6.0",
    numberOfBrokerNodes: 2,
    brokerNodeGroupInfo: { clientSubnets: ["subnet-a", "subnet-b"], instanceType: "kafka.m5.large", securityGroups: ["sg-1"] },
    ...(encryptionInfo ? { encryptionInfo } : {}),
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
