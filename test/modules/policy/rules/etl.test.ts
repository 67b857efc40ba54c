import { AppflowConnectorProfile } from "@cdktf/provider-aws/lib/appflow-connector-profile";
import { AppflowFlow } from "@cdktf/provider-aws/lib/appflow-flow";
import { DmsEndpoint, DmsEndpointConfig } from "@cdktf/provider-aws/lib/dms-endpoint";
import { DmsReplicationConfig } from "@cdktf/provider-aws/lib/dms-replication-config";
import { DmsReplicationInstance } from "@cdktf/provider-aws/lib/dms-replication-instance";
import { DmsS3Endpoint } from "@cdktf/provider-aws/lib/dms-s3-endpoint";
import { GlueCrawler } from "@cdktf/provider-aws/lib/glue-crawler";
import { GlueDataCatalogEncryptionSettings } from "@cdktf/provider-aws/lib/glue-data-catalog-encryption-settings";
import { GlueJob } from "@cdktf/provider-aws/lib/glue-job";
import { GlueSecurityConfiguration } from "@cdktf/provider-aws/lib/glue-security-configuration";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { IResolvable, TerraformLocal, TerraformStack, TerraformVariable } from "cdktf";
import { describeRule } from "../fixtures";

const ROLE = "arn:aws:iam::111122223333:role/ingest";

function keyArn(stack: TerraformStack): string {
  return new KmsKey(stack, "key", { enableKeyRotation: true }).arn;
}

const SECRET = "arn:aws:secretsmanager:us-east-1:111122223333:secret:orders-db";
const SECRET_READER = "arn:aws:iam::111122223333:role/dms-secrets";

function replicationInstance(stack: TerraformStack, publiclyAccessible?: boolean | IResolvable): DmsReplicationInstance {
  return new DmsReplicationInstance(stack, "dms", {
    replicationInstanceId: "cdc",
    replicationInstanceClass: "dms.t3.medium",
    ...(publiclyAccessible === undefined ? {} : { publiclyAccessible }),
  });
}

function sourceEndpoint(stack: TerraformStack, config: Partial<DmsEndpointConfig> = {}): DmsEndpoint {
  return new DmsEndpoint(stack, "source", { endpointId: "orders-db", endpointType: "source", engineName: "postgres", ...config });
}

function securityConfiguration(stack: TerraformStack, s3Mode = "SSE-KMS"): GlueSecurityConfiguration {
  const key = keyArn(stack);
  return new GlueSecurityConfiguration(stack, "glue-security", {
    name: "lakehouse",
    encryptionConfiguration: {
      cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: key },
      jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: key },
      s3Encryption: { s3EncryptionMode: s3Mode, ...(s3Mode === "SSE-KMS" ? { kmsKeyArn: key } : {}) },
    },
  });
}

function flow(stack: TerraformStack, kmsArn?: string): AppflowFlow {
  return new AppflowFlow(stack, "flow", {
    name: "salesforce-accounts",
    ...(kmsArn ? { kmsArn } : {}),
    sourceFlowConfig: { connectorType: "Salesforce", sourceConnectorProperties: { salesforce: { object: "Account" } } },
    destinationFlowConfig: [{ connectorType: "S3", destinationConnectorProperties: { s3: { bucketName: "lakehouse-landing" } } }],
    task: [{ taskType: "Map_all", sourceFields: [], connectorOperator: [{ salesforce: "NO_OP" }] }],
    triggerConfig: { triggerType: "OnDemand" },
  });
}

describeRule({
  rule: "GLUE-SECURITY-CONFIGURATION",
  passes: [
    {
      name: "a job and a crawler that use a security configuration",
      build: (s) => {
        const config = securityConfiguration(s);
        new GlueJob(s, "job", {
          name: "bronze",
          roleArn: ROLE,
          command: { scriptLocation: "s3://code/bronze.py" },
          securityConfiguration: config.name,
        });
        new GlueCrawler(s, "crawler", {
          name: "landing",
          role: ROLE,
          databaseName: "landing",
          s3Target: [{ path: "s3://landing/" }],
          securityConfiguration: config.name,
        });
      },
    },
  ],
  fails: [
    {
      name: "a job without a security configuration",
      build: (s) => void new GlueJob(s, "job", { name: "bronze", roleArn: ROLE, command: { scriptLocation: "s3://code/bronze.py" } }),
      message: /security_configuration is not set/,
    },
  ],
});

