/**
 * The admin settings of a hardened workspace, as data: the workspace construct applies them, config validation keeps
 * production from overriding them, and the guardrails check the effective values. No provider classes.
 */

/**
 * Admin-console settings of a hardened workspace (Security Reference Architecture, customizations/workspace/
 * admin_configuration): verbose audit logs, user isolation, no DBFS browser, no notebook export or result download,
 * no upload UI, interactive results kept in our account. Some keys are refused on the Premium tier (SRA issue #46);
 * the workspace layer creates Enterprise workspaces.
 */
export const HARDENED_WORKSPACE_CONF: Readonly<Record<string, string>> = {
  enableTokensConfig: "true",
  enableVerboseAuditLogs: "true",
  enforceUserIsolation: "true",
  enableDbfsFileBrowser: "false",
  enableExportNotebook: "false",
  enableNotebookTableClipboard: "false",
  enableResultsDownloading: "false",
  enableUploadDataUis: "false",
  storeInteractiveNotebookResultsInCustomerAccount: "true",
};

/** The workspace_conf key that turns IP access lists on: without "true", configured lists are not enforced. */
export const IP_ACCESS_LISTS_KEY = "enableIpAccessLists";
