import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { TerraformVariable, Token } from "cdktf";
import { describeRule } from "../fixtures";

const TWO_TAGS = { requiredTags: ["Project", "Environment"] };

describeRule({
  rule: "TAGS-REQUIRED",
  passes: [
    { name: "a bucket tagged through the provider's default_tags", build: (s) => void new S3Bucket(s, "data", { bucket: "lakehouse-data" }) },
    {
      name: "a bucket adding the second tag itself",
      build: (s) => void new S3Bucket(s, "data", { bucket: "lakehouse-data", tags: { Environment: "dev" } }),
      settings: TWO_TAGS,
    },
  ],
  fails: [
    {
      name: "a bucket missing a required tag",
      build: (s) => void new S3Bucket(s, "data", { bucket: "lakehouse-data" }),
      settings: TWO_TAGS,
      message: /the resource lacks required tag Environment/,
    },
    {
      name: "a bucket on an aliased provider without default_tags",
      build: (s) =>
        void new S3Bucket(s, "data", {
          bucket: "lakehouse-data",
          provider: new AwsProvider(s, "replica", { region: "us-west-2", alias: "replica" }),
        }),
      message: /the resource lacks required tag Project/,
    },
    {
      name: "tags given by a variable",
      build: (s) =>
        void new S3Bucket(s, "data", {
          bucket: "lakehouse-data",
          tags: Token.asStringMap(new TerraformVariable(s, "tags", { type: "map(string)" }).value),
        }),
      message: /tags are "\$\{var\.tags\}", which cannot be resolved at synth/,
    },
  ],
  skips: [
    {
      name: "an untaggable resource (a public access block)",
      build: (s) => void new S3BucketPublicAccessBlock(s, "pab", { bucket: "lakehouse-data" }),
    },
    {
      name: "any resource when no tags are required",
      build: (s) => void new S3Bucket(s, "data", { bucket: "lakehouse-data" }),
      settings: { requiredTags: [] },
    },
  ],
});
