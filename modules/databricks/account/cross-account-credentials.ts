/**
 * The cross-account IAM role Databricks assumes to run classic compute in a customer-managed VPC, and its
 * registration as a Databricks credential configuration.
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { DataDatabricksAwsAssumeRolePolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-assume-role-policy";
import { DataDatabricksAwsCrossaccountPolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-crossaccount-policy";
import { MwsCredentials } from "@cdktf/provider-databricks/lib/mws-credentials";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { renderPolicy, type PolicyStatement } from "../../aws/policy-document";
import { databricksAccountIdProblems, durationSecondsProblems, iamRoleNameProblems, nonEmptyProblems } from "./workspace-prop-checks";
import { throwIfInvalidProps } from "../../core/validation";

/** Seconds waited by default between creating the role and registering it (SRA waits 30 s). */
export const DEFAULT_IAM_PROPAGATION_SECONDS = 30;

/** Where the role may launch clusters: the `restricted` cross-account policy scopes EC2 actions to these. */
export interface CrossAccountScope {
  /** The AWS account of the VPC (12 digits). */
  readonly awsAccountId: string;
  /** The AWS region of the VPC. */
  readonly region: string;
  /** The customer-managed VPC (`vpc-...`). */
  readonly vpcId: string;
  /** The workspace security group (`sg-...`): the only group whose rules the role may change. */
  readonly securityGroupId: string;
}

/** Props of {@link CrossAccountCredentials}. */
export interface CrossAccountCredentialsProps {
  /** The account-level Databricks provider (host `https://accounts.cloud.databricks.com`, `account_id` set). */
  readonly provider: DatabricksProvider;
  /** The Databricks account id (UUID): the `sts:ExternalId` of the trust policy. */
  readonly databricksAccountId: string;
  /** Name of the IAM role (other layers may refer to it by name before it exists). */
  readonly roleName: string;
  /** Name of the Databricks credential configuration. */
  readonly credentialsName: string;
  /** The VPC, security group, region and account the role is limited to (policy type `restricted`). */
  readonly scope: CrossAccountScope;
  /**
   * Statements added to the role in a second inline policy, for example KMS use of the workspace storage key for
   * EBS volumes. Identity policy statements: no principal.
   * @default - no second policy
   */
  readonly additionalStatements?: PolicyStatement[];
  /**
   * Roles the cross-account role may pass to clusters (instance profiles).
   * @default - none: no iam:PassRole
   */
  readonly passRoleArns?: string[];
  /**
   * Seconds to wait after the role and its policies are created before Databricks validates the credential. IAM is
   * eventually consistent: registering right away fails with "Failed credential validation checks".
   * @default 30
   */
  readonly iamPropagationSeconds?: number;
  /**
   * Tags on the role, on top of the provider's `default_tags`.
   * @default - none beyond the provider's default_tags
   */
  readonly tags?: Record<string, string>;
}

/**
 * The cross-account role for a customer-managed VPC, registered with Databricks.
 *
 * It creates:
 * - the trust policy from `databricks_aws_assume_role_policy` (principal: the Databricks control plane account,
 *   `sts:ExternalId` = the Databricks account id);
 * - the permissions from `databricks_aws_crossaccount_policy` with `policy_type = "restricted"`: no VPC-creation
 *   actions, and RunInstances, security group changes and volume actions scoped to the given VPC, security group,
 *   region and account;
 * - a `time_sleep` that starts once the role and its policies exist and whose trigger carries the role ARN, then the
 *   `databricks_mws_credentials` reading the ARN through that trigger. Databricks validates the role when the
 *   credential is created; without the wait the first apply fails while IAM propagates (KB
 *   "failed-credential-validation-checks"). Because the ARN is read through the trigger, a replaced role runs the
 *   wait again.
 *
 * The stack needs a `hashicorp/time` provider (`TimeProvider`).
 *
 * @see https://docs.databricks.com/aws/en/admin/account-settings-e2/credentials
 * @see https://kb.databricks.com/en_US/terraform/failed-credential-validation-checks-error-with-terraform
 * @example
 * const credentials = new CrossAccountCredentials(this, "CrossAccount", {
 *   provider: accountProvider,
 *   databricksAccountId: "3f2a9c4e-1b7d-4e5a-9c2f-6d8e0a1b2c3d",
 *   roleName: "lakehouse-dev-databricks-cross-account",
 *   credentialsName: "lakehouse-dev-credentials",
 *   scope: { awsAccountId: "111111111111", region: "us-west-2", vpcId: vpc.vpcId, securityGroupId: vpc.securityGroupId },
 * });
 */
