/**
 * AWS DMS change data capture from a source database into the landing bucket as Parquet, for Auto Loader: a private
 * replication (serverless or an instance) in the given subnets, a source endpoint whose credentials come only from
 * Secrets Manager, and an S3 target encrypted with our key.
 */
import { createHash } from "node:crypto";
import { DmsEndpoint } from "@cdktf/provider-aws/lib/dms-endpoint";
import { DmsReplicationConfig } from "@cdktf/provider-aws/lib/dms-replication-config";
import { DmsReplicationInstance } from "@cdktf/provider-aws/lib/dms-replication-instance";
import { DmsReplicationSubnetGroup } from "@cdktf/provider-aws/lib/dms-replication-subnet-group";
import { DmsReplicationTask } from "@cdktf/provider-aws/lib/dms-replication-task";
import { DmsS3Endpoint } from "@cdktf/provider-aws/lib/dms-s3-endpoint";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { DMS_SERVICE_PRINCIPAL } from "./dms-account-roles";
import { keyArnProblems } from "./kms-key";
import { LazyAwsContext } from "./lazy-aws-context";
import type { PolicyStatement } from "./policy-document";
import { keyPrefixProblems } from "./s3-key-prefix";
import { createServiceRole } from "./service-role";
import { parseCidr } from "../core/cidr";
import { throwIfInvalidProps } from "../core/validation";

/** Source engines this construct replicates from; each supports Secrets Manager credentials (aws_dms_endpoint docs). */
export type DmsSourceEngine = "postgres" | "aurora-postgresql" | "mysql" | "aurora" | "mariadb" | "sqlserver" | "oracle";

/** The engines of {@link DmsSourceEngine}, for validation. */
export const DMS_SOURCE_ENGINES: readonly DmsSourceEngine[] = ["postgres", "aurora-postgresql", "mysql", "aurora", "mariadb", "sqlserver", "oracle"];

/** SSL modes that encrypt the source connection; `none` is not offered. */
export type DmsSslMode = "require" | "verify-ca" | "verify-full";

/** DMS Serverless capacity units DMS accepts (aws_dms_replication_config docs: 1, 2, 4, ... 384). */
export const DMS_CAPACITY_UNITS: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128, 192, 256, 384];

/** Column DMS adds to every row with the commit time of the change (full load: the time of the transfer). */
export const DMS_COMMIT_TIMESTAMP_COLUMN = "dms_commit_ts";

/** HTTPS, for S3 (gateway endpoint or NAT), Secrets Manager and KMS. */
const HTTPS_PORT = 443;

/** One table to replicate. */
export interface DmsTable {
  /** The schema (PostgreSQL, SQL Server, Oracle) or database (MySQL) of the table. */
  readonly schema: string;
  /** The table name, as the source spells it. */
  readonly table: string;
}

/** DMS Serverless: capacity scales between the bounds. */
export interface DmsServerlessCompute {
  readonly mode: "serverless";
  /**
   * Lowest DMS capacity units (one of {@link DMS_CAPACITY_UNITS}).
   * @default 1
   */
  readonly minCapacityUnits?: number;
  /**
   * Highest DMS capacity units (one of {@link DMS_CAPACITY_UNITS}).
   * @default 4
   */
  readonly maxCapacityUnits?: number;
}

/** A provisioned replication instance and a replication task on it. */
export interface DmsInstanceCompute {
  readonly mode: "instance";
  /**
   * Replication instance class.
   * @default "dms.t3.medium"
   */
  readonly instanceClass?: string;
  /**
   * Storage of the instance in GiB (5 to 6144): it holds cached changes and task logs.
   * @default 50
   */
  readonly allocatedStorageGb?: number;
  /**
   * DMS engine version.
   * @default - the DMS default version, minor versions upgraded automatically
   */
  readonly engineVersion?: string;
}

/** How the replication runs. */
export type DmsCompute = DmsServerlessCompute | DmsInstanceCompute;

/** Properties of {@link DmsS3Replication}. */
export interface DmsS3ReplicationProps {
  /**
   * Base of every identifier (subnet group, security group, endpoints `<name>-source` / `<name>-target`, replication,
   * roles `<name>-dms-secrets` / `<name>-dms-s3`): 2 to 40 lowercase letters, digits and single hyphens, starting with a
   * letter, not ending with a hyphen.
   */
  readonly name: string;
  /** The VPC of the subnets. */
  readonly vpcId: string;
  /** Private subnets in at least two availability zones (a DMS subnet group requirement). */
  readonly subnetIds: string[];
  /** Our KMS key (ARN): replication storage, the source endpoint's connection settings, and SSE-KMS of the landing files. */
  readonly kmsKeyArn: string;

