/**
 * The network-storage layer: everything the lakehouse needs from AWS before Databricks is involved. A
 * customer-managed VPC (private subnets in two or more AZs, the workspace security group, VPC endpoints with
 * restrictive policies, PrivateLink endpoints when configured, flow logs), the KMS keys, and the buckets (workspace
 * root, Unity Catalog managed storage, medallion data, landing zone, logs).
 */
import type { Construct } from "constructs";
import { DatabricksVpc } from "../modules/aws/databricks-vpc";
import { KmsKey } from "../modules/aws/kms-key";
import { PrivateLinkEndpoints } from "../modules/aws/private-link-endpoints";
import { SecureBucket } from "../modules/aws/secure-bucket";
import { VpcEndpoints } from "../modules/aws/vpc-endpoints";
import { suppressRule } from "../modules/policy";
import { managedServicesKeyStatements, rootBucketKeyStatements, workspaceStorageKeyStatements } from "../modules/databricks/account/customer-managed-key-policies";
import { defineLayerContract } from "./layer-contract";
import { CROSS_ACCOUNT_ROLE } from "./shared-names";
import { LayerStack, type LayerStackProps } from "./layer-stack";

/** What the network-storage layer gives the layers after it. Fields that depend on config are "" when off. */
export interface NetworkStorageOutputs {
  readonly region: string;
  readonly awsAccountId: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly workspaceSubnetIds: string[];
  readonly routeTableIds: string[];
  readonly workspaceSecurityGroupId: string;
  readonly endpointSubnetIds: string[];
  readonly s3GatewayEndpointId: string;
  readonly stsEndpointId: string;
  readonly kinesisEndpointId: string;
  readonly privateLinkSecurityGroupId: string;
  readonly workspaceVpcEndpointId: string;
  readonly relayVpcEndpointId: string;
  readonly workspaceStorageKeyArn: string;
  readonly workspaceStorageKeyAlias: string;
  readonly managedServicesKeyArn: string;
  readonly managedServicesKeyAlias: string;
  readonly dataKeyArn: string;
  readonly dataKeyAlias: string;
  readonly rootBucketName: string;
  readonly rootBucketArn: string;
  readonly unityCatalogBucketName: string;
  readonly unityCatalogBucketArn: string;
  readonly medallionBucketName: string;
  readonly medallionBucketArn: string;
  readonly landingBucketName: string;
  readonly landingBucketArn: string;
  readonly logsBucketName: string;
  readonly logsBucketArn: string;
  readonly accessLogsBucketName: string;
}

/** The network-storage contract: fixed output names (snake_case of each field) and the typed remote-state reader. */
export const NetworkStorageOutputs = defineLayerContract<NetworkStorageOutputs>("network-storage", {
  region: { kind: "string", description: "AWS region of the environment" },
  awsAccountId: { kind: "string", description: "AWS account id of the environment" },
  vpcId: { kind: "string", description: "Id of the customer-managed VPC for Databricks classic compute" },
  vpcCidr: { kind: "string", description: "CIDR block of the VPC" },
  workspaceSubnetIds: { kind: "list", description: "Private subnets for Databricks clusters, one per availability zone" },
  routeTableIds: { kind: "list", description: "Route tables of the workspace subnets (the S3 gateway endpoint is attached to them)" },
  workspaceSecurityGroupId: { kind: "string", description: "Security group of Databricks cluster nodes" },
  endpointSubnetIds: { kind: "list", description: "Subnets of the interface endpoints (PrivateLink subnets, or the workspace subnets without PrivateLink)" },
  s3GatewayEndpointId: { kind: "string", description: "S3 gateway VPC endpoint id" },
  stsEndpointId: { kind: "string", description: "STS interface VPC endpoint id" },
  kinesisEndpointId: { kind: "string", description: "Kinesis Data Streams interface VPC endpoint id" },
  privateLinkSecurityGroupId: { kind: "string", description: "Security group of the Databricks PrivateLink endpoints; empty without PrivateLink" },
  workspaceVpcEndpointId: { kind: "string", description: "AWS id of the workspace (REST API) PrivateLink endpoint; empty without PrivateLink" },
  relayVpcEndpointId: { kind: "string", description: "AWS id of the secure cluster connectivity relay endpoint; empty without PrivateLink" },
  workspaceStorageKeyArn: { kind: "string", description: "KMS key for the workspace root bucket and cluster EBS volumes" },
  workspaceStorageKeyAlias: { kind: "string", description: "Alias of the workspace storage key" },
  managedServicesKeyArn: { kind: "string", description: "KMS key for Databricks managed services; empty without customer-managed keys" },
  managedServicesKeyAlias: { kind: "string", description: "Alias of the managed services key; empty without customer-managed keys" },
  dataKeyArn: { kind: "string", description: "KMS key for lakehouse data (Unity Catalog, medallion, landing, logs)" },
  dataKeyAlias: { kind: "string", description: "Alias of the data key" },
  rootBucketName: { kind: "string", description: "Workspace root (DBFS) bucket" },
  rootBucketArn: { kind: "string", description: "ARN of the workspace root bucket" },
  unityCatalogBucketName: { kind: "string", description: "Unity Catalog managed storage bucket" },
  unityCatalogBucketArn: { kind: "string", description: "ARN of the Unity Catalog bucket" },
  medallionBucketName: { kind: "string", description: "Medallion data bucket (bronze/, silver/, gold/ prefixes)" },
  medallionBucketArn: { kind: "string", description: "ARN of the medallion bucket" },
  landingBucketName: { kind: "string", description: "Landing zone bucket for files delivered by ingestion services" },
  landingBucketArn: { kind: "string", description: "ARN of the landing bucket" },
  logsBucketName: { kind: "string", description: "KMS-encrypted logs bucket (VPC flow logs, Databricks audit and usage logs)" },
  logsBucketArn: { kind: "string", description: "ARN of the logs bucket" },
  accessLogsBucketName: { kind: "string", description: "Target bucket of S3 server access logs (SSE-S3: the only encryption S3 access logging delivers to)" },
});