export class CrossAccountCredentials extends Construct {
  /** The IAM role. */
  public readonly role: IamRole;
  /** ARN of the role. */
  public readonly roleArn: string;
  /** The Databricks credential configuration. */
  public readonly credentials: MwsCredentials;
  /** The credential configuration id (not the composite `id`): what the workspace takes. */
  public readonly credentialsId: string;
  /** The wait between role creation and registration. */
  public readonly iamPropagation: Sleep;

  constructor(scope: Construct, id: string, props: CrossAccountCredentialsProps) {
    super(scope, id);
    throwIfInvalidProps(this, propsProblems(props));
    const { provider } = props;

    const trust = new DataDatabricksAwsAssumeRolePolicy(this, "TrustPolicy", {
      provider,
      externalId: props.databricksAccountId,
    });
    this.role = new IamRole(this, "Role", {
      name: props.roleName,
      description: "Databricks cross-account role: launches classic compute in the customer-managed VPC",
      assumeRolePolicy: trust.json,
      tags: props.tags,
    });
    this.roleArn = this.role.arn;

    const permissions = new DataDatabricksAwsCrossaccountPolicy(this, "Permissions", {
      provider,
      policyType: "restricted",
      awsAccountId: props.scope.awsAccountId,
      region: props.scope.region,
      vpcId: props.scope.vpcId,
      securityGroupId: props.scope.securityGroupId,
      ...(props.passRoleArns && props.passRoleArns.length > 0 ? { passRoles: props.passRoleArns } : {}),
    });
    const policies = [new IamRolePolicy(this, "Policy", { name: `${props.roleName}-policy`, role: this.role.id, policy: permissions.json })];
    if (props.additionalStatements && props.additionalStatements.length > 0) {
      policies.push(
        new IamRolePolicy(this, "AdditionalPolicy", {
          name: `${props.roleName}-additional`,
          role: this.role.id,
          policy: renderPolicy(props.additionalStatements),
        }),
      );
    }

    this.iamPropagation = new Sleep(this, "IamPropagation", {
      createDuration: `${props.iamPropagationSeconds ?? DEFAULT_IAM_PROPAGATION_SECONDS}s`,
      triggers: { role_arn: this.role.arn },
      dependsOn: policies,
    });
    this.credentials = new MwsCredentials(this, "Credentials", {
      provider,
      accountId: props.databricksAccountId,
      credentialsName: props.credentialsName,
      roleArn: Token.asString(this.iamPropagation.interpolationForAttribute('triggers["role_arn"]')),
      dependsOn: [this.iamPropagation],
    });
    this.credentialsId = this.credentials.credentialsId;
  }
}

function propsProblems(props: CrossAccountCredentialsProps): string[] {
  const problems = [
    ...databricksAccountIdProblems("databricksAccountId", props.databricksAccountId),
    ...iamRoleNameProblems("roleName", props.roleName),
    ...durationSecondsProblems("iamPropagationSeconds", props.iamPropagationSeconds, 10, 600),
  ];
  const accountId = props.scope.awsAccountId;
  if (!Token.isUnresolved(accountId) && !/^\d{12}$/.test(accountId)) {
    problems.push(`scope.awsAccountId: "${accountId}" is not a 12-digit AWS account id`);
  }
  problems.push(...nonEmptyProblems("credentialsName", props.credentialsName));
  for (const [i, statement] of (props.additionalStatements ?? []).entries()) {
    if (statement.principal) {
      problems.push(`additionalStatements[${i}]: has a principal; identity policy statements name none (the role is the principal)`);
    }
  }
  return problems;
}
