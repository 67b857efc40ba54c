/**
 * The AWS service endpoints a Databricks VPC needs (S3, STS, Kinesis), with restrictive policies.
 */
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { databricksRegionalBuckets, DatabricksRegionalBuckets, PRIVATE_LINK_REGIONS } from "./databricks-endpoint-services";
import { HTTPS_PORT } from "./databricks-ports";

import { PolicyDocumentBuilder, PolicyStatement, renderPolicy } from "./policy-document";
import { DATABRICKS_AWS_ACCOUNT_ID } from "../core/databricks-aws-identities";
import { throwIfInvalidProps } from "../core/validation";

/** Props of {@link VpcEndpoints}. */
export interface VpcEndpointsProps {
  /** The VPC to put the endpoints in. */
  readonly vpcId: string;
  /**
   * AWS region of the VPC, as a literal (e.g. `"us-east-1"`): it names the endpoint services and
   * the regional Databricks buckets in the S3 policy. One of the regions in `PRIVATE_LINK_REGIONS`.
   */
  readonly region: string;
  /** Our AWS account id (12 digits, or a token such as `DataAwsCallerIdentity.accountId`). */
  readonly accountId: string;
  /** Route tables that get the S3 gateway endpoint: every workspace route table. */
  readonly routeTableIds: string[];
  /** Subnets for the STS and Kinesis interface endpoints (at most one per availability zone). */
  readonly subnetIds: string[];
  /** The workspace security group; its members may reach the interface endpoints on 443. */
  readonly workspaceSecurityGroupId: string;
  /**
   * Security group for the interface endpoints, e.g. the PrivateLink endpoints' group.
   * @default - a new group allowing TCP 443 from the workspace security group
   */
  readonly securityGroupId?: string;
  /**
   * The Databricks control-plane AWS account, which also owns the artifact and sample data buckets.
   * @default "414351767826" (commercial)
   */
  readonly databricksAwsAccountId?: string;
  /**
   * Also a Secrets Manager interface endpoint (private DNS), for services in the VPC that read secrets without a route
   * to the internet, such as AWS DMS reading its source credentials (DMS user guide, "Using secrets to access AWS DMS
   * endpoints": a replication in a private subnet needs one). Its policy allows only our account's secrets, read by
   * our account's principals.
   * @default false
   */
  readonly secretsManager?: boolean;
  /**
   * Also a DynamoDB gateway endpoint on the workspace route tables, for jobs that write DynamoDB tables from a VPC
   * without a route to the internet. Its policy allows our account's tables to our account's principals only.
   * @default false
   */
  readonly dynamodb?: boolean;
  /**
   * Prefix of `Name` tags and of the security group name.
   * @default "databricks"
   */
  readonly name?: string;
  /**
   * Tags added to every resource (the `Name` tag is set by the construct).
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/** Object and bucket actions Databricks and Unity Catalog use on our own buckets. */
const OWN_BUCKET_ACTIONS = [
  "s3:GetObject",
  "s3:GetObjectVersion",
  "s3:PutObject",
  "s3:DeleteObject",
  "s3:ListBucket",
  "s3:GetBucketLocation",
  "s3:ListBucketMultipartUploads",
  "s3:ListMultipartUploadParts",
  "s3:AbortMultipartUpload",
];

/** Read actions on Databricks-owned buckets (SRA). */
const READ_BUCKET_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:GetBucketLocation"];

/** Stream actions a cluster needs to read (including enhanced fan-out) and write our own streams. */
const OWN_STREAM_ACTIONS = [
  "kinesis:DescribeStream",
  "kinesis:DescribeStreamSummary",
  "kinesis:DescribeStreamConsumer",
  "kinesis:ListShards",
  "kinesis:ListStreamConsumers",
  "kinesis:GetShardIterator",
  "kinesis:GetRecords",
  "kinesis:SubscribeToShard",
  "kinesis:RegisterStreamConsumer",
  "kinesis:DeregisterStreamConsumer",
  "kinesis:PutRecord",
  "kinesis:PutRecords",
];

function bucketArns(bucket: string): string[] {
  return [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`];
}

/**
 * The S3 gateway endpoint policy, after SRA `privatelink.tf`: any bucket of our own account (so
 * buckets added by later layers need no edit here) for our principals and Databricks', plus the
 * regional Databricks-owned buckets a workspace needs. Anything else (a bucket in another account)
 * is unreachable from the VPC, which is the point.
 */
function s3EndpointStatements(accountId: string, databricksAccountId: string, buckets: DatabricksRegionalBuckets): PolicyStatement[] {
  const databricksPrincipal = { StringEquals: { "aws:PrincipalAccount": databricksAccountId } };
  return [
    {
      sid: "OwnAccountBuckets",
      principal: "*",
      actions: OWN_BUCKET_ACTIONS,
      resources: ["arn:aws:s3:::*"],
      // Databricks' principals write the workspace root bucket; ours use Unity Catalog and data buckets.
      conditions: { StringEquals: { "s3:ResourceAccount": accountId, "aws:PrincipalAccount": [accountId, databricksAccountId] } },
    },
    {
      sid: "DatabricksArtifactBuckets",
      principal: "*",
      actions: READ_BUCKET_ACTIONS,
      resources: buckets.artifactBuckets.flatMap(bucketArns),
      conditions: { StringEquals: { "aws:ResourceAccount": databricksAccountId } },
    },
    {
      sid: "DatabricksSampleDataBucket",
      principal: "*",
      actions: READ_BUCKET_ACTIONS,
      resources: bucketArns(buckets.sampleDataBucket),
      conditions: databricksPrincipal,
    },
    {
      sid: "DatabricksSystemTablesBucket",
      principal: "*",
      actions: READ_BUCKET_ACTIONS,
      resources: bucketArns(buckets.systemTablesBucket),
      conditions: databricksPrincipal,
    },
    {
      sid: "DatabricksLogBucket",
      principal: "*",
      // Clusters ship service logs to Databricks' regional log bucket (SRA grants exactly these).
      actions: ["s3:PutObject", "s3:ListBucket", "s3:GetBucketLocation"],
      resources: bucketArns(buckets.logBucket),
      conditions: databricksPrincipal,
    },
  ];
}

/** The STS endpoint policy (SRA): our principals, and Databricks' account and sample-data user. */
function stsEndpointStatements(accountId: string, databricksAccountId: string): PolicyStatement[] {
  return [
    {
      sid: "OwnAccountPrincipals",
      principal: { AWS: accountId },
      actions: ["sts:AssumeRole", "sts:GetAccessKeyInfo", "sts:GetSessionToken", "sts:DecodeAuthorizationMessage", "sts:TagSession"],
      resources: ["*"],
    },
    {
      sid: "DatabricksPrincipals",
      principal: { AWS: [`arn:aws:iam::${databricksAccountId}:user/databricks-datasets-readonly-user-prod`, databricksAccountId] },
      actions: ["sts:AssumeRole", "sts:GetSessionToken", "sts:TagSession"],
      resources: ["*"],
    },
  ];
}

/** The Kinesis endpoint policy: our own streams for our principals, and the Databricks streams SRA allows. */
function kinesisEndpointStatements(region: string, accountId: string, databricksAccountId: string): PolicyStatement[] {
  return [
    {
      sid: "OwnAccountStreams",
      principal: "*",
      actions: OWN_STREAM_ACTIONS,
      resources: [`arn:aws:kinesis:${region}:*:stream/*`],
      conditions: { StringEquals: { "aws:ResourceAccount": accountId, "aws:PrincipalAccount": accountId } },
    },
    {
      sid: "DatabricksStreams",
      principal: { AWS: databricksAccountId },
      actions: ["kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DescribeStream"],
      resources: [`arn:aws:kinesis:${region}:${databricksAccountId}:stream/*`],
    },
  ];
}

/** The DynamoDB endpoint policy: our own account's tables (and their indexes), for our own principals. */
function dynamodbEndpointStatements(region: string, accountId: string): PolicyStatement[] {
  return [
    {
      sid: "OwnAccountTables",
      principal: "*",
      actions: [...DYNAMODB_ENDPOINT_ACTIONS],
      resources: [`arn:aws:dynamodb:${region}:${accountId}:table/*`],
      conditions: { StringEquals: { "aws:PrincipalAccount": accountId } },
    },
  ];
}

/** The item and table actions jobs in the VPC use on our tables (reads, writes, describe). */
const DYNAMODB_ENDPOINT_ACTIONS: readonly string[] = [
  "dynamodb:DescribeTable",
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
];

/** The Secrets Manager endpoint policy: reading our own account's secrets, by our own principals. */
function secretsManagerEndpointStatements(region: string, accountId: string): PolicyStatement[] {
  return [
    {
      sid: "OwnAccountSecrets",
      principal: "*",
      actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
      resources: [`arn:aws:secretsmanager:${region}:${accountId}:secret:*`],
      conditions: { StringEquals: { "aws:PrincipalAccount": accountId } },
    },
  ];
}

/**
 * The AWS service endpoints a Databricks workspace VPC needs, each with a restrictive endpoint
 * policy in the manner of the Databricks Security Reference Architecture: an S3 gateway endpoint on
 * the workspace route tables, and STS and Kinesis (`kinesis-streams`) interface endpoints with
 * private DNS.
 *
 * The S3 policy allows every bucket of our own account; a bucket in another account must be added
 * with {@link VpcEndpoints.addS3Statement}, or clusters cannot reach it.
 *
 * @see https://docs.databricks.com/aws/en/security/network/classic/customer-managed-vpc
 * @example
 * const endpoints = new VpcEndpoints(this, "AwsEndpoints", {
 *   vpcId: vpc.vpcId,
 *   region: "us-east-1",
 *   accountId: new DataAwsCallerIdentity(this, "Caller").accountId,
 *   routeTableIds: vpc.routeTableIds,
 *   subnetIds: privateLink.subnetIds,
 *   workspaceSecurityGroupId: vpc.securityGroupId,
 * });
 */
export class VpcEndpoints extends Construct {
  /** Id of the S3 gateway endpoint. */
  public readonly s3GatewayEndpointId: string;
  /** Id of the STS interface endpoint. */
  public readonly stsEndpointId: string;
  /** Id of the Kinesis (`kinesis-streams`) interface endpoint. */
  public readonly kinesisEndpointId: string;
  /** Id of the security group on the interface endpoints (given or created). */
  public readonly securityGroupId: string;
  /** Id of the Secrets Manager interface endpoint; undefined unless `secretsManager` is set. */
  public readonly secretsManagerEndpointId?: string;
  /** Id of the DynamoDB gateway endpoint; undefined unless `dynamodb` is set. */
  public readonly dynamodbEndpointId?: string;

  private readonly s3Policy: PolicyDocumentBuilder;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    throwIfInvalidProps(this, vpcEndpointsPropsProblems(props));

    const databricksAccountId = props.databricksAwsAccountId ?? DATABRICKS_AWS_ACCOUNT_ID;
    const name = props.name ?? "databricks";
    const tags = props.tags ?? {};
    const nameTags = (suffix: string) => ({ ...tags, Name: `${name}-${suffix}` });
    // Validation guarantees the region is in the table.
    const buckets = databricksRegionalBuckets(props.region) as DatabricksRegionalBuckets;

    this.securityGroupId = props.securityGroupId ?? this.createSecurityGroup(props, name, tags);
    this.s3Policy = new PolicyDocumentBuilder(s3EndpointStatements(props.accountId, databricksAccountId, buckets));

    const s3 = new VpcEndpoint(this, "S3GatewayEndpoint", {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: props.routeTableIds,
      policy: this.s3Policy.render(),
      tags: nameTags("s3-vpc-endpoint"),
    });
    const interfaceEndpoint = (constructId: string, service: string, statements: PolicyStatement[]) =>
      new VpcEndpoint(this, constructId, {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: "Interface",
        subnetIds: props.subnetIds,
        securityGroupIds: [this.securityGroupId],
        // Clusters use the public service names; private DNS makes them resolve to the endpoint.
        privateDnsEnabled: true,
        policy: renderPolicy(statements),
        tags: nameTags(`${service}-vpc-endpoint`),
      });
    const sts = interfaceEndpoint("StsInterfaceEndpoint", "sts", stsEndpointStatements(props.accountId, databricksAccountId));
    const kinesis = interfaceEndpoint(
      "KinesisInterfaceEndpoint",
      "kinesis-streams",
      kinesisEndpointStatements(props.region, props.accountId, databricksAccountId),
    );

    if (props.dynamodb) {
      this.dynamodbEndpointId = new VpcEndpoint(this, "DynamoDbGatewayEndpoint", {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.dynamodb`,
        vpcEndpointType: "Gateway",
        routeTableIds: props.routeTableIds,
        policy: renderPolicy(dynamodbEndpointStatements(props.region, props.accountId)),
        tags: nameTags("dynamodb-vpc-endpoint"),
      }).id;
    }
    if (props.secretsManager) {
      this.secretsManagerEndpointId = interfaceEndpoint(
        "SecretsManagerInterfaceEndpoint",
        "secretsmanager",
        secretsManagerEndpointStatements(props.region, props.accountId),
      ).id;
    }

    this.s3GatewayEndpointId = s3.id;
    this.stsEndpointId = sts.id;
    this.kinesisEndpointId = kinesis.id;
  }

  /**
   * Adds a statement to the S3 endpoint policy, e.g. to reach a bucket in another account. The
   * policy is rendered at synth time, so this works after construction.
   */
  public addS3Statement(statement: PolicyStatement): void {
    this.s3Policy.add(statement);
  }

  private createSecurityGroup(props: VpcEndpointsProps, name: string, tags: Record<string, string>): string {
    const ruleTags = Object.keys(tags).length > 0 ? { tags } : {};
    const sg = new SecurityGroup(this, "EndpointSecurityGroup", {
      name: `${name}-aws-endpoints-sg`,
      description: "AWS service interface endpoints (STS, Kinesis): HTTPS from the Databricks workspace",
      vpcId: props.vpcId,
      tags: { ...tags, Name: `${name}-aws-endpoints-sg` },
    });
    new VpcSecurityGroupIngressRule(this, "IngressHttpsFromWorkspace", {
      securityGroupId: sg.id,
      description: "HTTPS from the Databricks workspace security group",
      ipProtocol: "tcp",
      fromPort: HTTPS_PORT,
      toPort: HTTPS_PORT,
      referencedSecurityGroupId: props.workspaceSecurityGroupId,
      ...ruleTags,
    });
    return sg.id;
  }
}

const ACCOUNT_ID = /^\d{12}$/;

function vpcEndpointsPropsProblems(props: VpcEndpointsProps): string[] {
  const problems: string[] = [];
  if (Token.isUnresolved(props.region)) {
    problems.push(
      `region: an unresolved value was given; give the region as a literal (one of ${PRIVATE_LINK_REGIONS.join(", ")}) because it names the regional Databricks buckets in the S3 policy`,
    );
  } else if (!databricksRegionalBuckets(props.region)) {
    problems.push(`region: "${props.region}" has no Databricks bucket table; supported regions are ${PRIVATE_LINK_REGIONS.join(", ")}`);
  }
  for (const [prop, value] of [
    ["accountId", props.accountId],
    ["databricksAwsAccountId", props.databricksAwsAccountId],
  ] as const) {
    if (value !== undefined && !Token.isUnresolved(value) && !ACCOUNT_ID.test(value)) {
      problems.push(`${prop}: "${value}" is not an AWS account id; use the 12 digits`);
    }
  }
  if (props.routeTableIds.length === 0) {
    problems.push("routeTableIds: none given; give every workspace route table so the S3 gateway endpoint is used");
  }
  if (props.subnetIds.length === 0) {
    problems.push("subnetIds: none given; give at least one subnet (one per availability zone) for the STS and Kinesis endpoints");
  }
  return problems;
}
