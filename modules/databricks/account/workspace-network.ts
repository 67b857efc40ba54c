/**
 * The Databricks network configuration of a workspace in a customer-managed VPC, with the back-end PrivateLink
 * registrations and private access settings when PrivateLink is used.
 */
import { MwsNetworks } from "@cdktf/provider-databricks/lib/mws-networks";
import { MwsPrivateAccessSettings } from "@cdktf/provider-databricks/lib/mws-private-access-settings";
import { MwsVpcEndpoint } from "@cdktf/provider-databricks/lib/mws-vpc-endpoint";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { databricksAccountIdProblems, nonEmptyProblems } from "./workspace-prop-checks";
import { throwIfInvalidProps } from "../../core/validation";

/** Which registered VPC endpoints may reach the workspace over PrivateLink. */
export type PrivateAccessLevel = "ACCOUNT" | "ENDPOINT";

/** The back-end PrivateLink part of a {@link WorkspaceNetwork}. */
export interface WorkspacePrivateLink {
  /** AWS id (`vpce-...`) of the interface endpoint to the workspace (REST API) endpoint service. */
  readonly workspaceVpcEndpointId: string;
  /** AWS id (`vpce-...`) of the interface endpoint to the secure cluster connectivity relay service. */
  readonly relayVpcEndpointId: string;
  /**
   * Whether the workspace's UI and API stay reachable from the public internet besides PrivateLink. Off means only
   * registered VPC endpoints reach it (users and CI need a network path to one).
   * @default false
   */
  readonly publicAccessEnabled?: boolean;
  /**
   * `"ENDPOINT"`: only the endpoints registered here (the front-end endpoints and the back-end REST endpoint) may
   * connect; `"ACCOUNT"`: any VPC endpoint registered in the Databricks account may, including another workspace's
   * (another stage's transit VPC would then be a private path into this workspace).
   * @default "ENDPOINT"
   */
  readonly privateAccessLevel?: PrivateAccessLevel;
  /**
   * Front-end PrivateLink endpoints by key: AWS ids (`vpce-...`) of interface endpoints to the workspace endpoint
   * service in the networks users and CI connect from (a transit VPC). Each is registered with Databricks and, at
   * level `"ENDPOINT"`, allowed by the private access settings.
   * @default - none: without public access, nothing but the compute plane reaches the workspace
   */
  readonly frontEndVpcEndpointIds?: Readonly<Record<string, string>>;
}

/** Props of {@link WorkspaceNetwork}. */
export interface WorkspaceNetworkProps {
  /** The account-level Databricks provider. */
  readonly provider: DatabricksProvider;
  /** The Databricks account id (UUID). */
  readonly databricksAccountId: string;
  /** Name of the network configuration; also the prefix of the endpoint and private access settings names. */
  readonly name: string;
  /** AWS region of the VPC. */
  readonly region: string;
  /** The customer-managed VPC. */
  readonly vpcId: string;
  /** Workspace (cluster) subnets: at least two, in distinct availability zones. */
  readonly subnetIds: string[];
  /** Security groups of the cluster nodes. */
  readonly securityGroupIds: string[];
  /**
   * Back-end PrivateLink: registers both endpoints with Databricks, lists them in the network configuration, and
   * creates the private access settings the workspace needs.
   * @default - no PrivateLink: clusters reach the control plane over the VPC's internet egress
   */
  readonly privateLink?: WorkspacePrivateLink;
}

/**
 * A `databricks_mws_networks` for a customer-managed VPC, and with PrivateLink its two `databricks_mws_vpc_endpoint`
 * registrations (`rest_api` and `dataplane_relay` list their Databricks-side `vpc_endpoint_id`, never the composite
 * `id`) plus the `databricks_mws_private_access_settings` the workspace attaches.
 *
 * @see https://docs.databricks.com/aws/en/security/network/classic/privatelink
 * @example
 * const network = new WorkspaceNetwork(this, "Network", {
 *   provider: accountProvider,
 *   databricksAccountId: "3f2a9c4e-1b7d-4e5a-9c2f-6d8e0a1b2c3d",
 *   name: "lakehouse-prod-network",
 *   region: "us-east-1",
 *   vpcId: vpc.vpcId,
 *   subnetIds: vpc.workspaceSubnetIds,
 *   securityGroupIds: [vpc.securityGroupId],
 *   privateLink: { workspaceVpcEndpointId: pl.workspaceEndpointId, relayVpcEndpointId: pl.relayEndpointId },
 * });
 */
export class WorkspaceNetwork extends Construct {
  /** The network configuration. */
  public readonly network: MwsNetworks;
  /** The network configuration id (not the composite `id`). */
  public readonly networkId: string;
  /** The workspace (REST API) endpoint registration; undefined without PrivateLink. */
  public readonly workspaceEndpoint?: MwsVpcEndpoint;
  /** The relay endpoint registration; undefined without PrivateLink. */
  public readonly relayEndpoint?: MwsVpcEndpoint;
  /** The front-end endpoint registrations by key; empty without PrivateLink or front ends. */
  public readonly frontEndEndpoints: Readonly<Record<string, MwsVpcEndpoint>> = {};
  /** The private access settings; undefined without PrivateLink. */
  public readonly privateAccessSettings?: MwsPrivateAccessSettings;
  /** The private access settings id; undefined without PrivateLink. */
  public readonly privateAccessSettingsId?: string;

