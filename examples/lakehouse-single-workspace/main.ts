/**
 * A single-workspace Databricks lakehouse with Unity Catalog, in one stack, built from the databricks-lakehouse-aws
 * package the way another team's app uses it: through the package name and its entry points, never a path into its
 * source.
 *
 * AWS: a data key, the access-log, workspace-root and Unity Catalog buckets, and a customer-managed VPC for classic
 * compute. Databricks account: the cross-account credentials, root storage and network configurations, the workspace,
 * the region's Unity Catalog metastore and its assignment. Databricks workspace: the storage credential, one external
 * location, and a medallion catalog whose gold schema the analysts may read.
 *
 * One stack is enough for a small team; the repository this package comes from splits the same pieces into layers
 * (network-storage, workspace, unity-catalog), each with its own state, so that the workspace-level provider is
 * configured from an applied workspace. Here that provider reads the workspace URL of the same stack, which Terraform
 * resolves on the first apply only after the workspace exists (apply with `-target` for the workspace first, or split
 * the stack the same way, if your Terraform version refuses).
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { DatabricksVpc, KmsKey, SecureBucket } from "databricks-lakehouse-aws/aws";
import { CrossAccountCredentials, DatabricksWorkspace, WorkspaceNetwork, WorkspaceRootStorage } from "databricks-lakehouse-aws/databricks/account";
import {
  MedallionCatalog,
  UnityCatalogMetastore,
  UnityCatalogStorageCredential,
  WorkspaceMetastoreAssignment,
} from "databricks-lakehouse-aws/databricks/unity-catalog";
import { groupPrincipal } from "databricks-lakehouse-aws/databricks";

/** What differs between one team's deployments: everything else follows from it. */
interface LakehouseConfig {
  /** Prefix of every physical name (`acme-dev-...`). */
  readonly prefix: string;
  readonly awsAccountId: string;
  readonly region: string;
  readonly databricksAccountId: string;
  /** The account group whose members read the gold layer. */
  readonly analystsGroup: string;
}

