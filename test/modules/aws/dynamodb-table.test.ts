import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import {
  DYNAMODB_READ_ACTIONS,
  DYNAMODB_WRITE_ACTIONS,
  DynamoDbTable,
  dynamoReadStatements,
  dynamoWriteStatements,
  type DynamoDbTableProps,
} from "../../../modules/aws/dynamodb-table";
import { evaluate } from "../policy/fixtures";
import { synthesize } from "../../synth-json";

const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/data";
const TABLE_ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/acme-prod-customer-summary";

const BASE: DynamoDbTableProps = {
  tableName: "acme-prod-customer-summary",
  hashKey: { name: "customer_id", type: "S" },
  kmsKeyArn: KEY_ARN,
};

function build(props: Partial<DynamoDbTableProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new DynamoDbTable(stack, "Summary", { ...BASE, ...props });
  return { s: synthesize(stack) };
}

describe("DynamoDbTable", () => {
  it("is on-demand, recoverable, encrypted with the key and protected", () => {
    const { s } = build({ tags: { Product: "customer-summary" } });
    expect(s.resource("aws_dynamodb_table", "/Summary/Table").block).toMatchObject({
      name: "acme-prod-customer-summary",
      billing_mode: "PAY_PER_REQUEST",
      hash_key: "customer_id",
      attribute: [{ name: "customer_id", type: "S" }],
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true, kms_key_arn: KEY_ARN },
      deletion_protection_enabled: true,
      tags: { Product: "customer-summary" },
      lifecycle: { prevent_destroy: true },
    });
    const block = s.resource("aws_dynamodb_table", "/Summary/Table").block;
    expect(block.read_capacity).toBeUndefined();
    expect(block.range_key).toBeUndefined();
    expect(block.ttl).toBeUndefined();
  });

  it("adds the sort key and time to live when given, and drops protection only when asked", () => {
    const { s } = build({ rangeKey: { name: "day", type: "N" }, ttlAttributeName: "expires_at", protect: false });
    expect(s.resource("aws_dynamodb_table", "/Summary/Table").block).toMatchObject({
      hash_key: "customer_id",
      range_key: "day",
      attribute: [
        { name: "customer_id", type: "S" },
        { name: "day", type: "N" },
      ],
      ttl: { enabled: true, attribute_name: "expires_at" },
      deletion_protection_enabled: false,
      lifecycle: { prevent_destroy: false },
    });
  });

  it("exposes the table name and ARN as references", () => {
    const stack = new TerraformStack(Testing.app(), "refs");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const table = new DynamoDbTable(stack, "Summary", BASE);
    new TerraformOutput(stack, "arn", { value: table.tableArn });
    new TerraformOutput(stack, "name", { value: table.tableName });
    const s = synthesize(stack);
    expect(s.json.output?.arn.value).toBe(s.ref("aws_dynamodb_table", "/Summary/Table", "arn"));
    expect(s.json.output?.name.value).toBe(s.ref("aws_dynamodb_table", "/Summary/Table", "name"));
  });

  it("lets a publisher write items to this table only and use the key only through DynamoDB", () => {
    expect(dynamoWriteStatements(TABLE_ARN, KEY_ARN, "eu-west-1")).toEqual([
      { sid: "WriteTableItems", actions: [...DYNAMODB_WRITE_ACTIONS], resources: [TABLE_ARN] },
      {
        sid: "UseTableKeyThroughDynamoDb",
        actions: ["kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"],
        resources: [KEY_ARN],
        conditions: { StringEquals: { "kms:ViaService": "dynamodb.eu-west-1.amazonaws.com" } },
      },
    ]);
    expect(DYNAMODB_WRITE_ACTIONS).toEqual(
      expect.arrayContaining(["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:DescribeTable"]),
    );
    expect(DYNAMODB_WRITE_ACTIONS.some((a) => a.includes("*") || /Get|Query|Scan|Delete(Table|Backup)/.test(a))).toBe(false);
  });

  it("lets a reader read items from the table and its indexes, decrypting only through DynamoDB", () => {
    expect(dynamoReadStatements(TABLE_ARN, KEY_ARN)).toEqual([
      { sid: "ReadTableItems", actions: [...DYNAMODB_READ_ACTIONS], resources: [TABLE_ARN, `${TABLE_ARN}/index/*`] },
      {
        sid: "DecryptTableKeyThroughDynamoDb",
        actions: ["kms:Decrypt", "kms:DescribeKey"],
        resources: [KEY_ARN],
        conditions: { StringLike: { "kms:ViaService": "dynamodb.*.amazonaws.com" } },
      },
    ]);
    expect(DYNAMODB_READ_ACTIONS.some((a) => /Put|Update|Delete|Write/.test(a))).toBe(false);
  });

  it("passes the guardrails (DYNAMODB-*, data protection) with no finding", () => {
    const results = evaluate((stack) => void new DynamoDbTable(stack, "Summary", BASE)).filter((r) => r.path.startsWith("fixture/Summary"));
    expect(results.filter((r) => r.status !== "pass")).toEqual([]);
    for (const rule of ["DYNAMODB-PITR", "DYNAMODB-ENCRYPTION", "DYNAMODB-DELETION-PROTECTION", "DATA-PREVENT-DESTROY"]) {
      expect(results.filter((r) => r.ruleId === rule && r.status === "pass").length).toBe(1);
    }
  });

  it("refuses bad props, naming each", () => {
    expect(() =>
      build({
        tableName: "a",
        hashKey: { name: "", type: "X" as "S" },
        rangeKey: { name: "", type: "S" },
        ttlAttributeName: "",
        kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:alias/aws/dynamodb",
      }),
    ).toThrow(
      new RegExp(
        [
          'tableName: "a"',
          'hashKey.name: ""',
          'hashKey.type: "X"',
          'rangeKey.name: ""',
          'rangeKey.name: "" is also the hash key',
          'ttlAttributeName: ""',
          "kmsKeyArn: .*AWS-managed",
        ].join("[\\s\\S]*"),
      ),
    );
  });
});
