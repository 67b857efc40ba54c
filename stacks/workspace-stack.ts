/**
 * The workspace layer: a Databricks E2 workspace on the customer-managed VPC of network-storage, and everything the
 * Databricks account holds for it. AWS: the cross-account role, the root bucket's policy, the log delivery role, the
 * orchestrator's secret. Databricks (account level only): credentials, storage and network configurations, PrivateLink
 * registrations and private access settings, customer-managed keys, the workspace, log delivery, groups and service
 * principals, and serverless egress control. The principals' workspace assignments are made by the unity-catalog
 * layer: the assignment API needs identity federation, which comes with the metastore assignment.
 */
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import type { Construct } from "constructs";
import type { PolicyStatement } from "../modules/aws/policy-document";
import { AccountIdentities } from "../modules/databricks/account/account-identities";
import { AuditLogDelivery } from "../modules/databricks/account/audit-log-delivery";
import { CrossAccountCredentials } from "../modules/databricks/account/cross-account-credentials";
import { EBS_KEY_ACTIONS, EBS_VIA_SERVICE } from "../modules/databricks/account/customer-managed-key-policies";
import { DatabricksWorkspace } from "../modules/databricks/account/databricks-workspace";
import { WorkspaceRootStorage } from "../modules/databricks/account/root-storage";
import { boundedName, NCC_NAME_MAX_LENGTH, NETWORK_POLICY_ID_MAX_LENGTH, ServerlessEgress } from "../modules/databricks/account/serverless-egress";
import { ServicePrincipalSecretStore } from "../modules/databricks/account/service-principal-secret-store";
import { WorkspaceNetwork } from "../modules/databricks/account/workspace-network";
import { backendOf } from "./backend";
import { commonTags, LayerStack, type LayerStackProps } from "./layer-stack";
import { NetworkStorageOutputs } from "./network-storage-stack";
import { accountGroupName, CROSS_ACCOUNT_ROLE, servicePrincipalName } from "./shared-names";
import { WorkspaceOutputs } from "./workspace-outputs";

/** The host of the account-level Databricks API (commercial AWS). */
export const DATABRICKS_ACCOUNTS_HOST = "https://accounts.cloud.databricks.com";

/** Name component of the log delivery role. */
export const LOG_DELIVERY_ROLE = "databricks-log-delivery";

/** The workspace stack of one environment (`<env>-workspace`). */
export class WorkspaceStack extends LayerStack {
  /** What this layer publishes (also declared as Terraform outputs). */
  public readonly outputs: WorkspaceOutputs;
  /** The account-level Databricks provider (alias "account"). */
  public readonly accountProvider: DatabricksProvider;
  /** The network-storage layer's contract, read from its remote state. */
  public readonly networkStorage: NetworkStorageOutputs;
  public readonly credentials: CrossAccountCredentials;
  public readonly rootStorage: WorkspaceRootStorage;
  public readonly network: WorkspaceNetwork;
  public readonly workspace: DatabricksWorkspace;
  public readonly logDelivery?: AuditLogDelivery;
  public readonly identities: AccountIdentities;
  /** OAuth secrets in Secrets Manager, by service principal key. */
  public readonly secrets: Readonly<Record<string, ServicePrincipalSecretStore>>;
  public readonly serverlessEgress: ServerlessEgress;

  constructor(scope: Construct, props: LayerStackProps) {
    super(scope, "workspace", props);
    const { config } = this;
    // Authentication comes from the environment (DATABRICKS_CLIENT_ID / DATABRICKS_CLIENT_SECRET of an account admin
    // service principal, or GitHub OIDC); the explicit account_id keeps account-level calls from guessing.
    this.accountProvider = new DatabricksProvider(this, "DatabricksAccount", {
      alias: "account",
      host: DATABRICKS_ACCOUNTS_HOST,
      accountId: config.databricks.accountId,
    });
    new TimeProvider(this, "Time");
    this.networkStorage = NetworkStorageOutputs.fromRemoteState(this, "network-storage", backendOf(config, "network-storage"));

    this.credentials = this.createCredentials();
    this.rootStorage = this.createRootStorage();
    this.network = this.createNetwork();
    this.workspace = this.createWorkspace();
    this.logDelivery = this.createLogDelivery();
    this.identities = this.createIdentities();
    this.secrets = this.createSecrets();
    this.serverlessEgress = this.createServerlessEgress();

    this.outputs = this.collectOutputs();
    WorkspaceOutputs.publish(this, this.outputs);
  }

