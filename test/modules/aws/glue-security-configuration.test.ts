import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { GlueSecurityConfiguration, glueLogsKeyPolicyStatements } from "../../../modules/aws/glue-security-configuration";
import { KmsKey } from "../../../modules/aws/kms-key";
import { evaluate } from "../policy/fixtures";
import { synthesize } from "../../synth-json";

const KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/data";

describe("GlueSecurityConfiguration", () => {
  it("encrypts S3 output and CloudWatch logs with SSE-KMS and job bookmarks with CSE-KMS, all with the key", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    const config = new GlueSecurityConfiguration(stack, "Glue", { name: "acme-prod-glue", kmsKeyArn: KEY_ARN });
    const s = synthesize(stack);
    expect(s.resource("aws_glue_security_configuration", "/Glue/Resource").block).toMatchObject({
      name: "acme-prod-glue",
      encryption_configuration: {
        s3_encryption: { s3_encryption_mode: "SSE-KMS", kms_key_arn: KEY_ARN },
        cloudwatch_encryption: { cloudwatch_encryption_mode: "SSE-KMS", kms_key_arn: KEY_ARN },
        job_bookmarks_encryption: { job_bookmarks_encryption_mode: "CSE-KMS", kms_key_arn: KEY_ARN },
      },
    });
    expect(config.kmsKeyArn).toBe(KEY_ARN);
  });

  it("gives CloudWatch Logs the key for Glue's log groups of the account only, by encryption context", () => {
    expect(glueLogsKeyPolicyStatements("eu-west-1", "111122223333")).toEqual([
      {
        sid: "AllowCloudWatchLogsForGlue",
        effect: "Allow",
        principal: { Service: "logs.eu-west-1.amazonaws.com" },
        actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        resources: ["*"],
        conditions: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:111122223333:log-group:/aws-glue/*" } },
      },
    ]);
    expect(glueLogsKeyPolicyStatements("cn-north-1", "111122223333", "aws-cn")[0].conditions).toEqual({
      ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws-cn:logs:cn-north-1:111122223333:log-group:/aws-glue/*" },
    });
  });

  it("passes GLUE-ENCRYPTION and the KMS and IAM rules with the logs statement in the key policy", () => {
    const results = evaluate((stack) => {
      const key = new KmsKey(stack, "DataKey", { alias: "acme/prod/data", description: "Landing data" });
      glueLogsKeyPolicyStatements("us-east-1", "111122223333").forEach((statement) => key.addToKeyPolicy(statement));
      new GlueSecurityConfiguration(stack, "Glue", { name: "acme-prod-glue", kmsKeyArn: key.keyArn });
    }).filter((r) => r.path !== "fixture");
    expect(results.filter((r) => r.status !== "pass")).toEqual([]);
    expect(results.filter((r) => r.ruleId === "GLUE-ENCRYPTION").map((r) => r.status)).toEqual(["pass"]);
  });

  it("refuses a name Glue does not accept and a key that is not a key ARN, naming each", () => {
    const stack = new TerraformStack(Testing.app(), "bad");
    expect(() => new GlueSecurityConfiguration(stack, "Bad", { name: "has space", kmsKeyArn: "alias/aws/glue" })).toThrow(
      /name: "has space"[\s\S]*kmsKeyArn: "alias\/aws\/glue"/,
    );
  });
});
