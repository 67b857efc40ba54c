import { FILE_EVENTS_RESOURCE_PREFIX, UnityCatalogStorageCredential, type UnityCatalogStorageCredentialProps } from "../../../modules/databricks/unity-catalog-storage-credential";
import { UNITY_CATALOG_MASTER_ROLE_ARN } from "../../../modules/databricks/unity-catalog-iam-role";
import { synthesize } from "../../synth-json";
import { asList, statement, statementsOf, ucStack } from "./uc-fixture";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1111";
const BASE: Omit<UnityCatalogStorageCredentialProps, "provider"> = {
  name: "acme_dev_data_access",
  roleName: "acme-dev-uc-data-access",
  awsAccountId: "123456789012",
  region: "eu-west-1",
  buckets: [
    { bucketArn: "arn:aws:s3:::acme-dev-uc" },
    { bucketArn: "arn:aws:s3:::acme-dev-landing", readOnly: true, fileEvents: true },
  ],
  kmsKeyArns: [KEY],
};


function build(props: Partial<UnityCatalogStorageCredentialProps> = {}) {
  const { stack, workspace } = ucStack();
  const credential = new UnityCatalogStorageCredential(stack, "Cred", { ...BASE, provider: workspace, ...props });
  return { stack, credential };
}

describe("UnityCatalogStorageCredential", () => {
  const { stack, credential } = build();
  credential.addExternalLocation("Landing", { name: "acme_dev_landing", url: "s3://acme-dev-landing/", readOnly: true, fileEvents: true });
  const s = synthesize(stack);
  const credentialBlock = s.resource("databricks_storage_credential", "/Cred/Credential");
  const permissions = statementsOf(s.resource("aws_iam_role_policy", "/Cred/Role/Policy").block, "policy");

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

  it("reads objects of every bucket and writes only the writable ones", () => {
    expect(asList(statement(permissions, "ReadObjects").Resource)).toEqual(["arn:aws:s3:::acme-dev-uc/*", "arn:aws:s3:::acme-dev-landing/*"]);
    expect(asList(statement(permissions, "WriteObjects").Resource)).toEqual(["arn:aws:s3:::acme-dev-uc/*"]);
    expect(asList(statement(permissions, "ListUploads").Resource)).toEqual(["arn:aws:s3:::acme-dev-uc"]);
  });

  it("uses only the given key", () => {
    expect(statement(permissions, "UseDataKeys")).toMatchObject({ Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"], Resource: KEY });
  });

  it("limits file events to the landing bucket's notifications and csms-* topics and queues of this account and region", () => {
    expect(statement(permissions, "ManagedFileEventsBuckets").Resource).toBe("arn:aws:s3:::acme-dev-landing");
    expect(statement(permissions, "ManagedFileEventsQueues").Resource).toEqual([
      `arn:aws:sns:eu-west-1:123456789012:${FILE_EVENTS_RESOURCE_PREFIX}*`,
      `arn:aws:sqs:eu-west-1:123456789012:${FILE_EVENTS_RESOURCE_PREFIX}*`,
    ]);
  });

  it("allows '*' only for the two list calls AWS cannot scope", () => {
    const wildcard = permissions.filter((p) => asList(p.Resource).includes("*"));
    expect(wildcard.map((p) => p.Action)).toEqual([["sns:ListTopics", "sqs:ListQueues"]]);
  });

  it("creates its external locations after the IAM propagation wait, through the credential", () => {
    const location = s.resource("databricks_external_location", "/Cred/Landing/Location").block;
    expect(location.credential_name).toBe(`\${databricks_storage_credential.${credentialBlock.name}.name}`);
    expect(location.depends_on).toEqual([`time_sleep.${s.resource("time_sleep", "/Cred/Role/PropagationWait").name}`]);
    expect(location.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("gives a read-only set of buckets no write action and only decrypt on the key", () => {
    const { stack: other } = build({ buckets: [{ bucketArn: "arn:aws:s3:::acme-dev-landing", readOnly: true }] });
    const p = statementsOf(synthesize(other).resource("aws_iam_role_policy", "/Cred/Role/Policy").block, "policy");
    expect(p.map((st) => st.Sid)).toEqual(["ReadObjects", "ListBuckets", "UseDataKeys", "AssumeSelf"]);
    expect(statement(p, "UseDataKeys").Action).toBe("kms:Decrypt");
  });

  it("leaves protection off when asked, for the credential and its locations", () => {
    const { stack: other, credential: c } = build({ protect: false });
    c.addExternalLocation("Uc", { name: "acme_dev_uc", url: "s3://acme-dev-uc/" });
    const o = synthesize(other);
    expect(o.resource("databricks_storage_credential", "/Cred/Credential").block.lifecycle).toEqual({ prevent_destroy: false });
    expect(o.resource("databricks_external_location", "/Cred/Uc/Location").block.lifecycle).toEqual({ prevent_destroy: false });
  });

  it("refuses no buckets, a bucket that is not an ARN, and a bad region, all at once", () => {
    expect(() => build({ buckets: [] })).toThrow(/buckets: none given/);
    expect(() => build({ buckets: [{ bucketArn: "acme-dev-uc" }], region: "europe" })).toThrow(/buckets\[0\]\.bucketArn: "acme-dev-uc".*\n.*region: "europe"/);
  });
});