class LakehouseStack extends TerraformStack {
  constructor(scope: Construct, id: string, config: LakehouseConfig) {
    super(scope, id);
    const { prefix, awsAccountId, region, databricksAccountId } = config;

    new AwsProvider(this, "aws", { region, defaultTags: [{ tags: { project: prefix } }] });
    new TimeProvider(this, "time");
    const account = new DatabricksProvider(this, "databricks-account", {
      alias: "account",
      host: "https://accounts.cloud.databricks.com",
      accountId: databricksAccountId,
    });

    // AWS: one data key, the buckets, the VPC.
    const dataKey = new KmsKey(this, "DataKey", { alias: `${prefix}/data`, description: "Lakehouse data buckets" });
    const accessLogs = SecureBucket.forAccessLogs(this, "AccessLogs", { bucketName: `${prefix}-access-logs-${awsAccountId}` });
    const logs = new SecureBucket(this, "Logs", {
      bucketName: `${prefix}-logs-${awsAccountId}`,
      encryptionKey: dataKey,
      accessLogsBucket: accessLogs,
    });
    logs.allowLogDelivery("vpc-flow-logs/");
    dataKey.grantLogDelivery();
    // The root bucket's only policy is written by WorkspaceRootStorage (Databricks' statements and ours, merged).
    const root = new SecureBucket(this, "WorkspaceRoot", {
      bucketName: `${prefix}-workspace-root-${awsAccountId}`,
      encryption: "S3_MANAGED",
      accessLogsBucket: accessLogs,
      externalBucketPolicy: true,
    });
    const ucBucket = new SecureBucket(this, "UnityCatalog", {
      bucketName: `${prefix}-unity-catalog-${awsAccountId}`,
      encryptionKey: dataKey,
      accessLogsBucket: accessLogs,
    });
    const vpc = new DatabricksVpc(this, "Vpc", {
      name: `${prefix}-vpc`,
      cidrBlock: "10.20.0.0/16",
      region,
      egress: "nat",
      workspaceSubnets: [
        { cidrBlock: "10.20.0.0/19", availabilityZone: `${region}a` },
        { cidrBlock: "10.20.32.0/19", availabilityZone: `${region}b` },
      ],
      publicSubnets: [{ cidrBlock: "10.20.255.0/28", availabilityZone: `${region}a` }],
      flowLogs: { destinationArn: `${logs.bucketArn}/vpc-flow-logs/` },
    });

    // Databricks account: credentials, storage, network, the workspace.
    const credentials = new CrossAccountCredentials(this, "CrossAccount", {
      provider: account,
      databricksAccountId,
      roleName: `${prefix}-databricks-cross-account`,
      credentialsName: `${prefix}-credentials`,
      scope: { awsAccountId, region, vpcId: vpc.vpcId, securityGroupId: vpc.securityGroupId },
    });
    const rootStorage = new WorkspaceRootStorage(this, "RootStorage", {
      provider: account,
      databricksAccountId,
      bucketName: root.bucketName,
      bucketArn: root.bucketArn,
      region,
      storageConfigurationName: `${prefix}-root-storage`,
    });
    const network = new WorkspaceNetwork(this, "Network", {
      provider: account,
      databricksAccountId,
      name: `${prefix}-network`,
      region,
      vpcId: vpc.vpcId,
      subnetIds: vpc.workspaceSubnetIds,
      securityGroupIds: [vpc.securityGroupId],
    });
    // Unity Catalog: the region's metastore first. A workspace created in a region with no metastore gets one from
    // Databricks, and this metastore would then fail at apply; so the workspace waits for it.
    const metastore = new UnityCatalogMetastore(this, "Metastore", { provider: account, region, name: `${prefix}-${region}` });
    const workspace = new DatabricksWorkspace(this, "Workspace", {
      provider: account,
      databricksAccountId,
      workspaceName: `${prefix}-workspace`,
      region,
      credentialsId: credentials.credentialsId,
      storageConfigurationId: rootStorage.storageConfigurationId,
      networkId: network.networkId,
      dependsOn: [metastore.dependable],
    });
    const assignment = new WorkspaceMetastoreAssignment(this, "MetastoreAssignment", {
      provider: account,
      metastoreId: metastore.metastoreId,
      workspaceId: workspace.workspaceIdNumber,
    });

    // Databricks workspace: credential, location, catalog, grants.
    const workspaceProvider = new DatabricksProvider(this, "databricks-workspace", { alias: "workspace", host: workspace.readyWorkspaceUrl });
    const credential = new UnityCatalogStorageCredential(this, "StorageCredential", {
      provider: workspaceProvider,
      name: `${prefix.replace(/-/g, "_")}_data_access`,
      roleName: `${prefix}-uc-data-access`,
      awsAccountId,
      region,
      buckets: [{ bucketName: ucBucket.bucketName }],
      kmsKeyArn: dataKey.keyArn,
      dependsOn: [assignment.ready],
    });
    const location = credential.addExternalLocation("CatalogStorage", {
      name: `${prefix.replace(/-/g, "_")}_catalog_storage`,
      url: `s3://${ucBucket.bucketName}/`,
      kmsKeyArn: dataKey.keyArn,
    });
    const catalogName = `${prefix.replace(/-/g, "_")}_sales`;
    const catalog = new MedallionCatalog(this, "Sales", {
      provider: workspaceProvider,
      name: catalogName,
      storageRoot: `s3://${ucBucket.bucketName}/${catalogName}`,
      workspaceIds: [workspace.workspaceIdNumber],
      dependsOn: [assignment.ready, location.location],
    });
    catalog.layer("gold").grantRead(groupPrincipal(config.analystsGroup));

    new TerraformOutput(this, "workspace_url", { value: workspace.workspaceUrl });
    new TerraformOutput(this, "catalog_name", { value: catalog.name });
  }
}

const app = new App();
new LakehouseStack(app, "lakehouse", {
  prefix: "acme-dev",
  awsAccountId: "123456789012",
  region: "us-west-2",
  databricksAccountId: "00000000-0000-0000-0000-000000000000",
  analystsGroup: "acme-dev-analysts",
});
app.synth();