  private get databricksAccountId(): string {
    return this.config.databricks.accountId;
  }

  private createCredentials(): CrossAccountCredentials {
    const { config, naming, networkStorage } = this;
    return new CrossAccountCredentials(this, "CrossAccount", {
      provider: this.accountProvider,
      databricksAccountId: this.databricksAccountId,
      roleName: naming.iam(CROSS_ACCOUNT_ROLE),
      credentialsName: naming.name("credentials"),
      scope: {
        awsAccountId: config.aws.accountId,
        region: config.aws.region,
        vpcId: networkStorage.vpcId,
        securityGroupId: networkStorage.workspaceSecurityGroupId,
      },
      iamPropagationSeconds: config.workspace.iamPropagationSeconds,
      ...(config.encryption.customerManagedKeys ? { additionalStatements: [this.ebsKeyStatement()] } : {}),
    });
  }

  /**
   * The identity-policy half of the storage key's EBS grant: the key policy (network-storage) allows the account,
   * narrowed to this role, so the role itself needs these actions in an IAM policy.
   */
  private ebsKeyStatement(): PolicyStatement {
    return {
      sid: "WorkspaceStorageKeyForEbs",
      effect: "Allow",
      actions: [...EBS_KEY_ACTIONS],
      resources: [this.networkStorage.workspaceStorageKeyArn],
      conditions: { "ForAnyValue:StringLike": { "kms:ViaService": EBS_VIA_SERVICE } },
    };
  }

  private createRootStorage(): WorkspaceRootStorage {
    return new WorkspaceRootStorage(this, "RootStorage", {
      provider: this.accountProvider,
      databricksAccountId: this.databricksAccountId,
      bucketName: this.networkStorage.rootBucketName,
      bucketArn: this.networkStorage.rootBucketArn,
      region: this.config.aws.region,
      storageConfigurationName: this.naming.name("root-storage"),
    });
  }