  /** The source database engine (DMS `engine_name`). */
  readonly sourceEngine: DmsSourceEngine;
  /** Port of the source database: the only port the replication may connect to besides HTTPS. */
  readonly sourcePort: number;
  /** The database to replicate from (PostgreSQL, SQL Server, Oracle; ignored by DMS for MySQL-compatible sources). */
  readonly sourceDatabaseName: string;
  /**
   * ARN of the Secrets Manager secret with the DMS user's `username`, `password`, `host` and `port` (created out of
   * band). DMS takes host and port from the secret too, so no connection detail lives in Terraform.
   */
  readonly sourceSecretArn: string;
  /**
   * ARN of the customer-managed KMS key that encrypts the secret; the secrets access role may decrypt with it.
   * @default - none: the secret uses the Secrets Manager AWS managed key, which needs no grant
   */
  readonly sourceSecretKmsKeyArn?: string;
  /**
   * SSL mode of the source connection; `verify-ca` and `verify-full` need `sourceCertificateArn`.
   * @default "require"
   */
  readonly sourceSslMode?: DmsSslMode;
  /**
   * ARN of the DMS certificate (the CA bundle) that verifies the source server.
   * @default - none (required for verify-ca and verify-full)
   */
  readonly sourceCertificateArn?: string;
  /**
   * IPv4 CIDR blocks of the source database: the replication's security group allows egress to them on `sourcePort`.
   * @default - none; give this or `sourceSecurityGroupId`
   */
  readonly sourceCidrBlocks?: string[];
  /**
   * Security group of the source database (same VPC): egress to it on `sourcePort`, and an ingress rule on it from the
   * replication's security group.
   * @default - none; give this or `sourceCidrBlocks`
   */
  readonly sourceSecurityGroupId?: string;
  /**
   * DNS name of a Secrets Manager interface endpoint, set as the endpoint's `secretsManagerEndpointOverride` extra
   * connection attribute: DMS in a private subnet reaches Secrets Manager only through one (DMS user guide, "Using
   * secrets to access AWS DMS endpoints").
   * @default - none: DMS resolves the regional Secrets Manager endpoint (needs private DNS on an endpoint, or NAT)
   */
  readonly secretsManagerEndpoint?: string;

  /** Tables to replicate: one selection rule each, full load then ongoing changes. */
  readonly tables: DmsTable[];

  /** Name of the landing bucket. */
  readonly bucketName: string;
  /**
   * Folder in the bucket, without leading or trailing slash: DMS writes `<bucketFolder>/<schema>/<table>/`.
   * @default `dms/<name>`
   */
  readonly bucketFolder?: string;

  /**
   * How the replication runs.
   * @default { mode: "serverless" } (1 to 4 DCU)
   */
  readonly compute?: DmsCompute;
  /**
   * Run the replication in two availability zones.
   * @default false
   */
  readonly multiAz?: boolean;
  /**
   * Start (and keep running) the replication when it is created or changed.
   * @default true
   */
  readonly startReplication?: boolean;
  /**
   * Write replication task logs to CloudWatch Logs (needs `dms-cloudwatch-logs-role` in the account).
   * @default true
   */
  readonly enableLogging?: boolean;
  /**
   * HTTPS egress destinations (IPv4 CIDR blocks) for S3 and AWS APIs. In a VPC without NAT only VPC endpoints answer.
   * @default ["0.0.0.0/0"]
   */
  readonly httpsEgressCidrBlocks?: string[];
  /**
   * Managed prefix lists (e.g. the S3 gateway endpoint's `pl-...`) the replication may reach on HTTPS.
   * @default - none
   */
  readonly httpsEgressPrefixListIds?: string[];
  /**
   * Sets Terraform `prevent_destroy` on the replication (config, or instance and task): it holds the CDC position, and
   * a new one starts over with a full load.
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Resources the subnet group waits for: the {@link DmsAccountRoles} attachments where this stack creates them.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Tags on every resource, on top of the provider's `default_tags`.
   * @default - none beyond the provider's default_tags
   */
  readonly tags?: Record<string, string>;
}

