import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { MSK_IAM_PORT, MskKafkaCluster, mskClientStatements, type MskKafkaClusterProps } from "../../../modules/aws/msk-kafka-cluster";
import { renderPolicy } from "../../../modules/aws/policy-document";
import type { JsonStatement } from "../../iam-json";
import { synthesize, type SynthesizedStack } from "../../synth-json";
import { evaluate } from "../policy/fixtures";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1111-2222";
const PROVISIONED: MskKafkaClusterProps = {
  clusterName: "acme-prod-events",
  mode: "provisioned",
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
  clientSecurityGroupIds: ["sg-workspace", "sg-jobs"],
  kmsKeyArn: KEY,
};
const SERVERLESS: MskKafkaClusterProps = {
  clusterName: "acme-dev-events",
  mode: "serverless",
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b"],
  clientSecurityGroupIds: ["sg-workspace"],
};

function build(props: MskKafkaClusterProps, withClient = false): { kafka: MskKafkaCluster; s: SynthesizedStack } {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const kafka = new MskKafkaCluster(stack, "Kafka", props);
  new TerraformOutput(stack, "bootstrap", { value: kafka.bootstrapBrokersIam });
  new TerraformOutput(stack, "cluster_arn", { value: kafka.clusterArn });
  new TerraformOutput(stack, "security_group_id", { value: kafka.securityGroupId });
  if (withClient) {
    new IamRolePolicy(stack, "Client", { role: "client", policy: renderPolicy(kafka.clientStatements({ topics: ["orders", "returns"] })) });
  }
  return { kafka, s: synthesize(stack) };
}

function statements(policy: unknown): JsonStatement[] {
  return (JSON.parse(policy as string) as { Statement: JsonStatement[] }).Statement;
}

/** Asserts the security group rules: one ingress rule on 9098 from each client group, egress only on the client groups. */
function expectOnlyClientRules(s: SynthesizedStack, clients: string[]): void {
  const sg = s.ref("aws_security_group", "/Kafka/SecurityGroup", "id");
  const group = s.resource("aws_security_group", "/Kafka/SecurityGroup").block;
  expect(group.ingress).toBeUndefined();
  expect(group.egress).toBeUndefined();
  const ingress = Object.values(s.resources("aws_vpc_security_group_ingress_rule"));
  expect(ingress).toEqual(
    clients.map((client) => ({
      security_group_id: sg,
      referenced_security_group_id: client,
      ip_protocol: "tcp",
      from_port: MSK_IAM_PORT,
      to_port: MSK_IAM_PORT,
      description: expect.any(String),
      "//": expect.anything(),
    })),
  );
  expect(ingress.some((rule) => rule.cidr_ipv4 !== undefined || rule.cidr_ipv6 !== undefined || rule.prefix_list_id !== undefined)).toBe(false);
  expect(Object.values(s.resources("aws_vpc_security_group_egress_rule"))).toEqual(
    clients.map((client) => expect.objectContaining({ security_group_id: client, referenced_security_group_id: sg, from_port: 9098, to_port: 9098 })),
  );
  expect(s.resources("aws_security_group_rule")).toEqual({});
}

