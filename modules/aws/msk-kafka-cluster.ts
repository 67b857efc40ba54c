/**
 * Kafka on Amazon MSK (serverless or provisioned), private, reachable only from named security groups on the IAM
 * broker port, with IAM client authentication and TLS, and the IAM statements its clients need.
 */
import { MskCluster } from "@cdktf/provider-aws/lib/msk-cluster";
import { MskServerlessCluster } from "@cdktf/provider-aws/lib/msk-serverless-cluster";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { keyArnProblems } from "./kms-key";
import { LazyAwsContext } from "./lazy-aws-context";
import type { PolicyStatement } from "./policy-document";
import { throwIfInvalidInput, throwIfInvalidProps } from "../core/validation";
import { allowClientSecurityGroup } from "./client-security-group-access";

/** Serverless (capacity managed by AWS) or provisioned (brokers you size). */
export type MskClusterMode = "serverless" | "provisioned";

/**
 * The broker port for IAM access control from within AWS (9198 is the public one, which is never opened here).
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/port-info.html
 */
export const MSK_IAM_PORT = 9098;

/**
 * Kafka version of provisioned clusters unless told otherwise: the version AWS marks "Recommended".
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/supported-kafka-versions.html
 */
export const MSK_DEFAULT_KAFKA_VERSION = "3.8.x";

/** Broker instance type of provisioned clusters unless told otherwise (Graviton, 2 vCPU, 8 GiB). */
export const MSK_DEFAULT_BROKER_INSTANCE_TYPE = "kafka.m7g.large";

/** EBS volume per broker of provisioned clusters unless told otherwise, in GiB. */
export const MSK_DEFAULT_VOLUME_SIZE_GIB = 100;

/** Largest EBS volume per broker MSK allows, in GiB. */
export const MSK_MAX_VOLUME_SIZE_GIB = 16384;

/**
 * The prefix of the consumer group ids Spark Structured Streaming generates for a Kafka source (its `groupIdPrefix`
 * option's default), which the client statements allow unless told otherwise.
 * @see https://spark.apache.org/docs/latest/structured-streaming-kafka-integration.html
 */
export const SPARK_KAFKA_GROUP_ID_PREFIX = "spark-kafka-source";

/**
 * The ARNs a Kafka client's IAM policy names for one cluster. MSK authorizes Kafka requests against
 * `arn:<partition>:kafka:<region>:<account>:{cluster,topic,group}/<cluster name>/<cluster uuid>[/<topic or group>]`.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_apachekafkaapisforamazonmskclusters.html
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/kafka-actions.html
 */
export interface MskClusterArns {
  /** `arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>`. */
  readonly clusterArn: string;
  /** `arn:<partition>:kafka:<region>:<account>:topic/<name>/<uuid>`; a topic's ARN appends `/<topic>`. */
  readonly topicArnPrefix: string;
  /** `arn:<partition>:kafka:<region>:<account>:group/<name>/<uuid>`; a group's ARN appends `/<group id>`. */
  readonly groupArnPrefix: string;
}

/** Properties of {@link MskKafkaCluster}. */
export interface MskKafkaClusterProps {
  /** Cluster name: 1 to 64 letters, digits and hyphens, starting with a letter or digit. */
  readonly clusterName: string;
  /** Serverless (AWS-managed capacity and encryption) or provisioned (sized brokers, our KMS key at rest). */
  readonly mode: MskClusterMode;
  /** The VPC of the subnets, where the cluster's security group is created. */
  readonly vpcId: string;
  /** Private subnets in distinct availability zones: two or three for provisioned clusters, at least two for serverless. */
  readonly subnetIds: string[];
  /** Security groups whose members may connect (the Databricks workspace's cluster security group). */
  readonly clientSecurityGroupIds: string[];
  /**
   * ARN of the customer-managed KMS key for data at rest. Required with mode provisioned; refused with serverless,
   * which always encrypts with a key AWS manages and takes none of ours.
   * @default - none; required with mode provisioned
   */
  readonly kmsKeyArn?: string;
  /**
   * Apache Kafka version (provisioned only).
   * @default "3.8.x"
   */
  readonly kafkaVersion?: string;
  /**
   * Broker instance type (provisioned only), a `kafka.*` standard broker type.
   * @default "kafka.m7g.large"
   */
  readonly brokerInstanceType?: string;
  /**
   * Number of brokers (provisioned only), a multiple of the number of subnets (MSK spreads them evenly over the zones).
   * @default - one per subnet
   */
  readonly brokerNodes?: number;
  /**
   * EBS volume size per broker in GiB, 1 to 16384 (provisioned only).
   * @default 100
   */
  readonly brokerVolumeSizeGib?: number;
  /**
   * CloudWatch Logs log group that receives the broker logs (provisioned only); the group must exist.
   * @default - broker logs are not delivered
   */
  readonly brokerLogGroupName?: string;
  /**
   * Whether each client security group gets an egress rule to the cluster on the IAM port (client groups may restrict
   * egress, as the Databricks workspace group does).
   * @default true
   */
  readonly addClientEgressRules?: boolean;
  /**
   * Sets Terraform `prevent_destroy` on the cluster (topics and their data go with it).
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Tags on every resource, on top of the provider's `default_tags`.
   * @default - none beyond the provider's default_tags
   */
  readonly tags?: Record<string, string>;
}

