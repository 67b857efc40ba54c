import {
  SELF_ASSUME_PERMISSION_SID,
  UnityCatalogIamRole,
  iamRoleArn,
  type UnityCatalogIamRoleProps,
} from "../../../../modules/databricks/unity-catalog/unity-catalog-iam-role";
import { UNITY_CATALOG_MASTER_ROLE_ARN } from "../../../../modules/core/databricks-aws-identities";
import { synthesize, type Block, type SynthesizedStack } from "../../../synth-json";
import { statement, statementsOf, ucStack } from "./uc-fixture";

const TRUST_POLICY = "databricks_aws_unity_catalog_assume_role_policy";

const BASE: Omit<UnityCatalogIamRoleProps, "provider"> = {
  roleName: "acme-dev-uc-data",
  awsAccountId: "123456789012",
  externalId: "${databricks_storage_credential.cred.aws_iam_role[0].external_id}",
  statements: [{ sid: "Read", effect: "Allow", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::acme-dev-data/*"] }],
  description: "test role",
};

function build(props: Partial<UnityCatalogIamRoleProps> = {}) {
  const { stack, workspace } = ucStack();
  const role = new UnityCatalogIamRole(stack, "Role", { ...BASE, provider: workspace, ...props });
  return { role, s: synthesize(stack) };
}

/** The one trust policy data source, with its logical name. */
function trustPolicyOf(s: SynthesizedStack): { name: string; block: Block } {
  const entries = Object.entries(s.dataSources(TRUST_POLICY));
  expect(entries).toHaveLength(1);
  return { name: entries[0][0], block: entries[0][1] };
}

/** A block's arguments without cdktf's "//" metadata. */
function argumentsOf(block: Block): Record<string, unknown> {
  return Object.fromEntries(Object.entries(block).filter(([key]) => key !== "//"));
}

describe("UnityCatalogIamRole", () => {
  const { role, s } = build();
  const trust = trustPolicyOf(s);

  it("takes its trust policy from databricks_aws_unity_catalog_assume_role_policy, on the given provider", () => {
    expect(s.resource("aws_iam_role", "/Role/Role").block.assume_role_policy).toBe(`\${data.${TRUST_POLICY}.${trust.name}.json}`);
    expect(trust.block["//"]?.metadata.path).toMatch(/\/Role\/TrustPolicy$/);
    expect(trust.block.provider).toBe("databricks.workspace");
  });

  it("names the Unity Catalog master role, the role itself and the credential's external id in the trust policy", () => {
    expect(argumentsOf(trust.block)).toEqual({
      provider: "databricks.workspace",
      aws_account_id: "123456789012",
      role_name: "acme-dev-uc-data",
      external_id: BASE.externalId,
      unity_catalog_iam_arn: UNITY_CATALOG_MASTER_ROLE_ARN,
    });
    expect(UNITY_CATALOG_MASTER_ROLE_ARN).toBe("arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL");
  });

  it("builds its ARN from the fixed name, so the credential can name it before the role exists", () => {
    expect(role.roleArn).toBe("arn:aws:iam::123456789012:role/acme-dev-uc-data");
    expect(s.resource("aws_iam_role", "/Role/Role").block.name).toBe("acme-dev-uc-data");
  });

  it("adds a statement that lets the role assume itself to the given permissions", () => {
    const permissions = statementsOf(s.resource("aws_iam_role_policy", "/Role/Policy").block, "policy");
    expect(permissions.map((p) => p.Sid)).toEqual(["Read", SELF_ASSUME_PERMISSION_SID]);
    expect(statement(permissions, SELF_ASSUME_PERMISSION_SID)).toMatchObject({ Action: "sts:AssumeRole", Resource: role.roleArn });
  });

  it("uses a given policy document as is, without adding statements", () => {
    const document = "${data.aws_iam_policy_document.permissions.json}";
    const { s: other } = build({ statements: undefined, policyDocument: document });
    expect(other.resource("aws_iam_role_policy", "/Role/Policy").block.policy).toBe(document);
  });

  it("refuses statements together with a policy document", () => {
    expect(() => build({ policyDocument: "${data.aws_iam_policy_document.permissions.json}" })).toThrow(
      /statements: given together with policyDocument; give one/,
    );
  });

  it("waits 60 seconds after the role and its policy exist, because IAM is eventually consistent", () => {
    const wait = s.resource("time_sleep", "/Role/PropagationWait").block;
    expect(wait.create_duration).toBe("60s");
    expect(wait.depends_on).toEqual([
      `aws_iam_role.${s.resource("aws_iam_role", "/Role/Role").name}`,
      `aws_iam_role_policy.${s.resource("aws_iam_role_policy", "/Role/Policy").name}`,
    ]);
  });

  it("takes another propagation wait when asked", () => {
    expect(build({ propagationSeconds: 90 }).s.resource("time_sleep", "/Role/PropagationWait").block.create_duration).toBe("90s");
  });

  it("builds role ARNs in the partition asked for", () => {
    expect(iamRoleArn("123456789012", "r", "aws-us-gov")).toBe("arn:aws-us-gov:iam::123456789012:role/r");
  });

  it("passes another partition to the data source and leaves it that partition's master role unless one is given", () => {
    const gov = build({ partition: "aws-us-gov" });
    const govArgs = argumentsOf(trustPolicyOf(gov.s).block);
    expect(govArgs).toMatchObject({ aws_partition: "aws-us-gov", role_name: "acme-dev-uc-data" });
    expect(govArgs).not.toHaveProperty("unity_catalog_iam_arn");
    expect(gov.role.roleArn).toBe("arn:aws-us-gov:iam::123456789012:role/acme-dev-uc-data");
    const dodRole = "arn:aws-us-gov:iam::170661010020:role/unity-catalog-prod-UCMasterRole-1DI6DL6ZP26AS";
    expect(trustPolicyOf(build({ partition: "aws-us-gov", unityCatalogIamArn: dodRole }).s).block.unity_catalog_iam_arn).toBe(dodRole);
  });

  it("refuses a bad role name, account id, partition, empty permissions and a propagation wait out of range, all at once", () => {
    expect(() => build({ roleName: "bad name!", awsAccountId: "12", partition: "aws-cn", statements: [], propagationSeconds: 601 })).toThrow(
      /roleName: "bad name!".*\n.*awsAccountId: "12".*\n.*partition: "aws-cn".*\n.*statements: none given.*\n.*propagationSeconds: 601/,
    );
  });
});
