/**
 * The keys concern: the KMS keys of the environment, with the statements Databricks needs in their policies.
 */
import { KmsKey } from "../../modules/aws/kms-key";
import {
  managedServicesKeyStatements,
  rootBucketKeyStatements,
  workspaceStorageKeyStatements,
} from "../../modules/databricks/account/customer-managed-key-policies";
import type { LayerStack } from "../shared/layer-stack";
import { CROSS_ACCOUNT_ROLE } from "../shared/names";

/** The environment's KMS keys. */
export interface Keys {
  /** The workspace root bucket and cluster EBS volumes. */
  readonly workspaceStorage: KmsKey;
  /** Databricks managed services (notebooks, secrets, queries); only with customer-managed keys. */
  readonly managedServices?: KmsKey;
  /** Lakehouse data: Unity Catalog, medallion, landing zone and logs. */
  readonly data: KmsKey;
}

export function createKeys(stack: LayerStack): Keys {
  const { config, naming } = stack;
  const protect = config.dataProtection;
  const key = (id: string, component: string, description: string) =>
    new KmsKey(stack, id, { alias: naming.kmsAlias(component), description: `${description} (${config.name})`, protect });
  const workspaceStorage = key("WorkspaceStorageKey", "workspace-storage", "Databricks workspace root bucket and cluster EBS volumes");
  const managedServices = config.encryption.customerManagedKeys
    ? key("ManagedServicesKey", "managed-services", "Databricks managed services: notebooks, secrets, queries")
    : undefined;
  const databricksAccountId = config.databricks.accountId;
  if (managedServices) {
    // Registered with Databricks by the workspace layer; the cross-account role it creates later is named by
    // condition (KMS refuses a policy naming a role that does not exist yet).
    workspaceStorageKeyStatements({
      databricksAccountId,
      awsAccountId: config.aws.accountId,
      crossAccountRoleName: naming.iam(CROSS_ACCOUNT_ROLE),
    }).forEach((s) => workspaceStorage.addToKeyPolicy(s));
    managedServicesKeyStatements({ databricksAccountId }).forEach((s) => managedServices.addToKeyPolicy(s));
  } else {
    // The root bucket is SSE-KMS with this key even without customer-managed keys, and Databricks writes to it from
    // its own account: without these statements every DBFS write would be refused.
    rootBucketKeyStatements({ databricksAccountId }).forEach((s) => workspaceStorage.addToKeyPolicy(s));
  }
  return {
    workspaceStorage,
    ...(managedServices ? { managedServices } : {}),
    data: key("DataKey", "data", "Lakehouse data: Unity Catalog, medallion, landing zone and logs"),
  };
}