/** What a Kafka client may do on a cluster: read some topics with consumer groups under a prefix, and perhaps write them. */
export interface MskClientAccessOptions {
  /** Topic names the client reads (and writes, with `write`). */
  readonly topics: string[];
  /**
   * Prefix of the consumer group ids the client uses; the statements allow `<prefix>*`.
   * @default "spark-kafka-source" (Spark Structured Streaming's generated group ids)
   */
  readonly consumerGroupPrefix?: string;
  /**
   * Whether the client may also produce to the topics (WriteData, and WriteDataIdempotently for Kafka's default
   * idempotent producer).
   * @default false
   */
  readonly write?: boolean;
}

/** Input of {@link mskClientStatements}: the cluster's ARNs (or its ARN alone) and what the client may do. */
export interface MskClientStatementsProps extends MskClientAccessOptions {
  /** The cluster's ARN, `arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>`. */
  readonly clusterArn: string;
  /**
   * The topic ARN prefix, `arn:...:topic/<name>/<uuid>` ({@link MskKafkaCluster.topicArnPrefix}).
   * @default - derived from clusterArn (in TypeScript for a literal ARN; with Terraform's replace() for a reference,
   * which the guardrails cannot read at synth: pass the prefixes when the cluster is a construct in this app)
   */
  readonly topicArnPrefix?: string;
  /**
   * The group ARN prefix, `arn:...:group/<name>/<uuid>` ({@link MskKafkaCluster.groupArnPrefix}).
   * @default - derived from clusterArn, like topicArnPrefix
   */
  readonly groupArnPrefix?: string;
}

/**
 * A Kafka cluster on Amazon MSK that only IAM-authenticated clients from the given security groups can reach.
 *
 * Both modes sit in the given private subnets behind a security group of their own that accepts TCP 9098 (the IAM
 * broker port) from each client security group and nothing else (no egress rules: brokers answer on the clients'
 * connections); each client group gets the matching egress rule unless `addClientEgressRules` is false. IAM client
 * authentication is on, unauthenticated access off, and traffic is TLS.
 *
 * - `provisioned` (`aws_msk_cluster`): brokers of the given type over the subnets, EBS storage, data at rest
 *   encrypted with the given KMS key, TLS between clients and brokers and within the cluster, optional broker logs.
 * - `serverless` (`aws_msk_serverless_cluster`): AWS-managed capacity; MSK Serverless always uses TLS and encrypts
 *   at rest with a key AWS manages (it accepts no customer key).
 *
 * The bootstrap string for IAM clients is the cluster's `bootstrap_brokers_sasl_iam` attribute in both modes (the
 * serverless resource exports it too at provider 6.25). Clients get their permissions from
 * {@link MskKafkaCluster.clientStatements}.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/iam-access-control.html
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/serverless.html
 * @example
 * const kafka = new MskKafkaCluster(this, "Kafka", {
 *   clusterName: "acme-prod-events", mode: "provisioned", vpcId, subnetIds, clientSecurityGroupIds: [workspaceSg],
 *   kmsKeyArn: dataKey.keyArn,
 * });
 * const statements = kafka.clientStatements({ topics: ["orders"] });
 */