/** Key prefix of VPC flow logs in the logs bucket. */
export const FLOW_LOGS_PREFIX = "vpc-flow-logs/";

/** The network-storage stack of one environment. */
export class NetworkStorageStack extends LayerStack {
  public readonly outputs: NetworkStorageOutputs;
  public readonly vpc: DatabricksVpc;
  public readonly keys: { readonly workspaceStorage: KmsKey; readonly managedServices?: KmsKey; readonly data: KmsKey };
  public readonly buckets: {
    readonly root: SecureBucket;
    readonly unityCatalog: SecureBucket;
    readonly medallion: SecureBucket;
    readonly landing: SecureBucket;
    readonly logs: SecureBucket;
    readonly accessLogs: SecureBucket;
  };

  constructor(scope: Construct, props: LayerStackProps) {
    super(scope, "network-storage", props);
    this.keys = this.createKeys();
    this.buckets = this.createBuckets();
    this.vpc = this.createVpc();
    const endpoints = this.createEndpoints();
    this.outputs = this.collectOutputs(endpoints);
    NetworkStorageOutputs.publish(this, this.outputs);
  }

  private createKeys() {
    const { config, naming } = this;
    const protect = config.dataProtection;
    const key = (id: string, component: string, description: string) =>
      new KmsKey(this, id, { alias: naming.kmsAlias(component), description: `${description} (${config.name})`, protect });
    const workspaceStorage = key("WorkspaceStorageKey", "workspace-storage", "Databricks workspace root bucket and cluster EBS volumes");
    const managedServices = config.encryption.customerManagedKeys
      ? key("ManagedServicesKey", "managed-services", "Databricks managed services: notebooks, secrets, queries")
      : undefined;
    const databricksAccountId = config.databricks.accountId;
    if (managedServices) {
      // Registered with Databricks by the workspace layer; the cross-account role it creates later is named by
      // condition (KMS refuses a policy naming a role that does not exist yet).
      workspaceStorageKeyStatements({ databricksAccountId, awsAccountId: config.aws.accountId, crossAccountRoleName: naming.iam(CROSS_ACCOUNT_ROLE) }).forEach(
        (s) => workspaceStorage.addToKeyPolicy(s),
      );
      managedServicesKeyStatements({ databricksAccountId }).forEach((s) => managedServices.addToKeyPolicy(s));
    } else {
      // The root bucket is SSE-KMS with this key even without customer-managed keys, and Databricks writes to it from
      // its own account: without these statements every DBFS write would be refused.
      rootBucketKeyStatements({ databricksAccountId }).forEach((s) => workspaceStorage.addToKeyPolicy(s));
    }
    return {
      workspaceStorage,
      ...(managedServices ? { managedServices } : {}),
      data: key("DataKey", "data", "Lakehouse data: Unity Catalog, medallion, landing zone and logs"),
    };
  }

  private createBuckets() {
    const { config, naming, keys } = this;
    const common = { protect: config.dataProtection, noncurrentVersionExpirationDays: config.storage.noncurrentVersionExpirationDays };
    const accessLogs = SecureBucket.forAccessLogs(this, "AccessLogsBucket", { ...common, bucketName: naming.bucket("access-logs") });
    const bucket = (id: string, component: string, encryptionKey: KmsKey, externalBucketPolicy = false) =>
      new SecureBucket(this, id, { ...common, bucketName: naming.bucket(component), encryptionKey, accessLogsBucket: accessLogs, externalBucketPolicy });
    const logs = bucket("LogsBucket", "logs", keys.data);
    logs.allowLogDelivery(FLOW_LOGS_PREFIX);
    // The workspace layer owns the root bucket's only policy: it merges our TLS-only statement with the statements
    // Databricks generates for the account (databricks_aws_bucket_policy), which this layer has no provider for.
    const root = bucket("RootBucket", "workspace-root", keys.workspaceStorage, true);
    suppressRule(root, "S3-TLS-ONLY", "the workspace layer owns this bucket's only policy and puts the TLS-only deny in it; S3-TLS-ONLY checks it there");
    return {
      root,
      unityCatalog: bucket("UnityCatalogBucket", "unity-catalog", keys.data),
      medallion: bucket("MedallionBucket", "medallion", keys.data),
      landing: bucket("LandingBucket", "landing", keys.data),
      logs,
      accessLogs,
    };
  }

