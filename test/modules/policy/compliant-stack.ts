/**
 * A stack shaped like the architecture's network-storage and workspace layers, built the secure way:
 * every rule must find nothing wrong in it (the engine's guard against false positives).
 */
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { DataDatabricksAwsAssumeRolePolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-assume-role-policy";
import { DataDatabricksAwsCrossaccountPolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-crossaccount-policy";
import { MwsCredentials } from "@cdktf/provider-databricks/lib/mws-credentials";
import { MwsCustomerManagedKeys } from "@cdktf/provider-databricks/lib/mws-customer-managed-keys";
import { MwsLogDelivery } from "@cdktf/provider-databricks/lib/mws-log-delivery";
import { MwsNetworks } from "@cdktf/provider-databricks/lib/mws-networks";
import { MwsPrivateAccessSettings } from "@cdktf/provider-databricks/lib/mws-private-access-settings";
import { MwsStorageConfigurations } from "@cdktf/provider-databricks/lib/mws-storage-configurations";
import { MwsVpcEndpoint } from "@cdktf/provider-databricks/lib/mws-vpc-endpoint";
import { MwsWorkspaces } from "@cdktf/provider-databricks/lib/mws-workspaces";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { S3Backend, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { renderPolicy } from "../../../modules/aws/policy-document";

const PROTECT = { preventDestroy: true };

/** A bucket with every S3 control, logging to `logs` (or being the log sink when `logs` is absent). */
function secureBucket(scope: Construct, id: string, key: KmsKey | undefined, logs?: S3Bucket): S3Bucket {
  const group = new Construct(scope, id);
  const bucket = new S3Bucket(group, "bucket", { bucket: `lakehouse-dev-${id}`, lifecycle: PROTECT });
  new S3BucketPublicAccessBlock(group, "public-access", {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketServerSideEncryptionConfigurationA(group, "encryption", {
    bucket: bucket.id,
    rule: [
      {
        applyServerSideEncryptionByDefault: key ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn } : { sseAlgorithm: "AES256" },
        bucketKeyEnabled: true,
      },
    ],
  });
  new S3BucketVersioningA(group, "versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
  new S3BucketPolicy(group, "policy", {
    bucket: bucket.id,
    policy: renderPolicy([
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        principal: "*",
        actions: ["s3:*"],
        resources: [bucket.arn, `${bucket.arn}/*`],
        conditions: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]),
  });
  if (logs) {
    new S3BucketLoggingA(group, "access-logs", { bucket: bucket.id, targetBucket: logs.id, targetPrefix: `${id}/` });
  }
  return bucket;
}

/** Builds the compliant network, storage and workspace resources into `stack`. */
export function buildCompliantStack(stack: TerraformStack): void {
  new S3Backend(stack, { bucket: "lakehouse-state", key: `dev/${stack.node.id}.tfstate`, region: "us-east-1", encrypt: true }).addOverride(
    "use_lockfile",
    true,
  );
  new AwsProvider(stack, "aws", { region: "us-east-1", defaultTags: [{ tags: { Project: "lakehouse", Environment: "dev" } }] });
  new DatabricksProvider(stack, "databricks", { host: "https://accounts.cloud.databricks.com", accountId: "00000000-0000-0000-0000-000000000000" });
  new TimeProvider(stack, "time", {});
  const accountId = new TerraformVariable(stack, "databricks-account-id", { type: "string" }).stringValue;
  const me = new DataAwsCallerIdentity(stack, "me", {});

  const key = new KmsKey(stack, "workspace-key", { enableKeyRotation: true, deletionWindowInDays: 30, lifecycle: PROTECT });
  const logs = secureBucket(stack, "logs", undefined);
  const root = secureBucket(stack, "root", key, logs);

  const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.20.0.0/18", enableDnsHostnames: true, enableDnsSupport: true });
  new DefaultSecurityGroup(stack, "default-sg", { vpcId: vpc.id });
  new FlowLog(stack, "flow-log", { vpcId: vpc.id, trafficType: "ALL", logDestinationType: "s3", logDestination: `${logs.arn}/flow-logs/` });
  const subnets = ["a", "b"].map(
    (az, i) => new Subnet(stack, `private-${az}`, { vpcId: vpc.id, cidrBlock: `10.20.${i * 4}.0/22`, availabilityZone: `us-east-1${az}` }),
  );
  const sg = new SecurityGroup(stack, "workspace-sg", {
    vpcId: vpc.id,
    description: "Databricks compute plane",
    ingress: [{ fromPort: 0, toPort: 65535, protocol: "tcp", selfAttribute: true }],
    egress: [{ fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: [vpc.cidrBlock] }],
  });
  const endpoints = ["rest", "relay"].map((name) => {
    const aws = new VpcEndpoint(stack, `${name}-vpce`, {
      vpcId: vpc.id,
      serviceName: `com.amazonaws.vpce.us-east-1.${name}`,
      vpcEndpointType: "Interface",
      subnetIds: subnets.map((s) => s.id),
      securityGroupIds: [sg.id],
      privateDnsEnabled: true,
    });
    return new MwsVpcEndpoint(stack, `${name}-endpoint`, { accountId, vpcEndpointName: name, awsVpcEndpointId: aws.id, region: "us-east-1" });
  });

  const trust = new DataDatabricksAwsAssumeRolePolicy(stack, "cross-account-trust", { externalId: accountId });
  const crossAccount = new IamRole(stack, "cross-account-role", { name: "lakehouse-dev-cross-account", assumeRolePolicy: trust.json });
  const permissions = new DataDatabricksAwsCrossaccountPolicy(stack, "cross-account-permissions", { policyType: "customer" });
  new IamRolePolicy(stack, "cross-account-policy", { role: crossAccount.id, policy: permissions.json });
  const wait = new Sleep(stack, "wait-for-iam", {
    createDuration: "30s",
    dependsOn: [crossAccount],
    triggers: { role: crossAccount.arn, account: me.accountId },
  });

  const credentials = new MwsCredentials(stack, "credentials", { credentialsName: "lakehouse-dev", roleArn: crossAccount.arn, dependsOn: [wait] });
  const storage = new MwsStorageConfigurations(stack, "storage", {
    accountId,
    storageConfigurationName: "lakehouse-dev-root",
    bucketName: root.bucket,
  });
  const network = new MwsNetworks(stack, "network", {
    accountId,
    networkName: "lakehouse-dev",
    vpcId: vpc.id,
    subnetIds: subnets.map((s) => s.id),
    securityGroupIds: [sg.id],
    vpcEndpoints: { restApi: [endpoints[0].vpcEndpointId], dataplaneRelay: [endpoints[1].vpcEndpointId] },
  });
  const pas = new MwsPrivateAccessSettings(stack, "private-access", {
    privateAccessSettingsName: "lakehouse-dev",
    region: "us-east-1",
    privateAccessLevel: "ACCOUNT",
  });
  const cmk = (id: string, useCase: string) =>
    new MwsCustomerManagedKeys(stack, id, { accountId, useCases: [useCase], awsKeyInfo: { keyArn: key.arn } });
  const workspace = new MwsWorkspaces(stack, "workspace", {
    accountId,
    workspaceName: "lakehouse-dev",
    awsRegion: "us-east-1",
    pricingTier: "ENTERPRISE",
    credentialsId: credentials.credentialsId,
    storageConfigurationId: storage.storageConfigurationId,
    networkId: network.networkId,
    privateAccessSettingsId: pas.privateAccessSettingsId,
    managedServicesCustomerManagedKeyId: cmk("managed-services-key", "MANAGED_SERVICES").customerManagedKeyId,
    storageCustomerManagedKeyId: cmk("storage-key", "STORAGE").customerManagedKeyId,
    lifecycle: PROTECT,
  });
  new MwsLogDelivery(stack, "audit-logs", {
    accountId,
    configName: "lakehouse-dev-audit",
    credentialsId: credentials.credentialsId,
    storageConfigurationId: storage.storageConfigurationId,
    logType: "AUDIT_LOGS",
    outputFormat: "JSON",
    workspaceIdsFilter: [workspace.workspaceId],
  });
}
