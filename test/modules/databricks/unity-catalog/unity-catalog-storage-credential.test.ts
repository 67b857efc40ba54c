import {
  FILE_EVENTS_RESOURCE_PREFIX,
  FILE_EVENTS_SIDS,
  UnityCatalogStorageCredential,
  type UnityCatalogStorageCredentialProps,
} from "../../../../modules/databricks/unity-catalog/unity-catalog-storage-credential";
import { SELF_ASSUME_PERMISSION_SID } from "../../../../modules/databricks/unity-catalog/unity-catalog-iam-role";
import { UNITY_CATALOG_MASTER_ROLE_ARN } from "../../../../modules/core/databricks-aws-identities";
import { synthesize, type Block, type SynthesizedStack } from "../../../synth-json";
import { asList, statement, ucStack, type Statement } from "./uc-fixture";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1111";
const UC_POLICY = "databricks_aws_unity_catalog_policy";
const BASE: Omit<UnityCatalogStorageCredentialProps, "provider"> = {
  name: "acme_dev_data_access",
  roleName: "acme-dev-uc-data-access",
  awsAccountId: "123456789012",
  region: "eu-west-1",
  buckets: [
    { bucketName: "acme-dev-uc" },
    { bucketName: "acme-dev-medallion" },
    { bucketName: "acme-dev-landing", readOnly: true, fileEvents: true },
  ],
  kmsKeyArn: KEY,
};
const OBJECT_WRITES = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:PutObjectAcl", "s3:DeleteObjectVersion"];

function build(props: Partial<UnityCatalogStorageCredentialProps> = {}) {
  const { stack, workspace } = ucStack();
  const credential = new UnityCatalogStorageCredential(stack, "Cred", { ...BASE, provider: workspace, ...props });
  return { stack, credential };
}

/** The statements of one policy JSON string. */
function parse(json: string): Statement[] {
  const document = JSON.parse(json) as { Version: string; Statement: Statement[] };
  expect(document.Version).toBe("2012-10-17");
  return document.Statement;
}

/** The merged permissions document and its source and override lists. */
function permissionsOf(s: SynthesizedStack): { name: string; block: Block; sources: string[]; overrides: string[] } {
  const { name, block } = s.dataSource("aws_iam_policy_document", "/Cred/Permissions");
  return {
    name,
    block,
    sources: (block.source_policy_documents as string[] | undefined) ?? [],
    overrides: (block.override_policy_documents as string[] | undefined) ?? [],
  };
}

