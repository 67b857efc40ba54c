import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { KmsKey, KmsKeyProps } from "../../../modules/aws/kms-key";
import type { JsonStatement as Statement } from "../../iam-json";

interface Synth {
  readonly stack: TerraformStack;
  readonly key: KmsKey;
  json(): SynthJson;
}

interface SynthJson {
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, unknown>>;
}

const BASE: KmsKeyProps = { alias: "acme/dev/data", description: "Lakehouse data buckets" };

function build(props: Partial<KmsKeyProps> = {}): Synth {
  const stack = new TerraformStack(Testing.app(), "test");
  const key = new KmsKey(stack, "DataKey", { ...BASE, ...props });
  return { stack, key, json: () => JSON.parse(Testing.synth(stack)) as SynthJson };
}

function keyResource(s: Synth, json: SynthJson): Record<string, unknown> {
  return json.resource.aws_kms_key[s.stack.getLogicalId(s.key.key)];
}

function keyPolicy(s: Synth, json: SynthJson): Statement[] {
  const policy = JSON.parse(keyResource(s, json).policy as string) as { Version: string; Statement: Statement[] };
  expect(policy.Version).toBe("2012-10-17");
  return policy.Statement;
}

function dataRef(s: Synth, type: string, attribute: string): string {
  const data = s.key.node.findChild(type === "aws_caller_identity" ? "CallerIdentity" : type === "aws_partition" ? "Partition" : "Region");
  return `\${data.${type}.${s.stack.getLogicalId(data.node)}.${attribute}}`;
}

function expectInvalid(props: Partial<KmsKeyProps>, message: string | RegExp): void {
  expect(() => build(props)).toThrow(message);
}

