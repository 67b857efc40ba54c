import { AppflowConnectorProfile } from "@cdktf/provider-aws/lib/appflow-connector-profile";
import { AppflowFlow } from "@cdktf/provider-aws/lib/appflow-flow";
import { DmsEndpoint } from "@cdktf/provider-aws/lib/dms-endpoint";
import { DmsReplicationConfig } from "@cdktf/provider-aws/lib/dms-replication-config";
import { DmsReplicationInstance } from "@cdktf/provider-aws/lib/dms-replication-instance";
import { DmsS3Endpoint } from "@cdktf/provider-aws/lib/dms-s3-endpoint";
import { GlueCrawler } from "@cdktf/provider-aws/lib/glue-crawler";
import { GlueDataCatalogEncryptionSettings } from "@cdktf/provider-aws/lib/glue-data-catalog-encryption-settings";
import { GlueJob } from "@cdktf/provider-aws/lib/glue-job";
import { GlueSecurityConfiguration } from "@cdktf/provider-aws/lib/glue-security-configuration";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { TerraformStack } from "cdktf";
import { describeRule } from "../fixtures";

const ROLE = "arn:aws:iam::111122223333:role/ingest";

function keyArn(stack: TerraformStack): string {
  return new KmsKey(stack, "key", { enableKeyRotation: true }).arn;
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
