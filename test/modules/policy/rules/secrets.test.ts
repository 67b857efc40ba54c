import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { Cluster } from "@cdktf/provider-databricks/lib/cluster";
import { Connection } from "@cdktf/provider-databricks/lib/connection";
import { ModelServing } from "@cdktf/provider-databricks/lib/model-serving";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { Secret } from "@cdktf/provider-databricks/lib/secret";
import { TerraformVariable } from "cdktf";
import { describeRule } from "../fixtures";

// Built by concatenation so that no scanner flags this test file itself.
const FAKE_AWS_KEY_ID = "AKIA" + "ABCDEFGHIJKLMNOP";
const FAKE_DATABRICKS_TOKEN = "dapi" + "0123456789abcdef0123456789abcdef";
const FAKE_PRIVATE_KEY = "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIB...\n-----END RSA PRIVATE KEY-----";

describeRule({
  rule: "SECRETS-NO-LITERALS",
  passes: [
    {
      name: "secrets read from a sensitive variable and a Databricks secret scope",
      build: (s) => {
        const password = new TerraformVariable(s, "redshift-password", { type: "string", sensitive: true });
        new Connection(s, "redshift", {
          name: "redshift",
          connectionType: "REDSHIFT",
          options: { host: "redshift.internal", port: "5439", user: "reader", password: password.stringValue },
        });
        new SecretsmanagerSecretVersion(s, "secret", { secretId: "lakehouse/redshift", secretString: password.stringValue });
        new Cluster(s, "cluster", {
          sparkVersion: "15.4.x-scala2.12",
          sparkEnvVars: { API_TOKEN: "{{secrets/ingest/api-token}}" },
          idempotencyToken: "nightly-ingest",
        });
      },
    },
  ],
  fails: [
    {
      name: "an AWS access key id in a description",
      build: (s) => void new IamRole(s, "role", { assumeRolePolicy: "{}", description: `created with ${FAKE_AWS_KEY_ID}` }),
      message: /description holds what looks like an AWS access key id/,
    },
    {
      name: "a Databricks token in the provider configuration",
      build: (s) => void new DatabricksProvider(s, "databricks", { host: "https://example.cloud.databricks.com", token: FAKE_DATABRICKS_TOKEN }),
      message: /token holds what looks like a Databricks personal access token/,
    },
    {
      name: "a private key in a Databricks secret",
      build: (s) => void new Secret(s, "key", { scope: "ingest", key: "tls", stringValue: FAKE_PRIVATE_KEY }),
      message: /string_value holds what looks like a private key/,
    },
    {
      name: "a literal Databricks secret value",
      build: (s) => void new Secret(s, "key", { scope: "ingest", key: "api", stringValue: "hunter2-but-longer" }),
      message: /string_value holds a literal credential/,
    },
    {
      name: "a literal password in a connection's options",
      build: (s) =>
        void new Connection(s, "redshift", {
          name: "redshift",
          connectionType: "REDSHIFT",
          options: { host: "redshift.internal", user: "reader", password: "correct-horse" },
        }),
      message: /options\.password holds a literal credential/,
    },
    {
      name: "a *_plaintext key in an external model",
      build: (s) =>
        void new ModelServing(s, "gpt", {
          name: "gpt",
          config: {
            servedEntities: [
              {
                name: "gpt",
                externalModel: {
                  name: "gpt-4o",
                  provider: "openai",
                  task: "llm/v1/chat",
                  openaiConfig: { openaiApiKeyPlaintext: "sk-not-a-real-key" },
                },
              },
            ],
          },
        }),
      message: /openai_api_key_plaintext is a \*_plaintext credential field/,
    },
    {
      name: "a sensitive variable with a literal default",
      build: (s) => void new TerraformVariable(s, "db-password", { type: "string", sensitive: true, default: "changeme-123" }),
      message: /db-password\.default holds a literal credential/,
    },
  ],
});
