/**
 * The IAM role behind a Unity Catalog credential (storage or service): trusted by the Unity Catalog master role and
 * by itself, with the credential's external id, and given time to propagate before Unity Catalog validates it.
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { renderPolicy, type PolicyStatement } from "../aws/policy-document";

/** The Unity Catalog master role in the commercial AWS partition (provider `aws/constants.go`). */
export const UNITY_CATALOG_MASTER_ROLE_ARN = "arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL";

/** Sid of the trust statement for the Unity Catalog master role (same as `databricks_aws_unity_catalog_assume_role_policy`). */
export const UC_MASTER_ROLE_TRUST_SID = "UnityCatalogAssumeRole";

/** Sid of the trust statement that lets the role assume itself (same as the provider's data source). */
export const SELF_ASSUME_TRUST_SID = "ExplicitSelfRoleAssumption";

/** Sid of the permission statement that lets the role assume itself. */
export const SELF_ASSUME_PERMISSION_SID = "AssumeSelf";

/** Seconds to wait after the role and its policy exist before Unity Catalog validates them. */
export const DEFAULT_IAM_PROPAGATION_SECONDS = 60;

/** What {@link unityCatalogTrustPolicy} needs. */
export interface UnityCatalogTrustProps {
  /** Our AWS account id (12 digits). */
  readonly awsAccountId: string;
  /** The role's own name (the role trusts itself by ARN). */
  readonly roleName: string;
  /** The credential's external id: `aws_iam_role[0].external_id` of the Databricks credential. */
  readonly externalId: string;
  /** @default "aws" */
  readonly partition?: string;
  /** @default {@link UNITY_CATALOG_MASTER_ROLE_ARN} */
  readonly unityCatalogIamArn?: string;
}

/** `arn:<partition>:iam::<account>:role/<name>`: a role ARN known before the role exists. */
export function iamRoleArn(awsAccountId: string, roleName: string, partition = "aws"): string {
  return `arn:${partition}:iam::${awsAccountId}:role/${roleName}`;
}

/**
 * The trust policy Unity Catalog requires, statement for statement what `databricks_aws_unity_catalog_assume_role_policy`
 * generates (provider v1.99 `aws/data_aws_unity_catalog_assume_role_policy.go`), rendered in code so the synthesized
 * JSON holds it: the master role may assume the role with the external id, and so may the role itself (AWS stopped
 * implicit self-trust on 2023-06-30), through the account root limited by `aws:PrincipalArn`.
 */
export function unityCatalogTrustPolicy(props: UnityCatalogTrustProps): PolicyStatement[] {
  const partition = props.partition ?? "aws";
  const externalId = { "sts:ExternalId": props.externalId };
  return [
    {
      sid: UC_MASTER_ROLE_TRUST_SID,
      effect: "Allow",
      principal: { AWS: props.unityCatalogIamArn ?? UNITY_CATALOG_MASTER_ROLE_ARN },
      actions: ["sts:AssumeRole"],
      conditions: { StringEquals: externalId },
    },
    {
      sid: SELF_ASSUME_TRUST_SID,
      effect: "Allow",
      principal: { AWS: `arn:${partition}:iam::${props.awsAccountId}:root` },
      actions: ["sts:AssumeRole"],
      conditions: { ArnLike: { "aws:PrincipalArn": iamRoleArn(props.awsAccountId, props.roleName, partition) }, StringEquals: externalId },
    },
  ];
}