/**
 * Change data capture from a source database into the landing bucket, for Auto Loader.
 *
 * Creates a replication subnet group and a security group (no ingress; egress only to the source port and HTTPS), a
 * source endpoint that reads its credentials from Secrets Manager through an access role trusted by the regional
 * DMS principal (`dms.<region>.amazonaws.com`), an S3 target endpoint writing Parquet 2.0 under
 * `<bucketFolder>/<schema>/<table>/` with an `Op` column (I/U/D, also on full-load rows) and a `dms_commit_ts` column,
 * SSE-KMS with our key, through a role that may write only under that folder; and a full-load-and-CDC replication,
 * serverless (`aws_dms_replication_config`) or on a private replication instance with a task.
 *
 * `cdc_path` is not set: on an S3 target it only matters with `preserve_transactions`, which writes every table's
 * changes into one CSV transaction folder instead of per-table Parquet (DMS user guide, "Capturing data changes (CDC)
 * including transaction order on the S3 target"), which the per-table Auto Loader streams cannot read.
 *
 * @see https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Target.S3.html
 * @see https://docs.aws.amazon.com/dms/latest/userguide/security_iam_secretsmanager.html
 * @example
 * new DmsS3Replication(this, "Orders", {
 *   name: "acme-prod-orders", vpcId, subnetIds, kmsKeyArn: dataKey.keyArn,
 *   sourceEngine: "postgres", sourcePort: 5432, sourceDatabaseName: "shop", sourceSecretArn, sourceCidrBlocks: ["10.20.0.0/16"],
 *   tables: [{ schema: "public", table: "orders" }, { schema: "public", table: "customers" }],
 *   bucketName: "acme-prod-landing", bucketFolder: "dms/orders",
 * });
 */
export class DmsS3Replication extends Construct {
  /** The replication subnet group over the given subnets. */
  public readonly subnetGroup: DmsReplicationSubnetGroup;
  /** The replication's security group (egress only). */
  public readonly securityGroup: SecurityGroup;
  /** The source endpoint (credentials from Secrets Manager). */
  public readonly sourceEndpoint: DmsEndpoint;
  /** The S3 target endpoint. */
  public readonly targetEndpoint: DmsS3Endpoint;
  /** The serverless replication, when `compute.mode` is `serverless`. */
  public readonly replicationConfig?: DmsReplicationConfig;
  /** The replication instance, when `compute.mode` is `instance`. */
  public readonly replicationInstance?: DmsReplicationInstance;
  /** The replication task on the instance, when `compute.mode` is `instance`. */
  public readonly replicationTask?: DmsReplicationTask;
  /** The role DMS assumes to read the source secret. */
  public readonly secretsAccessRole: IamRole;
  /** The role DMS assumes to write the landing files. */
  public readonly s3AccessRole: IamRole;
  /** The table mappings JSON (one selection rule per table). */
  public readonly tableMappings: string;
  /** The landing folder, `<bucketFolder>/` (DMS writes `<schema>/<table>/` under it). */
  public readonly landingPrefix: string;
  /** `s3://<bucket>/<bucketFolder>/`. */
  public readonly landingUrl: string;

  private readonly aws = new LazyAwsContext(this);

