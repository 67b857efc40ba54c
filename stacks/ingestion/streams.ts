/**
 * The streams concern: Kinesis data streams (encrypted with the data key), the IoT Core rules that put device
 * messages into them (their failures land in the landing volume), and Kafka on MSK in the workspace subnets,
 * reachable only from the workspace's cluster security group.
 */
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { IotKinesisTopicRule } from "../../modules/aws/iot-kinesis-topic-rule";
import { KinesisDataStream } from "../../modules/aws/kinesis-data-stream";
import { MskKafkaCluster } from "../../modules/aws/msk-kafka-cluster";
import { landingPath, type IngestionContext } from "./context";
import { LANDING_PATHS } from "../shared/landing-paths";

/** Kinesis streams by config key. */
export function createStreams(ctx: IngestionContext): Readonly<Record<string, KinesisDataStream>> {
  const { stack } = ctx;
  const streams: Record<string, KinesisDataStream> = {};
  for (const spec of ctx.ingestion.kinesis.streams) {
    streams[spec.name] = new KinesisDataStream(stack, `Stream-${spec.name}`, {
      streamName: stack.naming.name(spec.name),
      kmsKeyArn: ctx.storage.dataKeyArn,
      capacityMode: spec.mode,
      ...(spec.shardCount === undefined ? {} : { shardCount: spec.shardCount }),
      retentionHours: spec.retentionHours,
      protect: stack.config.dataProtection,
    });
  }
  return streams;
}

/** One IoT rule per config entry, into its stream; errors under `iot-errors/` of the landing volume. */
export function createIotRules(
  ctx: IngestionContext,
  streams: Readonly<Record<string, KinesisDataStream>>,
): Readonly<Record<string, IotKinesisTopicRule>> {
  const { stack, storage } = ctx;
  const errors = landingPath(ctx.landing, LANDING_PATHS.iotErrors);
  const rules: Record<string, IotKinesisTopicRule> = {};
  for (const spec of ctx.ingestion.iot.rules) {
    const stream = streams[spec.stream];
    rules[spec.name] = new IotKinesisTopicRule(stack, `IotRule-${spec.name}`, {
      ruleName: stack.naming.name(spec.name, "unity-catalog"),
      sql: spec.sql,
      description: `Device messages into ${stream.streamName}`,
      stream,
      errorBucket: { bucketName: storage.landingBucketName, bucketArn: storage.landingBucketArn },
      errorPrefix: errors.keyPrefix,
      // The stream and the landing bucket are both encrypted with the data key.
      keyArns: [storage.dataKeyArn],
      roleName: stack.naming.iam(`iot-${spec.name.replace(/_/g, "-")}`),
    });
  }
  return rules;
}

/** Kafka on MSK in the workspace subnets, when configured; only the workspace's clusters reach its IAM port. */
export function createKafka(ctx: IngestionContext): MskKafkaCluster | undefined {
  const spec = ctx.ingestion.msk;
  if (!spec) return undefined;
  const { stack, storage } = ctx;
  const subnetCount = stack.config.network.workspaceSubnets.length;
  const common = {
    clusterName: stack.naming.name("kafka"),
    vpcId: storage.vpcId,
    subnetIds: storage.workspaceSubnetIds,
    clientSecurityGroupIds: [storage.workspaceSecurityGroupId],
    protect: stack.config.dataProtection,
  };
  const kafka =
    spec.mode === "serverless"
      ? new MskKafkaCluster(stack, "Kafka", { ...common, mode: "serverless" })
      : new MskKafkaCluster(stack, "Kafka", {
          ...common,
          mode: "provisioned",
          kmsKeyArn: storage.dataKeyArn,
          brokerInstanceType: spec.brokerInstanceType,
          brokerNodes: spec.brokersPerZone * subnetCount,
          brokerVolumeSizeGib: spec.volumeSizeGb,
        });
  // The applications that produce the events, from their own (peered) networks, on the IAM port only.
  spec.producerCidrs.forEach((cidr, i) => {
    new VpcSecurityGroupIngressRule(stack, `Kafka-Producers${i}`, {
      securityGroupId: kafka.securityGroupId,
      description: `Kafka producers (IAM auth) from ${cidr}`,
      ipProtocol: "tcp",
      fromPort: kafka.port,
      toPort: kafka.port,
      cidrIpv4: cidr,
    });
  });
  return kafka;
}
