/**
 * Key policy statements that let Databricks use customer-managed KMS keys: the managed services key (notebooks,
 * secrets, queries in the control plane) and the workspace storage key (root bucket and cluster EBS volumes).
 *
 * The statements are plain data for `KmsKey.addToKeyPolicy`, so the layer that owns the keys can add them before the
 * cross-account role exists: KMS refuses a key policy whose principal is an unknown role, so the role is named through
 * an `aws:PrincipalArn` condition on the account principal instead.
 *
 * @see https://docs.databricks.com/aws/en/security/keys/customer-managed-keys
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/mws_customer_managed_keys
 */
import { Token } from "cdktf";
import type { PolicyStatement } from "../../aws/policy-document";
import { databricksAccountIdProblems, iamRoleNameProblems } from "./workspace-prop-checks";
import { DATABRICKS_CONTROL_PLANE_PRINCIPAL } from "../../core/databricks-aws-identities";
import { throwIfInvalidInput } from "../../core/validation";

/** Actions the cross-account role needs on the storage key to encrypt cluster EBS volumes. */
export const EBS_KEY_ACTIONS: readonly string[] = ["kms:Decrypt", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"];

/** The `kms:ViaService` pattern that limits the EBS statement to use through EC2. */
export const EBS_VIA_SERVICE = "ec2.*.amazonaws.com";

/** Statement ids, stable so that tests and reviewers can find each statement. */
export const CMK_STATEMENT_SIDS = {
  managedServices: "DatabricksManagedServices",
  storage: "DatabricksWorkspaceStorage",
  storageGrants: "DatabricksWorkspaceStorageGrants",
  ebs: "DatabricksClusterEbsVolumes",
} as const;

/** Inputs of the managed services key statements. */
export interface ManagedServicesKeyStatementsProps {
  /** The Databricks account id (UUID): only control-plane requests on behalf of this account may use the key. */
  readonly databricksAccountId: string;
}

/** Inputs of the workspace storage key statements. */
export interface WorkspaceStorageKeyStatementsProps {
  /** The Databricks account id (UUID): only control-plane requests on behalf of this account may use the key. */
  readonly databricksAccountId: string;
  /** The AWS account that owns the key and the cross-account role (12 digits). */
  readonly awsAccountId: string;
  /**
   * Name of the cross-account IAM role Databricks assumes to launch clusters. It may not exist yet: it is matched by
   * `aws:PrincipalArn`, not used as a principal.
   */
  readonly crossAccountRoleName: string;
  /**
   * AWS partition of the ARNs.
   * @default "aws"
   */
  readonly partition?: string;
}

function controlPlaneCondition(databricksAccountId: string) {
  return { StringEquals: { "aws:PrincipalTag/DatabricksAccountId": [databricksAccountId] } };
}

/**
 * The statement of the managed services key: the Databricks control plane may encrypt and decrypt, for requests
 * tagged with our Databricks account id.
 *
 * @example
 * managedServicesKey.addToKeyPolicy(...managedServicesKeyStatements({ databricksAccountId }));
 */
export function managedServicesKeyStatements(props: ManagedServicesKeyStatementsProps): PolicyStatement[] {
  throwIfInvalidInput("managedServicesKeyStatements", databricksAccountIdProblems("databricksAccountId", props.databricksAccountId));
  return [
    {
      sid: CMK_STATEMENT_SIDS.managedServices,
      effect: "Allow",
      principal: { AWS: DATABRICKS_CONTROL_PLANE_PRINCIPAL },
      actions: ["kms:Encrypt", "kms:Decrypt"],
      resources: ["*"],
      conditions: controlPlaneCondition(props.databricksAccountId),
    },
  ];
}

/**
 * The control plane's statements on the key that encrypts a workspace root bucket: it may use the key for the bucket
 * (DBFS) and create grants for AWS resources, for requests tagged with our Databricks account id. A root bucket
 * encrypted with SSE-KMS needs them whether or not the key is registered with Databricks, since Databricks writes to
 * the bucket from its own account.
 *
 * @example
 * rootBucketKey.addToKeyPolicy(...rootBucketKeyStatements({ databricksAccountId }));
 */
export function rootBucketKeyStatements(props: ManagedServicesKeyStatementsProps): PolicyStatement[] {
  throwIfInvalidInput("rootBucketKeyStatements", databricksAccountIdProblems("databricksAccountId", props.databricksAccountId));
  return [
    {
      sid: CMK_STATEMENT_SIDS.storage,
      effect: "Allow",
      principal: { AWS: DATABRICKS_CONTROL_PLANE_PRINCIPAL },
      actions: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      resources: ["*"],
      conditions: controlPlaneCondition(props.databricksAccountId),
    },
    {
      sid: CMK_STATEMENT_SIDS.storageGrants,
      effect: "Allow",
      principal: { AWS: DATABRICKS_CONTROL_PLANE_PRINCIPAL },
      actions: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
      resources: ["*"],
      conditions: { ...controlPlaneCondition(props.databricksAccountId), Bool: { "kms:GrantIsForAWSResource": "true" } },
    },
  ];
}

/**
 * The statements of the workspace storage key registered as a customer-managed key (use case STORAGE): the
 * {@link rootBucketKeyStatements}, and the cross-account role's use of the key through EC2 only, for cluster EBS
 * volumes. The principal of that last statement is the account, narrowed to the role by `aws:PrincipalArn`, because the
 * role is created later by another layer; principals of the account also need an IAM policy granting the actions,
 * which the workspace layer attaches to the role.
 *
 * @example
 * storageKey.addToKeyPolicy(...workspaceStorageKeyStatements({ databricksAccountId, awsAccountId, crossAccountRoleName }));
 */
export function workspaceStorageKeyStatements(props: WorkspaceStorageKeyStatementsProps): PolicyStatement[] {
  const problems = [
    ...databricksAccountIdProblems("databricksAccountId", props.databricksAccountId),
    ...iamRoleNameProblems("crossAccountRoleName", props.crossAccountRoleName),
    ...(Token.isUnresolved(props.awsAccountId) || /^\d{12}$/.test(props.awsAccountId)
      ? []
      : [`awsAccountId: "${props.awsAccountId}" is not a 12-digit AWS account id`]),
  ];
  throwIfInvalidInput("workspaceStorageKeyStatements", problems);
  const partition = props.partition ?? "aws";
  const roleArn = `arn:${partition}:iam::${props.awsAccountId}:role/${props.crossAccountRoleName}`;
  return [
    ...rootBucketKeyStatements(props),
    {
      sid: CMK_STATEMENT_SIDS.ebs,
      effect: "Allow",
      principal: { AWS: `arn:${partition}:iam::${props.awsAccountId}:root` },
      actions: [...EBS_KEY_ACTIONS],
      resources: ["*"],
      conditions: {
        ArnEquals: { "aws:PrincipalArn": roleArn },
        "ForAnyValue:StringLike": { "kms:ViaService": EBS_VIA_SERVICE },
      },
    },
  ];
}
