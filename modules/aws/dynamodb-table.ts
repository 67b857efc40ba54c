/**
 * An Amazon DynamoDB table as an operational store for data products: on-demand, encrypted with our key, recoverable to
 * any second of the last 35 days, and protected from deletion.
 */
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { keyArnProblems } from "./kms-key";
import type { PolicyStatement } from "./policy-document";
import { throwIfInvalidProps } from "../core/validation";

/** DynamoDB key attribute types: string, number, binary. */
export type DynamoDbAttributeType = "S" | "N" | "B";

/** One key attribute of a table. */
export interface DynamoDbKey {
  /** Attribute name (1 to 255 characters). */
  readonly name: string;
  /** Attribute type. */
  readonly type: DynamoDbAttributeType;
}

/** Item actions a publisher needs to write (DynamoDB API reference; DeleteItem so a publisher can retract rows). */
export const DYNAMODB_WRITE_ACTIONS: readonly string[] = [
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
  "dynamodb:DescribeTable",
];

/** Item actions a reader needs (on the table and its indexes). */
export const DYNAMODB_READ_ACTIONS: readonly string[] = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "dynamodb:ConditionCheckItem",
  "dynamodb:DescribeTable",
];

/** Properties of {@link DynamoDbTable}. */
export interface DynamoDbTableProps {
  /** Table name: 3 to 255 letters, digits, `_`, `-` and `.`. */
  readonly tableName: string;
  /** The partition key. */
  readonly hashKey: DynamoDbKey;
  /**
   * The sort key.
   * @default - none (items are identified by the partition key alone)
   */
  readonly rangeKey?: DynamoDbKey;
  /** Our KMS key (ARN) for server-side encryption (a customer managed key, never the AWS owned or managed one). */
  readonly kmsKeyArn: string;
  /**
   * Attribute (a number, epoch seconds) after which DynamoDB deletes an item.
   * @default - no time to live
   */
  readonly ttlAttributeName?: string;
  /**
   * Deletion protection on the table and Terraform `prevent_destroy`.
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Tags on the table, on top of the provider's `default_tags`.
   * @default - none beyond the provider's default_tags
   */
  readonly tags?: Record<string, string>;
}

/**
 * A DynamoDB table that delivers final data products to applications.
 *
 * On-demand capacity (`PAY_PER_REQUEST`), point-in-time recovery, server-side encryption with the given customer managed
 * key, deletion protection and Terraform `prevent_destroy`. Publishers and readers get their permissions through
 * {@link dynamoWriteStatements} and {@link dynamoReadStatements}.
 *
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html
 * @example
 * const table = new DynamoDbTable(this, "CustomerSummary", {
 *   tableName: "acme-prod-customer-summary", hashKey: { name: "customer_id", type: "S" }, kmsKeyArn: dataKey.keyArn,
 * });
 * role.addStatements(dynamoWriteStatements(table.tableArn, dataKey.keyArn));
 */
export class DynamoDbTable extends Construct {
  /** The `aws_dynamodb_table`. */
  public readonly table: DynamodbTable;
  /** The table name. */
  public readonly tableName: string;
  /** The table ARN. */
  public readonly tableArn: string;

  constructor(scope: Construct, id: string, props: DynamoDbTableProps) {
    super(scope, id);
    throwIfInvalidProps(this, tablePropsProblems(props));
    const protect = props.protect ?? true;
    const keys = [props.hashKey, ...(props.rangeKey ? [props.rangeKey] : [])];
    this.table = new DynamodbTable(this, "Table", {
      name: props.tableName,
      billingMode: "PAY_PER_REQUEST",
      hashKey: props.hashKey.name,
      ...(props.rangeKey ? { rangeKey: props.rangeKey.name } : {}),
      attribute: keys.map((k) => ({ name: k.name, type: k.type })),
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
      deletionProtectionEnabled: protect,
      ...(props.ttlAttributeName ? { ttl: { enabled: true, attributeName: props.ttlAttributeName } } : {}),
      tags: props.tags,
      lifecycle: { preventDestroy: protect },
    });
    this.tableName = this.table.name;
    this.tableArn = this.table.arn;
  }
}

/**
 * The condition that limits use of the table's key to DynamoDB: `dynamodb.<region>.amazonaws.com` when `region` is
 * given, any region's DynamoDB otherwise.
 */
function viaDynamoDb(region?: string): PolicyStatement["conditions"] {
  return region
    ? { StringEquals: { "kms:ViaService": `dynamodb.${region}.amazonaws.com` } }
    : { StringLike: { "kms:ViaService": "dynamodb.*.amazonaws.com" } };
}

/**
 * Identity-policy statements that let a publisher write items to the table: the write actions on the table ARN, and
 * `kms:GenerateDataKey`/`kms:Decrypt` on its key only when DynamoDB is the caller (`kms:ViaService`; DynamoDB developer
 * guide, "How Amazon DynamoDB uses AWS KMS").
 */
export function dynamoWriteStatements(tableArn: string, kmsKeyArn: string, region?: string): PolicyStatement[] {
  return [
    { sid: "WriteTableItems", actions: [...DYNAMODB_WRITE_ACTIONS], resources: [tableArn] },
    {
      sid: "UseTableKeyThroughDynamoDb",
      actions: ["kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"],
      resources: [kmsKeyArn],
      conditions: viaDynamoDb(region),
    },
  ];
}

/** Identity-policy statements that let an application read items from the table and its indexes, decrypting through DynamoDB. */
export function dynamoReadStatements(tableArn: string, kmsKeyArn: string, region?: string): PolicyStatement[] {
  return [
    { sid: "ReadTableItems", actions: [...DYNAMODB_READ_ACTIONS], resources: [tableArn, `${tableArn}/index/*`] },
    { sid: "DecryptTableKeyThroughDynamoDb", actions: ["kms:Decrypt", "kms:DescribeKey"], resources: [kmsKeyArn], conditions: viaDynamoDb(region) },
  ];
}

const TABLE_NAME_PATTERN = /^[A-Za-z0-9_.-]{3,255}$/;
const ATTRIBUTE_TYPES: readonly string[] = ["S", "N", "B"];

function tablePropsProblems(props: DynamoDbTableProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.tableName) && !TABLE_NAME_PATTERN.test(props.tableName)) {
    problems.push(`tableName: "${props.tableName}" must be 3-255 letters, digits, "_", "-" and "."`);
  }
  problems.push(...keyProblems("hashKey", props.hashKey));
  if (props.rangeKey) {
    problems.push(...keyProblems("rangeKey", props.rangeKey));
    if (props.rangeKey.name === props.hashKey.name) {
      problems.push(`rangeKey.name: "${props.rangeKey.name}" is also the hash key; a sort key must be another attribute`);
    }
  }
  if (props.ttlAttributeName !== undefined && !validAttributeName(props.ttlAttributeName)) {
    problems.push(`ttlAttributeName: "${props.ttlAttributeName}" must be 1-255 characters`);
  }
  problems.push(...keyArnProblems("kmsKeyArn", props.kmsKeyArn));
  return problems;
}

function keyProblems(prop: string, key: DynamoDbKey): string[] {
  const problems: string[] = [];
  if (!validAttributeName(key.name)) problems.push(`${prop}.name: "${key.name}" must be 1-255 characters`);
  if (!ATTRIBUTE_TYPES.includes(key.type)) problems.push(`${prop}.type: "${key.type}" is not a key type; use S (string), N (number) or B (binary)`);
  return problems;
}

function validAttributeName(name: string): boolean {
  return Token.isUnresolved(name) || (name.length >= 1 && name.length <= 255);
}