/** Properties of {@link UnityCatalogIamRole}. */
export interface UnityCatalogIamRoleProps {
  /** The role name; fixed, because the credential names the role's ARN before the role exists. */
  readonly roleName: string;
  /** Our AWS account id (12 digits). */
  readonly awsAccountId: string;
  /** The credential's external id (`aws_iam_role[0].external_id` of the Databricks credential). */
  readonly externalId: string;
  /** What the role may do; a statement letting the role assume itself is added. */
  readonly statements: PolicyStatement[];
  /** What the role is for, shown in IAM. */
  readonly description: string;
  /**
   * Seconds to wait after the role and its policy are created before dependants (external locations, connections)
   * are created.
   * @default 60
   */
  readonly propagationSeconds?: number;
  /** @default "aws" */
  readonly partition?: string;
  /** @default {@link UNITY_CATALOG_MASTER_ROLE_ARN} */
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
 * The chicken-and-egg: the trust policy needs the credential's external id, and the credential needs the role's ARN.
 * The credential is created first with the ARN built from the role's fixed name ({@link iamRoleArn}); then this role,
 * whose trust reads the credential's `external_id` attribute (never the Databricks account id: that is only right
 * when an account admin creates the credential); then a `time_sleep`, because IAM is eventually consistent and Unity
 * Catalog validates the role the moment an external location or connection uses it (provider issues #2393, #4755).
 * Dependants wait on {@link UnityCatalogIamRole.ready}. The time provider must be configured in the stack.
 *
 * @example
 * const role = new UnityCatalogIamRole(this, "Role", {
 *   roleName: "acme-dev-uc-data", awsAccountId: "123456789012", externalId: credential.awsIamRole.externalId,
 *   statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::acme-dev-data/*"] }], description: "UC data access",
 * });
 */
export class UnityCatalogIamRole extends Construct {
  /** The role's ARN, built from its name (usable before the role exists). */
  public readonly roleArn: string;
  /** The `aws_iam_role` resource. */
  public readonly role: IamRole;
  /** The inline permission policy. */
  public readonly policy: IamRolePolicy;
  /** The wait after the role and policy; dependants depend on it. */
  public readonly ready: Sleep;

  constructor(scope: Construct, id: string, props: UnityCatalogIamRoleProps) {
    super(scope, id);
    throwIfInvalidRoleProps(props);
    const partition = props.partition ?? "aws";
    this.roleArn = iamRoleArn(props.awsAccountId, props.roleName, partition);
    this.role = new IamRole(this, "Role", {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: renderPolicy(unityCatalogTrustPolicy({ ...props, partition })),
      tags: props.tags,
    });
    this.policy = new IamRolePolicy(this, "Policy", {
      name: `${props.roleName}-permissions`,
      role: this.role.id,
      policy: renderPolicy([
        ...props.statements,
        { sid: SELF_ASSUME_PERMISSION_SID, effect: "Allow", actions: ["sts:AssumeRole"], resources: [this.roleArn] },
      ]),
    });
    // IAM is eventually consistent: Unity Catalog's validation of a just-created role fails intermittently
    // ("does not have READ permissions") and succeeds on retry, so dependants wait here first.
    this.ready = new Sleep(this, "PropagationWait", {
      createDuration: `${props.propagationSeconds ?? DEFAULT_IAM_PROPAGATION_SECONDS}s`,
      dependsOn: [this.role, this.policy],
      triggers: { role_arn: this.role.arn, policy: this.policy.policy },
    });
  }
}

function throwIfInvalidRoleProps(props: UnityCatalogIamRoleProps): void {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.roleName) && !/^[\w+=,.@-]{1,64}$/.test(props.roleName)) {
    problems.push(`roleName: "${props.roleName}" is not a valid IAM role name; use 1-64 letters, digits and + = , . @ _ -`);
  }
  if (!Token.isUnresolved(props.awsAccountId) && !/^\d{12}$/.test(props.awsAccountId)) {
    problems.push(`awsAccountId: "${props.awsAccountId}" is not a 12-digit AWS account id`);
  }
  if (props.statements.length === 0) problems.push("statements: none given; a credential role needs permissions");
  const seconds = props.propagationSeconds;
  if (seconds !== undefined && (!Number.isInteger(seconds) || seconds < 0 || seconds > 600)) {
    problems.push(`propagationSeconds: ${seconds} is not allowed; use a whole number from 0 to 600`);
  }
  if (problems.length > 0) throw new Error(`UnityCatalogIamRole props are invalid:\n- ${problems.join("\n- ")}`);
}
