/**
 * An Amazon Redshift Serverless warehouse (namespace and workgroup) that is private, KMS-encrypted, and reachable only
 * from named security groups.
 */
import { RedshiftserverlessNamespace } from "@cdktf/provider-aws/lib/redshiftserverless-namespace";
import { RedshiftserverlessWorkgroup } from "@cdktf/provider-aws/lib/redshiftserverless-workgroup";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { throwIfInvalidProps } from "../core/validation";
import { allowClientSecurityGroup } from "./client-security-group-access";

/** Redshift's default port. */
export const REDSHIFT_PORT = 5439;

/** Every log Redshift Serverless can export to CloudWatch: connections, users, and user activity (queries). */
export const REDSHIFT_LOG_EXPORTS: readonly string[] = ["connectionlog", "userlog", "useractivitylog"];

/** Properties of {@link RedshiftServerlessWarehouse}. */
export interface RedshiftServerlessWarehouseProps {
  /** Namespace name (3-64 lowercase letters, digits and hyphens); the workgroup gets the same name. */
  readonly name: string;
  /** KMS key (ARN) for the data and for the managed admin password secret. */
  readonly kmsKeyArn: string;
  /** The VPC of the subnets. */
  readonly vpcId: string;
  /** Private subnets in at least three availability zones (a Redshift Serverless requirement). */
  readonly subnetIds: string[];
  /** Security groups whose members may connect (e.g. the Databricks workspace's); each also gets an egress rule. */
  readonly clientSecurityGroupIds: string[];
  /**
   * Name of the first database.
   * @default "dev"
   */
  readonly databaseName?: string;
  /**
   * Admin user name; the password is generated and kept in Secrets Manager by Redshift (`manage_admin_password`).
   * @default "admin"
   */
  readonly adminUsername?: string;
  /**
   * Base capacity in Redshift Processing Units (8 to 1024, in steps of 8).
   * @default 8
   */
  readonly baseCapacityRpus?: number;
  /**
   * Port of the workgroup endpoint.
   * @default 5439
   */
  readonly port?: number;
  /**
   * Sets Terraform `prevent_destroy` on the namespace (which holds the data).
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Tags on every resource, on top of the provider's `default_tags`.
   * @default - none beyond the provider's default_tags
   */
  readonly tags?: Record<string, string>;
}

/**
 * A Redshift Serverless namespace and workgroup.
 *
 * The namespace is encrypted with the given key, exports its connection, user and activity logs, and lets Redshift
 * manage the admin password in Secrets Manager (encrypted with the same key), so no password exists in code or
 * config. The workgroup is not publicly accessible, routes COPY/UNLOAD traffic through the VPC (enhanced VPC
 * routing), and sits in the given private subnets behind its own security group, which accepts the port only from
 * the client security groups (and those get a matching egress rule).
 *
 * @see https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-workgroup-namespace.html
 * @example
 * const warehouse = new RedshiftServerlessWarehouse(this, "Redshift", {
 *   name: "acme-prod-analytics", kmsKeyArn: key.keyArn, vpcId, subnetIds, clientSecurityGroupIds: [workspaceSecurityGroupId],
 * });
 */
export class RedshiftServerlessWarehouse extends Construct {
  /** The namespace (databases, users, encryption). */
  public readonly namespace: RedshiftserverlessNamespace;
  /** The workgroup (compute and endpoint). */
  public readonly workgroup: RedshiftserverlessWorkgroup;
  /** The workgroup's security group. */
  public readonly securityGroup: SecurityGroup;
  /** Host name of the workgroup endpoint. */
  public readonly endpointAddress: string;
  /** The endpoint's port. */
  public readonly port: number;
  /** ARN of the Secrets Manager secret Redshift manages for the admin user. */
  public readonly adminSecretArn: string;
  /** The first database's name. */
  public readonly databaseName: string;

  constructor(scope: Construct, id: string, props: RedshiftServerlessWarehouseProps) {
    super(scope, id);
    throwIfInvalidProps(this, warehousePropsProblems(props));
    this.port = props.port ?? REDSHIFT_PORT;
    this.databaseName = props.databaseName ?? "dev";
    this.namespace = new RedshiftserverlessNamespace(this, "Namespace", {
      namespaceName: props.name,
      dbName: this.databaseName,
      adminUsername: props.adminUsername ?? "admin",
      manageAdminPassword: true,
      adminPasswordSecretKmsKeyId: props.kmsKeyArn,
      kmsKeyId: props.kmsKeyArn,
      logExports: [...REDSHIFT_LOG_EXPORTS],
      tags: props.tags,
      lifecycle: { preventDestroy: props.protect ?? true },
    });
    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name: `${props.name}-sg`,
      description: `Redshift Serverless ${props.name}: accepts ${this.port} from its clients only`,
      vpcId: props.vpcId,
      tags: { ...props.tags, Name: `${props.name}-sg` },
    });
    props.clientSecurityGroupIds.forEach((client, i) => this.allowClient(client, i));
    this.workgroup = new RedshiftserverlessWorkgroup(this, "Workgroup", {
      workgroupName: props.name,
      namespaceName: this.namespace.namespaceName,
      baseCapacity: props.baseCapacityRpus ?? 8,
      port: this.port,
      publiclyAccessible: false,
      enhancedVpcRouting: true,
      subnetIds: props.subnetIds,
      securityGroupIds: [this.securityGroup.id],
      tags: props.tags,
    });
    this.endpointAddress = this.workgroup.endpoint.get(0).address;
    this.adminSecretArn = this.namespace.adminPasswordSecretArn;
  }

  private allowClient(clientSecurityGroupId: string, index: number): void {
    allowClientSecurityGroup(this, index, {
      serviceSecurityGroupId: this.securityGroup.id,
      clientSecurityGroupId,
      port: this.port,
      ingressDescription: "Redshift clients",
      egressDescription: "To Redshift Serverless",
    });
  }
}

function warehousePropsProblems(props: RedshiftServerlessWarehouseProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.name) && !/^[a-z0-9-]{3,64}$/.test(props.name)) {
    problems.push(`name: "${props.name}" must be 3-64 lowercase letters, digits and hyphens`);
  }
  if (!Token.isUnresolved(props.subnetIds) && props.subnetIds.length < 3) {
    problems.push(`subnetIds: ${props.subnetIds.length} given; Redshift Serverless needs at least three subnets in three availability zones`);
  }
  if (props.clientSecurityGroupIds.length === 0) problems.push("clientSecurityGroupIds: none given; nothing could connect");
  const rpus = props.baseCapacityRpus;
  if (rpus !== undefined && (!Number.isInteger(rpus) || rpus < 8 || rpus > 1024 || rpus % 8 !== 0)) {
    problems.push(`baseCapacityRpus: ${rpus} is not allowed; use 8 to 1024 in steps of 8`);
  }
  return problems;
}
