import { DatabricksWorkspace, type DatabricksWorkspaceProps } from "../../../../modules/databricks/account/databricks-workspace";
import { synthesize, type SynthesizedStack } from "../../../synth-json";
import { DATABRICKS_ACCOUNT_ID, workspaceFixture } from "../workspace-fixture";

const keys = {
  managedServices: { keyArn: "arn:aws:kms:us-east-1:333333333333:key/ms", keyAlias: "alias/lakehouse/prod/managed-services" },
  storage: { keyArn: "arn:aws:kms:us-east-1:333333333333:key/st", keyAlias: "alias/lakehouse/prod/workspace-storage" },
};

function build(overrides: Partial<DatabricksWorkspaceProps> = {}): SynthesizedStack {
  const { stack, provider } = workspaceFixture();
  new DatabricksWorkspace(stack, "Workspace", {
    provider,
    databricksAccountId: DATABRICKS_ACCOUNT_ID,
    workspaceName: "lakehouse-prod-workspace",
    region: "us-east-1",
    credentialsId: "cred-1",
    storageConfigurationId: "storage-1",
    networkId: "network-1",
    ...overrides,
  });
  return synthesize(stack);
}

describe("DatabricksWorkspace", () => {
  const s = build();
  const workspace = () => s.resource("databricks_mws_workspaces", "/Workspace/Workspace").block;

  it("creates an ENTERPRISE workspace from the given configuration ids", () => {
    expect(workspace()).toMatchObject({
      account_id: DATABRICKS_ACCOUNT_ID,
      workspace_name: "lakehouse-prod-workspace",
      aws_region: "us-east-1",
      pricing_tier: "ENTERPRISE",
      credentials_id: "cred-1",
      storage_configuration_id: "storage-1",
      network_id: "network-1",
      provider: "databricks.account",
    });
  });

  it("waits up to an hour for provisioning and is protected from destroy by default", () => {
    expect(workspace()).toMatchObject({ timeouts: { create: "60m", read: "60m", update: "60m" }, lifecycle: { prevent_destroy: true } });
  });

  it("has no token block and no customer-managed keys unless given", () => {
    expect(workspace().token).toBeUndefined();
    expect(workspace().managed_services_customer_managed_key_id).toBeUndefined();
    expect(s.resources("databricks_mws_customer_managed_keys")).toEqual({});
  });

  it("registers one key per use case and attaches each by its customer_managed_key_id", () => {
    const cmk = build({ customerManagedKeys: keys, privateAccessSettingsId: "pas-1", deploymentName: "lakehouse-prod", protect: false });
    expect(cmk.resource("databricks_mws_customer_managed_keys", "/Workspace/ManagedServicesKey").block).toMatchObject({
      use_cases: ["MANAGED_SERVICES"],
      aws_key_info: { key_arn: keys.managedServices.keyArn, key_alias: keys.managedServices.keyAlias },
      lifecycle: { prevent_destroy: false },
    });
    expect(cmk.resource("databricks_mws_customer_managed_keys", "/Workspace/StorageKey").block).toMatchObject({ use_cases: ["STORAGE"] });
    expect(cmk.resource("databricks_mws_workspaces", "/Workspace/Workspace").block).toMatchObject({
      managed_services_customer_managed_key_id: cmk.ref(
        "databricks_mws_customer_managed_keys",
        "/Workspace/ManagedServicesKey",
        "customer_managed_key_id",
      ),
      storage_customer_managed_key_id: cmk.ref("databricks_mws_customer_managed_keys", "/Workspace/StorageKey", "customer_managed_key_id"),
      private_access_settings_id: "pas-1",
      deployment_name: "lakehouse-prod",
      lifecycle: { prevent_destroy: false },
    });
  });

  it("refuses a bad timeout, deployment name and empty workspace name", () => {
    expect(() => build({ provisioningTimeoutMinutes: 5, deploymentName: "Bad_Name", workspaceName: " " })).toThrow(
      /workspaceName: is empty[\s\S]*provisioningTimeoutMinutes: 5[\s\S]*deploymentName: "Bad_Name"/,
    );
  });
});
