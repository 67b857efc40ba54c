/**
 * IAM policy documents as rules see them: normalized statements, whatever form the policy took in the
 * synthesized JSON.
 *
 * Accepted forms:
 * - a JSON string (built in code with modules/aws/policy-document.ts); `${...}` references inside its
 *   strings are kept as text;
 * - a reference to `data.aws_iam_policy_document.<name>.json`: the data source's own `statement` blocks
 *   (and its source/override documents) are read;
 * - a reference to a Databricks policy generator (`data.databricks_aws_*`): these data sources make no
 *   API call and build their JSON from their arguments only (provider source `aws/data_aws_*.go`), so the
 *   statements they produce are modelled here from those arguments. That is what lets rules check the
 *   external id of a generated trust policy or the missing TLS deny of a generated bucket policy.
 *
 * Anything else (a `jsonencode(...)` expression, a variable, another stack's output) cannot be read at
 * synth and is reported as unresolved, so rules fail instead of passing silently.
 */
import { interpolations, isPureExpression, Reference, scanExpression } from "./expressions";
import { addressOf, Block, StackModel } from "./synth-model";
import { blocksOf, isTrue, stringsOf } from "./values";
import { DATABRICKS_AWS_ACCOUNT_ID, LOG_DELIVERY_ROLE_ARN, UNITY_CATALOG_MASTER_ROLE_ARN } from "../core/databricks-aws-identities";

/** A statement's principals. */
export interface Principals {
  /** `"*"` or `{"AWS": "*"}`: anyone. */
  readonly anyone: boolean;
  readonly aws: readonly string[];
  readonly service: readonly string[];
  readonly federated: readonly string[];
}

/** One condition: operator, key, values (as written). */
export interface Condition {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly unknown[];
}

/** One normalized policy statement. */
export interface Statement {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** Absent on identity policies. */
  readonly principals?: Principals;
  readonly conditions: readonly Condition[];
}

/** A policy read from the JSON: its statements and where they came from, or why it could not be read. */
export type PolicyDocument =
  | { readonly resolved: true; readonly statements: readonly Statement[]; readonly origin: string }
  | { readonly resolved: false; readonly reason: string };

/** How a policy attribute is used. */
export type PolicyUse = "identity" | "inline" | "resource" | "trust";

/** A policy-valued attribute of a block. */
export interface PolicyAttribute {
  /** Where it is, e.g. `policy`, `assume_role_policy`, `inline_policy[0].policy`. */
  readonly attribute: string;
  readonly use: PolicyUse;
  readonly value: unknown;
}

/** Resource types whose attributes hold IAM-style policy documents, and how each is used. */
export const POLICY_ATTRIBUTES: Readonly<Record<string, readonly { readonly attribute: string; readonly use: PolicyUse }[]>> = {
  aws_iam_policy: [{ attribute: "policy", use: "identity" }],
  aws_iam_role_policy: [{ attribute: "policy", use: "inline" }],
  aws_iam_user_policy: [{ attribute: "policy", use: "inline" }],
  aws_iam_group_policy: [{ attribute: "policy", use: "inline" }],
  aws_iam_role: [
    { attribute: "assume_role_policy", use: "trust" },
    { attribute: "inline_policy[].policy", use: "inline" },
  ],
  aws_s3_bucket: [{ attribute: "policy", use: "resource" }],
  aws_s3_bucket_policy: [{ attribute: "policy", use: "resource" }],
  aws_kms_key: [{ attribute: "policy", use: "resource" }],
  aws_kms_key_policy: [{ attribute: "policy", use: "resource" }],
  aws_sqs_queue: [{ attribute: "policy", use: "resource" }],
  aws_sqs_queue_policy: [{ attribute: "policy", use: "resource" }],
  aws_sns_topic: [{ attribute: "policy", use: "resource" }],
  aws_sns_topic_policy: [{ attribute: "policy", use: "resource" }],
  aws_vpc_endpoint: [{ attribute: "policy", use: "resource" }],
  aws_vpc_endpoint_policy: [{ attribute: "policy", use: "resource" }],
  aws_secretsmanager_secret: [{ attribute: "policy", use: "resource" }],
  aws_secretsmanager_secret_policy: [{ attribute: "policy", use: "resource" }],
  aws_kinesis_resource_policy: [{ attribute: "policy", use: "resource" }],
  aws_glue_resource_policy: [{ attribute: "policy", use: "resource" }],
  aws_msk_cluster_policy: [{ attribute: "policy", use: "resource" }],
  aws_iot_policy: [{ attribute: "policy", use: "identity" }],
};