describe("UnityCatalogStorageCredential", () => {
  const { stack, credential } = build();
  credential.addExternalLocation("Landing", {
    name: "acme_dev_landing",
    url: "s3://acme-dev-landing/",
    readOnly: true,
    fileEvents: true,
    kmsKeyArn: KEY,
  });
  const s = synthesize(stack);
  const credentialBlock = s.resource("databricks_storage_credential", "/Cred/Credential");
  const permissions = permissionsOf(s);
  const bucketPolicies = [s.dataSource(UC_POLICY, "/Cred/BucketPolicy0"), s.dataSource(UC_POLICY, "/Cred/BucketPolicy1")];
  const ownStatements = [...permissions.sources, ...permissions.overrides.filter((d) => !d.startsWith("${"))].flatMap(parse);

  it("names the role by an ARN built from its fixed name, not by the role's attribute (no cycle)", () => {
    expect(credentialBlock.block.aws_iam_role).toEqual({ role_arn: "arn:aws:iam::123456789012:role/acme-dev-uc-data-access" });
    expect(credential.roleArn).toBe("arn:aws:iam::123456789012:role/acme-dev-uc-data-access");
  });

  it("makes the role trust the master role and itself with the credential's own external id attribute", () => {
    const trust = s.dataSource("databricks_aws_unity_catalog_assume_role_policy", "/Cred/Role/TrustPolicy");
    expect(trust.block).toMatchObject({
      provider: "databricks.workspace",
      aws_account_id: "123456789012",
      role_name: "acme-dev-uc-data-access",
      external_id: `\${databricks_storage_credential.${credentialBlock.name}.aws_iam_role[0].external_id}`,
      unity_catalog_iam_arn: UNITY_CATALOG_MASTER_ROLE_ARN,
    });
    const role = s.resource("aws_iam_role", "/Cred/Role/Role").block;
    expect(role.name).toBe(trust.block.role_name);
    expect(role.assume_role_policy).toBe(`\${data.databricks_aws_unity_catalog_assume_role_policy.${trust.name}.json}`);
  });

  it("is isolated to its workspace, protected from destroy and never force-destroyed, on the workspace provider", () => {
    expect(credentialBlock.block).toMatchObject({
      isolation_mode: "ISOLATION_MODE_ISOLATED",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
      provider: "databricks.workspace",
    });
  });

  it("renders one databricks_aws_unity_catalog_policy per read-write bucket, with the bucket, the key, the role and the account", () => {
    expect(Object.keys(s.dataSources(UC_POLICY))).toHaveLength(2);
    expect(bucketPolicies.map((p) => ({ ...p.block, "//": undefined }))).toEqual(
      ["acme-dev-uc", "acme-dev-medallion"].map((bucket) => ({
        provider: "databricks.workspace",
        aws_account_id: "123456789012",
        bucket_name: bucket,
        kms_name: KEY,
        role_name: "acme-dev-uc-data-access",
        "//": undefined,
      })),
    );
    expect(credential.bucketPolicies).toHaveLength(2);
  });

  it("uses a bucket's own key where it has one (a catalog's dedicated key), for writes and for read-only decrypts", () => {
    const ownKey = "arn:aws:kms:eu-west-1:123456789012:key/2222";
    const { stack } = build({
      buckets: [
        { bucketName: "acme-dev-uc" },
        { bucketName: "acme-dev-catalog-sales", kmsKeyArn: ownKey },
        { bucketName: "acme-dev-landing", readOnly: true, kmsKeyArn: ownKey },
      ],
    });
    const synthesized = synthesize(stack);
    const policies = Object.values(synthesized.dataSources(UC_POLICY)).map((b) => [b.bucket_name, b.kms_name]);
    expect(policies).toEqual([
      ["acme-dev-uc", KEY],
      ["acme-dev-catalog-sales", ownKey],
    ]);
    const readOnly = parse(permissionsOf(synthesized).sources[0]).find((st) => st.Sid === "ReadOnlyKey");
    expect(readOnly?.Resource).toEqual(ownKey);
  });

  it("merges the data sources into the role's single policy, as overrides of one aws_iam_policy_document", () => {
    expect(permissions.overrides.slice(0, 2)).toEqual(bucketPolicies.map((p) => `\${data.${UC_POLICY}.${p.name}.json}`));
    expect(Object.keys(s.resources("aws_iam_role_policy"))).toHaveLength(1);
    expect(s.resource("aws_iam_role_policy", "/Cred/Role/Policy").block.policy).toBe(`\${data.aws_iam_policy_document.${permissions.name}.json}`);
    expect(permissions.block.provider).toBeUndefined();
  });

  it("keeps the landing bucket read-only: get and list from our own statements, and no data source for it", () => {
    expect(parse(permissions.sources[0]).map((p) => p.Sid)).toEqual([
      "ReadOnlyObjects",
      "ReadOnlyBuckets",
      "ReadOnlyKey",
      SELF_ASSUME_PERMISSION_SID,
    ]);
    expect(statement(ownStatements, "ReadOnlyObjects")).toMatchObject({
      Action: ["s3:GetObject", "s3:GetObjectVersion"],
      Resource: "arn:aws:s3:::acme-dev-landing/*",
    });
    expect(statement(ownStatements, "ReadOnlyBuckets")).toMatchObject({
      Action: ["s3:ListBucket", "s3:GetBucketLocation"],
      Resource: "arn:aws:s3:::acme-dev-landing",
    });
    expect(statement(ownStatements, "ReadOnlyKey")).toMatchObject({ Action: "kms:Decrypt", Resource: KEY });
    const onLanding = ownStatements.filter((p) => asList(p.Resource).some((r) => r.startsWith("arn:aws:s3:::acme-dev-landing")));
    expect(onLanding.flatMap((p) => asList(p.Action)).filter((a) => OBJECT_WRITES.includes(a))).toEqual([]);
    expect(bucketPolicies.map((p) => p.block.bucket_name)).not.toContain("acme-dev-landing");
  });

  it("lets the role assume itself", () => {
    expect(statement(ownStatements, SELF_ASSUME_PERMISSION_SID)).toMatchObject({ Action: "sts:AssumeRole", Resource: credential.roleArn });
  });

  it("redefines the data source's file-event statements last: landing notifications and csms-* of this account and region only", () => {
    const fileEvents = parse(permissions.overrides[2]);
    expect(permissions.overrides).toHaveLength(3);
    expect(fileEvents.map((p) => p.Sid)).toEqual([FILE_EVENTS_SIDS.setup, FILE_EVENTS_SIDS.list, FILE_EVENTS_SIDS.teardown]);
    const queues = [
      `arn:aws:sqs:eu-west-1:123456789012:${FILE_EVENTS_RESOURCE_PREFIX}*`,
      `arn:aws:sns:eu-west-1:123456789012:${FILE_EVENTS_RESOURCE_PREFIX}*`,
    ];
    expect(statement(fileEvents, FILE_EVENTS_SIDS.setup).Resource).toEqual(["arn:aws:s3:::acme-dev-landing", ...queues]);
    expect(asList(statement(fileEvents, FILE_EVENTS_SIDS.setup).Action).slice(0, 2)).toEqual([
      "s3:GetBucketNotification",
      "s3:PutBucketNotification",
    ]);
    expect(statement(fileEvents, FILE_EVENTS_SIDS.list).Resource).toEqual(queues);
    expect(statement(fileEvents, FILE_EVENTS_SIDS.teardown)).toMatchObject({
      Action: ["sns:Unsubscribe", "sns:DeleteTopic", "sqs:DeleteQueue"],
      Resource: queues,
    });
  });

  it("puts no '*' resource in the statements it writes", () => {
    expect(ownStatements.filter((p) => asList(p.Resource).includes("*"))).toEqual([]);
  });

  it("creates its external locations after the IAM propagation wait, through the credential", () => {
    const location = s.resource("databricks_external_location", "/Cred/Landing/Location").block;
    expect(location.credential_name).toBe(`\${databricks_storage_credential.${credentialBlock.name}.name}`);
    expect(location.depends_on).toEqual([`time_sleep.${s.resource("time_sleep", "/Cred/Role/PropagationWait").name}`]);
    expect(location.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("gives only read-only buckets no data source and no file-event override unless a bucket asks for file events", () => {
    const o = synthesize(build({ buckets: [{ bucketName: "acme-dev-landing", readOnly: true }] }).stack);
    const p = permissionsOf(o);
    expect(o.dataSources(UC_POLICY)).toEqual({});
    expect(p.block.override_policy_documents).toBeUndefined();
    expect(parse(p.sources[0]).map((st) => st.Sid)).toEqual(["ReadOnlyObjects", "ReadOnlyBuckets", "ReadOnlyKey", SELF_ASSUME_PERMISSION_SID]);
  });

  it("still narrows the data source's file-event statements when no bucket has file events, without bucket notifications", () => {
    const o = synthesize(build({ buckets: [{ bucketName: "acme-dev-uc" }], kmsKeyArn: undefined }).stack);
    const p = permissionsOf(o);
    expect(o.dataSource(UC_POLICY, "/Cred/BucketPolicy0").block.kms_name).toBeUndefined();
    const setup = statement(parse(p.overrides[1]), FILE_EVENTS_SIDS.setup);
    expect(asList(setup.Action).filter((a) => a.startsWith("s3:"))).toEqual([]);
    expect(asList(setup.Resource).every((r) => r.includes(":eu-west-1:123456789012:csms-*"))).toBe(true);
    expect(parse(p.sources[0]).map((st) => st.Sid)).toEqual([SELF_ASSUME_PERMISSION_SID]);
  });

  it("leaves protection off when asked, for the credential and its locations", () => {
    const { stack: other, credential: c } = build({ protect: false });
    c.addExternalLocation("Uc", { name: "acme_dev_uc", url: "s3://acme-dev-uc/" });
    const o = synthesize(other);
    expect(o.resource("databricks_storage_credential", "/Cred/Credential").block.lifecycle).toEqual({ prevent_destroy: false });
    expect(o.resource("databricks_external_location", "/Cred/Uc/Location").block.lifecycle).toEqual({ prevent_destroy: false });
  });

  it("refuses no buckets, a bucket name with dots, a key that is not an ARN and a bad region, all at once", () => {
    expect(() => build({ buckets: [] })).toThrow(/buckets: none given/);
    expect(() => build({ buckets: [{ bucketName: "acme.dev.uc" }], kmsKeyArn: "alias/data", region: "europe" })).toThrow(
      /buckets\[0\]\.bucketName: "acme\.dev\.uc" is not an S3 bucket name.*\n.*kmsKeyArn: "alias\/data" is not a KMS key ARN.*\n.*region: "europe"/,
    );
  });
});
