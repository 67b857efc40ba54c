/**
 * Egress control for a workspace's serverless compute (SQL warehouses, pipelines, Model Serving), which runs in
 * Databricks' AWS account outside our VPC: a network connectivity configuration with private endpoint rules, and an
 * account network policy that limits where serverless workloads may connect.
 */
import { createHash } from "node:crypto";
import { AccountNetworkPolicy } from "@cdktf/provider-databricks/lib/account-network-policy";
import { MwsNccBinding } from "@cdktf/provider-databricks/lib/mws-ncc-binding";
import { MwsNccPrivateEndpointRule } from "@cdktf/provider-databricks/lib/mws-ncc-private-endpoint-rule";
import { MwsNetworkConnectivityConfig } from "@cdktf/provider-databricks/lib/mws-network-connectivity-config";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { WorkspaceNetworkOption } from "@cdktf/provider-databricks/lib/workspace-network-option";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { databricksAccountIdProblems } from "./workspace-prop-checks";
import { throwIfInvalidProps } from "../../core/validation";

/** `network_policy_id` is at most 32 characters (the API refuses longer ids). */
export const NETWORK_POLICY_ID_MAX_LENGTH = 32;
/** A network connectivity configuration name is 3 to 30 letters, digits, hyphens and underscores. */
export const NCC_NAME_MAX_LENGTH = 30;
/** The account's built-in policy, attached to every workspace without another: reserved, not ours to replace. */
export const DEFAULT_NETWORK_POLICY_ID = "default-policy";

/**
 * `name` if it fits in `maxLength`, else its first characters and a short hash of the whole, so that distinct long
 * names stay distinct and the same name always gives the same result.
 *
 * @example
 * boundedName("lakehouse-staging-serverless-egress", 32); // "lakehouse-staging-serve-82946c16"
 */
