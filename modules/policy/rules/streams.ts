/**
 * Streams and queues: Kinesis, Firehose, MSK, SQS and SNS encrypted.
 */
import { isExpression } from "../expressions";
import { RulePack } from "../pack";
import { fail, PASS, ResourceRule, SKIP, unresolved } from "../rule";
import { Block } from "../synth-model";
import { Outcome } from "../types";
import { blockOf, describeValue, isSet, isTrue, show } from "../values";
import { aws, fsbp } from "./anchors";
import { allProblems, customerKeyProblem } from "./common";

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
    "Unset client_broker and in_cluster pass (provider defaults TLS and true). MSK Serverless always uses TLS and service-managed encryption and is not checked.",
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

/** The streams and queues pack. */
export const STREAMS_PACK: RulePack = {
  name: "streams",
  description: "Kinesis, Firehose, MSK, SQS and SNS encryption",
  rules: [kinesis, msk, sqs, sns],
  dataHolding: ["aws_kinesis_stream", "aws_msk_cluster"],
};
