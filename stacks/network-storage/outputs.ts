/**
 * The network-storage layer's contract: what the workspace and later layers, and other teams' apps, read from a
 * deployed network-storage layer. Conventions for growing it are in stacks/shared/layer-contract.ts.
 */
import { defineLayerContract } from "../shared/layer-contract";

/** What the network-storage layer gives the layers after it. Fields that depend on config are "" when off. */
export interface NetworkStorageOutputs {
  /** AWS region of the environment. */
  readonly region: string;
  /** AWS account id of the environment. */
  readonly awsAccountId: string;
  /** Id of the customer-managed VPC for Databricks classic compute. */
  readonly vpcId: string;
  /** CIDR block of the VPC. */
  readonly vpcCidr: string;
  /** Private subnets for Databricks clusters, one per availability zone. */
  readonly workspaceSubnetIds: string[];
  /** Route tables of the workspace subnets (the S3 gateway endpoint is attached to them). */
  readonly routeTableIds: string[];
  /** Security group of Databricks cluster nodes. */
  readonly workspaceSecurityGroupId: string;
  /** Subnets of the interface endpoints (PrivateLink subnets, or the workspace subnets without PrivateLink). */
  readonly endpointSubnetIds: string[];
  /** S3 gateway VPC endpoint id. */
  readonly s3GatewayEndpointId: string;
  /** STS interface VPC endpoint id. */
  readonly stsEndpointId: string;
  /** Kinesis Data Streams interface VPC endpoint id. */
  readonly kinesisEndpointId: string;
  /** Security group of the Databricks PrivateLink endpoints; empty without PrivateLink. */
  readonly privateLinkSecurityGroupId: string;
  /** AWS id of the workspace (REST API) PrivateLink endpoint; empty without PrivateLink. */
  readonly workspaceVpcEndpointId: string;
  /** AWS id of the secure cluster connectivity relay endpoint; empty without PrivateLink. */
  readonly relayVpcEndpointId: string;
  /** KMS key for the workspace root bucket and cluster EBS volumes. */
  readonly workspaceStorageKeyArn: string;
  /** Alias of the workspace storage key. */
  readonly workspaceStorageKeyAlias: string;
  /** KMS key for Databricks managed services; empty without customer-managed keys. */
  readonly managedServicesKeyArn: string;
  /** Alias of the managed services key; empty without customer-managed keys. */
  readonly managedServicesKeyAlias: string;
  /** KMS key for lakehouse data (Unity Catalog, medallion, landing, logs). */
  readonly dataKeyArn: string;
  /** Alias of the data key. */
  readonly dataKeyAlias: string;
  /** Workspace root (DBFS) bucket. */
  readonly rootBucketName: string;
  /** ARN of the workspace root bucket. */
  readonly rootBucketArn: string;
  /** Unity Catalog managed storage bucket. */
  readonly unityCatalogBucketName: string;
  /** ARN of the Unity Catalog bucket. */
  readonly unityCatalogBucketArn: string;
  /** Medallion data bucket (bronze/, silver/, gold/ prefixes). */
  readonly medallionBucketName: string;
  /** ARN of the medallion bucket. */
  readonly medallionBucketArn: string;
  /** Landing zone bucket for files delivered by ingestion services. */
  readonly landingBucketName: string;
  /** ARN of the landing bucket. */
  readonly landingBucketArn: string;
  /** KMS-encrypted logs bucket (VPC flow logs, Databricks audit and usage logs). */
  readonly logsBucketName: string;
  /** ARN of the logs bucket. */
  readonly logsBucketArn: string;
  /** Target bucket of S3 server access logs (SSE-S3: the only encryption S3 access logging delivers to). */
  readonly accessLogsBucketName: string;
  /**
   * The private front end by key, empty without one: `vpc-id`, `endpoint-id` (the AWS id of the front-end endpoint),
   * `endpoint-security-group-id`, `runner-security-group-id`, `resolver-endpoint-id`, `resolver-security-group-id` (DNS into the inbound resolver;
   * "" without one), `endpoint-route-table-id` (add
   * the routes back to the client ranges there) and `runner-route-table-id` ("" when not built).
   */
  readonly frontEnd: Record<string, string>;
  /** Subnets for the CI runners that deploy the workspace-level layers; empty without them. */
  readonly frontEndRunnerSubnetIds: string[];
  /**
   * The AWS service interface endpoints by key: `security-group-id` (HTTPS into every interface endpoint; later
   * layers admit their own security groups there) and `secrets-manager-endpoint-id` (only when DMS sources exist).
   */
  readonly awsEndpoints: Record<string, string>;
  /** Subnets of the private front end's endpoint (two or more zones), where managed services such as QuickSight place their network interfaces; empty without a front end. */
  readonly frontEndEndpointSubnetIds: string[];
  /**
   * IP addresses of the front end's Route 53 Resolver inbound endpoint, which answers the workspace's name with the
   * front-end endpoint's private addresses: on-premises DNS servers forward to them, and QuickSight's VPC connection
   * uses them as its DNS resolvers. Empty without an inbound resolver.
   */
  readonly frontEndResolverIps: string[];
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
  endpointSubnetIds: {
    kind: "list",
    description: "Subnets of the interface endpoints (PrivateLink subnets, or the workspace subnets without PrivateLink)",
  },
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
  accessLogsBucketName: {
    kind: "string",
    description: "Target bucket of S3 server access logs (SSE-S3: the only encryption S3 access logging delivers to)",
  },
  frontEnd: {
    kind: "map",
    description:
      "Private front end by key (vpc-id, endpoint-id, endpoint-security-group-id, runner-security-group-id, resolver-endpoint-id, resolver-security-group-id, endpoint-route-table-id, runner-route-table-id); empty without one",
  },
  frontEndRunnerSubnetIds: { kind: "list", description: "Subnets of the CI runners that deploy the workspace-level layers; empty without them" },
  awsEndpoints: {
    kind: "map",
    description: "AWS service interface endpoints by key (security-group-id, secrets-manager-endpoint-id when DMS reads secrets)",
  },
  frontEndEndpointSubnetIds: { kind: "list", description: "Subnets of the private front end's endpoint; empty without a front end" },
  frontEndResolverIps: { kind: "list", description: "IP addresses of the front end's inbound DNS resolver; empty without one" },
});
