/**
 * The account-global IAM roles AWS DMS looks up by name: `dms-vpc-role` and `dms-cloudwatch-logs-role`.
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { LazyAwsContext } from "./lazy-aws-context";
import { renderPolicy } from "./policy-document";

/** The fixed name DMS uses to find the role that manages its network interfaces. */
export const DMS_VPC_ROLE_NAME = "dms-vpc-role";

/** The fixed name DMS uses to find the role that writes task logs to CloudWatch Logs. */
export const DMS_CLOUDWATCH_LOGS_ROLE_NAME = "dms-cloudwatch-logs-role";

/** The service principal both roles trust (DMS user guide, "Creating the IAM roles to use with AWS DMS"). */
export const DMS_SERVICE_PRINCIPAL = "dms.amazonaws.com";

/**
 * AWS managed policies attached to the two roles, by name under the `service-role/` path, as the DMS user guide
 * attaches them: `arn:aws:iam::aws:policy/service-role/AmazonDMSVPCManagementRole` and `.../AmazonDMSCloudWatchLogsRole`.
 *
 * @see https://docs.aws.amazon.com/dms/latest/userguide/security-iam.html#CHAP_Security.APIRole
 */
export const DMS_MANAGED_POLICY_NAMES = {
  vpc: "service-role/AmazonDMSVPCManagementRole",
  cloudWatchLogs: "service-role/AmazonDMSCloudWatchLogsRole",
} as const;

/** Properties of {@link DmsAccountRoles}. */
export interface DmsAccountRolesProps {
  /**
   * Sets Terraform `prevent_destroy` on both roles: deleting them breaks every DMS replication in the account.
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Tags on both roles, on top of the provider's `default_tags`.
   * @default - none beyond the provider's default_tags
   */
  readonly tags?: Record<string, string>;
}

/**
 * The two account-global roles AWS DMS requires, with the fixed names DMS looks up (`dms-vpc-role`,
 * `dms-cloudwatch-logs-role`), each trusting `dms.amazonaws.com` and carrying its AWS managed policy
 * (attached with `aws_iam_role_policy_attachment`).
 *
 * Create it ONCE per AWS account: the names are fixed, so a second creator (another stage in the same account, or
 * the console, which creates them when DMS is first used) fails with EntityAlreadyExists. Stacks create it only where
 * their config says the account lacks the roles, and make replications wait for {@link DmsAccountRoles.ready}.
 *
 * @see https://docs.aws.amazon.com/dms/latest/userguide/security-iam.html#CHAP_Security.APIRole
 * @example
 * const accountRoles = new DmsAccountRoles(this, "DmsAccountRoles", {});
 * new DmsS3Replication(this, "Orders", { ...props, dependsOn: accountRoles.ready });
 */
export class DmsAccountRoles extends Construct {
  /** `dms-vpc-role`: lets DMS create and delete the network interfaces of replications in the VPC. */
  public readonly vpcRole: IamRole;
  /** `dms-cloudwatch-logs-role`: lets DMS write replication task logs. */
  public readonly cloudWatchLogsRole: IamRole;
  /** The policy attachments: DMS resources in a VPC must wait for them (a subnet group fails without `dms-vpc-role`). */
  public readonly ready: ITerraformDependable[];

  private readonly aws = new LazyAwsContext(this);

  constructor(scope: Construct, id: string, props: DmsAccountRolesProps = {}) {
    super(scope, id);
    const protect = props.protect ?? true;
    this.vpcRole = this.role("VpcRole", DMS_VPC_ROLE_NAME, "AWS DMS: manages the network interfaces of replications", protect, props.tags);
    this.cloudWatchLogsRole = this.role(
      "CloudWatchLogsRole",
      DMS_CLOUDWATCH_LOGS_ROLE_NAME,
      "AWS DMS: writes replication task logs to CloudWatch Logs",
      protect,
      props.tags,
    );
    this.ready = [
      this.attach("VpcRolePolicy", this.vpcRole, DMS_MANAGED_POLICY_NAMES.vpc),
      this.attach("CloudWatchLogsRolePolicy", this.cloudWatchLogsRole, DMS_MANAGED_POLICY_NAMES.cloudWatchLogs),
    ];
  }

  private role(id: string, name: string, description: string, protect: boolean, tags?: Record<string, string>): IamRole {
    return new IamRole(this, id, {
      name,
      description,
      assumeRolePolicy: renderPolicy([{ effect: "Allow", principal: { Service: DMS_SERVICE_PRINCIPAL }, actions: ["sts:AssumeRole"] }]),
      tags,
      lifecycle: { preventDestroy: protect },
    });
  }

  private attach(id: string, role: IamRole, policyName: string): IamRolePolicyAttachment {
    return new IamRolePolicyAttachment(this, id, { role: role.name, policyArn: `arn:${this.aws.partition}:iam::aws:policy/${policyName}` });
  }
}
