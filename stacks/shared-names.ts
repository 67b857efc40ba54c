/**
 * Physical-name components that more than one layer needs before the named resource exists (for example a key
 * policy in network-storage that names the cross-account role the workspace layer creates later). One place, so
 * the layers cannot disagree.
 */

/** The IAM role Databricks assumes to launch clusters (created by the workspace layer). */
export const CROSS_ACCOUNT_ROLE = "databricks-cross-account";