export class MskKafkaCluster extends Construct {
  /** The `aws_msk_cluster` or `aws_msk_serverless_cluster` resource. */
  public readonly cluster: MskCluster | MskServerlessCluster;
  /** The mode the cluster was built in. */
  public readonly mode: MskClusterMode;
  /** The cluster's ARN. */
  public readonly clusterArn: string;
  /** The cluster's name. */
  public readonly clusterName: string;
  /** The UUID MSK puts in the cluster's, topics' and groups' ARNs. */
  public readonly clusterUuid: string;
  /** Bootstrap brokers for IAM clients within AWS (`host:9098,...`). */
  public readonly bootstrapBrokersIam: string;
  /** The cluster's security group. */
  public readonly securityGroup: SecurityGroup;
  /** Id of the cluster's security group. */
  public readonly securityGroupId: string;
  /** The broker port clients connect to (IAM access control). */
  public readonly port: number = MSK_IAM_PORT;
  /** `arn:<partition>:kafka:<region>:<account>:topic/<name>/<uuid>`, built from references the guardrails can read. */
  public readonly topicArnPrefix: string;
  /** `arn:<partition>:kafka:<region>:<account>:group/<name>/<uuid>`. */
  public readonly groupArnPrefix: string;

  private readonly aws = new LazyAwsContext(this);

  constructor(scope: Construct, id: string, props: MskKafkaClusterProps) {
    super(scope, id);
    throwIfInvalidProps(this, clusterPropsProblems(props));
    this.mode = props.mode;
    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name: `${props.clusterName}-msk`,
      description: `MSK ${props.clusterName}: accepts ${MSK_IAM_PORT} (IAM) from its clients only`,
      vpcId: props.vpcId,
      tags: { ...props.tags, Name: `${props.clusterName}-msk` },
    });
    this.securityGroupId = this.securityGroup.id;
    props.clientSecurityGroupIds.forEach((client, i) => this.allowClient(client, i, props.addClientEgressRules ?? true));
    this.cluster = props.mode === "provisioned" ? this.provisioned(props) : this.serverless(props);
    this.clusterArn = this.cluster.arn;
    this.clusterName = this.cluster.clusterName;
    this.clusterUuid = this.cluster.clusterUuid;
    this.bootstrapBrokersIam = this.cluster.bootstrapBrokersSaslIam;
    const prefix = `arn:${this.aws.partition}:kafka:${this.aws.region}:${this.aws.accountId}`;
    this.topicArnPrefix = `${prefix}:topic/${props.clusterName}/${this.clusterUuid}`;
    this.groupArnPrefix = `${prefix}:group/${props.clusterName}/${this.clusterUuid}`;
  }

  /** The cluster's ARNs, for {@link mskClientStatements}. */
  public get arns(): MskClusterArns {
    return { clusterArn: this.clusterArn, topicArnPrefix: this.topicArnPrefix, groupArnPrefix: this.groupArnPrefix };
  }

  /** What a client of this cluster needs (see {@link mskClientStatements}). */
  public clientStatements(options: MskClientAccessOptions): PolicyStatement[] {
    return mskClientStatements({ ...options, ...this.arns });
  }

  private provisioned(props: MskKafkaClusterProps): MskCluster {
    return new MskCluster(this, "Cluster", {
      clusterName: props.clusterName,
      kafkaVersion: props.kafkaVersion ?? MSK_DEFAULT_KAFKA_VERSION,
      numberOfBrokerNodes: props.brokerNodes ?? props.subnetIds.length,
      brokerNodeGroupInfo: {
        instanceType: props.brokerInstanceType ?? MSK_DEFAULT_BROKER_INSTANCE_TYPE,
        clientSubnets: props.subnetIds,
        securityGroups: [this.securityGroup.id],
        storageInfo: { ebsStorageInfo: { volumeSize: props.brokerVolumeSizeGib ?? MSK_DEFAULT_VOLUME_SIZE_GIB } },
      },
      encryptionInfo: {
        encryptionAtRestKmsKeyArn: props.kmsKeyArn,
        encryptionInTransit: { clientBroker: "TLS", inCluster: true },
      },
      clientAuthentication: { sasl: { iam: true }, unauthenticated: false },
      loggingInfo: props.brokerLogGroupName ? { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: props.brokerLogGroupName } } } : undefined,
      tags: props.tags,
      lifecycle: { preventDestroy: props.protect ?? true },
    });
  }

  private serverless(props: MskKafkaClusterProps): MskServerlessCluster {
    return new MskServerlessCluster(this, "Cluster", {
      clusterName: props.clusterName,
      vpcConfig: [{ subnetIds: props.subnetIds, securityGroupIds: [this.securityGroup.id] }],
      clientAuthentication: { sasl: { iam: { enabled: true } } },
      tags: props.tags,
      lifecycle: { preventDestroy: props.protect ?? true },
    });
  }

  private allowClient(clientSecurityGroupId: string, index: number, withEgress: boolean): void {
    allowClientSecurityGroup(this, index, {
      serviceSecurityGroupId: this.securityGroup.id,
      clientSecurityGroupId,
      port: MSK_IAM_PORT,
      ingressDescription: "Kafka clients (IAM access control)",
      egressDescription: withEgress ? "To MSK brokers (IAM access control)" : undefined,
    });
  }
}