describe("KmsKey", () => {
  it("creates a key with rotation on, a 30-day deletion window and prevent_destroy by default", () => {
    const s = build();
    const key = keyResource(s, s.json());
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
    expect(key.description).toBe("Lakehouse data buckets");
    expect(key.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("uses the given deletion window, rotation setting and tags", () => {
    const s = build({ deletionWindowDays: 7, enableKeyRotation: false, tags: { DataClass: "confidential" } });
    const key = keyResource(s, s.json());
    expect(key.deletion_window_in_days).toBe(7);
    expect(key.enable_key_rotation).toBe(false);
    expect(key.tags).toEqual({ DataClass: "confidential" });
  });

  it("drops prevent_destroy when protect is false", () => {
    const s = build({ protect: false });
    expect(keyResource(s, s.json()).lifecycle).toEqual({ prevent_destroy: false });
  });

  it("creates the alias alias/<alias> pointing at the key id", () => {
    const s = build();
    const json = s.json();
    const alias = json.resource.aws_kms_alias[s.stack.getLogicalId(s.key.alias)];
    expect(alias.name).toBe("alias/acme/dev/data");
    expect(alias.target_key_id).toBe(`\${aws_kms_key.${s.stack.getLogicalId(s.key.key)}.key_id}`);
    expect(s.key.aliasName).toBe("alias/acme/dev/data");
  });

  it("exposes the key's arn and id as references", () => {
    const s = build();
    const name = s.stack.getLogicalId(s.key.key);
    new TerraformOutput(s.stack, "arn", { value: s.key.keyArn });
    new TerraformOutput(s.stack, "id", { value: s.key.keyId });
    const outputs = (JSON.parse(Testing.synth(s.stack)) as { output: Record<string, { value: string }> }).output;
    expect(outputs.arn.value).toBe(`\${aws_kms_key.${name}.arn}`);
    expect(outputs.id.value).toBe(`\${aws_kms_key.${name}.key_id}`);
  });

  it("gives the account root kms:* on the key in the first key policy statement", () => {
    const s = build();
    const statements = keyPolicy(s, s.json());
    expect(statements).toHaveLength(1);
    expect(statements[0]).toEqual({
      Sid: "KeyAdministration",
      Effect: "Allow",
      Principal: { AWS: [`arn:${dataRef(s, "aws_partition", "partition")}:iam::${dataRef(s, "aws_caller_identity", "account_id")}:root`] },
      Action: "kms:*",
      Resource: "*",
    });
  });

  it("uses the given administrators instead of the account root and reads no caller identity", () => {
    const admins = ["arn:aws:iam::123456789012:role/KeyAdmin", "arn:aws:iam::123456789012:role/BreakGlass"];
    const s = build({ administratorArns: admins });
    const json = s.json();
    expect(keyPolicy(s, json)[0].Principal).toEqual({ AWS: admins });
    expect(json.data?.aws_caller_identity).toBeUndefined();
  });

  it("appends encrypt/decrypt grants after the administration statement", () => {
    const s = build();
    s.key.grantEncryptDecrypt({ AWS: "arn:aws:iam::123456789012:role/uc-storage" }, "UnityCatalogStorage", {
      StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" },
    });
    const statements = keyPolicy(s, s.json());
    expect(statements.map((st) => st.Sid)).toEqual(["KeyAdministration", "UnityCatalogStorage"]);
    expect(statements[1]).toEqual({
      Sid: "UnityCatalogStorage",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::123456789012:role/uc-storage" },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
    });
  });

  it('adds key policy statements with Resource "*" when none is given', () => {
    const s = build();
    s.key.addToKeyPolicy({ sid: "Describe", principal: { Service: "s3.amazonaws.com" }, actions: ["kms:DescribeKey"] });
    expect(keyPolicy(s, s.json())[1]).toMatchObject({ Sid: "Describe", Action: "kms:DescribeKey", Resource: "*" });
  });

  it("refuses a key policy statement without a principal", () => {
    const s = build();
    expect(() => s.key.addToKeyPolicy({ sid: "NoOne", actions: ["kms:Decrypt"] })).toThrow(/"NoOne" has no principal/);
  });

  it("refuses a second statement with the same sid", () => {
    const s = build();
    s.key.grantEncryptDecrypt({ AWS: "arn:aws:iam::123456789012:role/a" }, "Reader");
    expect(() => s.key.grantEncryptDecrypt({ AWS: "arn:aws:iam::123456789012:role/b" }, "Reader")).toThrow(/"Reader" is already present/);
  });

  it("lets log delivery use the key once, limited to this account's log deliveries", () => {
    const s = build();
    s.key.grantLogDelivery();
    s.key.grantLogDelivery();
    const statements = keyPolicy(s, s.json());
    expect(statements).toHaveLength(2);
    const account = dataRef(s, "aws_caller_identity", "account_id");
    expect(statements[1]).toEqual({
      Sid: "AllowLogDeliveryUseOfKey",
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": account },
        ArnLike: { "aws:SourceArn": `arn:${dataRef(s, "aws_partition", "partition")}:logs:${dataRef(s, "aws_region", "region")}:${account}:*` },
      },
    });
  });

  describe("validation", () => {
    it("fails if the alias includes the alias/ prefix", () => {
      expectInvalid({ alias: "alias/data" }, /alias: "alias\/data" starts with "alias\/"; give the name without the prefix/);
    });

    it("fails if the alias has characters KMS does not allow", () => {
      expectInvalid({ alias: "data key!" }, /alias: "data key!" has characters KMS does not allow; use letters, digits, "\/", "_" and "-" only/);
    });

    it("fails if the alias uses the reserved aws/ prefix", () => {
      expectInvalid({ alias: "aws/s3" }, /alias: "aws\/s3" starts with "aws\/", which is reserved for AWS managed keys/);
    });

    it("fails if the alias is empty or longer than 250 characters", () => {
      expectInvalid({ alias: "" }, /alias: "" is 0 characters long; use 1 to 250/);
      expectInvalid({ alias: "a".repeat(251) }, /is 251 characters long; use 1 to 250/);
    });

    it("fails if the deletion window is outside 7 to 30 days or not whole", () => {
      expectInvalid({ deletionWindowDays: 6 }, /deletionWindowDays: 6 is not allowed; use a whole number of days from 7 to 30/);
      expectInvalid({ deletionWindowDays: 31 }, /deletionWindowDays: 31 is not allowed/);
      expectInvalid({ deletionWindowDays: 10.5 }, /deletionWindowDays: 10.5 is not allowed/);
    });

    it("fails if the description is empty", () => {
      expectInvalid({ description: "  " }, /description: is empty; say what the key protects/);
    });

    it("fails if administratorArns is empty or holds something other than an IAM ARN", () => {
      expectInvalid({ administratorArns: [] }, /administratorArns: is empty/);
      expectInvalid(
        { administratorArns: ["arn:aws:iam::123456789012:root", "KeyAdmin"] },
        /administratorArns\[1\]: "KeyAdmin" is not an IAM principal ARN/,
      );
    });

    it("reports every problem in one error", () => {
      expect(() => build({ alias: "alias/x", deletionWindowDays: 45 })).toThrow(/alias: "alias\/x"[\s\S]*deletionWindowDays: 45/);
    });

    it("skips values that are unresolved tokens", () => {
      const stack = new TerraformStack(Testing.app(), "test");
      const alias = new TerraformVariable(stack, "alias", { type: "string" });
      const days = new TerraformVariable(stack, "days", { type: "number" });
      expect(() => new KmsKey(stack, "Key", { ...BASE, alias: alias.stringValue, deletionWindowDays: days.numberValue })).not.toThrow();
    });
  });
});
