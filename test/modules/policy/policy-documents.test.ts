import { DATABRICKS_VPC_CREATION_ACTIONS, readPolicy } from "../../../modules/policy/policy-documents";
import { StackModel } from "../../../modules/policy/synth-model";

const model = StackModel.fromJson(
  {
    data: {
      aws_iam_policy_document: {
        base: { statement: [{ sid: "Read", actions: ["s3:GetObject"], resources: ["${aws_s3_bucket.data.arn}/*"] }] },
        merged: {
          source_policy_documents: ["${data.aws_iam_policy_document.base.json}"],
          statement: [
            {
              effect: "Deny",
              actions: ["s3:*"],
              principals: [{ type: "*", identifiers: ["*"] }],
              condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
            },
          ],
        },
        broken: { source_policy_documents: ["${var.extra_policy}"] },
      },
      databricks_aws_crossaccount_policy: { managed: {}, customer: { policy_type: "customer", pass_roles: ["arn:aws:iam::111122223333:role/data"] } },
      databricks_aws_assume_role_policy: { trust: { external_id: "${var.account_id}" } },
      databricks_aws_unity_catalog_policy: {
        uc: { aws_account_id: "111122223333", bucket_name: "lake", role_name: "uc", kms_name: "arn:aws:kms:us-east-1:111122223333:key/k" },
        plain: { aws_account_id: "111122223333", bucket_name: "lake", role_name: "uc" },
      },
      aws_region: { here: {} },
    },
  },
  { stackName: "st", stackPath: "st" },
);

function statements(value: unknown) {
  const doc = readPolicy(value, model);
  if (!doc.resolved) {
    throw new Error(doc.reason);
  }
  return doc.statements;
}

describe("readPolicy", () => {
  it("parses a JSON policy string, keeping ${...} references as text", () => {
    const [s] = statements(
      JSON.stringify({
        Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "${aws_s3_bucket.data.arn}/*", Principal: { AWS: ["arn:aws:iam::1:root"] } },
      }),
    );
    expect(s).toEqual({
      sid: undefined,
      effect: "Allow",
      actions: ["s3:GetObject"],
      notActions: [],
      resources: ["${aws_s3_bucket.data.arn}/*"],
      notResources: [],
      principals: { anyone: false, aws: ["arn:aws:iam::1:root"], service: [], federated: [] },
      conditions: [],
    });
  });

  it("reads an aws_iam_policy_document's own statements and the documents it merges", () => {
    const merged = statements("${data.aws_iam_policy_document.merged.json}");
    expect(merged.map((s) => s.sid ?? s.effect)).toEqual(["Read", "Deny"]);
    expect(merged[1]).toMatchObject({
      principals: { anyone: true },
      conditions: [{ operator: "Bool", key: "aws:SecureTransport", values: ["false"] }],
    });
  });

  it("models Databricks-generated cross-account policies by policy_type", () => {
    const managed = statements("${data.databricks_aws_crossaccount_policy.managed.json}");
    const customer = statements("${data.databricks_aws_crossaccount_policy.customer.json}");
    expect(managed[0].actions).toEqual(expect.arrayContaining([...DATABRICKS_VPC_CREATION_ACTIONS]));
    expect(customer[0].actions).not.toContain("ec2:CreateVpc");
    expect(customer[2]).toMatchObject({ actions: ["iam:PassRole"], resources: ["arn:aws:iam::111122223333:role/data"] });
  });

  it("models a generated Unity Catalog policy: the bucket with multipart uploads, itself, the key when given, csms-* file events", () => {
    const uc = statements("${data.databricks_aws_unity_catalog_policy.uc.json}");
    expect(uc[0]).toMatchObject({
      resources: ["arn:aws:s3:::lake/*", "arn:aws:s3:::lake"],
      actions: expect.arrayContaining(["s3:PutObject", "s3:AbortMultipartUpload"]),
    });
    expect(uc[1]).toMatchObject({ actions: ["sts:AssumeRole"], resources: ["arn:aws:iam::111122223333:role/uc"] });
    expect(uc[2]).toMatchObject({
      actions: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"],
      resources: ["arn:aws:kms:us-east-1:111122223333:key/k"],
    });
    expect(uc.slice(3).map((st) => st.sid)).toEqual([
      "ManagedFileEventsSetupStatement",
      "ManagedFileEventsListStatement",
      "ManagedFileEventsTeardownStatement",
    ]);
    expect(uc.every((st) => !st.resources.includes("*"))).toBe(true);
    const plain = statements("${data.databricks_aws_unity_catalog_policy.plain.json}");
    expect(plain.some((st) => st.actions.some((a) => a.startsWith("kms:")))).toBe(false);
  });

  it("models a generated trust policy with its external id condition", () => {
    const [trust] = statements("${data.databricks_aws_assume_role_policy.trust.json}");
    expect(trust).toMatchObject({
      actions: ["sts:AssumeRole"],
      principals: { aws: ["arn:aws:iam::414351767826:root"] },
      conditions: [{ key: "sts:ExternalId", values: ["${var.account_id}"] }],
    });
  });

  it("reports what it cannot read instead of guessing", () => {
    expect(readPolicy("${jsonencode(local.policy)}", model)).toMatchObject({
      resolved: false,
      reason: expect.stringContaining("is not a policy document or data source in this stack"),
    });
    expect(readPolicy("${data.aws_region.here.name}", model)).toMatchObject({
      resolved: false,
      reason: expect.stringContaining("cannot be read at synth"),
    });
    expect(readPolicy("${data.aws_iam_policy_document.broken.json}", model)).toMatchObject({
      resolved: false,
      reason: expect.stringContaining("merges a document that cannot be read"),
    });
    expect(readPolicy("{not json", model)).toMatchObject({ resolved: false, reason: expect.stringContaining("not valid JSON") });
  });
});
