import { interpolations, isExpression, isPureExpression, referencesIn } from "../../../modules/policy/expressions";

const texts = (s: string) => referencesIn(s).map((r) => r.text);

describe("interpolations", () => {
  it("finds each ${...} with its expression, nested braces included", () => {
    expect(interpolations('a ${x.y} b ${jsonencode({k = "v"})}')).toEqual([
      { start: 2, end: 8, expression: "x.y" },
      { start: 11, end: 35, expression: 'jsonencode({k = "v"})' },
    ]);
  });

  it("treats $${ as a literal", () => {
    expect(interpolations("literal $${not.a.ref}")).toEqual([]);
    expect(isExpression("literal $${not.a.ref}")).toBe(false);
  });

  it("skips a closing brace inside a string literal of the expression", () => {
    expect(interpolations('${replace(var.x, "}", "")}')[0].expression).toBe('replace(var.x, "}", "")');
  });
});

describe("isPureExpression", () => {
  it("is true for a string made only of interpolations", () => {
    expect(isPureExpression("${aws_kms_key.key.arn}")).toBe(true);
    expect(isPureExpression("${var.a}${var.b}")).toBe(true);
  });

  it("is false when literal text surrounds the interpolation", () => {
    expect(isPureExpression("arn:aws:s3:::${var.bucket}/*")).toBe(false);
    expect(isPureExpression("plain")).toBe(false);
  });
});

describe("referencesIn", () => {
  it("reads resource, data, variable and local references with their traversal", () => {
    expect(referencesIn("${aws_s3_bucket.data.arn}/${data.aws_caller_identity.me.account_id}-${var.env}-${local.prefix}")).toEqual([
      { root: "aws_s3_bucket", traversal: ["data", "arn"], text: "aws_s3_bucket.data.arn" },
      { root: "data", traversal: ["aws_caller_identity", "me", "account_id"], text: "data.aws_caller_identity.me.account_id" },
      { root: "var", traversal: ["env"], text: "var.env" },
      { root: "local", traversal: ["prefix"], text: "local.prefix" },
    ]);
  });

  it("skips function names, including provider-defined functions", () => {
    expect(texts('${lookup(var.tags, "a", null)} ${provider::aws::arn_parse(aws_iam_role.r.arn)}')).toEqual(["var.tags", "aws_iam_role.r.arn"]);
  });

  it("skips indexes and splats but keeps the attribute after them", () => {
    expect(texts("${aws_subnet.private[0].id} ${aws_subnet.private.*.id} ${aws_subnet.private[*].cidr_block}")).toEqual([
      "aws_subnet.private.id",
      "aws_subnet.private.id",
      "aws_subnet.private.cidr_block",
    ]);
  });

  it("finds references inside an index", () => {
    expect(texts("${aws_subnet.private[var.index].id}")).toEqual(["var.index", "aws_subnet.private.id"]);
  });

  it("skips object keys and for-expression variables", () => {
    expect(texts("${jsonencode({ Name = var.name, tags = [for k, v in var.tags : upper(v)] })}")).toEqual(["var.name", "var.tags"]);
  });

  it("finds references inside template strings nested in the expression", () => {
    expect(texts('${format("%s", "${aws_kms_key.key.arn}/x")}')).toEqual(["aws_kms_key.key.arn"]);
  });

  it("keeps hyphenated names whole, as HCL does", () => {
    expect(texts("${aws_s3_bucket.logs-bucket.id}")).toEqual(["aws_s3_bucket.logs-bucket.id"]);
  });

  it("ignores keywords and literals", () => {
    expect(referencesIn("${true ? null : 1.5e3}")).toEqual([]);
  });
});
