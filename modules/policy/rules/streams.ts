/**
 * Streams and queues: Kinesis, Firehose, MSK, SQS and SNS encrypted; MSK clients authenticated with IAM;
 * IoT topic rules keep the messages their actions fail to deliver.
 */
import { isExpression } from "../expressions";
import { RulePack } from "../pack";
import { fail, PASS, ResourceRule, RuleContext, SKIP, unresolved } from "../rule";
import { Block } from "../synth-model";
import { Outcome } from "../types";
import { blockOf, describeValue, isSet, isTrue, show } from "../values";
import { aws, fsbp } from "./anchors";
import { allProblems, customerKeyProblem, firstUnresolved } from "./common";

const kinesis: ResourceRule = {
  id: "KINESIS-ENCRYPTION",
  pack: "streams",
  scope: "resource",
  severity: "high",
  title: "Kinesis streams and Firehose delivery streams are encrypted with one of our KMS keys",
  rationale: "Streams carry raw source data (IoT telemetry, change data capture) that must be encrypted at rest like the lake itself",
  anchors: [fsbp("Kinesis.1")],
  appliesTo: ["aws_kinesis_stream", "aws_kinesis_firehose_delivery_stream"],
  fix: "set encryption_type = KMS and kms_key_id to one of our keys (Firehose: server_side_encryption with key_type CUSTOMER_MANAGED_CMK and key_arn)",
  notes: "A Firehose stream that reads from a Kinesis stream is skipped: it inherits the source stream's encryption and cannot set its own.",
  check: (block) => (block.type === "aws_kinesis_stream" ? streamOutcome(block) : firehoseOutcome(block)),
};

function streamOutcome(stream: Block): Outcome {
  const type = stream.attrs.encryption_type;
  if (isExpression(type)) {
    return unresolved("encryption_type", type);
  }
  if (type !== "KMS") {
    return fail(`encryption_type is ${describeValue(type)}, not KMS`);
  }
  const problem = customerKeyProblem("kms_key_id", stream.attrs.kms_key_id);
  return problem === undefined ? PASS : fail(problem);
}

function firehoseOutcome(firehose: Block): Outcome {
  if (isSet(firehose.attrs.kinesis_source_configuration)) {
    return SKIP;
  }
  const sse = blockOf(firehose.attrs.server_side_encryption);
  if (!sse || !isTrue(sse.enabled)) {
    return fail("server_side_encryption is not enabled");
  }
  if (sse.key_type !== "CUSTOMER_MANAGED_CMK") {
    return fail(`server_side_encryption key_type is ${describeValue(sse.key_type)}, not CUSTOMER_MANAGED_CMK`);
  }
  const problem = customerKeyProblem("key_arn", sse.key_arn);
  return problem === undefined ? PASS : fail(problem);
}

const msk: ResourceRule = {
  id: "MSK-ENCRYPTION",
  pack: "streams",
  scope: "resource",
  severity: "high",
  title: "MSK clusters use TLS in transit and one of our KMS keys at rest",
  rationale:
    "Kafka topics hold source events; plaintext listeners expose them on the network and the AWS-managed key keeps them outside our key policy",
  anchors: [fsbp("MSK.1"), aws("Amazon MSK encryption: encryption_in_transit and encryption_at_rest_kms_key_arn")],
  appliesTo: ["aws_msk_cluster"],
  fix: "set encryption_info with encryption_at_rest_kms_key_arn = one of our keys and encryption_in_transit { client_broker = TLS, in_cluster = true }",
  notes:
    "Unset client_broker and in_cluster pass (provider defaults TLS and true). aws_msk_serverless_cluster has no encryption setting: MSK Serverless always uses TLS in transit and a service-managed key at rest, so it is not checked here (MSK-IAM-AUTH and DATA-PREVENT-DESTROY cover it).",
  check: (cluster) => {
    const info = blockOf(cluster.attrs.encryption_info);
    if (!info) {
      return fail("encryption_info is not set, so data at rest uses the AWS-managed key");
    }
    const transit = blockOf(info.encryption_in_transit) ?? {};
    const clientBroker = transit.client_broker;
    return allProblems([
      customerKeyProblem("encryption_at_rest_kms_key_arn", info.encryption_at_rest_kms_key_arn),
      clientBroker === undefined || clientBroker === null || clientBroker === "TLS" ? undefined : `client_broker is ${show(clientBroker)}, not TLS`,
      transit.in_cluster === undefined || transit.in_cluster === null || isTrue(transit.in_cluster)
        ? undefined
        : `in_cluster is ${show(transit.in_cluster)}`,
    ]);
  },
};

