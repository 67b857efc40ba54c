import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend } from "cdktf";
import { describeRule } from "../fixtures";

const S3_STATE = { bucket: "lakehouse-state", key: "dev/network-storage.tfstate", region: "us-east-1" };

describeRule({
  rule: "STATE-REMOTE-BACKEND",
  passes: [
    {
      name: "an encrypted S3 backend with S3-native locking",
      build: (s) => new S3Backend(s, { ...S3_STATE, encrypt: true }).addOverride("use_lockfile", true),
    },
    {
      name: "an encrypted S3 backend locked by DynamoDB",
      build: (s) => void new S3Backend(s, { ...S3_STATE, encrypt: true, dynamodbTable: "terraform-locks" }),
    },
    {
      name: "the cloud backend",
      build: (s) => void new CloudBackend(s, { organization: "platform", workspaces: new NamedCloudWorkspace("lakehouse-dev-network-storage") }),
    },
  ],
  fails: [
    { name: "a stack without a backend", build: () => undefined, message: /the stack has no remote backend/ },
    { name: "a local backend", build: (s) => void new LocalBackend(s, { path: "terraform.tfstate" }), message: /the stack has no remote backend/ },
    {
      name: "an S3 backend without encryption or locking",
      build: (s) => void new S3Backend(s, S3_STATE),
      message: /the S3 backend is not safe: encrypt is not true and neither use_lockfile nor dynamodb_table locks it/,
    },
  ],
});
