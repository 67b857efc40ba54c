/**
 * The network-storage layer: everything the lakehouse needs from AWS before Databricks is involved. A
 * customer-managed VPC (private subnets in two or more AZs, the workspace security group, VPC endpoints with
 * restrictive policies, PrivateLink endpoints when configured, flow logs), the KMS keys, and the buckets (workspace
 * root, Unity Catalog managed storage, medallion data, landing zone, logs).
 *
 * Composition only: each concern maps config to construct props in its own file of this folder.
 */
import type { Construct } from "constructs";
import type { DatabricksVpc } from "../../modules/aws/databricks-vpc";
import type { WorkspaceFrontEnd } from "../../modules/aws/workspace-front-end";
import { LayerStack, type LayerStackProps } from "../shared/layer-stack";
import { createBuckets, type Buckets } from "./buckets";
import { allowIngestionServices } from "./ingestion-access";
import { createKeys, type Keys } from "./keys";
import { createEndpoints, createFrontEnd, createVpc, type Endpoints } from "./network";
import { NetworkStorageOutputs } from "./outputs";

/** The network-storage stack of one environment (`<env>-network-storage`). */
export class NetworkStorageStack extends LayerStack {
  public readonly outputs: NetworkStorageOutputs;
  public readonly keys: Keys;
  public readonly buckets: Buckets;
  public readonly vpc: DatabricksVpc;
  public readonly endpoints: Endpoints;
  /** The private front end; undefined without one. */
  public readonly frontEnd?: WorkspaceFrontEnd;

  constructor(scope: Construct, props: LayerStackProps) {
    super(scope, "network-storage", props);
    this.keys = createKeys(this);
    this.buckets = createBuckets(this, this.keys);
    allowIngestionServices(this, this.keys, this.buckets);
    this.vpc = createVpc(this, this.buckets);
    this.endpoints = createEndpoints(this, this.vpc);
    this.frontEnd = createFrontEnd(this, this.buckets);
    this.outputs = this.collectOutputs(this.endpoints);
    NetworkStorageOutputs.publish(this, this.outputs);
  }

  private collectOutputs({ privateLink, service, endpointSubnetIds }: Endpoints): NetworkStorageOutputs {
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
      frontEnd: this.frontEnd
        ? {
            "vpc-id": this.frontEnd.vpcId,
            "endpoint-id": this.frontEnd.endpointId,
            "endpoint-security-group-id": this.frontEnd.endpointSecurityGroupId,
            "runner-security-group-id": this.frontEnd.runnerSecurityGroupId,
            "resolver-endpoint-id": this.frontEnd.resolverEndpointId,
            "resolver-security-group-id": this.frontEnd.resolverSecurityGroupId,
            "endpoint-route-table-id": this.frontEnd.endpointRouteTableId,
            "runner-route-table-id": this.frontEnd.runnerRouteTableId,
          }
        : {},
      frontEndRunnerSubnetIds: this.frontEnd?.runnerSubnetIds ?? [],
      frontEndEndpointSubnetIds: this.frontEnd?.endpointSubnetIds ?? [],
      frontEndResolverIps: this.frontEnd?.resolverIps ?? [],
      awsEndpoints: {
        "security-group-id": service.securityGroupId,
        ...(service.secretsManagerEndpointId ? { "secrets-manager-endpoint-id": service.secretsManagerEndpointId } : {}),
      },
    };
  }
}