  constructor(scope: Construct, id: string, props: DmsS3ReplicationProps) {
    super(scope, id);
    throwIfInvalidProps(this, dmsPropsProblems(props));
    const folder = props.bucketFolder ?? `dms/${props.name}`;
    this.landingPrefix = `${folder}/`;
    this.landingUrl = `s3://${props.bucketName}/${this.landingPrefix}`;
    this.tableMappings = dmsTableMappings(props.tables);

    this.subnetGroup = new DmsReplicationSubnetGroup(this, "SubnetGroup", {
      replicationSubnetGroupId: props.name,
      replicationSubnetGroupDescription: `DMS ${props.name}: private subnets of the replication`,
      subnetIds: props.subnetIds,
      tags: props.tags,
      ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
    });
    this.securityGroup = this.createSecurityGroup(props);

    // The secret access role must trust the regional DMS principal (DMS user guide, "Using secrets to access AWS DMS
    // endpoints"); the S3 target role trusts dms.amazonaws.com ("Prerequisites for using Amazon S3 as a target").
    const secrets = createServiceRole(this, "SecretsAccessRole", {
      name: `${props.name}-dms-secrets`,
      service: `dms.${this.aws.region}.amazonaws.com`,
      description: `DMS ${props.name}: reads the source database secret`,
      statements: secretsAccessStatements(props, this.aws.region),
      tags: props.tags,
    });
    const s3 = createServiceRole(this, "S3AccessRole", {
      name: `${props.name}-dms-s3`,
      service: DMS_SERVICE_PRINCIPAL,
      description: `DMS ${props.name}: writes the landing files under ${this.landingPrefix}`,
      statements: s3TargetStatements(props.bucketName, folder, props.kmsKeyArn, this.aws.region),
      tags: props.tags,
    });
    this.secretsAccessRole = secrets.role;
    this.s3AccessRole = s3.role;

    this.sourceEndpoint = this.createSourceEndpoint(props, secrets.policy);
    this.targetEndpoint = this.createTargetEndpoint(props, folder, s3.policy);

    const compute = props.compute ?? { mode: "serverless" };
    if (compute.mode === "serverless") {
      this.replicationConfig = this.createServerless(props, compute);
    } else {
      this.replicationInstance = this.createInstance(props, compute);
      this.replicationTask = this.createTask(props, this.replicationInstance);
    }
  }

  private createSecurityGroup(props: DmsS3ReplicationProps): SecurityGroup {
    const group = new SecurityGroup(this, "SecurityGroup", {
      name: `${props.name}-dms`,
      description: `DMS ${props.name}: no ingress; egress to the source on ${props.sourcePort} and HTTPS only`,
      vpcId: props.vpcId,
      tags: { ...props.tags, Name: `${props.name}-dms` },
    });
    const egress = (
      id: string,
      port: number,
      target: { cidrIpv4?: string; prefixListId?: string; referencedSecurityGroupId?: string },
      description: string,
    ) =>
      new VpcSecurityGroupEgressRule(this, id, {
        securityGroupId: group.id,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        description,
        ...target,
      });
    (props.sourceCidrBlocks ?? []).forEach((cidr, i) => egress(`EgressToSource${i}`, props.sourcePort, { cidrIpv4: cidr }, "Source database"));
    if (props.sourceSecurityGroupId) {
      egress("EgressToSourceGroup", props.sourcePort, { referencedSecurityGroupId: props.sourceSecurityGroupId }, "Source database");
      // The source group may admit nothing yet: the matching ingress rule goes on it.
      new VpcSecurityGroupIngressRule(this, "SourceIngressFromReplication", {
        securityGroupId: props.sourceSecurityGroupId,
        referencedSecurityGroupId: group.id,
        ipProtocol: "tcp",
        fromPort: props.sourcePort,
        toPort: props.sourcePort,
        description: `DMS ${props.name}`,
      });
    }
    (props.httpsEgressCidrBlocks ?? ["0.0.0.0/0"]).forEach((cidr, i) =>
      egress(`EgressHttps${i}`, HTTPS_PORT, { cidrIpv4: cidr }, "HTTPS: S3, Secrets Manager, KMS"),
    );
    (props.httpsEgressPrefixListIds ?? []).forEach((pl, i) => egress(`EgressHttpsPrefixList${i}`, HTTPS_PORT, { prefixListId: pl }, "HTTPS: S3"));
    return group;
  }

  private createSourceEndpoint(props: DmsS3ReplicationProps, rolePolicy: IamRolePolicy): DmsEndpoint {
    // With secrets_manager_arn the provider sends only the secret, its role and the database name (host, port, user and
    // password come from the secret), so server_name, port, username and password are left unset.
    return new DmsEndpoint(this, "SourceEndpoint", {
      endpointId: `${props.name}-source`,
      endpointType: "source",
      engineName: props.sourceEngine,
      databaseName: props.sourceDatabaseName,
      secretsManagerArn: props.sourceSecretArn,
      secretsManagerAccessRoleArn: this.secretsAccessRole.arn,
      sslMode: props.sourceSslMode ?? "require",
      kmsKeyArn: props.kmsKeyArn,
      ...(props.sourceCertificateArn ? { certificateArn: props.sourceCertificateArn } : {}),
      ...(props.secretsManagerEndpoint ? { extraConnectionAttributes: `secretsManagerEndpointOverride=${props.secretsManagerEndpoint}` } : {}),
      tags: props.tags,
      dependsOn: [rolePolicy],
    });
  }

