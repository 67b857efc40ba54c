import { GLUE_READ_ACTIONS, GlueFederation, type GlueFederationProps } from "../../../../modules/databricks/unity-catalog/glue-federation";
import { UNITY_CATALOG_MASTER_ROLE_ARN } from "../../../../modules/core/databricks-aws-identities";
import { synthesize } from "../../../synth-json";
import { asList, statement, statementsOf, ucStack } from "./uc-fixture";

const BASE: Omit<GlueFederationProps, "provider"> = {
  credentialName: "acme_dev_glue_access",
  roleName: "acme-dev-uc-glue",
  awsAccountId: "123456789012",
  region: "eu-west-1",
  connectionName: "acme_dev_glue",
  catalogName: "acme_dev_glue",
  authorizedPaths: ["s3://acme-dev-landing/glue/", "s3://acme-dev-landing/crawled/"],
  storageRoot: "s3://acme-dev-uc/acme_dev_glue",
  workspaceIds: [42],
};

function build(props: Partial<GlueFederationProps> = {}) {
  const { stack, workspace } = ucStack();
  const glue = new GlueFederation(stack, "Glue", { ...BASE, provider: workspace, ...props });
  return { stack, glue };
}

describe("GlueFederation", () => {
  const { stack } = build({ databases: ["erp_raw"] });
  const s = synthesize(stack);
  const credential = s.resource("databricks_credential", "/Glue/ServiceCredential");

  it("creates a SERVICE credential naming the role by its built ARN, isolated and protected", () => {
    expect(credential.block).toMatchObject({
      name: "acme_dev_glue_access",
      purpose: "SERVICE",
      aws_iam_role: { role_arn: "arn:aws:iam::123456789012:role/acme-dev-uc-glue" },
      isolation_mode: "ISOLATION_MODE_ISOLATED",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  it("trusts the Unity Catalog master role and itself with the service credential's external id, from the provider's data source", () => {
    const trust = s.dataSource("databricks_aws_unity_catalog_assume_role_policy", "/Glue/Role/TrustPolicy");
    expect(trust.block).toMatchObject({
      provider: "databricks.workspace",
      aws_account_id: "123456789012",
      role_name: "acme-dev-uc-glue",
      external_id: `\${databricks_credential.${credential.name}.aws_iam_role[0].external_id}`,
      unity_catalog_iam_arn: UNITY_CATALOG_MASTER_ROLE_ARN,
    });
    const role = s.resource("aws_iam_role", "/Glue/Role/Role").block;
    expect(role.name).toBe(trust.block.role_name);
    expect(role.assume_role_policy).toBe(`\${data.databricks_aws_unity_catalog_assume_role_policy.${trust.name}.json}`);
  });

  it("may only read the Glue catalog and the named databases of its account and region", () => {
    const read = statement(statementsOf(s.resource("aws_iam_role_policy", "/Glue/Role/Policy").block, "policy"), "ReadGlueCatalog");
    expect(read.Action).toEqual([...GLUE_READ_ACTIONS]);
    expect(asList(read.Resource)).toEqual([
      "arn:aws:glue:eu-west-1:123456789012:catalog",
      "arn:aws:glue:eu-west-1:123456789012:database/erp_raw",
      "arn:aws:glue:eu-west-1:123456789012:table/erp_raw/*",
      "arn:aws:glue:eu-west-1:123456789012:userDefinedFunction/erp_raw/*",
    ]);
  });

  it("creates the GLUE connection with the region, account and credential after IAM propagates", () => {
    expect(s.resource("databricks_connection", "/Glue/Federation/Connection").block).toMatchObject({
      connection_type: "GLUE",
      options: { aws_region: "eu-west-1", aws_account_id: "123456789012", credential: `\${databricks_credential.${credential.name}.name}` },
      depends_on: [`time_sleep.${s.resource("time_sleep", "/Glue/Role/PropagationWait").name}`],
    });
  });

  it("gives the foreign catalog its authorized paths and storage root", () => {
    expect(s.resource("databricks_catalog", "/Glue/Federation/Catalog").block).toMatchObject({
      options: { authorized_paths: "s3://acme-dev-landing/glue/,s3://acme-dev-landing/crawled/" },
      storage_root: "s3://acme-dev-uc/acme_dev_glue",
    });
  });

  it("reads every database when none is named", () => {
    const read = statement(
      statementsOf(synthesize(build().stack).resource("aws_iam_role_policy", "/Glue/Role/Policy").block, "policy"),
      "ReadGlueCatalog",
    );
    expect(asList(read.Resource)).toContain("arn:aws:glue:eu-west-1:123456789012:table/*/*");
  });

  it("refuses no authorized paths, a path that is not S3 or holds a comma, and a bad database name", () => {
    expect(() => build({ authorizedPaths: [] })).toThrow(/authorizedPaths: none given/);
    expect(() => build({ authorizedPaths: ["glue/", "s3://acme-dev-landing/a,b/"], databases: ["ERP"] })).toThrow(
      /authorizedPaths\[0\]: "glue\/".*\n.*authorizedPaths\[1\]: .* contains a comma.*\n.*databases\[0\]: "ERP"/,
    );
  });
});
