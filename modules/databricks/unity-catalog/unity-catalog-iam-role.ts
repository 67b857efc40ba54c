/**
 * The IAM role behind a Unity Catalog credential (storage or service): trusted by the Unity Catalog master role and
 * by itself, with the credential's external id, and given time to propagate before Unity Catalog validates it.
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { DataDatabricksAwsUnityCatalogAssumeRolePolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-unity-catalog-assume-role-policy";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { renderPolicy, type PolicyStatement } from "../../aws/policy-document";
import { UNITY_CATALOG_MASTER_ROLE_ARN } from "../../core/databricks-aws-identities";
import { throwIfInvalidProps } from "../../core/validation";

/** Sid of the permission statement that lets the role assume itself. */
export const SELF_ASSUME_PERMISSION_SID = "AssumeSelf";

/** Seconds to wait after the role and its policy exist before Unity Catalog validates them. */
export const UNITY_CATALOG_IAM_PROPAGATION_SECONDS = 60;

/** ARN partitions `databricks_aws_unity_catalog_assume_role_policy` accepts (provider v1.99 `aws/constants.go`). */
const SUPPORTED_PARTITIONS: readonly string[] = ["aws", "aws-us-gov"];

/** `arn:<partition>:iam::<account>:role/<name>`: a role ARN known before the role exists. */
export function iamRoleArn(awsAccountId: string, roleName: string, partition = "aws"): string {
  return `arn:${partition}:iam::${awsAccountId}:role/${roleName}`;
}

/** Properties of {@link UnityCatalogIamRole}. */
export interface UnityCatalogIamRoleProps {
  /** The Databricks provider that renders the trust policy (the data source makes no API call). */
  readonly provider: DatabricksProvider;
  /** The role name; fixed, because the credential names the role's ARN before the role exists. */
  readonly roleName: string;
  /** Our AWS account id (12 digits). */
  readonly awsAccountId: string;
  /** The credential's external id (`aws_iam_role[0].external_id` of the Databricks credential). */
  readonly externalId: string;
  /**
   * What the role may do, built in code; a statement letting the role assume itself is added. Give this or
   * `policyDocument`.
   * @default - none (give policyDocument)
   */
  readonly statements?: PolicyStatement[];
  /**
   * The role's whole permission policy as a JSON document or a reference to one (such as the `json` of a
   * `data.aws_iam_policy_document` merging `databricks_aws_unity_catalog_policy` documents), used as is: it must
   * itself let the role assume itself. Give this or `statements`.
   * @default - none (give statements)
   */
  readonly policyDocument?: string;
  /** What the role is for, shown in IAM. */
  readonly description: string;
  /**
   * Seconds to wait after the role and its policy are created before dependants (external locations, connections)
   * are created.
   * @default 60
   */
  readonly propagationSeconds?: number;
  /**
   * The role's ARN partition: `aws` or `aws-us-gov`.
   * @default "aws"
   */
  readonly partition?: string;
  /**
   * The Unity Catalog master role that may assume this role (for the DoD partition, pass its master role with
   * partition `aws-us-gov`).
   * @default - {@link UNITY_CATALOG_MASTER_ROLE_ARN} in the `aws` partition, the data source's default in others
   */
  readonly unityCatalogIamArn?: string;
  /**
   * Tags on the role, on top of the provider's `default_tags`.
   * @default - none beyond the provider's default_tags
   */
  readonly tags?: Record<string, string>;
}

/**
 * An IAM role for a Unity Catalog storage or service credential.
 *
 * Trust: `databricks_aws_unity_catalog_assume_role_policy`, the policy Databricks maintains. It generates the
 * statement for the Unity Catalog master role with the external id, and the self-assume statement (AWS stopped
 * implicit self-trust on 2023-06-30) through the account root limited by `aws:PrincipalArn`, with the same external
 * id (provider PR #4738 added it to the self statement). The data source builds its JSON locally, without API calls
 * (Terraform reads it once the credential's external id is known). The master role is passed explicitly so it shows
 * in the synthesized JSON.
 *
 * Permissions: either `statements` built in code (the Glue service credential's read-only Glue access), to which the
 * self-assume statement is added, or a `policyDocument` the caller assembled, self-assume statement included (the
 * storage credential merges one `databricks_aws_unity_catalog_policy` per read-write bucket with its own statements
 * in a `data.aws_iam_policy_document`).
 *
 * The chicken-and-egg: the trust policy needs the credential's external id, and the credential needs the role's ARN.
 * The credential is created first with the ARN built from the role's fixed name ({@link iamRoleArn}); then this role,
 * whose trust reads the credential's `external_id` attribute (never the Databricks account id: that is only right
 * when an account admin creates the credential); then a `time_sleep`, because IAM is eventually consistent and Unity
 * Catalog validates the role the moment an external location or connection uses it (provider issues #2393, #4755).
 * Dependants wait on {@link UnityCatalogIamRole.ready}. The time provider must be configured in the stack.
 *
 * @example
 * const role = new UnityCatalogIamRole(this, "Role", {
 *   provider: workspace, roleName: "acme-dev-uc-data", awsAccountId: "123456789012",
 *   externalId: credential.awsIamRole.externalId, description: "UC data access",
 *   statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::acme-dev-data/*"] }],
 * });
 */
