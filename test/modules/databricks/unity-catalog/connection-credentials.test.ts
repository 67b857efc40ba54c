import { TerraformOutput } from "cdktf";
import { ConnectionCredentials } from "../../../../modules/databricks/unity-catalog/connection-credentials";
import { synthesize } from "../../../synth-json";
import { ucStack } from "./uc-fixture";

describe("ConnectionCredentials", () => {
  it("reads the secret's current version and picks the configured keys, wrapped in sensitive()", () => {
    const { stack } = ucStack();
    const credentials = new ConnectionCredentials(stack, "Creds", {
      secretId: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hms-AbCdEf",
      usernameKey: "user",
      passwordKey: "pass",
    });
    new TerraformOutput(stack, "u", { value: credentials.username, sensitive: true });
    new TerraformOutput(stack, "p", { value: credentials.password, sensitive: true });
    const s = synthesize(stack);
    const [[name, secret]] = Object.entries(s.dataSources("aws_secretsmanager_secret_version"));
    expect(secret.secret_id).toBe("arn:aws:secretsmanager:eu-west-1:123456789012:secret:hms-AbCdEf");
    expect(s.json.output?.u.value).toBe(`\${sensitive(jsondecode(data.aws_secretsmanager_secret_version.${name}.secret_string).user)}`);
    expect(s.json.output?.p.value).toBe(`\${sensitive(jsondecode(data.aws_secretsmanager_secret_version.${name}.secret_string).pass)}`);
  });

  it("refuses an empty secret id", () => {
    expect(() => new ConnectionCredentials(ucStack().stack, "Creds", { secretId: " " })).toThrow(/secretId: is empty/);
  });

  it("refuses an empty key, and a password key that is the user name's", () => {
    const secretId = "acme/prod/redshift-federation";
    expect(() => new ConnectionCredentials(ucStack().stack, "Creds", { secretId, usernameKey: "" })).toThrow(/usernameKey: is empty/);
    expect(() => new ConnectionCredentials(ucStack().stack, "Creds", { secretId, passwordKey: "username" })).toThrow(
      /passwordKey: "username" is also the usernameKey/,
    );
  });
});
