/**
 * The workspace layer: a Databricks E2 workspace on the customer-managed VPC of network-storage, and everything the
 * Databricks account holds for it. AWS: the cross-account role, the root bucket's policy, the log delivery role, the
 * orchestrator's secret. Databricks (account level only): credentials, storage and network configurations, PrivateLink
 * registrations and private access settings, customer-managed keys, the workspace, log delivery, groups and service
 * principals, and serverless egress control. The principals' workspace assignments are made by the unity-catalog
 * layer: the assignment API needs identity federation, which comes with the metastore assignment.
 *
 * Composition only: each concern maps config to construct props in its own file of this folder.
 */
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import type { Construct } from "constructs";
import type { AccountIdentities } from "../../modules/databricks/account/account-identities";
import type { AuditLogDelivery } from "../../modules/databricks/account/audit-log-delivery";
import type { CrossAccountCredentials } from "../../modules/databricks/account/cross-account-credentials";
import type { DatabricksWorkspace } from "../../modules/databricks/account/databricks-workspace";
import type { WorkspaceRootStorage } from "../../modules/databricks/account/root-storage";
import type { ServerlessEgress } from "../../modules/databricks/account/serverless-egress";
import type { ServicePrincipalSecretStore } from "../../modules/databricks/account/service-principal-secret-store";
import type { WorkspaceNetwork } from "../../modules/databricks/account/workspace-network";
import type { UnityCatalogMetastore } from "../../modules/databricks/unity-catalog/unity-catalog-metastore";
import { NetworkStorageOutputs } from "../network-storage/outputs";
import { backendOf } from "../shared/backend";
import { LayerStack, type LayerStackProps } from "../shared/layer-stack";
import { databricksAccountProvider, timeProvider } from "../shared/providers";
import type { WorkspaceContext } from "./context";
import { createCredentials, createRootStorage } from "./credentials";
import type { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { createIdentities, createSecrets, createTokenSecrets } from "./identities";
import { createLogDelivery } from "./log-delivery";
import { createMetastore } from "./metastore";
import { WorkspaceOutputs } from "./outputs";
import { createServerlessEgress } from "./serverless-egress";
import { createNetwork, createWorkspace } from "./workspace";

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
  /** The region's Unity Catalog metastore (created here, or checked to exist), made before the workspace. */
  public readonly metastore: UnityCatalogMetastore;
  public readonly logDelivery?: AuditLogDelivery;
  public readonly identities: AccountIdentities;
  /** OAuth secrets in Secrets Manager, by service principal key. */
  public readonly secrets: Readonly<Record<string, ServicePrincipalSecretStore>>;
  /** Empty token secrets by service principal key (`tokenSecret`). */
  public readonly tokenSecrets: Readonly<Record<string, SecretsmanagerSecret>>;
  public readonly serverlessEgress: ServerlessEgress;

  constructor(scope: Construct, props: LayerStackProps) {
    super(scope, "workspace", props);
    const { config } = this;
    this.accountProvider = databricksAccountProvider(this, config.databricks.accountId);
    timeProvider(this);
    this.networkStorage = NetworkStorageOutputs.fromRemoteState(this, "network-storage", backendOf(config, "network-storage"));
    const ctx: WorkspaceContext = {
      stack: this,
      accountProvider: this.accountProvider,
      networkStorage: this.networkStorage,
      databricksAccountId: config.databricks.accountId,
    };

    this.credentials = createCredentials(ctx);
    this.rootStorage = createRootStorage(ctx);
    this.network = createNetwork(ctx);
    this.identities = createIdentities(ctx);
    this.metastore = createMetastore(ctx, this.identities);
    this.workspace = createWorkspace(ctx, {
      credentials: this.credentials,
      rootStorage: this.rootStorage,
      network: this.network,
      metastore: this.metastore,
    });
    this.logDelivery = createLogDelivery(ctx, this.workspace);
    this.secrets = createSecrets(ctx, this.identities);
    this.tokenSecrets = createTokenSecrets(ctx);
    this.serverlessEgress = createServerlessEgress(ctx, this.workspace);

    this.outputs = this.collectOutputs();
    WorkspaceOutputs.publish(this, this.outputs);
  }

  private collectOutputs(): WorkspaceOutputs {
    const { workspace, identities, network, secrets } = this;
    return {
      workspaceId: workspace.workspaceId,
      // Through the readiness wait: a layer using the URL starts only once a new workspace answers.
      workspaceUrl: workspace.readyWorkspaceUrl,
      metastoreId: this.metastore.metastoreId,
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
      servicePrincipalTokenSecretArns: Object.fromEntries(Object.entries(this.tokenSecrets).map(([key, s]) => [key, s.arn])),
      networkPolicyId: this.serverlessEgress.networkPolicyId,
    };
  }
}
