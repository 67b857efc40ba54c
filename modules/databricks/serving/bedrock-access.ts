/**
 * How Model Serving reaches Amazon Bedrock without keys: an IAM role that may invoke only the configured models, its
 * EC2 instance profile, and the profile registered in the workspace (`databricks_instance_profile`), which an
 * `amazon_bedrock_config.instance_profile_arn` then names.
 */
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InstanceProfile } from "@cdktf/provider-databricks/lib/instance-profile";
import type { TerraformProvider } from "cdktf";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { renderPolicy, type PolicyStatement } from "../../aws/policy-document";
import { throwIfInvalidProps } from "../../core/validation";

/**
 * The only actions the role gets: a prompt and a streamed prompt (Bedrock Runtime InvokeModel and
 * InvokeModelWithResponseStream; the Converse APIs authorize with the same two actions).
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonbedrock.html
 */
export const BEDROCK_INVOKE_ACTIONS: readonly string[] = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"];

/**
 * The role through which Databricks serverless compute (serverless SQL, Model Serving) assumes a workspace's instance
 * profile role, with the external id `databricks-serverless-<workspace id>` (provider v1.99
 * docs/resources/instance_profile.md, "Usage with Databricks SQL serverless").
 */
export const DATABRICKS_SERVERLESS_ROLE_ARN = "arn:aws:iam::790110701330:role/serverless-customer-resource-role";

/** A cross-region (system-defined) Bedrock inference profile the endpoint calls instead of a model id. */
export interface BedrockInferenceProfile {
  /** The profile id, a geography prefix and the model id, e.g. `us.anthropic.claude-3-5-sonnet-20241022-v2:0`. */
  readonly profileId: string;
  /** Regions the profile routes to (its destination regions, from the Bedrock console or `aws bedrock get-inference-profile`). */
  readonly destinationRegions: readonly string[];
}

/** Properties of {@link BedrockAccess}. */
export interface BedrockAccessProps {
  /** The workspace-level Databricks provider (registers the instance profile). */
  readonly provider: TerraformProvider;
  /** Name of the IAM role (1 to 64 characters); the instance profile gets the same name, so serverless can match them. */
  readonly roleName: string;
  /** Our AWS account id (12 digits): inference profile ARNs name it. */
  readonly awsAccountId: string;
  /** The region Bedrock is called in (the `aws_region` of the endpoints' `amazon_bedrock_config`). */
  readonly region: string;
  /**
   * Foundation model ids the role may invoke in `region`, e.g. `anthropic.claude-3-5-sonnet-20240620-v1:0`.
   * @default - none (then `inferenceProfiles` must name at least one)
   */
  readonly modelIds?: readonly string[];
  /**
   * Cross-region inference profiles the role may invoke. Bedrock authorizes a call through a profile on both the
   * profile (in `region`) and the foundation model in the destination region it routes to, so each profile adds its
   * ARN and the model's ARN in every destination region.
   * @see https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-prereq.html
   * @default - none
   */
  readonly inferenceProfiles?: readonly BedrockInferenceProfile[];
  /**
   * Workspaces whose serverless compute (Model Serving) may assume the role, trusted through
   * {@link DATABRICKS_SERVERLESS_ROLE_ARN} with the external id `databricks-serverless-<id>`. May be tokens.
   */
  readonly workspaceIds: readonly string[];
  /**
   * What the role is for, shown in IAM.
   * @default "Databricks Model Serving: invoke the configured Amazon Bedrock models"
   */
  readonly description?: string;
  /**
   * Tags on the role and instance profile, on top of the provider's `default_tags`.
   * @default - none beyond the provider's default_tags
   */
  readonly tags?: Record<string, string>;
}

/**
 * Lets a workspace's cross-account role pass `roleArn` to the instances and serverless compute it launches: Databricks
 * validates a new `databricks_instance_profile` with a dry-run `ec2:RunInstances` that passes the role, and fails
 * without this. Add it to the workspace's cross-account role policy (the workspace layer owns that role).
 * @see https://docs.databricks.com/aws/en/connect/storage/tutorial-s3-instance-profile#step-5-add-the-s3-iam-role-to-the-ec2-policy
 */
export function passRoleStatement(roleArn: string): PolicyStatement {
  return { sid: "PassBedrockInstanceProfileRole", effect: "Allow", actions: ["iam:PassRole"], resources: [roleArn] };
}

