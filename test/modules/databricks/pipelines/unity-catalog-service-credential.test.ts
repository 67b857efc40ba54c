import {
  UnityCatalogServiceCredential,
  type UnityCatalogServiceCredentialProps,
} from "../../../../modules/databricks/pipelines/unity-catalog-service-credential";
import { groupPrincipal, servicePrincipal } from "../../../../modules/databricks/principal";
import { UNITY_CATALOG_MASTER_ROLE_ARN } from "../../../../modules/core/databricks-aws-identities";
import { SELF_ASSUME_PERMISSION_SID } from "../../../../modules/databricks/unity-catalog/unity-catalog-iam-role";
import { synthesize } from "../../../synth-json";
import { asList, statement, statementsOf } from "../unity-catalog/uc-fixture";
import { AWS_ACCOUNT_ID, guardrailFindings, pipelinesStack } from "./pipelines-fixture";

const STREAM = `arn:aws:kinesis:eu-west-1:${AWS_ACCOUNT_ID}:stream/acme-prod-telemetry`;
const MSK = `arn:aws:kafka:eu-west-1:${AWS_ACCOUNT_ID}:cluster/acme-prod-events/0b1c2d3e-1111-2222-3333-444455556666-s1`;

const BASE: Omit<UnityCatalogServiceCredentialProps, "provider"> = {
  credentialName: "acme_prod_ingestion",
  roleName: "acme-prod-uc-ingestion",
  awsAccountId: AWS_ACCOUNT_ID,
  comment: "Reads the telemetry stream and the order events topic",
  statements: [
    {
      sid: "ReadKinesis",
      actions: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
      resources: [STREAM],
    },
    { sid: "ConnectMsk", actions: ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"], resources: [MSK] },
  ],
  workspaceIds: [1234567890],
  tags: { Component: "ingestion" },
};

function build(props: Partial<UnityCatalogServiceCredentialProps> = {}) {
  const { stack, workspace } = pipelinesStack();
  const credential = new UnityCatalogServiceCredential(stack, "Ingestion", { ...BASE, provider: workspace, ...props });
  return { stack, credential };
}

describe("UnityCatalogServiceCredential", () => {
  const { stack, credential } = build({ owner: "acme-prod-platform-admins" });
  credential.grantAccess(servicePrincipal("9f0e1d2c-3b4a-5968-7a6b-5c4d3e2f1a0b"));
  const s = synthesize(stack);
  const cred = s.resource("databricks_credential", "/Ingestion/ServiceCredential");

  it("creates a SERVICE credential naming the role's built ARN, isolated, owned, protected and never force-destroyed", () => {
    expect(cred.block).toMatchObject({
      provider: "databricks.workspace",
      name: "acme_prod_ingestion",
      purpose: "SERVICE",
      comment: BASE.comment,
      aws_iam_role: { role_arn: `arn:aws:iam::${AWS_ACCOUNT_ID}:role/acme-prod-uc-ingestion` },
      isolation_mode: "ISOLATION_MODE_ISOLATED",
      owner: "acme-prod-platform-admins",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  it("trusts the Unity Catalog master role and itself with the credential's external id", () => {
    const trust = s.dataSource("databricks_aws_unity_catalog_assume_role_policy", "/Ingestion/Role/TrustPolicy");
    expect(trust.block).toMatchObject({
      provider: "databricks.workspace",
      role_name: "acme-prod-uc-ingestion",
      external_id: `\${databricks_credential.${cred.name}.aws_iam_role[0].external_id}`,
      unity_catalog_iam_arn: UNITY_CATALOG_MASTER_ROLE_ARN,
    });
    const role = s.resource("aws_iam_role", "/Ingestion/Role/Role").block;
    expect(role.assume_role_policy).toBe(`\${data.databricks_aws_unity_catalog_assume_role_policy.${trust.name}.json}`);
    expect(role.description).toBe(`Unity Catalog service credential acme_prod_ingestion: ${BASE.comment}`);
    expect(role.tags).toEqual({ Component: "ingestion" });
  });

  it("lets the role do exactly the given statements, on the given ARNs, plus assuming itself", () => {
    const permissions = statementsOf(s.resource("aws_iam_role_policy", "/Ingestion/Role/Policy").block, "policy");
    expect(permissions.map((p) => p.Sid)).toEqual(["ReadKinesis", "ConnectMsk", SELF_ASSUME_PERMISSION_SID]);
    expect(asList(statement(permissions, "ReadKinesis").Resource)).toEqual([STREAM]);
    expect(asList(statement(permissions, "ConnectMsk").Resource)).toEqual([MSK]);
    expect(statement(permissions, SELF_ASSUME_PERMISSION_SID).Resource).toBe(credential.role.roleArn);
  });

  it("grants ACCESS on the credential through one databricks_grants", () => {
    expect(s.resource("databricks_grants", "/Ingestion/CredentialGrants/Grants").block).toMatchObject({
      credential: `\${databricks_credential.${cred.name}.name}`,
      grant: [{ principal: "9f0e1d2c-3b4a-5968-7a6b-5c4d3e2f1a0b", privileges: ["ACCESS"] }],
    });
  });

  it("adds later grants to the same resource and refuses everyone in the account", () => {
    const { stack: other, credential: c } = build();
    c.grant(groupPrincipal("acme-prod-engineers"), ["ACCESS"]);
    c.grantAccess(servicePrincipal("app-1"));
    expect(Object.values(synthesize(other).resources("databricks_grants"))).toHaveLength(1);
    expect(() => c.grantAccess(groupPrincipal("account users"))).toThrow(/principal: "account users" is everyone in the account/);
  });

  it("is open to every workspace and unprotected only when asked", () => {
    const { stack: open } = build({ workspaceIds: undefined, protect: false });
    const block = synthesize(open).resource("databricks_credential", "/Ingestion/ServiceCredential").block;
    expect(block.isolation_mode).toBeUndefined();
    expect(block.lifecycle).toEqual({ prevent_destroy: false });
  });

  it("passes the guardrails", () => {
    expect(guardrailFindings(stack)).toEqual([]);
  });

  it("refuses a bad name, an empty comment, no statements and bad workspace ids, naming each prop", () => {
    expect(() => build({ credentialName: "acme.prod", comment: " ", statements: [], workspaceIds: [0] })).toThrow(
      /credentialName: "acme\.prod" is not a bare Unity Catalog name.*\n.*comment: is empty.*\n.*statements: none given.*\n.*workspaceIds\[0\]: 0 is not a workspace id/,
    );
  });

  it("refuses wildcard actions and resources", () => {
    expect(() => build({ statements: [{ actions: ["kinesis:*"], resources: ["*"] }] })).toThrow(
      /statements\[0\]\.actions: kinesis:\* includes a whole-service wildcard.*\n.*statements\[0\]\.resources: "\*" is not allowed/,
    );
    expect(() => build({ statements: [{ actions: ["kinesis:GetRecords"] }] })).toThrow(/statements\[0\]\.resources: none given/);
  });
});