const mskIamAuth: ResourceRule = {
  id: "MSK-IAM-AUTH",
  pack: "streams",
  scope: "resource",
  severity: "high",
  title: "MSK clusters authenticate clients with IAM and admit no unauthenticated client",
  rationale:
    "Without client authentication anyone who reaches a broker can read, write and delete topics; IAM ties every Kafka action to a role our policies scope, where SCRAM adds passwords outside IAM",
  anchors: [
    fsbp("MSK.6"),
    aws("Amazon MSK: IAM access control (client_authentication.sasl.iam)"),
    aws("MSK Serverless: IAM access control is required for every serverless cluster"),
  ],
  appliesTo: ["aws_msk_cluster", "aws_msk_serverless_cluster"],
  fix: "set client_authentication { sasl { iam = true } } with unauthenticated unset or false and no scram (serverless: client_authentication { sasl { iam { enabled = true } } })",
  notes:
    "Mutual TLS (client_authentication.tls) may stand beside IAM. sasl.scram fails here and in the multi-VPC connectivity's client_authentication: a cluster that must serve a SCRAM-only client suppresses the rule with that reason. MSK Serverless supports only IAM access control; its encryption is fixed (TLS, a service-managed key), see MSK-ENCRYPTION.",
  check: (cluster, ctx) =>
    cluster.type === "aws_msk_serverless_cluster" ? serverlessAuthOutcome(cluster, ctx) : provisionedAuthOutcome(cluster, ctx),
};

function provisionedAuthOutcome(cluster: Block, ctx: RuleContext): Outcome {
  const auth = cluster.attrs.client_authentication;
  if (isExpression(auth)) {
    return unresolved("client_authentication", auth);
  }
  const authBlock = blockOf(auth);
  if (!authBlock) {
    return fail("client_authentication is not set, so the cluster admits unauthenticated clients");
  }
  const sasl = blockOf(authBlock.sasl);
  const iam = ctx.model.resolve(sasl?.iam);
  const unauthenticated = ctx.model.resolve(authBlock.unauthenticated);
  const scram = {
    "client_authentication.sasl.scram": ctx.model.resolve(sasl?.scram),
    "vpc_connectivity.client_authentication.sasl.scram": ctx.model.resolve(vpcScramOf(cluster)),
  };
  return (
    firstUnresolved({ "client_authentication.sasl.iam": iam, "client_authentication.unauthenticated": unauthenticated, ...scram }) ??
    allProblems([
      isTrue(iam) ? undefined : `client_authentication.sasl.iam is ${describeValue(iam)}, not true`,
      isTrue(unauthenticated) ? "client_authentication.unauthenticated is true, so clients connect without credentials" : undefined,
      ...Object.entries(scram).map(([name, value]) =>
        isTrue(value) ? `${name} is true, so SCRAM users sign in with passwords outside IAM` : undefined,
      ),
    ])
  );
}

/** The SASL/SCRAM flag of the cluster's multi-VPC private connectivity, if it has one. */
function vpcScramOf(cluster: Block): unknown {
  const connectivity = blockOf(blockOf(cluster.attrs.broker_node_group_info)?.connectivity_info);
  return blockOf(blockOf(blockOf(connectivity?.vpc_connectivity)?.client_authentication)?.sasl)?.scram;
}

