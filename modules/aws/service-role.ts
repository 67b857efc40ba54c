/**
 * An IAM role that one AWS service assumes, with its permissions in one inline policy: what the ingestion constructs
 * give each service they hand work to.
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { Construct } from "constructs";
import { renderPolicy, type PolicyStatement } from "./policy-document";

/** Properties of {@link createServiceRole}. */
export interface ServiceRoleProps {
  /** Role name; the inline policy is named `<name>-permissions`. */
  readonly name: string;
  /** What the role is for, shown in IAM. */
  readonly description: string;
  /** The service principal the role trusts, e.g. `glue.amazonaws.com`. */
  readonly service: string;
  /** The role's permissions. */
  readonly statements: PolicyStatement[];
  /**
   * Tags on the role, on top of the provider's `default_tags`.
   * @default - none beyond the provider's default_tags
   */
  readonly tags?: Record<string, string>;
}

/** A service role and its inline policy. */
export interface ServiceRole {
  readonly role: IamRole;
  /** The inline policy: what resources that use the role should depend on, so the role holds its permissions first. */
  readonly policy: IamRolePolicy;
}

/**
 * Creates an `aws_iam_role` (construct id `id`) that only `service` may assume, and an `aws_iam_role_policy` (construct
 * id `<id>Policy`) with `statements`.
 */
export function createServiceRole(scope: Construct, id: string, props: ServiceRoleProps): ServiceRole {
  const role = new IamRole(scope, id, {
    name: props.name,
    description: props.description,
    assumeRolePolicy: renderPolicy([{ effect: "Allow", principal: { Service: props.service }, actions: ["sts:AssumeRole"] }]),
    tags: props.tags,
  });
  const policy = new IamRolePolicy(scope, `${id}Policy`, {
    name: `${props.name}-permissions`,
    role: role.id,
    policy: renderPolicy(props.statements),
  });
  return { role, policy };
}