describe("MskKafkaCluster (provisioned)", () => {
  const { kafka, s } = build(PROVISIONED, true);
  const cluster = s.resource("aws_msk_cluster", "/Kafka/Cluster");

  it("encrypts at rest with the given key and in transit with TLS, client to broker and within the cluster", () => {
    expect(cluster.block.encryption_info).toEqual({
      encryption_at_rest_kms_key_arn: KEY,
      encryption_in_transit: { client_broker: "TLS", in_cluster: true },
    });
  });

  it("authenticates clients with IAM only and is protected from destroy", () => {
    expect(cluster.block).toMatchObject({
      client_authentication: { sasl: { iam: true }, unauthenticated: false },
      lifecycle: { prevent_destroy: true },
    });
    expect((cluster.block.client_authentication as Record<string, unknown>).tls).toBeUndefined();
  });

  it("places one broker per subnet of the recommended Kafka version behind its own security group", () => {
    expect(cluster.block).toMatchObject({
      cluster_name: "acme-prod-events",
      kafka_version: "3.8.x",
      number_of_broker_nodes: 3,
      broker_node_group_info: {
        instance_type: "kafka.m7g.large",
        client_subnets: PROVISIONED.subnetIds,
        security_groups: [s.ref("aws_security_group", "/Kafka/SecurityGroup", "id")],
        storage_info: { ebs_storage_info: { volume_size: 100 } },
      },
    });
    expect(cluster.block.logging_info).toBeUndefined();
    expect(s.resource("aws_security_group", "/Kafka/SecurityGroup").block).toMatchObject({ vpc_id: "vpc-1", name: "acme-prod-events-msk" });
  });

  it("admits only the client security groups, on the IAM port 9098", () => {
    expectOnlyClientRules(s, PROVISIONED.clientSecurityGroupIds);
  });

  it("publishes the IAM bootstrap brokers, the cluster ARN and the security group id", () => {
    expect(s.json.output?.bootstrap.value).toBe(s.ref("aws_msk_cluster", "/Kafka/Cluster", "bootstrap_brokers_sasl_iam"));
    expect(s.json.output?.cluster_arn.value).toBe(s.ref("aws_msk_cluster", "/Kafka/Cluster", "arn"));
    expect(s.json.output?.security_group_id.value).toBe(s.ref("aws_security_group", "/Kafka/SecurityGroup", "id"));
    expect(kafka.port).toBe(9098);
  });

  it("grants a client exactly the cluster, its topics and Spark's consumer groups, with no wildcard action", () => {
    const uuid = s.ref("aws_msk_cluster", "/Kafka/Cluster", "cluster_uuid");
    const partition = `\${data.aws_partition.${s.dataSource("aws_partition", "/Kafka/Partition").name}.partition}`;
    const region = `\${data.aws_region.${s.dataSource("aws_region", "/Kafka/Region").name}.region}`;
    const account = `\${data.aws_caller_identity.${s.dataSource("aws_caller_identity", "/Kafka/CallerIdentity").name}.account_id}`;
    const base = `arn:${partition}:kafka:${region}:${account}`;
    expect(statements(s.resource("aws_iam_role_policy", "/Client").block.policy)).toEqual([
      {
        Sid: "KafkaConnect",
        Effect: "Allow",
        Action: ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"],
        Resource: s.ref("aws_msk_cluster", "/Kafka/Cluster", "arn"),
      },
      {
        Sid: "KafkaReadTopics",
        Effect: "Allow",
        Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"],
        Resource: [`${base}:topic/acme-prod-events/${uuid}/orders`, `${base}:topic/acme-prod-events/${uuid}/returns`],
      },
      {
        Sid: "KafkaConsumerGroups",
        Effect: "Allow",
        Action: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"],
        Resource: `${base}:group/acme-prod-events/${uuid}/spark-kafka-source*`,
      },
    ]);
  });

  it("passes the guardrails, MSK encryption, prevent_destroy, network and IAM included", () => {
    const results = evaluate((stack) => {
      const k = new MskKafkaCluster(stack, "Kafka", PROVISIONED);
      new IamRolePolicy(stack, "Client", { role: "client", policy: renderPolicy(k.clientStatements({ topics: ["orders"], write: true })) });
    }).filter((r) => r.path.startsWith("fixture/Kafka") || r.path.startsWith("fixture/Client"));
    expect(results.filter((r) => r.status !== "pass")).toEqual([]);
    expect(results.map((r) => r.ruleId)).toEqual(
      expect.arrayContaining(["MSK-ENCRYPTION", "DATA-PREVENT-DESTROY", "NET-NO-PUBLIC-INGRESS", "IAM-NO-WILDCARD"]),
    );
  });

  it("sets broker count, type, version, volume and broker logs when given", () => {
    const custom = build({
      ...PROVISIONED,
      subnetIds: ["subnet-a", "subnet-b"],
      brokerNodes: 4,
      brokerInstanceType: "kafka.m7g.xlarge",
      kafkaVersion: "3.9.x",
      brokerVolumeSizeGib: 500,
      brokerLogGroupName: "/msk/acme-prod-events",
      protect: false,
      addClientEgressRules: false,
    }).s;
    expect(custom.resource("aws_msk_cluster", "/Kafka/Cluster").block).toMatchObject({
      number_of_broker_nodes: 4,
      kafka_version: "3.9.x",
      broker_node_group_info: { instance_type: "kafka.m7g.xlarge", storage_info: { ebs_storage_info: { volume_size: 500 } } },
      logging_info: { broker_logs: { cloudwatch_logs: { enabled: true, log_group: "/msk/acme-prod-events" } } },
      lifecycle: { prevent_destroy: false },
    });
    expect(custom.resources("aws_vpc_security_group_egress_rule")).toEqual({});
  });

  it("refuses a missing key, a broker count that is not a multiple of the subnets, and bad names, naming each prop", () => {
    expect(() =>
      build({
        ...PROVISIONED,
        clusterName: "-bad",
        kmsKeyArn: undefined,
        brokerNodes: 4,
        brokerInstanceType: "m7g.large",
        clientSecurityGroupIds: [],
      }),
    ).toThrow(
      /clusterName: "-bad".*\n.*clientSecurityGroupIds: none given.*\n.*kmsKeyArn: required with mode provisioned.*\n.*brokerNodes: 4 is not a positive multiple of the number of subnets \(3\).*\n.*brokerInstanceType: "m7g.large"/,
    );
  });

  it("refuses a single subnet, an AWS-managed key and a volume beyond 16384 GiB", () => {
    expect(() => build({ ...PROVISIONED, subnetIds: ["a"], kmsKeyArn: "alias/aws/kafka", brokerVolumeSizeGib: 20000 })).toThrow(
      /subnetIds: 1 given.*\n.*kmsKeyArn: .*AWS-managed.*\n.*brokerVolumeSizeGib: 20000/,
    );
  });
});

