/**
 * The workspace concern: the network configuration (with PrivateLink registrations and private access settings when
 * configured) and the ENTERPRISE workspace on it, with customer-managed keys when configured.
 */
import { Fn, Token } from "cdktf";
import type { CrossAccountCredentials } from "../../modules/databricks/account/cross-account-credentials";
import { DatabricksWorkspace } from "../../modules/databricks/account/databricks-workspace";
import type { WorkspaceRootStorage } from "../../modules/databricks/account/root-storage";
import { WorkspaceNetwork } from "../../modules/databricks/account/workspace-network";
import type { UnityCatalogMetastore } from "../../modules/databricks/unity-catalog/unity-catalog-metastore";
import { commonTags } from "../shared/layer-stack";
import type { WorkspaceContext } from "./context";

export function createNetwork(ctx: WorkspaceContext): WorkspaceNetwork {
  const { config } = ctx.stack;
  const { networkStorage } = ctx;
  const access = config.workspace.privateAccess;
  return new WorkspaceNetwork(ctx.stack, "Network", {
    provider: ctx.accountProvider,
    databricksAccountId: ctx.databricksAccountId,
    name: ctx.stack.naming.name("network"),
    region: config.aws.region,
    vpcId: networkStorage.vpcId,
    subnetIds: networkStorage.workspaceSubnetIds,
    securityGroupIds: [networkStorage.workspaceSecurityGroupId],
    ...(config.network.privateLink.enabled
      ? {
          privateLink: {
            workspaceVpcEndpointId: networkStorage.workspaceVpcEndpointId,
            relayVpcEndpointId: networkStorage.relayVpcEndpointId,
            publicAccessEnabled: access?.publicAccessEnabled ?? false,
            privateAccessLevel: access?.level ?? "ENDPOINT",
            // The transit VPC's front-end endpoint (network-storage), registered and allowed here.
            ...(config.network.frontEnd
              ? { frontEndVpcEndpointIds: { transit: Token.asString(Fn.lookup(networkStorage.frontEnd, "endpoint-id")) } }
              : {}),
          },
        }
      : {}),
  });
}

/** The parts of the workspace configured elsewhere in this layer. */
export interface WorkspaceParts {
  readonly credentials: CrossAccountCredentials;
  readonly rootStorage: WorkspaceRootStorage;
  readonly network: WorkspaceNetwork;
  /** The region's metastore, which must exist before the workspace. */
  readonly metastore: UnityCatalogMetastore;
}

export function createWorkspace(ctx: WorkspaceContext, parts: WorkspaceParts): DatabricksWorkspace {
  const { config, naming } = ctx.stack;
  const { networkStorage } = ctx;
  return new DatabricksWorkspace(ctx.stack, "Workspace", {
    provider: ctx.accountProvider,
    databricksAccountId: ctx.databricksAccountId,
    workspaceName: naming.name("workspace", "databricks"),
    region: config.aws.region,
    credentialsId: parts.credentials.credentialsId,
    storageConfigurationId: parts.rootStorage.storageConfigurationId,
    networkId: parts.network.networkId,
    ...(parts.network.privateAccessSettingsId ? { privateAccessSettingsId: parts.network.privateAccessSettingsId } : {}),
    ...(config.encryption.customerManagedKeys
      ? {
          customerManagedKeys: {
            managedServices: { keyArn: networkStorage.managedServicesKeyArn, keyAlias: networkStorage.managedServicesKeyAlias },
            storage: { keyArn: networkStorage.workspaceStorageKeyArn, keyAlias: networkStorage.workspaceStorageKeyAlias },
          },
        }
      : {}),
    // `<prefix>-<stage>`: the naming function without a component.
    ...(config.workspace.customDeploymentName ? { deploymentName: naming.name("", "databricks") } : {}),
    provisioningTimeoutMinutes: config.workspace.provisioningTimeoutMinutes,
    protect: config.dataProtection,
    customTags: commonTags(config),
    dependsOn: [parts.metastore.dependable],
  });
}