/** `arn:aws:bedrock:<region>::foundation-model/<model id>` (foundation models have no account in their ARN). */
export function foundationModelArn(region: string, modelId: string): string {
  return `arn:aws:bedrock:${region}::foundation-model/${modelId}`;
}

/** `arn:aws:bedrock:<region>:<account>:inference-profile/<profile id>`. */
export function inferenceProfileArn(region: string, awsAccountId: string, profileId: string): string {
  return `arn:aws:bedrock:${region}:${awsAccountId}:inference-profile/${profileId}`;
}

/**
 * An IAM role and EC2 instance profile that may invoke only the configured Amazon Bedrock models, registered in the
 * workspace with `databricks_instance_profile` for Model Serving's `amazon_bedrock_config.instance_profile_arn`.
 *
 * The role trusts `ec2.amazonaws.com` (Databricks checks a new instance profile with a dry-run launch) and the
 * Databricks serverless role with the workspace's external id (Model Serving runs on serverless compute). Its only
 * permissions are {@link BEDROCK_INVOKE_ACTIONS} on the model and inference profile ARNs: no `bedrock:*`, no `*`.
 *
 * Outside this construct: the workspace's cross-account role must be allowed to pass the role
 * ({@link passRoleStatement}); model access must be granted in the Bedrock console of each region; and whoever
 * creates a serving endpoint naming the profile must be allowed to use it (workspace admins are).
 *
 * @see https://docs.databricks.com/aws/en/generative-ai/external-models/#amazon-bedrock
 * @see https://docs.databricks.com/aws/en/machine-learning/model-serving/add-model-serving-instance-profile
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/instance_profile
 * @example
 * const bedrock = new BedrockAccess(this, "BedrockAccess", {
 *   provider: workspace, roleName: "acme-prod-serving-bedrock", awsAccountId: "123456789012", region: "eu-west-1",
 *   modelIds: ["anthropic.claude-3-5-sonnet-20240620-v1:0"], workspaceIds: [workspaceId],
 * });
 * crossAccountPolicy.add(passRoleStatement(bedrock.roleArn));
 */
export class BedrockAccess extends Construct {
  /** The IAM role. */
  public readonly role: IamRole;
  /** Its inline policy (the invoke statement). */
  public readonly policy: IamRolePolicy;
  /** The EC2 instance profile holding the role. */
  public readonly awsInstanceProfile: IamInstanceProfile;
  /** The `databricks_instance_profile` registration. */
  public readonly instanceProfile: InstanceProfile;
  /** The role's ARN. */
  public readonly roleArn: string;
  /** The instance profile's ARN, read from the registration so endpoints wait for it. */
  public readonly instanceProfileArn: string;
  /** The region Bedrock is called in. */
  public readonly region: string;
  /** Every ARN the role may invoke, in order: foundation models, then each profile and its destination models. */
  public readonly invokableArns: readonly string[];

  constructor(scope: Construct, id: string, props: BedrockAccessProps) {
    super(scope, id);
    throwIfInvalidProps(this, bedrockProblems(props));
    this.region = props.region;
    this.invokableArns = invokableArnsOf(props);
    this.role = new IamRole(this, "Role", {
      name: props.roleName,
      description: props.description ?? "Databricks Model Serving: invoke the configured Amazon Bedrock models",
      assumeRolePolicy: renderPolicy(trustStatements(props.workspaceIds)),
      tags: props.tags,
    });
    this.policy = new IamRolePolicy(this, "Policy", {
      name: `${props.roleName}-bedrock-invoke`,
      role: this.role.id,
      policy: renderPolicy([
        { sid: "InvokeConfiguredModels", effect: "Allow", actions: [...BEDROCK_INVOKE_ACTIONS], resources: [...this.invokableArns] },
      ]),
    });
    this.awsInstanceProfile = new IamInstanceProfile(this, "InstanceProfile", { name: props.roleName, role: this.role.name, tags: props.tags });
    this.roleArn = this.role.arn;
    this.instanceProfile = new InstanceProfile(this, "DatabricksInstanceProfile", {
      provider: props.provider,
      instanceProfileArn: this.awsInstanceProfile.arn,
      // Needed by serverless compute when the names differ; always set so it never silently depends on the names.
      iamRoleArn: this.role.arn,
      // Registration validates with a launch that needs the role's permissions in place.
      dependsOn: [this.policy],
    });
    this.instanceProfileArn = this.instanceProfile.instanceProfileArn;
  }