describe("MskKafkaCluster (serverless)", () => {
  const { kafka, s } = build(SERVERLESS);
  const cluster = s.resource("aws_msk_serverless_cluster", "/Kafka/Cluster").block;

  it("sits in the given subnets behind its own security group, with IAM authentication, protected from destroy", () => {
    expect(cluster).toMatchObject({
      cluster_name: "acme-dev-events",
      vpc_config: [{ subnet_ids: SERVERLESS.subnetIds, security_group_ids: [s.ref("aws_security_group", "/Kafka/SecurityGroup", "id")] }],
      client_authentication: { sasl: { iam: { enabled: true } } },
      lifecycle: { prevent_destroy: true },
    });
    expect(s.resources("aws_msk_cluster")).toEqual({});
  });

  it("admits only the client security group, on 9098", () => {
    expectOnlyClientRules(s, SERVERLESS.clientSecurityGroupIds);
  });

  it("publishes the serverless cluster's IAM bootstrap brokers", () => {
    expect(kafka.mode).toBe("serverless");
    expect(s.json.output?.bootstrap.value).toBe(s.ref("aws_msk_serverless_cluster", "/Kafka/Cluster", "bootstrap_brokers_sasl_iam"));
  });

  it("passes the guardrails", () => {
    const results = evaluate((stack) => {
      const k = new MskKafkaCluster(stack, "Kafka", SERVERLESS);
      new IamRolePolicy(stack, "Client", { role: "client", policy: renderPolicy(k.clientStatements({ topics: ["orders"] })) });
    }).filter((r) => r.path.startsWith("fixture/Kafka") || r.path.startsWith("fixture/Client"));
    expect(results.filter((r) => r.status !== "pass")).toEqual([]);
    expect(results.map((r) => r.ruleId)).toEqual(expect.arrayContaining(["NET-NO-PUBLIC-INGRESS", "IAM-NO-WILDCARD"]));
  });

  it("refuses a customer key and provisioned-only props, and fewer than two subnets", () => {
    expect(() => build({ ...SERVERLESS, subnetIds: ["a"], kmsKeyArn: KEY, kafkaVersion: "3.8.x", brokerNodes: 3 })).toThrow(
      /subnetIds: 1 given.*\n.*kmsKeyArn: MSK Serverless encrypts at rest with a key AWS manages.*\n.*kafkaVersion: applies only to mode provisioned.*\n.*brokerNodes: applies only to mode provisioned/,
    );
  });
});

describe("mskClientStatements", () => {
  const CLUSTER = "arn:aws:kafka:eu-west-1:123456789012:cluster/acme-prod-events/abcd1234-0123-abcd-5678-1234abcd-1";

  it("derives topic and group ARNs from a literal cluster ARN, and adds the write actions only when asked", () => {
    expect(mskClientStatements({ clusterArn: CLUSTER, topics: ["orders"], consumerGroupPrefix: "orders-to-bronze", write: true })).toEqual([
      {
        sid: "KafkaConnect",
        effect: "Allow",
        actions: ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:WriteDataIdempotently"],
        resources: [CLUSTER],
      },
      {
        sid: "KafkaReadWriteTopics",
        effect: "Allow",
        actions: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData", "kafka-cluster:WriteData"],
        resources: ["arn:aws:kafka:eu-west-1:123456789012:topic/acme-prod-events/abcd1234-0123-abcd-5678-1234abcd-1/orders"],
      },
      {
        sid: "KafkaConsumerGroups",
        effect: "Allow",
        actions: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"],
        resources: ["arn:aws:kafka:eu-west-1:123456789012:group/acme-prod-events/abcd1234-0123-abcd-5678-1234abcd-1/orders-to-bronze*"],
      },
    ]);
  });

  it("derives the prefixes of a referenced cluster ARN with Terraform's replace()", () => {
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        const arn = new TerraformVariable(scope, "cluster_arn", { type: "string" }).stringValue;
        new IamRolePolicy(scope, "p", { role: "r", policy: renderPolicy(mskClientStatements({ clusterArn: arn, topics: ["orders"] })) });
      }),
    ) as { resource: { aws_iam_role_policy: { p: { policy: string } } } };
    const policy = json.resource.aws_iam_role_policy.p.policy;
    expect(policy).toContain('${replace(var.cluster_arn, ":cluster/", ":topic/")}/orders');
    expect(policy).toContain('${replace(var.cluster_arn, ":cluster/", ":group/")}/spark-kafka-source*');
  });

  it("refuses a non-cluster ARN, no topics, a wildcard topic and a group prefix with a wildcard", () => {
    expect(() => mskClientStatements({ clusterArn: "*", topics: [] })).toThrow(/mskClientStatements: clusterArn: "\*".*\n.*topics: none given/);
    expect(() => mskClientStatements({ clusterArn: CLUSTER, topics: ["orders*"], consumerGroupPrefix: "*" })).toThrow(
      /topics\[0\]: "orders\*".*\n.*consumerGroupPrefix: "\*"/,
    );
  });
});