  private createTargetEndpoint(props: DmsS3ReplicationProps, folder: string, rolePolicy: IamRolePolicy): DmsS3Endpoint {
    // Settings: DMS user guide, "Endpoint settings when using Amazon S3 as a target" (DataFormat, ParquetVersion,
    // IncludeOpForFullLoad, TimestampColumnName, EncryptionMode SSE_KMS + ServerSideEncryptionKmsKeyId).
    return new DmsS3Endpoint(this, "TargetEndpoint", {
      endpointId: `${props.name}-target`,
      endpointType: "target",
      bucketName: props.bucketName,
      bucketFolder: folder,
      serviceAccessRoleArn: this.s3AccessRole.arn,
      dataFormat: "parquet",
      parquetVersion: "parquet-2-0",
      includeOpForFullLoad: true,
      cdcInsertsOnly: false,
      timestampColumnName: DMS_COMMIT_TIMESTAMP_COLUMN,
      encryptionMode: "SSE_KMS",
      serverSideEncryptionKmsKeyId: props.kmsKeyArn,
      cannedAclForObjects: "none",
      tags: props.tags,
      dependsOn: [rolePolicy],
    });
  }

  private createServerless(props: DmsS3ReplicationProps, compute: DmsServerlessCompute): DmsReplicationConfig {
    return new DmsReplicationConfig(this, "Replication", {
      replicationConfigIdentifier: props.name,
      resourceIdentifier: props.name,
      replicationType: "full-load-and-cdc",
      sourceEndpointArn: this.sourceEndpoint.endpointArn,
      targetEndpointArn: this.targetEndpoint.endpointArn,
      tableMappings: this.tableMappings,
      startReplication: props.startReplication ?? true,
      ...(loggingSettings(props) ? { replicationSettings: loggingSettings(props) } : {}),
      computeConfig: {
        replicationSubnetGroupId: this.subnetGroup.replicationSubnetGroupId,
        vpcSecurityGroupIds: [this.securityGroup.id],
        minCapacityUnits: compute.minCapacityUnits ?? 1,
        maxCapacityUnits: compute.maxCapacityUnits ?? 4,
        multiAz: props.multiAz ?? false,
        kmsKeyId: props.kmsKeyArn,
      },
      tags: props.tags,
      lifecycle: { preventDestroy: props.protect ?? true },
    });
  }

  private createInstance(props: DmsS3ReplicationProps, compute: DmsInstanceCompute): DmsReplicationInstance {
    return new DmsReplicationInstance(this, "ReplicationInstance", {
      replicationInstanceId: props.name,
      replicationInstanceClass: compute.instanceClass ?? "dms.t3.medium",
      allocatedStorage: compute.allocatedStorageGb ?? 50,
      publiclyAccessible: false,
      multiAz: props.multiAz ?? false,
      kmsKeyArn: props.kmsKeyArn,
      replicationSubnetGroupId: this.subnetGroup.replicationSubnetGroupId,
      vpcSecurityGroupIds: [this.securityGroup.id],
      autoMinorVersionUpgrade: true,
      ...(compute.engineVersion ? { engineVersion: compute.engineVersion } : {}),
      tags: props.tags,
      lifecycle: { preventDestroy: props.protect ?? true },
    });
  }

  private createTask(props: DmsS3ReplicationProps, instance: DmsReplicationInstance): DmsReplicationTask {
    return new DmsReplicationTask(this, "ReplicationTask", {
      replicationTaskId: props.name,
      migrationType: "full-load-and-cdc",
      replicationInstanceArn: instance.replicationInstanceArn,
      sourceEndpointArn: this.sourceEndpoint.endpointArn,
      targetEndpointArn: this.targetEndpoint.endpointArn,
      tableMappings: this.tableMappings,
      startReplicationTask: props.startReplication ?? true,
      ...(loggingSettings(props) ? { replicationTaskSettings: loggingSettings(props) } : {}),
      tags: props.tags,
      lifecycle: { preventDestroy: props.protect ?? true },
    });
  }
}

/** Task settings: only logging is set (DMS user guide, "Logging task settings"); the rest keep DMS defaults. */
function loggingSettings(props: DmsS3ReplicationProps): string | undefined {
  return (props.enableLogging ?? true) ? JSON.stringify({ Logging: { EnableLogging: true } }) : undefined;
}

