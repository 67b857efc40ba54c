/**
 * The credentials concern: what Databricks uses to reach our AWS account. The cross-account role for classic compute
 * (registered as the credential configuration) and the root bucket (registered as the storage configuration, with
 * the bucket's only policy).
 */
import type { PolicyStatement } from "../../modules/aws/policy-document";
import { CrossAccountCredentials } from "../../modules/databricks/account/cross-account-credentials";
import { EBS_KEY_ACTIONS, EBS_VIA_SERVICE } from "../../modules/databricks/account/customer-managed-key-policies";
import { WorkspaceRootStorage } from "../../modules/databricks/account/root-storage";
import { bedrockRoleName, CROSS_ACCOUNT_ROLE } from "../shared/names";
import type { WorkspaceContext } from "./context";

export function createCredentials(ctx: WorkspaceContext): CrossAccountCredentials {
  const { config, naming } = ctx.stack;
  return new CrossAccountCredentials(ctx.stack, "CrossAccount", {
    provider: ctx.accountProvider,
    databricksAccountId: ctx.databricksAccountId,
    roleName: naming.iam(CROSS_ACCOUNT_ROLE),
    credentialsName: naming.name("credentials"),
    scope: {
      awsAccountId: config.aws.accountId,
      region: config.aws.region,
      vpcId: ctx.networkStorage.vpcId,
      securityGroupId: ctx.networkStorage.workspaceSecurityGroupId,
    },
    iamPropagationSeconds: config.workspace.iamPropagationSeconds,
    ...(config.encryption.customerManagedKeys ? { additionalStatements: [ebsKeyStatement(ctx)] } : {}),
    // Databricks validates the serving layer's Bedrock instance profile by passing its role (serving, model-serving.ts).
    ...(servesBedrock(config) ? { passRoleArns: [`arn:aws:iam::${config.aws.accountId}:role/${bedrockRoleName(naming)}`] } : {}),
  });
}

/** Whether a Model Serving endpoint of the environment serves a Bedrock model (through an instance profile). */
function servesBedrock(config: WorkspaceContext["stack"]["config"]): boolean {
  return config.serving.endpoints.some((e) => e.models.some((m) => m.provider === "amazon-bedrock"));
}

/**
 * The identity-policy half of the storage key's EBS grant: the key policy (network-storage) allows the account,
 * narrowed to this role, so the role itself needs these actions in an IAM policy.
 */
function ebsKeyStatement(ctx: WorkspaceContext): PolicyStatement {
  return {
    sid: "WorkspaceStorageKeyForEbs",
    effect: "Allow",
    actions: [...EBS_KEY_ACTIONS],
    resources: [ctx.networkStorage.workspaceStorageKeyArn],
    conditions: { "ForAnyValue:StringLike": { "kms:ViaService": EBS_VIA_SERVICE } },
  };
}

export function createRootStorage(ctx: WorkspaceContext): WorkspaceRootStorage {
  return new WorkspaceRootStorage(ctx.stack, "RootStorage", {
    provider: ctx.accountProvider,
    databricksAccountId: ctx.databricksAccountId,
    bucketName: ctx.networkStorage.rootBucketName,
    bucketArn: ctx.networkStorage.rootBucketArn,
    region: ctx.stack.config.aws.region,
    storageConfigurationName: ctx.stack.naming.name("root-storage"),
  });
}
