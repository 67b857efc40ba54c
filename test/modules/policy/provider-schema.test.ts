import { attributeNames, snakeCase } from "../../../modules/policy/provider-schema";

const PACKAGES = { aws: "@cdktf/provider-aws", databricks: "@cdktf/provider-databricks", time: "@cdktf/provider-time" };

describe("attributeNames", () => {
  it("reads a resource's attributes from its provider class, without the generated *Input readers", () => {
    const names = [...(attributeNames("resource", "aws_s3_bucket", PACKAGES) ?? [])];
    expect(names).toEqual(expect.arrayContaining(["arn", "bucket", "bucket_regional_domain_name", "tags", "versioning"]));
    expect(names).not.toContain("bucket_input");
    expect(names).not.toContain("terraform_resource_type");
  });

  it("reads data sources from their data-<provider>-<name> module", () => {
    expect(attributeNames("data", "aws_iam_policy_document", PACKAGES)?.has("json")).toBe(true);
    expect(attributeNames("data", "databricks_aws_crossaccount_policy", PACKAGES)?.has("json")).toBe(true);
  });

  it("finds types whose module name differs from the type (time_sleep, databricks_provider)", () => {
    expect(attributeNames("resource", "time_sleep", PACKAGES)?.has("create_duration")).toBe(true);
    expect(attributeNames("resource", "databricks_provider", PACKAGES)?.has("recipient_profile_str")).toBe(true);
  });

  it("knows Terraform's built-in types", () => {
    expect(attributeNames("data", "terraform_remote_state", PACKAGES)?.has("outputs")).toBe(true);
    expect(attributeNames("resource", "terraform_data", PACKAGES)?.has("output")).toBe(true);
  });

  it("reads only the packages it is given", () => {
    expect(attributeNames("resource", "aws_s3_bucket", {})).toBeUndefined();
    expect(attributeNames("resource", "aws_s3_bucket", { aws: "@cdktf/provider-aws" })?.has("bucket")).toBe(true);
  });

  it("returns undefined for a type no installed package defines", () => {
    expect(attributeNames("resource", "aws_not_a_real_type", PACKAGES)).toBeUndefined();
    expect(attributeNames("resource", "restapi_object", PACKAGES)).toBeUndefined();
  });

  it("falls back to the construct's own class for providers without a package", () => {
    class RestApiObject {
      public static readonly tfResourceType = "restapi_object";
      public get apiResponse(): string {
        return "";
      }
    }
    expect(attributeNames("resource", "restapi_object", PACKAGES, RestApiObject)?.has("api_response")).toBe(true);
  });
});

describe("snakeCase", () => {
  it("turns generated getter names into attribute names", () => {
    expect(snakeCase("kmsMasterKeyId")).toBe("kms_master_key_id");
    expect(snakeCase("ipv6CidrBlock")).toBe("ipv6_cidr_block");
  });
});
