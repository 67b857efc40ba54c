import { databricksShardName } from "../../../../modules/aws/databricks-endpoint-services";
import {
  databricksWritePrefixes,
  LIMIT_DATABRICKS_WRITES_SID,
  WorkspaceRootStorage,
  type WorkspaceRootStorageProps,
} from "../../../../modules/databricks/account/root-storage";
import { synthesize, type SynthesizedStack } from "../../../synth-json";
import { DATABRICKS_ACCOUNT_ID, workspaceFixture } from "../workspace-fixture";

function build(overrides: Partial<WorkspaceRootStorageProps> = {}): SynthesizedStack {
  const { stack, provider } = workspaceFixture();
  new WorkspaceRootStorage(stack, "RootStorage", {
    provider,
    databricksAccountId: DATABRICKS_ACCOUNT_ID,
    bucketName: "lakehouse-dev-workspace-root",
    region: "us-west-2",
    storageConfigurationName: "lakehouse-dev-root-storage",
    ...overrides,
  });
  return synthesize(stack);
}

/** Our half of the merged policy: the second source document of the policy data source. */
function ownStatements(s: SynthesizedStack): Record<string, unknown>[] {
  const [doc] = Object.values(s.dataSources("aws_iam_policy_document"));
  return JSON.parse((doc.source_policy_documents as string[])[1]).Statement;
}

describe("databricksShardName", () => {
  it.each([
    ["us-east-1", "nvirginia"],
    ["us-west-2", "oregon"],
    ["eu-west-1", "ireland"],
  ])("maps %s to the %s shard", (region, shard) => {
    expect(databricksShardName(region)).toBe(shard);
  });

  it("knows no shard for a region without Databricks workspaces here", () => {
    expect(databricksShardName("af-south-1")).toBeUndefined();
    expect(databricksShardName("toString")).toBeUndefined();
  });
});

describe("WorkspaceRootStorage", () => {
  const s = build();

  it("gives the bucket exactly one policy, merged from Databricks' policy and ours", () => {
    const policies = Object.values(s.resources("aws_s3_bucket_policy"));
    expect(policies).toHaveLength(1);
    const [[bucketPolicyName, databricks]] = Object.entries(s.dataSources("databricks_aws_bucket_policy"));
    const [[docName, doc]] = Object.entries(s.dataSources("aws_iam_policy_document"));
    expect(policies[0]).toEqual(
      expect.objectContaining({ bucket: "lakehouse-dev-workspace-root", policy: `\${data.aws_iam_policy_document.${docName}.json}` }),
    );
    expect((doc.source_policy_documents as string[])[0]).toBe(`\${data.databricks_aws_bucket_policy.${bucketPolicyName}.json}`);
    expect(databricks).toEqual(
      expect.objectContaining({
        bucket: "lakehouse-dev-workspace-root",
        databricks_e2_account_id: DATABRICKS_ACCOUNT_ID,
        provider: "databricks.account",
      }),
    );
  });

  it("keeps our TLS-only statement in the merged policy", () => {
    expect(ownStatements(s)[0]).toEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: ["arn:aws:s3:::lakehouse-dev-workspace-root", "arn:aws:s3:::lakehouse-dev-workspace-root/*"],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  it("denies Databricks every write outside the shard prefixes, which need no workspace id", () => {
    expect(ownStatements(s)[1]).toEqual({
      Sid: LIMIT_DATABRICKS_WRITES_SID,
      Effect: "Deny",
      Principal: { AWS: "arn:aws:iam::414351767826:root" },
      Action: ["s3:PutObject", "s3:DeleteObject"],
      NotResource: ["arn:aws:s3:::lakehouse-dev-workspace-root/oregon-prod/*", "arn:aws:s3:::lakehouse-dev-workspace-root/ephemeral/oregon-prod/*"],
    });
  });

  it("leaves every path of the restrictive SRA policy writable", () => {
    const prefixes = databricksWritePrefixes("nvirginia");
    const paths = ["nvirginia-prod/0_databricks_dev", "ephemeral/nvirginia-prod/1234/x", "nvirginia-prod/1234.tmp/x", "nvirginia-prod/1234/x"];
    expect(paths.filter((p) => !prefixes.some((prefix) => p.startsWith(prefix)))).toEqual([]);
  });

  it("registers the bucket only once the policy is in place", () => {
    const policy = s.resource("aws_s3_bucket_policy", "/RootStorage/BucketPolicy");
    expect(s.resource("databricks_mws_storage_configurations", "/RootStorage/StorageConfiguration").block).toEqual(
      expect.objectContaining({
        account_id: DATABRICKS_ACCOUNT_ID,
        bucket_name: "lakehouse-dev-workspace-root",
        storage_configuration_name: "lakehouse-dev-root-storage",
        depends_on: [`aws_s3_bucket_policy.${policy.name}`],
        provider: "databricks.account",
      }),
    );
  });

  it("uses the given bucket ARN in our statements", () => {
    const custom = build({ bucketArn: "arn:aws:s3:::other", region: "eu-west-1" });
    expect(ownStatements(custom)[1].NotResource).toEqual(["arn:aws:s3:::other/ireland-prod/*", "arn:aws:s3:::other/ephemeral/ireland-prod/*"]);
  });

  it("refuses a region without a known shard and an empty name", () => {
    expect(() => build({ region: "af-south-1", storageConfigurationName: "" })).toThrow(
      /storageConfigurationName: is empty[\s\S]*region: "af-south-1" has no known Databricks shard/,
    );
  });
});
