import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { DataTerraformRemoteStateS3, TerraformLocal, TerraformOutput, TerraformResource, TerraformVariable } from "cdktf";
import { renderPolicy } from "../../../../modules/aws/policy-document";
import { describeRule } from "../fixtures";

describeRule({
  rule: "REFS-RESOLVE",
  passes: [
    {
      name: "references to resources, attributes, variables, locals and remote state of the stack",
      build: (s) => {
        const prefix = new TerraformVariable(s, "prefix", { type: "string", default: "lakehouse" });
        const name = new TerraformLocal(s, "bucket-name", `${prefix.stringValue}-data`);
        const upstream = new DataTerraformRemoteStateS3(s, "network", { bucket: "state", key: "dev/network.tfstate", region: "us-east-1" });
        const bucket = new S3Bucket(s, "data", { bucket: name.asString, tags: { Vpc: upstream.getString("vpc_id") } });
        new S3BucketPolicy(s, "policy", {
          bucket: bucket.id,
          policy: renderPolicy([{ effect: "Deny", principal: "*", actions: ["s3:*"], resources: [bucket.arn, `${bucket.arn}/*`] }]),
        });
        const role = new IamRole(s, "role", { assumeRolePolicy: "{}" });
        new Sleep(s, "wait-for-iam", { createDuration: "30s", dependsOn: [role], triggers: { role: role.arn } });
        new TerraformOutput(s, "bucket-arn", { value: bucket.arn });
      },
    },
  ],
  fails: [
    {
      name: "a reference to a resource the stack does not have",
      build: (s) => void new S3BucketPolicy(s, "policy", { bucket: "${aws_s3_bucket.renamed.id}", policy: "{}" }),
      message: /aws_s3_bucket\.renamed\.id names no resource in this stack/,
    },
    {
      name: "a reference to an attribute the type does not have",
      build: (s) => {
        const bucket = new S3Bucket(s, "data", { bucket: "lakehouse-data" });
        new S3BucketPolicy(s, "policy", { bucket: `\${aws_s3_bucket.${bucket.friendlyUniqueId}.bucket_name}`, policy: "{}" });
      },
      message: /aws_s3_bucket\.data\.bucket_name: aws_s3_bucket has no attribute bucket_name/,
    },
    {
      name: "a reference to an undeclared variable",
      build: (s) => void new S3Bucket(s, "data", { bucket: "${var.bucket_name}" }),
      message: /var\.bucket_name names no variable in this stack/,
    },
    {
      name: "a reference into a type no installed provider package knows",
      build: (s) => {
        new TerraformResource(s, "thing", { terraformResourceType: "aws_not_a_real_type" });
        new S3Bucket(s, "data", { bucket: "${aws_not_a_real_type.thing.name}" });
      },
      message: /aws_not_a_real_type is not a type the installed provider packages know/,
    },
    {
      name: "a provider alias that is not configured",
      build: (s) => new S3Bucket(s, "data", { bucket: "lakehouse-data" }).addOverride("provider", "aws.replica"),
      message: /provider aws\.replica is not configured in this stack/,
    },
  ],
});