  /** True if the role may invoke `id`, a foundation model id in {@link region} or one of the inference profile ids. */
  public canInvoke(id: string): boolean {
    return this.invokableArns.some((arn) => arn === foundationModelArn(this.region, id) || arn.endsWith(`:inference-profile/${id}`));
  }
}

function trustStatements(workspaceIds: readonly string[]): PolicyStatement[] {
  return [
    { sid: "Ec2AssumeRole", effect: "Allow", principal: { Service: "ec2.amazonaws.com" }, actions: ["sts:AssumeRole"] },
    {
      sid: "DatabricksServerlessAssumeRole",
      effect: "Allow",
      principal: { AWS: DATABRICKS_SERVERLESS_ROLE_ARN },
      actions: ["sts:AssumeRole"],
      conditions: { StringEquals: { "sts:ExternalId": workspaceIds.map((id) => `databricks-serverless-${id}`) } },
    },
  ];
}

/** The foundation model id behind a cross-region profile id (`us.anthropic.x` -> `anthropic.x`). */
function modelIdOfProfile(profileId: string): string {
  return profileId.slice(profileId.indexOf(".") + 1);
}

function invokableArnsOf(props: BedrockAccessProps): string[] {
  const arns = (props.modelIds ?? []).map((modelId) => foundationModelArn(props.region, modelId));
  for (const profile of props.inferenceProfiles ?? []) {
    arns.push(inferenceProfileArn(props.region, props.awsAccountId, profile.profileId));
    for (const region of profile.destinationRegions) arns.push(foundationModelArn(region, modelIdOfProfile(profile.profileId)));
  }
  return [...new Set(arns)];
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** Bedrock model ids: `<provider>.<model>` with letters, digits, `-`, `.`, `:` (version suffixes such as `:0`). */
const MODEL_ID = /^[a-z0-9-]+\.[A-Za-z0-9.:-]+$/;
/** Cross-region profile ids: a geography prefix then a model id. */
const PROFILE_ID = /^[a-z]+\.[a-z0-9-]+\.[A-Za-z0-9.:-]+$/;

function bedrockProblems(props: BedrockAccessProps): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.roleName) && !/^[\w+=,.@-]{1,64}$/.test(props.roleName)) {
    problems.push(`roleName: "${props.roleName}" must be 1 to 64 letters, digits or +=,.@_-`);
  }
  if (!Token.isUnresolved(props.awsAccountId) && !/^\d{12}$/.test(props.awsAccountId)) {
    problems.push(`awsAccountId: "${props.awsAccountId}" is not a 12-digit AWS account id`);
  }
  if (!REGION.test(props.region)) problems.push(`region: "${props.region}" is not an AWS region like eu-west-1`);
  const models = props.modelIds ?? [];
  const profiles = props.inferenceProfiles ?? [];
  if (models.length === 0 && profiles.length === 0) {
    problems.push("modelIds: none given (and no inferenceProfiles); name the Bedrock models the endpoints call");
  }
  models.forEach((modelId, i) => {
    if (!MODEL_ID.test(modelId))
      problems.push(`modelIds[${i}]: "${modelId}" is not a Bedrock model id like anthropic.claude-3-5-sonnet-20240620-v1:0`);
  });
  profiles.forEach((profile, i) => {
    if (!PROFILE_ID.test(profile.profileId)) {
      problems.push(
        `inferenceProfiles[${i}].profileId: "${profile.profileId}" is not a cross-region profile id like us.anthropic.claude-3-5-sonnet-20241022-v2:0`,
      );
    }
    if (profile.destinationRegions.length === 0)
      problems.push(`inferenceProfiles[${i}].destinationRegions: none given; list the regions the profile routes to`);
    profile.destinationRegions.forEach((region, j) => {
      if (!REGION.test(region)) problems.push(`inferenceProfiles[${i}].destinationRegions[${j}]: "${region}" is not an AWS region`);
    });
  });
  if (props.workspaceIds.length === 0) problems.push("workspaceIds: none given; name the workspace whose Model Serving uses the role");
  props.workspaceIds.forEach((workspaceId, i) => {
    if (!Token.isUnresolved(workspaceId) && !/^\d+$/.test(workspaceId))
      problems.push(`workspaceIds[${i}]: "${workspaceId}" is not a workspace id (digits)`);
  });
  return problems;
}