export function boundedName(name: string, maxLength: number): string {
  if (name.length <= maxLength) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${name.slice(0, maxLength - hash.length - 1).replace(/[-_]+$/, "")}-${hash}`;
}

/** How serverless workloads reach the internet: only allowed destinations, or anywhere. */
export type EgressRestrictionMode = "RESTRICTED_ACCESS" | "FULL_ACCESS";
/** `ENFORCED` blocks what the policy does not allow; `DRY_RUN` only logs it (to try a policy first). */
export type EgressEnforcementMode = "ENFORCED" | "DRY_RUN";

/** A private endpoint from serverless compute to one of our services, through the NCC. */
export interface ServerlessPrivateEndpointRule {
  /**
   * The AWS endpoint service: `com.amazonaws.vpce.<region>.vpce-svc-...` (our endpoint service, with `domainNames`) or
   * `com.amazonaws.<region>.s3` (with `resourceNames`).
   */
  readonly endpointService: string;
  /**
   * DNS names served behind our endpoint service.
   * @default - none; give either domainNames or resourceNames
   */
  readonly domainNames?: string[];
  /**
   * S3 bucket names reached through the S3 endpoint service (same region).
   * @default - none; give either domainNames or resourceNames
   */
  readonly resourceNames?: string[];
}

/** An S3 bucket serverless compute may reach besides Unity Catalog locations (which are allowed implicitly). */
export interface ServerlessStorageDestination {
  /** The bucket name. */
  readonly bucketName: string;
  /** The bucket's region. */
  readonly region: string;
}

/** Props of {@link ServerlessEgress}. */
export interface ServerlessEgressProps {
  /** The account-level Databricks provider. */
  readonly provider: DatabricksProvider;
  /** The Databricks account id (UUID). */
  readonly databricksAccountId: string;
  /** The numeric id of the workspace to bind. */
  readonly workspaceId: number;
  /** The workspace's AWS region: an NCC serves workspaces of its own region only. */
  readonly region: string;
  /** Name of the NCC; at most 30 characters (use {@link boundedName}). */
  readonly nccName: string;
  /** Id of the account network policy; at most 32 characters (use {@link boundedName}). */
  readonly networkPolicyId: string;
  /**
   * `RESTRICTED_ACCESS` limits egress to Unity Catalog locations, `allowedDomains` and `allowedStorage`.
   * @default "RESTRICTED_ACCESS"
   */
  readonly restrictionMode?: EgressRestrictionMode;
  /**
   * @default "ENFORCED"
   */
  readonly enforcementMode?: EgressEnforcementMode;
  /**
   * DNS names serverless compute may reach (e.g. `pypi.org`).
   * @default - none
   */
  readonly allowedDomains?: string[];
  /**
   * Buckets serverless compute may reach.
   * @default - none
   */
  readonly allowedStorage?: ServerlessStorageDestination[];
  /**
   * Private endpoint rules by stable key (the key names the construct; renaming it replaces the endpoint).
   * @default - none
   */
  readonly privateEndpointRules?: Record<string, ServerlessPrivateEndpointRule>;
}

const DNS_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const VPCE_SERVICE = /^com\.amazonaws\.vpce\.[a-z0-9-]+\.vpce-svc-[0-9a-f]+$/;
const S3_SERVICE = /^com\.amazonaws\.([a-z0-9-]+)\.s3$/;

/**
 * Serverless egress control for one workspace, as the Security Reference Architecture sets it up:
 * - a `databricks_mws_network_connectivity_config` in the workspace's region, bound with `databricks_mws_ncc_binding`;
 * - one `databricks_mws_ncc_private_endpoint_rule` per configured private destination;
 * - a `databricks_account_network_policy` (restricted and enforced by default) with the allowed DNS names and
 *   buckets, attached with `databricks_workspace_network_option`.
 *
 * Provider 1.99 has no ingress block on the network policy: restrict front-end access with IP access lists in the
 * workspace-level layer.
 *
 * @see https://docs.databricks.com/aws/en/security/network/serverless-network-security/network-policies
 * @example
 * new ServerlessEgress(this, "ServerlessEgress", {
 *   provider: accountProvider,
 *   databricksAccountId: "3f2a9c4e-1b7d-4e5a-9c2f-6d8e0a1b2c3d",
 *   workspaceId: workspace.workspaceIdNumber,
 *   region: "us-east-1",
 *   nccName: boundedName("lakehouse-prod-ncc", 30),
 *   networkPolicyId: boundedName("lakehouse-prod-egress", 32),
 *   allowedDomains: ["pypi.org", "files.pythonhosted.org"],
 * });
 */
export class ServerlessEgress extends Construct {
  /** The network connectivity configuration. */
  public readonly ncc: MwsNetworkConnectivityConfig;
  /** The NCC id (not the composite `id`). */
  public readonly networkConnectivityConfigId: string;
  /** The account network policy. */
  public readonly networkPolicy: AccountNetworkPolicy;
  /** The id of the network policy. */
  public readonly networkPolicyId: string;

  constructor(scope: Construct, id: string, props: ServerlessEgressProps) {
    super(scope, id);
    throwIfInvalidProps(this, propsProblems(props));
    const { provider } = props;

    this.ncc = new MwsNetworkConnectivityConfig(this, "Ncc", {
      provider,
      accountId: props.databricksAccountId,
      name: props.nccName,
      region: props.region,
    });
    this.networkConnectivityConfigId = this.ncc.networkConnectivityConfigId;
    new MwsNccBinding(this, "NccBinding", {
      provider,
      networkConnectivityConfigId: this.networkConnectivityConfigId,
      workspaceId: props.workspaceId,
    });
    for (const [key, rule] of Object.entries(props.privateEndpointRules ?? {})) {
      new MwsNccPrivateEndpointRule(this, `PrivateEndpoint-${key}`, {
        provider,
        networkConnectivityConfigId: this.networkConnectivityConfigId,
        endpointService: rule.endpointService,
        ...(rule.domainNames ? { domainNames: rule.domainNames } : {}),
        ...(rule.resourceNames ? { resourceNames: rule.resourceNames } : {}),
      });
    }

    const restrictionMode = props.restrictionMode ?? "RESTRICTED_ACCESS";
    this.networkPolicy = new AccountNetworkPolicy(this, "NetworkPolicy", {
      provider,
      accountId: props.databricksAccountId,
      networkPolicyId: props.networkPolicyId,
      egress: {
        networkAccess: {
          restrictionMode,
          ...(restrictionMode === "RESTRICTED_ACCESS"
            ? {
                allowedInternetDestinations: (props.allowedDomains ?? []).map((destination) => ({
                  destination,
                  internetDestinationType: "DNS_NAME",
                })),
                allowedStorageDestinations: (props.allowedStorage ?? []).map((s) => ({
                  bucketName: s.bucketName,
                  region: s.region,
                  storageDestinationType: "AWS_S3",
                })),
              }
            : {}),
          policyEnforcement: { enforcementMode: props.enforcementMode ?? "ENFORCED" },
        },
      },
    });
    this.networkPolicyId = props.networkPolicyId;
    new WorkspaceNetworkOption(this, "NetworkPolicyBinding", {
      provider,
      workspaceId: props.workspaceId,
      // The reference orders the binding after the policy exists.
      networkPolicyId: this.networkPolicy.networkPolicyId,
    });
  }
}

function propsProblems(props: ServerlessEgressProps): string[] {
  const problems = databricksAccountIdProblems("databricksAccountId", props.databricksAccountId);
  const policyId = props.networkPolicyId;
  if (!Token.isUnresolved(policyId)) {
    if (policyId.length === 0 || policyId.length > NETWORK_POLICY_ID_MAX_LENGTH || !/^[a-z0-9][a-z0-9_-]*$/.test(policyId)) {
      problems.push(
        `networkPolicyId: "${policyId}" must be 1-${NETWORK_POLICY_ID_MAX_LENGTH} lowercase letters, digits, "-" and "_"; use boundedName(name, ${NETWORK_POLICY_ID_MAX_LENGTH})`,
      );
    }
    if (policyId === DEFAULT_NETWORK_POLICY_ID)
      problems.push(`networkPolicyId: "${DEFAULT_NETWORK_POLICY_ID}" is the account's reserved default policy; choose another id`);
  }
  if (!Token.isUnresolved(props.nccName) && !/^[0-9a-zA-Z_-]{3,30}$/.test(props.nccName)) {
    problems.push(
      `nccName: "${props.nccName}" must be 3-${NCC_NAME_MAX_LENGTH} letters, digits, "-" and "_"; use boundedName(name, ${NCC_NAME_MAX_LENGTH})`,
    );
  }
  const mode = props.restrictionMode ?? "RESTRICTED_ACCESS";
  if (mode === "FULL_ACCESS" && ((props.allowedDomains ?? []).length > 0 || (props.allowedStorage ?? []).length > 0)) {
    problems.push("allowedDomains, allowedStorage: given with restrictionMode FULL_ACCESS, where they mean nothing; remove them or restrict access");
  }
  for (const [i, domain] of (props.allowedDomains ?? []).entries()) {
    if (!Token.isUnresolved(domain) && !DNS_NAME.test(domain)) problems.push(`allowedDomains[${i}]: "${domain}" is not a DNS name like pypi.org`);
  }
  for (const [key, rule] of Object.entries(props.privateEndpointRules ?? {})) problems.push(...ruleProblems(key, rule, props.region));
  return problems;
}

function ruleProblems(key: string, rule: ServerlessPrivateEndpointRule, region: string): string[] {
  const path = `privateEndpointRules["${key}"]`;
  const problems: string[] = [];
  const hasDomains = (rule.domainNames ?? []).length > 0;
  const hasResources = (rule.resourceNames ?? []).length > 0;
  if (hasDomains === hasResources) {
    problems.push(
      `${path}: give either domainNames (for our endpoint service) or resourceNames (S3 buckets), not ${hasDomains ? "both" : "neither"}`,
    );
  }
  if (Token.isUnresolved(rule.endpointService)) return problems;
  const s3 = S3_SERVICE.exec(rule.endpointService);
  if (hasResources && (!s3 || (!Token.isUnresolved(region) && s3[1] !== region))) {
    problems.push(
      `${path}.endpointService: "${rule.endpointService}" must be com.amazonaws.${region}.s3 for resourceNames (buckets in the workspace's region)`,
    );
  }
  if (hasDomains && !VPCE_SERVICE.test(rule.endpointService)) {
    problems.push(
      `${path}.endpointService: "${rule.endpointService}" is not an endpoint service name like com.amazonaws.vpce.${region}.vpce-svc-0123456789abcdef0`,
    );
  }
  return problems;
}