/**
 * The table mappings JSON: one `selection` rule (include) per table, sorted by schema and table. Each rule id is a
 * number derived from `<schema>.<table>`, so adding or removing a table leaves the other rules as they were.
 *
 * @see https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.CustomizingTasks.TableMapping.SelectionTransformation.Selections.html
 */
export function dmsTableMappings(tables: readonly DmsTable[]): string {
  const sorted = [...tables].sort((a, b) => `${a.schema}.${a.table}`.localeCompare(`${b.schema}.${b.table}`));
  return JSON.stringify({
    rules: sorted.map((t) => {
      const ruleId = tableRuleId(t);
      return {
        "rule-type": "selection",
        "rule-id": ruleId,
        "rule-name": `include-${ruleId}`,
        "object-locator": { "schema-name": t.schema, "table-name": t.table },
        "rule-action": "include",
      };
    }),
  });
}

/** A stable numeric rule id (DMS rule ids are numbers) from the first 28 bits of SHA-256 of `<schema>.<table>`. */
function tableRuleId(t: DmsTable): string {
  return String(parseInt(createHash("sha256").update(`${t.schema}.${t.table}`).digest("hex").slice(0, 7), 16) + 1);
}

/** Read the source secret (DMS user guide, "Using secrets to access AWS DMS endpoints"), decrypt it with its key if given. */
function secretsAccessStatements(props: DmsS3ReplicationProps, region: string): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    { sid: "ReadSourceSecret", actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], resources: [props.sourceSecretArn] },
  ];
  if (props.sourceSecretKmsKeyArn) {
    statements.push({
      sid: "DecryptSourceSecret",
      actions: ["kms:Decrypt", "kms:DescribeKey"],
      resources: [props.sourceSecretKmsKeyArn],
      conditions: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
    });
  }
  return statements;
}

/**
 * Write under the folder only (DMS user guide, "Prerequisites for using Amazon S3 as a target": PutObject, DeleteObject,
 * PutObjectTagging on objects, ListBucket on the bucket), and use our key through S3 for SSE-KMS.
 */
function s3TargetStatements(bucketName: string, folder: string, kmsKeyArn: string, region: string): PolicyStatement[] {
  const bucketArn = `arn:aws:s3:::${bucketName}`;
  return [
    { sid: "WriteLandingFolder", actions: ["s3:PutObject", "s3:DeleteObject", "s3:PutObjectTagging"], resources: [`${bucketArn}/${folder}/*`] },
    {
      sid: "ListLandingFolder",
      actions: ["s3:ListBucket"],
      resources: [bucketArn],
      conditions: { StringLike: { "s3:prefix": [folder, `${folder}/*`] } },
    },
    {
      sid: "UseDataKeyThroughS3",
      actions: ["kms:GenerateDataKey", "kms:Decrypt"],
      resources: [kmsKeyArn],
      conditions: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
    },
  ];
}

const NAME_PATTERN = /^[a-z](?!.*--)[a-z0-9-]{0,38}[a-z0-9]$/;
const IDENTIFIER_PATTERN = /^[A-Za-z0-9_$#]{1,128}$/;

function dmsPropsProblems(props: DmsS3ReplicationProps): string[] {
  return [
    ...nameProblems(props.name),
    ...keyArnProblems("kmsKeyArn", props.kmsKeyArn),
    ...networkProblems(props),
    ...sourceProblems(props),
    ...tableProblems(props.tables),
    ...keyPrefixProblems("bucketFolder", props.bucketFolder, "dms/orders"),
    ...computeProblems(props.compute),
  ];
}

function nameProblems(name: string): string[] {
  if (Token.isUnresolved(name) || NAME_PATTERN.test(name)) return [];
  return [`name: "${name}" must be 2-40 lowercase letters, digits and single hyphens, start with a letter and not end with a hyphen`];
}

function networkProblems(props: DmsS3ReplicationProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.subnetIds) && props.subnetIds.length < 2) {
    problems.push(`subnetIds: ${props.subnetIds.length} given; a DMS subnet group needs subnets in at least two availability zones`);
  }
  if ((props.sourceCidrBlocks ?? []).length === 0 && !props.sourceSecurityGroupId) {
    problems.push("sourceCidrBlocks: none given and no sourceSecurityGroupId; the replication could not reach the source database");
  }
  const cidrs = [
    ...(props.sourceCidrBlocks ?? []).map((c, i) => [`sourceCidrBlocks[${i}]`, c]),
    ...(props.httpsEgressCidrBlocks ?? []).map((c, i) => [`httpsEgressCidrBlocks[${i}]`, c]),
  ];
  for (const [field, cidr] of cidrs) {
    const parsed = Token.isUnresolved(cidr) ? undefined : parseCidr(cidr);
    if (typeof parsed === "string") problems.push(`${field}: ${parsed}`);
  }
  return problems;
}

