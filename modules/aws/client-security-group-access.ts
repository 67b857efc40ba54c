/**
 * Admitting client security groups to a service's security group on one port: an ingress rule on the service's group
 * per client and, because clients may restrict egress (the Databricks workspace group does), the matching egress rule
 * on the client's group. Used by every construct that serves the workspace's clusters (RDS, Redshift, MSK).
 */
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { Construct } from "constructs";

/** What {@link allowClientSecurityGroup} admits. */
export interface ClientSecurityGroupAccess {
  /** The service's security group. */
  readonly serviceSecurityGroupId: string;
  /** The client's security group. */
  readonly clientSecurityGroupId: string;
  /** The one TCP port admitted. */
  readonly port: number;
  /** Description of the ingress rule (who the clients are). */
  readonly ingressDescription: string;
  /** Description of the client's egress rule (what they reach); no egress rule without it. */
  readonly egressDescription?: string;
}

/**
 * Creates `IngressFromClient<index>` (and `EgressFromClient<index>`) in `scope`: the construct ids the constructs
 * have always used, so resource addresses stay the same.
 */
export function allowClientSecurityGroup(scope: Construct, index: number, access: ClientSecurityGroupAccess): void {
  const rule = { ipProtocol: "tcp", fromPort: access.port, toPort: access.port };
  new VpcSecurityGroupIngressRule(scope, `IngressFromClient${index}`, {
    securityGroupId: access.serviceSecurityGroupId,
    referencedSecurityGroupId: access.clientSecurityGroupId,
    ...rule,
    description: access.ingressDescription,
  });
  if (access.egressDescription === undefined) return;
  new VpcSecurityGroupEgressRule(scope, `EgressFromClient${index}`, {
    securityGroupId: access.clientSecurityGroupId,
    referencedSecurityGroupId: access.serviceSecurityGroupId,
    ...rule,
    description: access.egressDescription,
  });
}
