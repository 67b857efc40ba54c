import {
  CMK_STATEMENT_SIDS,
  managedServicesKeyStatements,
  rootBucketKeyStatements,
  workspaceStorageKeyStatements,
} from "../../../../modules/databricks/account/customer-managed-key-policies";
import { DATABRICKS_CONTROL_PLANE_PRINCIPAL } from "../../../../modules/core/databricks-aws-identities";

const databricksAccountId = "3f2a9c4e-1b7d-4e5a-9c2f-6d8e0a1b2c3d";
const tagCondition = { StringEquals: { "aws:PrincipalTag/DatabricksAccountId": [databricksAccountId] } };

describe("managedServicesKeyStatements", () => {
  it("lets the Databricks control plane encrypt and decrypt only on behalf of our Databricks account", () => {
    expect(managedServicesKeyStatements({ databricksAccountId })).toEqual([
      {
        sid: CMK_STATEMENT_SIDS.managedServices,
        effect: "Allow",
        principal: { AWS: "arn:aws:iam::414351767826:root" },
        actions: ["kms:Encrypt", "kms:Decrypt"],
        resources: ["*"],
        conditions: tagCondition,
      },
    ]);
  });
});

describe("workspaceStorageKeyStatements", () => {
  const statements = workspaceStorageKeyStatements({
    databricksAccountId,
    awsAccountId: "333333333333",
    crossAccountRoleName: "lakehouse-prod-databricks-cross-account",
  });
  const bySid = (sid: string) => statements.find((s) => s.sid === sid);

  it("lets the control plane use the key for the root bucket, tagged with our account", () => {
    expect(bySid(CMK_STATEMENT_SIDS.storage)).toMatchObject({
      principal: { AWS: DATABRICKS_CONTROL_PLANE_PRINCIPAL },
      actions: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      conditions: tagCondition,
    });
  });

  it("lets the control plane create grants only for AWS resources", () => {
    expect(bySid(CMK_STATEMENT_SIDS.storageGrants)).toMatchObject({
      actions: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
      conditions: { ...tagCondition, Bool: { "kms:GrantIsForAWSResource": "true" } },
    });
  });

  it("names the not-yet-created cross-account role by condition on the account principal, for EBS through EC2 only", () => {
    expect(bySid(CMK_STATEMENT_SIDS.ebs)).toEqual({
      sid: CMK_STATEMENT_SIDS.ebs,
      effect: "Allow",
      principal: { AWS: "arn:aws:iam::333333333333:root" },
      actions: ["kms:Decrypt", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
      resources: ["*"],
      conditions: {
        ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::333333333333:role/lakehouse-prod-databricks-cross-account" },
        "ForAnyValue:StringLike": { "kms:ViaService": "ec2.*.amazonaws.com" },
      },
    });
  });

  it("starts with the root bucket statements, which a KMS-encrypted root bucket needs without registration too", () => {
    expect(statements.slice(0, 2)).toEqual(rootBucketKeyStatements({ databricksAccountId }));
    expect(rootBucketKeyStatements({ databricksAccountId }).map((s) => s.sid)).toEqual([
      CMK_STATEMENT_SIDS.storage,
      CMK_STATEMENT_SIDS.storageGrants,
    ]);
  });

  it("refuses a malformed account id, role name or Databricks account id", () => {
    expect(() => workspaceStorageKeyStatements({ databricksAccountId: "x", awsAccountId: "12", crossAccountRoleName: "a b" })).toThrow(
      /databricksAccountId: "x"[\s\S]*crossAccountRoleName: "a b"[\s\S]*awsAccountId: "12"/,
    );
    expect(() => managedServicesKeyStatements({ databricksAccountId: "x" })).toThrow(/databricksAccountId: "x" is not a Databricks account id/);
  });

  it("uses the given partition in the role and account ARNs", () => {
    const gov = workspaceStorageKeyStatements({
      databricksAccountId,
      awsAccountId: "333333333333",
      crossAccountRoleName: "r",
      partition: "aws-us-gov",
    });
    expect(gov.find((s) => s.sid === CMK_STATEMENT_SIDS.ebs)?.conditions?.ArnEquals).toEqual({
      "aws:PrincipalArn": "arn:aws-us-gov:iam::333333333333:role/r",
    });
  });
});