  private createNetwork(): WorkspaceNetwork {
    const { config, networkStorage } = this;
    const access = config.workspace.privateAccess;
    return new WorkspaceNetwork(this, "Network", {
      provider: this.accountProvider,
      databricksAccountId: this.databricksAccountId,
      name: this.naming.name("network"),
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
              privateAccessLevel: access?.level ?? "ACCOUNT",
            },
          }
        : {}),
    });
  }

  private createWorkspace(): DatabricksWorkspace {
    const { config, naming, networkStorage } = this;
    return new DatabricksWorkspace(this, "Workspace", {
      provider: this.accountProvider,
      databricksAccountId: this.databricksAccountId,
      workspaceName: naming.name("workspace", "databricks"),
      region: config.aws.region,
      credentialsId: this.credentials.credentialsId,
      storageConfigurationId: this.rootStorage.storageConfigurationId,
      networkId: this.network.networkId,
      ...(this.network.privateAccessSettingsId ? { privateAccessSettingsId: this.network.privateAccessSettingsId } : {}),
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
    });
  }

  private createLogDelivery(): AuditLogDelivery | undefined {
    const { config, naming, networkStorage } = this;
    const delivery = config.workspace.logDelivery;
    if (delivery.alreadyExists || (!delivery.auditLogs && !delivery.billableUsage)) return undefined;
    return new AuditLogDelivery(this, "LogDelivery", {
      provider: this.accountProvider,
      databricksAccountId: this.databricksAccountId,
      name: naming.name("log-delivery"),
      roleName: naming.iam(LOG_DELIVERY_ROLE),
      bucketName: networkStorage.logsBucketName,
      bucketArn: networkStorage.logsBucketArn,
      encryptionKeyArn: networkStorage.dataKeyArn,
      auditLogs: delivery.auditLogs,
      billableUsage: delivery.billableUsage,
      ...(delivery.scope === "workspace" ? { workspaceIds: [this.workspace.workspaceIdNumber] } : {}),
      iamPropagationSeconds: config.workspace.iamPropagationSeconds,
    });
  }

  /** Groups and service principals; their workspace assignments are in the unity-catalog layer (see the file comment). */
  private createIdentities(): AccountIdentities {
    const { config, naming } = this;
    const groups = Object.fromEntries(Object.keys(config.workspace.groups).map((key) => [key, { displayName: accountGroupName(naming, key) }]));
    const servicePrincipals = Object.fromEntries(
      Object.entries(config.workspace.servicePrincipals).map(([key, sp]) => [
        key,
        { displayName: servicePrincipalName(naming, key), memberOf: sp.memberOf, ...(sp.githubActions ? { githubActions: sp.githubActions } : {}) },
      ]),
    );
    return new AccountIdentities(this, "Identities", { provider: this.accountProvider, groups, servicePrincipals, protect: config.dataProtection });
  }

  private createSecrets(): Record<string, ServicePrincipalSecretStore> {
    const { config } = this;
    const secrets: Record<string, ServicePrincipalSecretStore> = {};
    for (const [key, sp] of Object.entries(config.workspace.servicePrincipals)) {
      if (!sp.oauthSecret) continue;
      const principal = this.identities.servicePrincipals[key];
      secrets[key] = new ServicePrincipalSecretStore(this, `OAuthSecret-${key}`, {
        provider: this.accountProvider,
        databricksAccountId: this.databricksAccountId,
        servicePrincipalId: principal.id,
        applicationId: principal.applicationId,
        secretName: `${config.project.prefix}/${config.name}/databricks/${key}-oauth`,
        encryptionKeyArn: this.networkStorage.dataKeyArn,
        lifetimeDays: sp.oauthSecret.lifetimeDays,
        rotationDays: sp.oauthSecret.rotationDays,
      });
    }
    return secrets;
  }

  private createServerlessEgress(): ServerlessEgress {
    const { config, naming } = this;
    const egress = config.workspace.serverlessEgress;
    return new ServerlessEgress(this, "ServerlessEgress", {
      provider: this.accountProvider,
      databricksAccountId: this.databricksAccountId,
      workspaceId: this.workspace.workspaceIdNumber,
      region: config.aws.region,
      nccName: boundedName(naming.name("ncc"), NCC_NAME_MAX_LENGTH),
      networkPolicyId: boundedName(naming.name("serverless-egress"), NETWORK_POLICY_ID_MAX_LENGTH),
      restrictionMode: egress.restrictionMode,
      enforcementMode: egress.enforcementMode,
      allowedDomains: egress.allowedDomains,
      allowedStorage: egress.allowedBuckets,
      privateEndpointRules: egress.privateEndpointRules,
    });
  }

  private collectOutputs(): WorkspaceOutputs {
    const { workspace, identities, network, secrets } = this;
    return {
      workspaceId: workspace.workspaceId,
      workspaceUrl: workspace.workspaceUrl,
      workspaceName: workspace.workspace.workspaceName,
      deploymentName: workspace.deploymentName,
      crossAccountRoleArn: this.credentials.roleArn,
      credentialsId: this.credentials.credentialsId,
      storageConfigurationId: this.rootStorage.storageConfigurationId,
      networkId: network.networkId,
      privateAccessSettingsId: network.privateAccessSettingsId ?? "",
      networkConnectivityConfigId: this.serverlessEgress.networkConnectivityConfigId,
      groupNames: identities.groupNames,
      groupIds: identities.groupIds,
      servicePrincipalNames: identities.servicePrincipalNames,
      servicePrincipalApplicationIds: identities.servicePrincipalApplicationIds,
      servicePrincipalIds: identities.servicePrincipalIds,
      orchestratorSecretArn: secrets.orchestrator?.secretArn ?? "",
      servicePrincipalSecretArns: Object.fromEntries(Object.entries(secrets).map(([key, s]) => [key, s.secretArn])),
      networkPolicyId: this.serverlessEgress.networkPolicyId,
    };
  }
}