  private createVpc(): DatabricksVpc {
    const { network, aws } = this.config;
    const subnets = (list: readonly { cidr: string; availabilityZone: string }[]) =>
      list.map((s) => ({ cidrBlock: s.cidr, availabilityZone: s.availabilityZone }));
    return new DatabricksVpc(this, "Vpc", {
      name: this.naming.name("vpc"),
      cidrBlock: network.vpcCidr,
      region: aws.region,
      egress: network.egress,
      workspaceSubnets: subnets(network.workspaceSubnets),
      publicSubnets: subnets(network.publicSubnets),
      allowLegacyHiveMetastore: network.legacyHiveMetastore,
      flowLogs: { destinationArn: `${this.buckets.logs.bucketArn}/${FLOW_LOGS_PREFIX}` },
    });
  }

  private createEndpoints() {
    const { network, aws } = this.config;
    const privateLink = network.privateLink.enabled
      ? new PrivateLinkEndpoints(this, "PrivateLink", {
          vpcId: this.vpc.vpcId,
          region: aws.region,
          workspaceSecurityGroupId: this.vpc.securityGroupId,
          subnets: network.privateLink.subnets.map((s) => ({ cidrBlock: s.cidr, availabilityZone: s.availabilityZone })),
          name: this.naming.name("privatelink"),
        })
      : undefined;
    // Interface endpoints sit in the PrivateLink subnets when there are some, else beside the clusters.
    const endpointSubnetIds = privateLink ? privateLink.subnetIds : this.vpc.workspaceSubnetIds;
    const service = new VpcEndpoints(this, "Endpoints", {
      vpcId: this.vpc.vpcId,
      region: aws.region,
      accountId: aws.accountId,
      routeTableIds: this.vpc.routeTableIds,
      subnetIds: endpointSubnetIds,
      workspaceSecurityGroupId: this.vpc.securityGroupId,
      name: this.naming.name("endpoints"),
    });
    return { privateLink, service, endpointSubnetIds };
  }

  private collectOutputs({ privateLink, service, endpointSubnetIds }: ReturnType<NetworkStorageStack["createEndpoints"]>): NetworkStorageOutputs {
    const { keys, buckets, vpc, config } = this;
    return {
      region: config.aws.region,
      awsAccountId: config.aws.accountId,
      vpcId: vpc.vpcId,
      vpcCidr: vpc.vpcCidrBlock,
      workspaceSubnetIds: vpc.workspaceSubnetIds,
      routeTableIds: vpc.routeTableIds,
      workspaceSecurityGroupId: vpc.securityGroupId,
      endpointSubnetIds,
      s3GatewayEndpointId: service.s3GatewayEndpointId,
      stsEndpointId: service.stsEndpointId,
      kinesisEndpointId: service.kinesisEndpointId,
      privateLinkSecurityGroupId: privateLink?.securityGroupId ?? "",
      workspaceVpcEndpointId: privateLink?.workspaceEndpointId ?? "",
      relayVpcEndpointId: privateLink?.relayEndpointId ?? "",
      workspaceStorageKeyArn: keys.workspaceStorage.keyArn,
      workspaceStorageKeyAlias: keys.workspaceStorage.aliasName,
      managedServicesKeyArn: keys.managedServices?.keyArn ?? "",
      managedServicesKeyAlias: keys.managedServices?.aliasName ?? "",
      dataKeyArn: keys.data.keyArn,
      dataKeyAlias: keys.data.aliasName,
      rootBucketName: buckets.root.bucketName,
      rootBucketArn: buckets.root.bucketArn,
      unityCatalogBucketName: buckets.unityCatalog.bucketName,
      unityCatalogBucketArn: buckets.unityCatalog.bucketArn,
      medallionBucketName: buckets.medallion.bucketName,
      medallionBucketArn: buckets.medallion.bucketArn,
      landingBucketName: buckets.landing.bucketName,
      landingBucketArn: buckets.landing.bucketArn,
      logsBucketName: buckets.logs.bucketName,
      logsBucketArn: buckets.logs.bucketArn,
      accessLogsBucketName: buckets.accessLogs.bucketName,
    };
  }
}
