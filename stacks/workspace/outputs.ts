/**
 * The workspace layer's contract: what the layers after it (Unity Catalog, ingestion, serving, collaboration)
 * and other teams' apps read from a deployed workspace layer.
 */
import { defineLayerContract } from "../shared/layer-contract";

/** What the workspace layer gives the layers after it. Fields that depend on config are "" (or empty) when off. */
export interface WorkspaceOutputs {
  /** Numeric workspace id, as a string. */
  readonly workspaceId: string;
  /** https://<deployment>.cloud.databricks.com: the host of every workspace-level provider. */
  readonly workspaceUrl: string;
  /** Databricks workspace name. */
  readonly workspaceName: string;
  /** The region's Unity Catalog metastore (created or checked by this layer, before the workspace). */
  readonly metastoreId: string;
  /** Databricks deployment name (the subdomain of the workspace URL). */
  readonly deploymentName: string;
  /** IAM role Databricks assumes to run classic compute. */
  readonly crossAccountRoleArn: string;
  /** Databricks credential configuration id. */
  readonly credentialsId: string;
  /** Databricks storage configuration id of the root bucket. */
  readonly storageConfigurationId: string;
  /** Databricks network configuration id. */
  readonly networkId: string;
  /** Private access settings id; empty without PrivateLink. */
  readonly privateAccessSettingsId: string;
  /** Network connectivity configuration id (serverless egress). */
  readonly networkConnectivityConfigId: string;
  /** Account group display names by config key (platform-admins, data-engineers, analysts, data-scientists, ...). */
  readonly groupNames: Record<string, string>;
  /** Account group ids by config key. */
  readonly groupIds: Record<string, string>;
  /** Service principal display names by config key (deployer, orchestrator, ...). */
  readonly servicePrincipalNames: Record<string, string>;
  /** Service principal application ids (what Unity Catalog grants name) by config key (deployer, orchestrator, ...). */
  readonly servicePrincipalApplicationIds: Record<string, string>;
  /** Service principal ids by config key. */
  readonly servicePrincipalIds: Record<string, string>;
  /** Secrets Manager ARN of the orchestrator's OAuth secret (the secret itself is never an output). */
  readonly orchestratorSecretArn: string;
  /** Secrets Manager ARNs of every service principal OAuth secret, by principal key (orchestrator included). */
  readonly servicePrincipalSecretArns: Record<string, string>;
  /** Secrets Manager ARNs of the token secrets (`{"username":"token","password":...}`, set outside Terraform), by principal key. */
  readonly servicePrincipalTokenSecretArns: Record<string, string>;
  /** Id of the account network policy that limits the workspace's serverless egress. */
  readonly networkPolicyId: string;
}

export const WorkspaceOutputs = defineLayerContract<WorkspaceOutputs>("workspace", {
  workspaceId: { kind: "string", description: "Databricks workspace id" },
  workspaceUrl: { kind: "string", description: "Databricks workspace URL (host of workspace-level providers)" },
  workspaceName: { kind: "string", description: "Databricks workspace name" },
  metastoreId: { kind: "string", description: "Unity Catalog metastore of the region, to be assigned to the workspace" },
  deploymentName: { kind: "string", description: "Databricks deployment name (the subdomain of the workspace URL)" },
  crossAccountRoleArn: { kind: "string", description: "IAM role Databricks assumes to run classic compute" },
  credentialsId: { kind: "string", description: "Databricks credential configuration id" },
  storageConfigurationId: { kind: "string", description: "Databricks storage configuration id of the root bucket" },
  networkId: { kind: "string", description: "Databricks network configuration id" },
  privateAccessSettingsId: { kind: "string", description: "Private access settings id; empty without PrivateLink" },
  networkConnectivityConfigId: { kind: "string", description: "Network connectivity configuration id (serverless egress)" },
  groupNames: { kind: "map", description: "Account group display names by role key" },
  groupIds: { kind: "map", description: "Account group ids by role key" },
  servicePrincipalNames: { kind: "map", description: "Service principal display names by key" },
  servicePrincipalApplicationIds: { kind: "map", description: "Service principal application ids by key" },
  servicePrincipalIds: { kind: "map", description: "Service principal ids by key" },
  orchestratorSecretArn: { kind: "string", description: "Secrets Manager ARN holding the orchestrator's OAuth secret" },
  servicePrincipalSecretArns: { kind: "map", description: "Secrets Manager ARNs of service principal OAuth secrets by key" },
  servicePrincipalTokenSecretArns: {
    kind: "map",
    description: "Secrets Manager ARNs of service principal token secrets (value set outside Terraform) by key",
  },
  networkPolicyId: { kind: "string", description: "Account network policy restricting serverless egress of the workspace" },
});