describeRule({
  rule: "GLUE-ENCRYPTION",
  passes: [
    { name: "a security configuration with KMS for S3, CloudWatch and bookmarks", build: (s) => void securityConfiguration(s) },
    {
      name: "Data Catalog settings with SSE-KMS and encrypted connection passwords",
      build: (s) => {
        const key = keyArn(s);
        new GlueDataCatalogEncryptionSettings(s, "catalog", {
          dataCatalogEncryptionSettings: {
            encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: key },
            connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: key },
          },
        });
      },
    },
  ],
  fails: [
    {
      name: "a security configuration writing S3 output with SSE-S3",
      build: (s) => void securityConfiguration(s, "SSE-S3"),
      message: /s3_encryption s3_encryption_mode is "SSE-S3", not SSE-KMS/,
    },
    {
      name: "Data Catalog settings with plaintext connection passwords",
      build: (s) =>
        void new GlueDataCatalogEncryptionSettings(s, "catalog", {
          dataCatalogEncryptionSettings: {
            encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: keyArn(s) },
            connectionPasswordEncryption: { returnConnectionPasswordEncrypted: false },
          },
        }),
      message: /connection passwords are not encrypted/,
    },
  ],
});

describeRule({
  rule: "DMS-ENCRYPTION",
  passes: [
    {
      name: "a replication instance, a source endpoint and an S3 target under our key",
      build: (s) => {
        const key = keyArn(s);
        new DmsReplicationInstance(s, "dms", { replicationInstanceId: "cdc", replicationInstanceClass: "dms.t3.medium", kmsKeyArn: key });
        new DmsEndpoint(s, "source", {
          endpointId: "orders-db",
          endpointType: "source",
          engineName: "postgres",
          kmsKeyArn: key,
          secretsManagerArn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:orders",
        });
        new DmsS3Endpoint(s, "target", {
          endpointId: "landing",
          endpointType: "target",
          bucketName: "lakehouse-landing",
          serviceAccessRoleArn: ROLE,
          encryptionMode: "SSE_KMS",
          serverSideEncryptionKmsKeyId: key,
        });
      },
    },
    {
      name: "a serverless replication config with our key",
      build: (s) =>
        void new DmsReplicationConfig(s, "cdc", {
          replicationConfigIdentifier: "orders",
          replicationType: "cdc",
          sourceEndpointArn: "arn:source",
          targetEndpointArn: "arn:target",
          tableMappings: "{}",
          computeConfig: { replicationSubnetGroupId: "dms-subnets", maxCapacityUnits: 4, kmsKeyId: keyArn(s) },
        }),
    },
  ],
  fails: [
    {
      name: "a replication instance with the default key",
      build: (s) => void new DmsReplicationInstance(s, "dms", { replicationInstanceId: "cdc", replicationInstanceClass: "dms.t3.medium" }),
      message: /kms_key_arn is not set/,
    },
    {
      name: "an S3 target with SSE-S3",
      build: (s) =>
        void new DmsS3Endpoint(s, "target", {
          endpointId: "landing",
          endpointType: "target",
          bucketName: "lakehouse-landing",
          serviceAccessRoleArn: ROLE,
          encryptionMode: "SSE_S3",
        }),
      message: /the S3 target encryption_mode is "SSE_S3", not SSE_KMS/,
    },
  ],
});