/**
 * The least-privilege statements of a Kafka client with IAM access control: Connect and DescribeCluster on the
 * cluster; DescribeTopic and ReadData on each topic; DescribeGroup and AlterGroup on the consumer groups
 * `<consumerGroupPrefix>*`; with `write`, WriteData on the topics and WriteDataIdempotently on the cluster. Every
 * action's required companions (MSK's "Required actions" column) are included.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/kafka-actions.html
 * @example
 * const statements = mskClientStatements({ ...kafka.arns, topics: ["orders"] });
 */
export function mskClientStatements(props: MskClientStatementsProps): PolicyStatement[] {
  throwIfInvalidInput("mskClientStatements", clientProblems(props));
  const topicArnPrefix = props.topicArnPrefix ?? deriveArnPrefix(props.clusterArn, "topic");
  const groupArnPrefix = props.groupArnPrefix ?? deriveArnPrefix(props.clusterArn, "group");
  const write = props.write ?? false;
  const groupPrefix = props.consumerGroupPrefix ?? SPARK_KAFKA_GROUP_ID_PREFIX;
  return [
    {
      sid: "KafkaConnect",
      effect: "Allow",
      actions: ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster", ...(write ? ["kafka-cluster:WriteDataIdempotently"] : [])],
      resources: [props.clusterArn],
    },
    {
      sid: write ? "KafkaReadWriteTopics" : "KafkaReadTopics",
      effect: "Allow",
      actions: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData", ...(write ? ["kafka-cluster:WriteData"] : [])],
      resources: props.topics.map((topic) => `${topicArnPrefix}/${topic}`),
    },
    {
      sid: "KafkaConsumerGroups",
      effect: "Allow",
      actions: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"],
      resources: [`${groupArnPrefix}/${groupPrefix}*`],
    },
  ];
}

/** `arn:...:topic/<name>/<uuid>` (or group) from `arn:...:cluster/<name>/<uuid>`. */
function deriveArnPrefix(clusterArn: string, kind: "topic" | "group"): string {
  return Token.isUnresolved(clusterArn) ? Fn.replace(clusterArn, ":cluster/", `:${kind}/`) : clusterArn.replace(":cluster/", `:${kind}/`);
}

const CLUSTER_ARN_PATTERN = /^arn:aws[a-z-]*:kafka:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9-]+\/[A-Za-z0-9-]+$/;

function clientProblems(props: MskClientStatementsProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.clusterArn) && !CLUSTER_ARN_PATTERN.test(props.clusterArn)) {
    problems.push(`clusterArn: "${props.clusterArn}" is not an MSK cluster ARN; use arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>`);
  }
  if (props.topics.length === 0) problems.push("topics: none given; name the topics the client reads");
  props.topics.forEach((topic, i) => {
    if (!Token.isUnresolved(topic) && !/^[A-Za-z0-9._-]{1,249}$/.test(topic)) {
      problems.push(`topics[${i}]: "${topic}" is not a Kafka topic name; use 1-249 letters, digits, ".", "_" and "-" (no wildcards)`);
    }
  });
  const group = props.consumerGroupPrefix;
  if (group !== undefined && !Token.isUnresolved(group) && !/^[A-Za-z0-9._-]+$/.test(group)) {
    problems.push(`consumerGroupPrefix: "${group}" must be non-empty letters, digits, ".", "_" and "-" (the statements add the "*")`);
  }
  return problems;
}