function serverlessAuthOutcome(cluster: Block, ctx: RuleContext): Outcome {
  const auth = cluster.attrs.client_authentication;
  const enabled = ctx.model.resolve(blockOf(blockOf(blockOf(auth)?.sasl)?.iam)?.enabled);
  const pending = firstUnresolved({ client_authentication: auth, "client_authentication.sasl.iam.enabled": enabled });
  if (pending) {
    return pending;
  }
  return isTrue(enabled) ? PASS : fail(`client_authentication.sasl.iam.enabled is ${describeValue(enabled)}, not true`);
}

const sqs: ResourceRule = {
  id: "SQS-ENCRYPTION",
  pack: "streams",
  scope: "resource",
  severity: "medium",
  title: "SQS queues are encrypted (SSE-KMS or SSE-SQS)",
  rationale: "Queues (such as Auto Loader file-event queues) hold object keys and messages that must not rest unencrypted",
  anchors: [fsbp("SQS.1")],
  appliesTo: ["aws_sqs_queue"],
  fix: "set kms_master_key_id to one of our keys, or sqs_managed_sse_enabled = true",
  notes: "The setting must be explicit: what AWS picks for an unset queue is not visible at synth.",
  check: (queue) => {
    const { kms_master_key_id: key, sqs_managed_sse_enabled: managed } = queue.attrs;
    if (isSet(key) || isTrue(managed)) {
      return PASS;
    }
    return isExpression(managed)
      ? unresolved("sqs_managed_sse_enabled", managed)
      : fail("neither kms_master_key_id nor sqs_managed_sse_enabled is set");
  },
};

const sns: ResourceRule = {
  id: "SNS-ENCRYPTION",
  pack: "streams",
  scope: "resource",
  severity: "medium",
  title: "SNS topics are encrypted with KMS",
  rationale: "Topics fan out notifications (file events, alerts) whose content must not rest unencrypted",
  anchors: [fsbp("SNS.1")],
  appliesTo: ["aws_sns_topic"],
  fix: "set kms_master_key_id to one of our keys",
  check: (topic) => (isSet(topic.attrs.kms_master_key_id) ? PASS : fail("kms_master_key_id is not set")),
};

const iotErrorAction: ResourceRule = {
  id: "IOT-RULE-ERROR-ACTION",
  pack: "streams",
  scope: "resource",
  severity: "medium",
  title: "IoT topic rules have an error action",
  rationale:
    "When a rule's action fails (a throttled stream, a missing permission) the rules engine drops the message unless an error action keeps it, and devices do not send it again",
  anchors: [aws("AWS IoT Core: Error handling (error action)")],
  appliesTo: ["aws_iot_topic_rule"],
  fix: "add error_action with one action that keeps the message, e.g. error_action { s3 { bucket_name, key, role_arn } } under the landing bucket's error prefix",
  notes: "Any error action passes (S3, Firehose, SQS, CloudWatch Logs, ...); an error_action block with no action in it fails.",
  check: (rule) => {
    const action = rule.attrs.error_action;
    if (isExpression(action)) {
      return unresolved("error_action", action);
    }
    const block = blockOf(action);
    if (!block) {
      return fail("error_action is not set, so messages whose actions fail are dropped");
    }
    // error_action holds only actions (s3, firehose, sqs, cloudwatch_logs, ...): any one set keeps the message
    return Object.values(block).some(isSet) ? PASS : fail("error_action holds no action, so messages whose actions fail are dropped");
  },
};

/** The streams and queues pack. */
export const STREAMS_PACK: RulePack = {
  name: "streams",
  description: "Kinesis, Firehose, MSK, SQS and SNS encryption; MSK client authentication; IoT rule error actions",
  rules: [kinesis, msk, mskIamAuth, sqs, sns, iotErrorAction],
  // Records stay in a Kinesis stream for its retention period and in Kafka topics (provisioned or serverless)
  // for theirs; destroying the stream or cluster deletes them with it, so each survives a mistaken destroy.
  dataHolding: ["aws_kinesis_stream", "aws_msk_cluster", "aws_msk_serverless_cluster"],
};
