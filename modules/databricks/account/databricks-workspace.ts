/**
 * A Databricks E2 workspace on AWS tying together credentials, root storage, network, private access settings and
 * customer-managed keys, registered at account level.
 */
import { MwsCustomerManagedKeys } from "@cdktf/provider-databricks/lib/mws-customer-managed-keys";
import { MwsWorkspaces } from "@cdktf/provider-databricks/lib/mws-workspaces";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { Fn, Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { databricksAccountIdProblems, nonEmptyProblems } from "./workspace-prop-checks";
import { throwIfInvalidProps } from "../../core/validation";

/** The tier every workspace here runs on: PrivateLink, customer-managed keys and the compliance profile need it. */
export const WORKSPACE_PRICING_TIER = "ENTERPRISE";

/** Minutes Terraform waits for a workspace to be provisioned by default (Databricks: usually 5-10). */
export const DEFAULT_PROVISIONING_TIMEOUT_MINUTES = 60;

/** Seconds a new workspace is given before workspace-level calls (the Security Reference Architecture's wait). */
export const DEFAULT_READINESS_SECONDS = 60;

/** A KMS key to register with Databricks. */
export interface WorkspaceKey {
  /** ARN of the key (it must be in the workspace's region). */
  readonly keyArn: string;
  /**
   * Alias of the key, `alias/...`.
   * @default - none registered
   */
  readonly keyAlias?: string;
}

/** Customer-managed keys of a workspace; their key policies must already allow Databricks (customer-managed-key-policies.ts). */
export interface WorkspaceCustomerManagedKeys {
  /** Encrypts managed services in the control plane: notebooks, secrets, SQL queries and history. */
  readonly managedServices: WorkspaceKey;
  /** Encrypts workspace storage: the root bucket (DBFS) and cluster EBS volumes. */
  readonly storage: WorkspaceKey;
}

/** Props of {@link DatabricksWorkspace}. */
export interface DatabricksWorkspaceProps {
  /** The account-level Databricks provider. */
  readonly provider: DatabricksProvider;
  /** The Databricks account id (UUID). */
  readonly databricksAccountId: string;
  /** The workspace name shown in the UI and account console. */
  readonly workspaceName: string;
  /** AWS region of the workspace (the VPC's region). */
  readonly region: string;
  /** `credentials_id` of the cross-account credential configuration. */
  readonly credentialsId: string;
  /** `storage_configuration_id` of the root bucket's storage configuration. */
  readonly storageConfigurationId: string;
  /** `network_id` of the network configuration. */
  readonly networkId: string;
  /**
   * `private_access_settings_id`: required with back-end PrivateLink.
   * @default - none (no PrivateLink)
   */
  readonly privateAccessSettingsId?: string;
  /**
   * Customer-managed keys to register (`databricks_mws_customer_managed_keys`) and attach.
   * @default - Databricks-managed keys
   */
  readonly customerManagedKeys?: WorkspaceCustomerManagedKeys;
  /**
   * The URL's subdomain (`https://<account prefix>-<deploymentName>.cloud.databricks.com`). Databricks must have
   * enabled a deployment-name prefix on the account, or creation fails.
   * @default - Databricks generates one
   */
  readonly deploymentName?: string;
  /**
   * Minutes Terraform waits for provisioning before it gives up (reads and updates wait the same).
   * @default 60
   */
  readonly provisioningTimeoutMinutes?: number;
  /**
   * Sets Terraform `prevent_destroy` on the workspace and the key registrations.
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Tags Databricks puts on the AWS resources it launches for the workspace.
   * @default - none
   */
  readonly customTags?: Record<string, string>;
  /**
   * Resources the workspace waits for, e.g. the region's Unity Catalog metastore, which must exist before the
   * workspace so that Databricks does not create one of its own.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Seconds to wait after the workspace is created before it is handed to workspace-level resources (through
   * {@link DatabricksWorkspace.readyWorkspaceUrl}): a new workspace can answer "workspace not found" for a while. The
   * wait runs when the workspace is created or replaced, not on later applies. The time provider must be configured.
   * @default 60
   */
  readonly readinessSeconds?: number;
}

/**
 * A `databricks_mws_workspaces` on the ENTERPRISE tier with every configuration passed by its dedicated id attribute
 * (`credentials_id`, `storage_configuration_id`, `network_id`, `private_access_settings_id`,
 * `customer_managed_key_id`): the composite `id`s (`<account>/<id>`) are refused by the API. With customer-managed
 * keys it registers one `databricks_mws_customer_managed_keys` per use case (MANAGED_SERVICES, STORAGE).
 *
 * No `token {}` block: later layers authenticate as a service principal (OAuth), not with a PAT.
 *
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/mws_workspaces
 * @example
 * const workspace = new DatabricksWorkspace(this, "Workspace", {
 *   provider: accountProvider,
 *   databricksAccountId: "3f2a9c4e-1b7d-4e5a-9c2f-6d8e0a1b2c3d",
 *   workspaceName: "lakehouse-dev-workspace",
 *   region: "us-west-2",
 *   credentialsId: credentials.credentialsId,
 *   storageConfigurationId: rootStorage.storageConfigurationId,
 *   networkId: network.networkId,
 * });
 */
export class DatabricksWorkspace extends Construct {
  /** The workspace resource. */
  public readonly workspace: MwsWorkspaces;
  /** Numeric workspace id (a number token, for resources that take `workspace_id` as a number). */
  public readonly workspaceIdNumber: number;
  /** Workspace id as a string (for outputs and maps). */
  public readonly workspaceId: string;
  /** `https://<deployment>.cloud.databricks.com`. */
  public readonly workspaceUrl: string;
  /** The deployment name (the URL's subdomain), as Databricks reports it. */
  public readonly deploymentName: string;
  /** The wait after creation. */
  public readonly ready: Sleep;
  /** The workspace URL, known only once the readiness wait is over: the host to give workspace-level providers. */
  public readonly readyWorkspaceUrl: string;
  /** The managed services key registration; undefined without customer-managed keys. */
  public readonly managedServicesKey?: MwsCustomerManagedKeys;
  /** The storage key registration; undefined without customer-managed keys. */
  public readonly storageKey?: MwsCustomerManagedKeys;

  constructor(scope: Construct, id: string, props: DatabricksWorkspaceProps) {
    super(scope, id);
    throwIfInvalidProps(this, propsProblems(props));
    const { provider, databricksAccountId: accountId } = props;
    const protect = props.protect ?? true;

    if (props.customerManagedKeys) {
      const register = (construct: string, useCase: string, key: WorkspaceKey) =>
        new MwsCustomerManagedKeys(this, construct, {
          provider,
          accountId,
          useCases: [useCase],
          awsKeyInfo: { keyArn: key.keyArn, ...(key.keyAlias ? { keyAlias: key.keyAlias } : {}) },
          lifecycle: { preventDestroy: protect },
        });
      this.managedServicesKey = register("ManagedServicesKey", "MANAGED_SERVICES", props.customerManagedKeys.managedServices);
      this.storageKey = register("StorageKey", "STORAGE", props.customerManagedKeys.storage);
    }

    const timeout = `${props.provisioningTimeoutMinutes ?? DEFAULT_PROVISIONING_TIMEOUT_MINUTES}m`;
    this.workspace = new MwsWorkspaces(this, "Workspace", {
      provider,
      accountId,
      workspaceName: props.workspaceName,
      awsRegion: props.region,
      pricingTier: WORKSPACE_PRICING_TIER,
      credentialsId: props.credentialsId,
      storageConfigurationId: props.storageConfigurationId,
      networkId: props.networkId,
      ...(props.privateAccessSettingsId ? { privateAccessSettingsId: props.privateAccessSettingsId } : {}),
      ...(this.managedServicesKey ? { managedServicesCustomerManagedKeyId: this.managedServicesKey.customerManagedKeyId } : {}),
      ...(this.storageKey ? { storageCustomerManagedKeyId: this.storageKey.customerManagedKeyId } : {}),
      ...(props.deploymentName ? { deploymentName: props.deploymentName } : {}),
      ...(props.customTags && Object.keys(props.customTags).length > 0 ? { customTags: props.customTags } : {}),
      timeouts: { create: timeout, read: timeout, update: timeout },
      lifecycle: { preventDestroy: protect },
      ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
    });
    this.workspaceIdNumber = this.workspace.workspaceId;
    this.workspaceId = Token.asString(this.workspace.workspaceId);
    this.workspaceUrl = this.workspace.workspaceUrl;
    this.deploymentName = this.workspace.deploymentName;
    // The Security Reference Architecture waits 60 s after creation: workspace-level calls made at once can fail
    // to find the workspace. Keyed on the workspace, so only a new workspace waits.
    this.ready = new Sleep(this, "Ready", {
      createDuration: `${props.readinessSeconds ?? DEFAULT_READINESS_SECONDS}s`,
      triggers: { workspace_id: this.workspaceId, workspace_url: this.workspaceUrl },
    });
    this.readyWorkspaceUrl = Token.asString(Fn.lookup(this.ready.triggers, "workspace_url"));
  }
}

function propsProblems(props: DatabricksWorkspaceProps): string[] {
  const problems = [
    ...databricksAccountIdProblems("databricksAccountId", props.databricksAccountId),
    ...nonEmptyProblems("workspaceName", props.workspaceName),
    ...nonEmptyProblems("region", props.region),
    ...(props.readinessSeconds !== undefined &&
    (!Number.isInteger(props.readinessSeconds) || props.readinessSeconds < 0 || props.readinessSeconds > 600)
      ? [`readinessSeconds: ${props.readinessSeconds} is not allowed; use a whole number from 0 to 600`]
      : []),
  ];
  const minutes = props.provisioningTimeoutMinutes;
  if (minutes !== undefined && !Token.isUnresolved(minutes) && !(Number.isInteger(minutes) && minutes >= 20 && minutes <= 180)) {
    problems.push(`provisioningTimeoutMinutes: ${minutes} is not allowed; use 20 to 180 minutes (provisioning alone takes 5-10)`);
  }
  const name = props.deploymentName;
  if (name !== undefined && !Token.isUnresolved(name) && !/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(name)) {
    problems.push(`deploymentName: "${name}" is not a valid URL label; use lowercase letters, digits and inner hyphens, at most 63`);
  }
  return problems;
}
