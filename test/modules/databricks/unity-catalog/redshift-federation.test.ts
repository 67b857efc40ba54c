import { groupPrincipal } from "../../../../modules/databricks/principal";
import { RedshiftFederation, type RedshiftFederationProps } from "../../../../modules/databricks/unity-catalog/redshift-federation";
import { synthesize } from "../../../synth-json";
import { ucStack } from "./uc-fixture";

const BASE: Omit<RedshiftFederationProps, "provider"> = {
  connectionName: "acme_prod_redshift",
  catalogName: "acme_prod_redshift",
  host: "analytics.123456789012.eu-west-1.redshift-serverless.amazonaws.com",
  database: "analytics",
  credentialsSecretId: "acme/prod/redshift-federation",
};

function build(props: Partial<RedshiftFederationProps> = {}) {
  const { stack, workspace } = ucStack();
  const federation = new RedshiftFederation(stack, "Redshift", { ...BASE, provider: workspace, ...props });
  return { stack, federation };
}

describe("RedshiftFederation", () => {
  const { stack, federation } = build();
  federation.foreignCatalog.grantRead(groupPrincipal("acme-prod-analysts"));
  const s = synthesize(stack);
  const [[secretName, secret]] = Object.entries(s.dataSources("aws_secretsmanager_secret_version"));
  const connection = s.resource("databricks_connection", "/Redshift/Federation/Connection").block;

  it("reads the credentials from the Secrets Manager secret", () => {
    expect(secret).toMatchObject({ secret_id: "acme/prod/redshift-federation" });
  });

  it("passes user and password as sensitive references to the secret, never as literals", () => {
    const ref = `data.aws_secretsmanager_secret_version.${secretName}.secret_string`;
    expect(connection.options).toEqual({
      host: BASE.host,
      port: "5439",
      user: `\${sensitive(jsondecode(${ref}).username)}`,
      password: `\${sensitive(jsondecode(${ref}).password)}`,
    });
  });

  it("creates a REDSHIFT connection and a foreign catalog over the database", () => {
    expect(connection.connection_type).toBe("REDSHIFT");
    expect(s.resource("databricks_catalog", "/Redshift/Federation/Catalog").block).toMatchObject({
      connection_name: s.ref("databricks_connection", "/Redshift/Federation/Connection", "name"),
      options: { database: "analytics" },
    });
  });

  it("takes another port and refuses one Redshift does not accept", () => {
    const { stack: other } = build({ port: 5440 });
    expect(synthesize(other).resource("databricks_connection", "/Redshift/Federation/Connection").block.options).toMatchObject({ port: "5440" });
    expect(() => build({ port: 80 })).toThrow(/port: 80 is not a Redshift port/);
  });

  it("refuses a host given as a URL, an empty database and an empty secret id, before creating the credentials", () => {
    expect(() => build({ host: "https://analytics.123456789012.eu-west-1.redshift-serverless.amazonaws.com:5439" })).toThrow(
      /host: "https:\/\/analytics\..*" is not a host name/,
    );
    expect(() => build({ database: "" })).toThrow(/database: is empty/);
    // Named by this construct, not by its credentials child.
    expect(() => build({ credentialsSecretId: "" })).toThrow(/^test\/Redshift: credentialsSecretId: is empty/);
  });
});