/** The resource types of {@link POLICY_ATTRIBUTES}. */
export const POLICY_RESOURCE_TYPES: readonly string[] = Object.keys(POLICY_ATTRIBUTES);

/** The set policy attributes of a block (absent or empty ones are left out). */
export function policyAttributes(block: Block): PolicyAttribute[] {
  const found: PolicyAttribute[] = [];
  for (const { attribute, use } of POLICY_ATTRIBUTES[block.type] ?? []) {
    if (attribute === "inline_policy[].policy") {
      blocksOf(block.attrs.inline_policy).forEach((inline, i) => {
        if (isPresent(inline.policy)) {
          found.push({ attribute: `inline_policy[${i}].policy`, use, value: inline.policy });
        }
      });
    } else if (isPresent(block.attrs[attribute])) {
      found.push({ attribute, use, value: block.attrs[attribute] });
    }
  }
  return found;
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/** Reads a policy value (see the module comment for the accepted forms). */
export function readPolicy(value: unknown, model: StackModel, depth = 0): PolicyDocument {
  if (depth > 5) {
    return { resolved: false, reason: "policy documents nest more than five levels" };
  }
  if (typeof value === "object" && value !== null) {
    return fromJson(value, "inline object");
  }
  if (typeof value !== "string") {
    return { resolved: false, reason: `policy is ${JSON.stringify(value)}, not a JSON document` };
  }
  if (isPureExpression(value)) {
    return fromReference(value, model, depth);
  }
  try {
    return fromJson(JSON.parse(value), "inline JSON");
  } catch {
    return { resolved: false, reason: `policy is not valid JSON: ${value.slice(0, 60)}` };
  }
}

function fromReference(text: string, model: StackModel, depth: number): PolicyDocument {
  const found = interpolations(text);
  const refs: Reference[] = [];
  if (found.length === 1) {
    scanExpression(found[0].expression, refs);
  }
  const ref = refs.length === 1 && found[0].expression.trim() === refs[0].text ? refs[0] : undefined;
  const address = ref ? addressOf(ref) : undefined;
  const block = address ? model.find(address) : undefined;
  if (!ref || !block || block.kind !== "data") {
    return { resolved: false, reason: `policy ${text} is not a policy document or data source in this stack` };
  }
  if (block.type === "aws_iam_policy_document") {
    return fromPolicyDocumentData(block, model, depth);
  }
  const generator = DATABRICKS_GENERATORS[block.type];
  if (generator) {
    return { resolved: true, statements: generator(block.attrs), origin: `${block.address}, generated by the Databricks provider` };
  }
  return { resolved: false, reason: `policy comes from ${block.address}, whose output cannot be read at synth` };
}

function fromPolicyDocumentData(block: Block, model: StackModel, depth: number): PolicyDocument {
  const statements: Statement[] = [];
  const merged = ["source_json", "source_policy_documents", "override_json", "override_policy_documents"].flatMap((a) => stringsOf(block.attrs[a]));
  for (const source of merged) {
    const doc = readPolicy(source, model, depth + 1);
    if (!doc.resolved) {
      return { resolved: false, reason: `${block.address} merges a document that cannot be read (${doc.reason})` };
    }
    statements.push(...doc.statements);
  }
  statements.push(...blocksOf(block.attrs.statement).map(fromDataStatement));
  return { resolved: true, statements, origin: block.address };
}

function fromDataStatement(s: Record<string, unknown>): Statement {
  const principals = blocksOf(s.principals);
  const byType = (type: string) => principals.filter((p) => p.type === type).flatMap((p) => stringsOf(p.identifiers));
  const anyone = principals.some((p) => (p.type === "*" || p.type === "AWS") && stringsOf(p.identifiers).includes("*"));
  return {
    sid: typeof s.sid === "string" ? s.sid : undefined,
    effect: s.effect === "Deny" ? "Deny" : "Allow",
    actions: stringsOf(s.actions),
    notActions: stringsOf(s.not_actions),
    resources: stringsOf(s.resources),
    notResources: stringsOf(s.not_resources),
    principals: principals.length > 0 ? { anyone, aws: byType("AWS"), service: byType("Service"), federated: byType("Federated") } : undefined,
    conditions: blocksOf(s.condition).map((c) => ({
      operator: String(c.test),
      key: String(c.variable),
      values: Array.isArray(c.values) ? c.values : [c.values],
    })),
  };
}

function fromJson(doc: unknown, origin: string): PolicyDocument {
  const statement = (doc as { Statement?: unknown } | null)?.Statement;
  if (statement === undefined) {
    return { resolved: false, reason: "policy has no Statement" };
  }
  const list = Array.isArray(statement) ? statement : [statement];
  return { resolved: true, statements: list.map((s) => fromJsonStatement(s as Record<string, unknown>)), origin };
}

function fromJsonStatement(s: Record<string, unknown>): Statement {
  return {
    sid: typeof s.Sid === "string" ? s.Sid : undefined,
    effect: s.Effect === "Deny" ? "Deny" : "Allow",
    actions: stringsOf(s.Action),
    notActions: stringsOf(s.NotAction),
    resources: stringsOf(s.Resource),
    notResources: stringsOf(s.NotResource),
    principals: s.Principal === undefined ? undefined : fromJsonPrincipal(s.Principal),
    conditions: fromJsonConditions(s.Condition),
  };
}

function fromJsonPrincipal(p: unknown): Principals {
  if (p === "*") {
    return { anyone: true, aws: [], service: [], federated: [] };
  }
  const obj = (p ?? {}) as Record<string, unknown>;
  const aws = stringsOf(obj.AWS);
  return { anyone: aws.includes("*"), aws, service: stringsOf(obj.Service), federated: stringsOf(obj.Federated) };
}

function fromJsonConditions(c: unknown): Condition[] {
  if (c === null || typeof c !== "object") {
    return [];
  }
  return Object.entries(c as Record<string, unknown>).flatMap(([operator, byKey]) =>
    Object.entries((byKey ?? {}) as Record<string, unknown>).map(([key, values]) => ({
      operator,
      key,
      values: Array.isArray(values) ? values : [values],
    })),
  );
}

/** True if a statement lists an action matching `action` (`*`, `s3:*`, `s3:Get*` count as matches). */
export function allowsAction(statement: Statement, action: string): boolean {
  const wanted = action.toLowerCase();
  return statement.actions.some((a) => {
    const pattern = a.toLowerCase();
    if (pattern === "*" || pattern === "*:*") {
      return true;
    }
    const regex = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
    return regex.test(wanted);
  });
}

/** The values of conditions with this key (case-insensitive) under any of the given operators. */
export function conditionValues(statement: Statement, key: string, operators: readonly string[]): unknown[] {
  const ops = operators.map((o) => o.toLowerCase());
  return statement.conditions
    .filter((c) => c.key.toLowerCase() === key.toLowerCase() && ops.includes(c.operator.toLowerCase()))
    .flatMap((c) => [...c.values]);
}

// ---------------------------------------------------------------------------------------------
// Databricks policy generators (databricks provider 1.99, aws/data_aws_*.go): statements by argument.

/** EC2 actions the `managed` cross-account policy adds to create and delete the VPC itself. */
export const DATABRICKS_VPC_CREATION_ACTIONS: readonly string[] = [
  "ec2:AllocateAddress",
  "ec2:AssociateDhcpOptions",
  "ec2:AssociateRouteTable",
  "ec2:AttachInternetGateway",
  "ec2:CreateDhcpOptions",
  "ec2:CreateInternetGateway",
  "ec2:CreateNatGateway",
  "ec2:CreateRoute",
  "ec2:CreateRouteTable",
  "ec2:CreateSecurityGroup",
  "ec2:CreateSubnet",
  "ec2:CreateVpc",
  "ec2:CreateVpcEndpoint",
  "ec2:DeleteDhcpOptions",
  "ec2:DeleteInternetGateway",
  "ec2:DeleteNatGateway",
  "ec2:DeleteRoute",
  "ec2:DeleteRouteTable",
  "ec2:DeleteSecurityGroup",
  "ec2:DeleteSubnet",
  "ec2:DeleteVpc",
  "ec2:DeleteVpcEndpoints",
  "ec2:DetachInternetGateway",
  "ec2:DisassociateRouteTable",
  "ec2:ModifyVpcAttribute",
  "ec2:ReleaseAddress",
];

const CLUSTER_ACTIONS = ["ec2:RunInstances", "ec2:TerminateInstances", "ec2:CreateFleet", "ec2:RequestSpotInstances", "ec2:Describe*"];

type Generator = (args: Readonly<Record<string, unknown>>) => Statement[];

function statement(partial: Partial<Statement> & Pick<Statement, "actions">): Statement {
  return { effect: "Allow", notActions: [], resources: [], notResources: [], conditions: [], ...partial };
}

function principalsOf(aws: string[]): Principals {
  return { anyone: false, aws, service: [], federated: [] };
}

function externalId(value: unknown): Condition[] {
  return [{ operator: "StringEquals", key: "sts:ExternalId", values: [value] }];
}

const DATABRICKS_GENERATORS: Readonly<Record<string, Generator>> = {
  databricks_aws_crossaccount_policy: (args) => {
    const type = typeof args.policy_type === "string" ? args.policy_type : "managed";
    const statements = [
      statement({ actions: type === "managed" ? [...CLUSTER_ACTIONS, ...DATABRICKS_VPC_CREATION_ACTIONS] : CLUSTER_ACTIONS, resources: ["*"] }),
      statement({
        actions: ["iam:CreateServiceLinkedRole", "iam:PutRolePolicy"],
        resources: ["arn:aws:iam::*:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot"],
        conditions: [{ operator: "StringLike", key: "iam:AWSServiceName", values: ["spot.amazonaws.com"] }],
      }),
    ];
    const passRoles = stringsOf(args.pass_roles);
    return passRoles.length > 0 ? [...statements, statement({ actions: ["iam:PassRole"], resources: passRoles })] : statements;
  },
  databricks_aws_bucket_policy: (args) => [
    statement({
      actions: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:GetBucketLocation"],
      resources: [`arn:aws:s3:::${String(args.bucket)}/*`, `arn:aws:s3:::${String(args.bucket)}`],
      principals: principalsOf([
        typeof args.full_access_role === "string" ? args.full_access_role : `arn:aws:iam::${DATABRICKS_AWS_ACCOUNT_ID}:root`,
      ]),
    }),
  ],
  databricks_aws_assume_role_policy: (args) => [
    statement({
      actions: ["sts:AssumeRole"],
      principals: principalsOf([
        isTrue(args.for_log_delivery)
          ? LOG_DELIVERY_ROLE_ARN
          : `arn:aws:iam::${typeof args.databricks_account_id === "string" ? args.databricks_account_id : DATABRICKS_AWS_ACCOUNT_ID}:root`,
      ]),
      conditions: externalId(args.external_id),
    }),
  ],
  databricks_aws_unity_catalog_assume_role_policy: (args) => [
    statement({
      sid: "UnityCatalogAssumeRole",
      actions: ["sts:AssumeRole"],
      principals: principalsOf([typeof args.unity_catalog_iam_arn === "string" ? args.unity_catalog_iam_arn : UNITY_CATALOG_MASTER_ROLE_ARN]),
      conditions: externalId(args.external_id),
    }),
    statement({
      sid: "ExplicitSelfRoleAssumption",
      actions: ["sts:AssumeRole"],
      principals: principalsOf([`arn:aws:iam::${String(args.aws_account_id)}:root`]),
      conditions: externalId(args.external_id),
    }),
  ],
  // Bucket access (multipart uploads included), the role assuming itself, the key when kms_name is given, and the
  // file-event permissions on Databricks-named (csms-*) topics and queues (provider aws/data_aws_unity_catalog_policy.go).
  databricks_aws_unity_catalog_policy: (args) => {
    const bucket = `arn:aws:s3:::${String(args.bucket_name)}`;
    return [
      statement({
        actions: [
          "s3:GetObject",
          "s3:PutObject",
          "s3:DeleteObject",
          "s3:ListBucket",
          "s3:GetBucketLocation",
          "s3:ListBucketMultipartUploads",
          "s3:ListMultipartUploadParts",
          "s3:AbortMultipartUpload",
        ],
        resources: [`${bucket}/*`, bucket],
      }),
      statement({ actions: ["sts:AssumeRole"], resources: [`arn:aws:iam::${String(args.aws_account_id)}:role/${String(args.role_name)}`] }),
      ...(typeof args.kms_name === "string"
        ? [statement({ actions: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"], resources: [args.kms_name] })]
        : []),
      statement({ sid: "ManagedFileEventsSetupStatement", actions: ["s3:GetBucketNotification", "s3:PutBucketNotification"], resources: [bucket] }),
      statement({
        sid: "ManagedFileEventsListStatement",
        actions: ["sqs:ListQueues", "sqs:ListQueueTags", "sns:ListTopics"],
        resources: ["arn:aws:sqs:*:*:csms-*", "arn:aws:sns:*:*:csms-*"],
      }),
      statement({
        sid: "ManagedFileEventsTeardownStatement",
        actions: ["sns:Unsubscribe", "sns:DeleteTopic", "sqs:DeleteQueue"],
        resources: ["arn:aws:sqs:*:*:csms-*", "arn:aws:sns:*:*:csms-*"],
      }),
    ];
  },
};

/** The Databricks data sources whose policy JSON is modelled from their arguments. */
export const DATABRICKS_POLICY_GENERATORS: readonly string[] = Object.keys(DATABRICKS_GENERATORS);