describeRule({
  rule: "APPFLOW-ENCRYPTION",
  passes: [
    { name: "a flow with our key", build: (s) => void flow(s, keyArn(s)) },
    {
      name: "a connector profile with our key",
      build: (s) =>
        void new AppflowConnectorProfile(s, "salesforce", {
          name: "salesforce",
          connectionMode: "Public",
          connectorType: "Salesforce",
          kmsArn: keyArn(s),
          connectorProfileConfig: {
            connectorProfileCredentials: { salesforce: { clientCredentialsArn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:sf" } },
            connectorProfileProperties: { salesforce: { instanceUrl: "https://example.my.salesforce.com" } },
          },
        }),
    },
  ],
  fails: [{ name: "a flow with the AWS-managed key", build: (s) => void flow(s), message: /kms_arn is not set/ }],
});

describeRule({
  rule: "DMS-NOT-PUBLIC",
  passes: [
    { name: "a private replication instance", build: (s) => void replicationInstance(s, false) },
    { name: "an instance with publicly_accessible unset (the provider sends false)", build: (s) => void replicationInstance(s) },
    {
      name: "an instance whose flag is a local set to false",
      build: (s) => void replicationInstance(s, new TerraformLocal(s, "public", false).asBoolean),
    },
  ],
  fails: [
    {
      name: "a public replication instance",
      build: (s) => void replicationInstance(s, true),
      message: /^publicly_accessible is true, so the instance has a public IP address$/,
    },
    {
      name: "an instance whose flag comes from a variable",
      build: (s) => void replicationInstance(s, new TerraformVariable(s, "public", { type: "bool" }).value),
      message: /^publicly_accessible is "\$\{var\.public\}", which cannot be resolved at synth$/,
    },
  ],
  skips: [
    {
      name: "a serverless replication config (it has no public IP address)",
      build: (s) =>
        void new DmsReplicationConfig(s, "cdc", {
          replicationConfigIdentifier: "orders",
          replicationType: "cdc",
          sourceEndpointArn: "arn:source",
          targetEndpointArn: "arn:target",
          tableMappings: "{}",
          computeConfig: { replicationSubnetGroupId: "dms-subnets", maxCapacityUnits: 4 },
        }),
    },
  ],
});

describeRule({
  rule: "DMS-SECRETS-MANAGER",
  passes: [
    {
      name: "a source endpoint reading its credentials from Secrets Manager",
      build: (s) => void sourceEndpoint(s, { secretsManagerArn: SECRET, secretsManagerAccessRoleArn: SECRET_READER, databaseName: "orders" }),
    },
  ],
  fails: [
    {
      name: "a source endpoint with a password from a variable",
      build: (s) =>
        void sourceEndpoint(s, {
          username: "dms",
          password: new TerraformVariable(s, "db_password", { type: "string", sensitive: true }).stringValue,
          serverName: "orders.internal",
          port: 5432,
        }),
      message:
        /^password is set, so the database credential is written to the Terraform state; secrets_manager_arn is not set, so the postgres endpoint does not read its credentials from Secrets Manager$/,
    },
    {
      name: "a source endpoint with neither a password nor a secret",
      build: (s) => void sourceEndpoint(s, { engineName: "sqlserver" }),
      message: /^secrets_manager_arn is not set, so the sqlserver endpoint does not read its credentials from Secrets Manager$/,
    },
    {
      name: "a secret without the role DMS reads it with",
      build: (s) => void sourceEndpoint(s, { secretsManagerArn: SECRET }),
      message: /^secrets_manager_access_role_arn is not set, so DMS has no role to read the secret with$/,
    },
    {
      name: "an endpoint whose engine comes from a variable",
      build: (s) => void sourceEndpoint(s, { engineName: new TerraformVariable(s, "engine", { type: "string" }).stringValue }),
      message: /^engine_name is "\$\{var\.engine\}", which cannot be resolved at synth$/,
    },
  ],
  skips: [
    {
      name: "a Kinesis target endpoint, which authenticates with a role",
      build: (s) =>
        void new DmsEndpoint(s, "target", {
          endpointId: "events",
          endpointType: "target",
          engineName: "kinesis",
          kinesisSettings: { streamArn: "arn:aws:kinesis:us-east-1:111122223333:stream/cdc", serviceAccessRoleArn: ROLE },
        }),
    },
  ],
});
