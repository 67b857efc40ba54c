/** What the examples of modules/databricks/README.md take from their surroundings. */
export const PRELUDE = `
    import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
    import type { WorkspaceMetastoreAssignment } from "./modules/databricks/unity-catalog/workspace-metastore-assignment";
    declare const account: DatabricksProvider;
    declare const workspace: DatabricksProvider;
    declare const databricksAccountId: string;
    declare const vpcId: string;
    declare const subnetIds: string[];
    declare const securityGroupId: string;
    declare const workspaceId: number;
    declare const dataKeyArn: string; // the customer-managed KMS key of the buckets and secrets
    declare const metastoreAssignment: WorkspaceMetastoreAssignment; // the "Then: Unity Catalog" example's`;