  constructor(scope: Construct, id: string, props: WorkspaceNetworkProps) {
    super(scope, id);
    throwIfInvalidProps(this, propsProblems(props));
    const { provider, databricksAccountId: accountId, privateLink } = props;

    if (privateLink) {
      const register = (construct: string, suffix: string, awsVpcEndpointId: string) =>
        new MwsVpcEndpoint(this, construct, {
          provider,
          accountId,
          awsVpcEndpointId,
          region: props.region,
          vpcEndpointName: `${props.name}-${suffix}`,
        });
      this.workspaceEndpoint = register("WorkspaceEndpoint", "workspace-vpce", privateLink.workspaceVpcEndpointId);
      this.relayEndpoint = register("RelayEndpoint", "relay-vpce", privateLink.relayVpcEndpointId);
      this.frontEndEndpoints = Object.fromEntries(
        Object.entries(privateLink.frontEndVpcEndpointIds ?? {}).map(([key, awsId]) => [
          key,
          register(`FrontEndEndpoint-${key}`, `front-end-${key}-vpce`, awsId),
        ]),
      );
      const level = privateLink.privateAccessLevel ?? "ENDPOINT";
      // Databricks-side ids (`vpc_endpoint_id`, not the composite `id`, not the AWS id): the front ends people and CI
      // use, and the back-end REST endpoint the clusters call the workspace API through. The relay carries no API.
      const allowed = [...Object.values(this.frontEndEndpoints), this.workspaceEndpoint].map((e) => e.vpcEndpointId);
      this.privateAccessSettings = new MwsPrivateAccessSettings(this, "PrivateAccessSettings", {
        provider,
        accountId,
        privateAccessSettingsName: `${props.name}-private-access`,
        region: props.region,
        publicAccessEnabled: privateLink.publicAccessEnabled ?? false,
        privateAccessLevel: level,
        ...(level === "ENDPOINT" ? { allowedVpcEndpointIds: allowed } : {}),
      });
      this.privateAccessSettingsId = this.privateAccessSettings.privateAccessSettingsId;
    }

    this.network = new MwsNetworks(this, "Network", {
      provider,
      accountId,
      networkName: props.name,
      vpcId: props.vpcId,
      subnetIds: props.subnetIds,
      securityGroupIds: props.securityGroupIds,
      ...(this.workspaceEndpoint && this.relayEndpoint
        ? { vpcEndpoints: { restApi: [this.workspaceEndpoint.vpcEndpointId], dataplaneRelay: [this.relayEndpoint.vpcEndpointId] } }
        : {}),
    });
    this.networkId = this.network.networkId;
  }
}

function propsProblems(props: WorkspaceNetworkProps): string[] {
  const problems = [
    ...databricksAccountIdProblems("databricksAccountId", props.databricksAccountId),
    ...nonEmptyProblems("name", props.name),
    ...nonEmptyProblems("region", props.region),
  ];
  if (!Token.isUnresolved(props.subnetIds)) {
    if (props.subnetIds.length < 2) {
      problems.push(`subnetIds: ${props.subnetIds.length} given; Databricks needs at least two subnets in distinct availability zones`);
    }
    if (new Set(props.subnetIds).size !== props.subnetIds.length) problems.push("subnetIds: lists a subnet twice");
  }
  if (!Token.isUnresolved(props.securityGroupIds) && props.securityGroupIds.length === 0) {
    problems.push("securityGroupIds: is empty; give the workspace security group");
  }
  const level = props.privateLink?.privateAccessLevel;
  if (level !== undefined && level !== "ACCOUNT" && level !== "ENDPOINT") {
    problems.push(`privateLink.privateAccessLevel: "${String(level)}" is not allowed; use "ACCOUNT" or "ENDPOINT"`);
  }
  return [...problems, ...frontEndProblems(props.privateLink)];
}

/** Front-end keys are construct ids; a private workspace allowing only its own endpoints needs one to be reachable. */
function frontEndProblems(privateLink: WorkspacePrivateLink | undefined): string[] {
  if (!privateLink) return [];
  const problems: string[] = [];
  const keys = Object.keys(privateLink.frontEndVpcEndpointIds ?? {});
  for (const key of keys) {
    if (!/^[a-z][a-z0-9-]{0,30}$/.test(key))
      problems.push(`privateLink.frontEndVpcEndpointIds: key "${key}" must be lowercase letters, digits and hyphens (it names the registration)`);
  }
  const onlyOwnEndpoints = (privateLink.privateAccessLevel ?? "ENDPOINT") === "ENDPOINT";
  if (onlyOwnEndpoints && !(privateLink.publicAccessEnabled ?? false) && keys.length === 0) {
    problems.push(
      "privateLink.frontEndVpcEndpointIds: none given, with public access off and level ENDPOINT; nobody but the compute plane could reach the workspace (give a front-end endpoint, or keep public access on)",
    );
  }
  return problems;
}