export class UnityCatalogIamRole extends Construct {
  /** The role's ARN, built from its name (usable before the role exists). */
  public readonly roleArn: string;
  /** The `databricks_aws_unity_catalog_assume_role_policy` data source whose `json` is the role's trust policy. */
  public readonly trustPolicy: DataDatabricksAwsUnityCatalogAssumeRolePolicy;
  /** The `aws_iam_role` resource. */
  public readonly role: IamRole;
  /** The inline permission policy. */
  public readonly policy: IamRolePolicy;
  /** The wait after the role and policy; dependants depend on it. */
  public readonly ready: Sleep;

  constructor(scope: Construct, id: string, props: UnityCatalogIamRoleProps) {
    super(scope, id);
    throwIfInvalidProps(this, rolePropsProblems(props));
    const partition = props.partition ?? "aws";
    this.roleArn = iamRoleArn(props.awsAccountId, props.roleName, partition);
    this.trustPolicy = trustPolicy(this, props, partition);
    this.role = new IamRole(this, "Role", {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: this.trustPolicy.json,
      tags: props.tags,
    });
    this.policy = new IamRolePolicy(this, "Policy", {
      name: `${props.roleName}-permissions`,
      role: this.role.id,
      policy: props.policyDocument ?? renderPolicy([...(props.statements ?? []), selfAssume(this.roleArn)]),
    });
    // IAM is eventually consistent: Unity Catalog's validation of a just-created role fails intermittently
    // ("does not have READ permissions") and succeeds on retry, so dependants wait here first.
    this.ready = new Sleep(this, "PropagationWait", {
      createDuration: `${props.propagationSeconds ?? UNITY_CATALOG_IAM_PROPAGATION_SECONDS}s`,
      dependsOn: [this.role, this.policy],
      triggers: { role_arn: this.role.arn, policy: this.policy.policy },
    });
  }
}

/** The permission statement that lets a role assume itself (Unity Catalog's self-assume check). */
export function selfAssume(roleArn: string): PolicyStatement {
  return { sid: SELF_ASSUME_PERMISSION_SID, effect: "Allow", actions: ["sts:AssumeRole"], resources: [roleArn] };
}

/**
 * The trust policy data source. Outside the `aws` partition the master role is left to the data source (it knows
 * each partition's role) unless given.
 */
function trustPolicy(scope: Construct, props: UnityCatalogIamRoleProps, partition: string): DataDatabricksAwsUnityCatalogAssumeRolePolicy {
  const masterRole = props.unityCatalogIamArn ?? (partition === "aws" ? UNITY_CATALOG_MASTER_ROLE_ARN : undefined);
  return new DataDatabricksAwsUnityCatalogAssumeRolePolicy(scope, "TrustPolicy", {
    provider: props.provider,
    awsAccountId: props.awsAccountId,
    roleName: props.roleName,
    externalId: props.externalId,
    ...(masterRole === undefined ? {} : { unityCatalogIamArn: masterRole }),
    ...(partition === "aws" ? {} : { awsPartition: partition }),
  });
}

function rolePropsProblems(props: UnityCatalogIamRoleProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.roleName) && !/^[\w+=,.@-]{1,64}$/.test(props.roleName)) {
    problems.push(`roleName: "${props.roleName}" is not a valid IAM role name; use 1-64 letters, digits and + = , . @ _ -`);
  }
  if (!Token.isUnresolved(props.awsAccountId) && !/^\d{12}$/.test(props.awsAccountId)) {
    problems.push(`awsAccountId: "${props.awsAccountId}" is not a 12-digit AWS account id`);
  }
  if (props.partition !== undefined && !Token.isUnresolved(props.partition) && !SUPPORTED_PARTITIONS.includes(props.partition)) {
    problems.push(`partition: "${props.partition}" is not supported by the Unity Catalog trust policy; use ${SUPPORTED_PARTITIONS.join(" or ")}`);
  }
  const statements = props.statements ?? [];
  if (statements.length === 0 && props.policyDocument === undefined) {
    problems.push("statements: none given; a credential role needs permissions (statements, or a policyDocument)");
  }
  if (statements.length > 0 && props.policyDocument !== undefined) {
    problems.push("statements: given together with policyDocument; give one: statements are built into a policy, a policyDocument is used as is");
  }
  const seconds = props.propagationSeconds;
  if (seconds !== undefined && (!Number.isInteger(seconds) || seconds < 0 || seconds > 600)) {
    problems.push(`propagationSeconds: ${seconds} is not allowed; use a whole number from 0 to 600`);
  }
  return problems;
}
