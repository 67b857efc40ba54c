import {
  SELF_ASSUME_PERMISSION_SID,
  SELF_ASSUME_TRUST_SID,
  UC_MASTER_ROLE_TRUST_SID,
  UNITY_CATALOG_MASTER_ROLE_ARN,
  UnityCatalogIamRole,
  iamRoleArn,
  unityCatalogTrustPolicy,
  type UnityCatalogIamRoleProps,
} from "../../../modules/databricks/unity-catalog-iam-role";
import { synthesize } from "../../synth-json";
import { statement, statementsOf, ucStack } from "./uc-fixture";

const BASE: UnityCatalogIamRoleProps = {
  roleName: "acme-dev-uc-data",
  awsAccountId: "123456789012",
  externalId: "${databricks_storage_credential.cred.aws_iam_role[0].external_id}",
  statements: [{ sid: "Read", effect: "Allow", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::acme-dev-data/*"] }],
  description: "test role",
};

function build(props: Partial<UnityCatalogIamRoleProps> = {}) {
  const { stack } = ucStack();
  const role = new UnityCatalogIamRole(stack, "Role", { ...BASE, ...props });
  return { role, s: synthesize(stack) };
}

describe("UnityCatalogIamRole", () => {
  const { role, s } = build();
  const trust = statementsOf(s.resource("aws_iam_role", "/Role/Role").block, "assume_role_policy");

  it("lets the Unity Catalog master role assume the role only with the credential's external id", () => {
    expect(statement(trust, UC_MASTER_ROLE_TRUST_SID)).toEqual({
      Sid: UC_MASTER_ROLE_TRUST_SID,
      Effect: "Allow",
      Principal: { AWS: UNITY_CATALOG_MASTER_ROLE_ARN },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "sts:ExternalId": BASE.externalId } },
    });
  });

  it("trusts itself through the account root, limited by its own ARN and the same external id", () => {
    expect(statement(trust, SELF_ASSUME_TRUST_SID)).toEqual({
      Sid: SELF_ASSUME_TRUST_SID,
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::123456789012:root" },
      Action: "sts:AssumeRole",
      Condition: {
        ArnLike: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/acme-dev-uc-data" },
        StringEquals: { "sts:ExternalId": BASE.externalId },
      },
    });
    expect(trust).toHaveLength(2);
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

  it("waits 60 seconds after the role and its policy exist, because IAM is eventually consistent", () => {
    const wait = s.resource("time_sleep", "/Role/PropagationWait").block;
    expect(wait.create_duration).toBe("60s");
    expect(wait.depends_on).toEqual([`aws_iam_role.${s.resource("aws_iam_role", "/Role/Role").name}`, `aws_iam_role_policy.${s.resource("aws_iam_role_policy", "/Role/Policy").name}`]);
  });

  it("takes another propagation wait when asked", () => {
    expect(build({ propagationSeconds: 90 }).s.resource("time_sleep", "/Role/PropagationWait").block.create_duration).toBe("90s");
  });

  it("renders the trust policy statement for statement like databricks_aws_unity_catalog_assume_role_policy", () => {
    const statements = unityCatalogTrustPolicy({ awsAccountId: "123456789012", roleName: "r", externalId: "x" });
    expect(statements.map((st) => st.sid)).toEqual(["UnityCatalogAssumeRole", "ExplicitSelfRoleAssumption"]);
    expect(iamRoleArn("123456789012", "r", "aws-us-gov")).toBe("arn:aws-us-gov:iam::123456789012:role/r");
  });

  it("refuses a bad role name, account id, empty permissions and a propagation wait out of range, all at once", () => {
    expect(() => build({ roleName: "bad name!", awsAccountId: "12", statements: [], propagationSeconds: 601 })).toThrow(
      /roleName: "bad name!".*\n.*awsAccountId: "12".*\n.*statements: none given.*\n.*propagationSeconds: 601/,
    );
  });
});