function sourceProblems(props: DmsS3ReplicationProps): string[] {
  const problems: string[] = [];
  if (!DMS_SOURCE_ENGINES.includes(props.sourceEngine)) {
    problems.push(`sourceEngine: "${props.sourceEngine}" is not supported; use one of ${DMS_SOURCE_ENGINES.join(", ")}`);
  }
  if (!Token.isUnresolved(props.sourcePort) && (!Number.isInteger(props.sourcePort) || props.sourcePort < 1 || props.sourcePort > 65535)) {
    problems.push(`sourcePort: ${props.sourcePort} is not a TCP port (1-65535)`);
  }
  if (!Token.isUnresolved(props.sourceSecretArn) && !/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/.test(props.sourceSecretArn)) {
    problems.push(`sourceSecretArn: "${props.sourceSecretArn}" is not a Secrets Manager secret ARN; DMS takes credentials only from a secret`);
  }
  const ssl = props.sourceSslMode ?? "require";
  if (!["require", "verify-ca", "verify-full"].includes(ssl)) {
    problems.push(`sourceSslMode: "${ssl}" is not allowed; use require, verify-ca or verify-full (the connection must be encrypted)`);
  } else if (ssl !== "require" && !props.sourceCertificateArn) {
    problems.push(`sourceCertificateArn: required with sourceSslMode "${ssl}" (the CA that verifies the source server)`);
  }
  if (!Token.isUnresolved(props.sourceDatabaseName) && props.sourceDatabaseName.trim() === "") {
    problems.push("sourceDatabaseName: is empty; name the database to replicate from");
  }
  return problems;
}

function tableProblems(tables: readonly DmsTable[]): string[] {
  if (tables.length === 0) return ["tables: none given; name at least one { schema, table } to replicate"];
  const problems: string[] = [];
  const seen = new Set<string>();
  tables.forEach((t, i) => {
    for (const field of ["schema", "table"] as const) {
      if (!IDENTIFIER_PATTERN.test(t[field])) {
        problems.push(`tables[${i}].${field}: "${t[field]}" must be 1-128 letters, digits, _, $ or # (no wildcards: name each table)`);
      }
    }
    const key = `${t.schema}.${t.table}`;
    if (seen.has(key)) problems.push(`tables[${i}]: ${key} is listed twice`);
    seen.add(key);
  });
  return problems;
}

function computeProblems(compute: DmsCompute | undefined): string[] {
  if (compute === undefined) return [];
  if (compute.mode === "instance") {
    const storage = compute.allocatedStorageGb;
    const problems: string[] = [];
    if (storage !== undefined && (!Number.isInteger(storage) || storage < 5 || storage > 6144)) {
      problems.push(`compute.allocatedStorageGb: ${storage} is not allowed; use 5 to 6144`);
    }
    if (compute.instanceClass !== undefined && !/^dms\.[a-z0-9]+\.[a-z0-9]+$/.test(compute.instanceClass)) {
      problems.push(`compute.instanceClass: "${compute.instanceClass}" is not a DMS instance class like dms.t3.medium`);
    }
    return problems;
  }
  const min = compute.minCapacityUnits ?? 1;
  const max = compute.maxCapacityUnits ?? 4;
  const problems: string[] = [];
  if (!DMS_CAPACITY_UNITS.includes(min))
    problems.push(`compute.minCapacityUnits: ${min} is not allowed; use one of ${DMS_CAPACITY_UNITS.join(", ")}`);
  if (!DMS_CAPACITY_UNITS.includes(max))
    problems.push(`compute.maxCapacityUnits: ${max} is not allowed; use one of ${DMS_CAPACITY_UNITS.join(", ")}`);
  if (min > max) problems.push(`compute.minCapacityUnits: ${min} is above maxCapacityUnits (${max})`);
  return problems;
}