function clusterPropsProblems(props: MskKafkaClusterProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.clusterName) && !/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/.test(props.clusterName)) {
    problems.push(`clusterName: "${props.clusterName}" must be 1-64 letters, digits and hyphens, starting with a letter or digit`);
  }
  if (props.mode !== "provisioned" && props.mode !== "serverless") {
    problems.push(`mode: "${String(props.mode)}" is not allowed; use "serverless" or "provisioned"`);
  }
  if (props.clientSecurityGroupIds.length === 0) problems.push("clientSecurityGroupIds: none given; nothing could connect");
  problems.push(...(props.mode === "serverless" ? serverlessProblems(props) : provisionedProblems(props)));
  return problems;
}

function serverlessProblems(props: MskKafkaClusterProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.subnetIds) && props.subnetIds.length < 2) {
    problems.push(`subnetIds: ${props.subnetIds.length} given; MSK Serverless needs subnets in at least two availability zones`);
  }
  if (props.kmsKeyArn !== undefined) {
    problems.push("kmsKeyArn: MSK Serverless encrypts at rest with a key AWS manages and accepts none of ours; omit it or use mode provisioned");
  }
  const provisionedOnly: (keyof MskKafkaClusterProps)[] = [
    "kafkaVersion",
    "brokerInstanceType",
    "brokerNodes",
    "brokerVolumeSizeGib",
    "brokerLogGroupName",
  ];
  for (const prop of provisionedOnly) {
    if (props[prop] !== undefined) problems.push(`${prop}: applies only to mode provisioned; remove it`);
  }
  return problems;
}

function provisionedProblems(props: MskKafkaClusterProps): string[] {
  const problems: string[] = [];
  const subnets = Token.isUnresolved(props.subnetIds) ? undefined : props.subnetIds.length;
  if (subnets !== undefined && subnets !== 2 && subnets !== 3) {
    problems.push(`subnetIds: ${subnets} given; a provisioned MSK cluster takes two or three subnets in distinct availability zones`);
  }
  if (props.kmsKeyArn === undefined) {
    problems.push("kmsKeyArn: required with mode provisioned; pass one of our KMS keys for data at rest");
  } else {
    problems.push(...keyArnProblems("kmsKeyArn", props.kmsKeyArn));
  }
  const nodes = props.brokerNodes;
  if (nodes === undefined && subnets === undefined) {
    problems.push("brokerNodes: required when subnetIds is a reference (the default, one broker per subnet, needs the subnet count)");
  }
  if (nodes !== undefined && (!Number.isInteger(nodes) || nodes < 1 || (subnets !== undefined && subnets > 0 && nodes % subnets !== 0))) {
    problems.push(
      `brokerNodes: ${nodes} is not a positive multiple of the number of subnets (${subnets ?? "unknown"}); MSK spreads brokers evenly over the zones`,
    );
  }
  const version = props.kafkaVersion;
  if (version !== undefined && !/^\d+\.\d+\.[0-9x][0-9a-z.-]*$/.test(version)) {
    problems.push(`kafkaVersion: "${version}" is not an MSK Kafka version such as ${MSK_DEFAULT_KAFKA_VERSION}`);
  }
  const type = props.brokerInstanceType;
  if (type !== undefined && !/^kafka\.[a-z0-9]+\.[a-z0-9]+$/.test(type)) {
    problems.push(`brokerInstanceType: "${type}" is not a standard broker type such as ${MSK_DEFAULT_BROKER_INSTANCE_TYPE}`);
  }
  const size = props.brokerVolumeSizeGib;
  if (size !== undefined && (!Number.isInteger(size) || size < 1 || size > MSK_MAX_VOLUME_SIZE_GIB)) {
    problems.push(`brokerVolumeSizeGib: ${size} is not allowed; use 1 to ${MSK_MAX_VOLUME_SIZE_GIB}`);
  }
  return problems;
}
