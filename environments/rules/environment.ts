/**
 * The cross-field rules a schema cannot express, gathered: every section's rules for one environment, the
 * production controls that span sections, and the rules between environments.
 */
import type { EnvironmentConfig } from "../schema";
import { dmsAccountRoleProblems, ingestionProblems } from "./ingestion";
import { servingProblems } from "./serving";
import { collaborationProblems, marketplaceAdminProblems } from "./collaboration";
import { metastoreSharingProblems } from "./metastore-sharing";
import { networkProblems } from "./network";
import type { ConfigProblem, FieldProblem, SourcedConfig } from "./problem";
import { storageProblems } from "./storage";
import { tagProblems } from "./tags";
import { unityCatalogProblems } from "./unity-catalog";
import { accountScopeLogDeliveryProblems, workspaceProblems } from "./workspace";

/** Every cross-field rule of one environment, section by section. */
export function environmentProblems(config: EnvironmentConfig): FieldProblem[] {
  return [
    ...networkProblems(config),
    ...productionProblems(config),
    ...storageProblems(config),
    ...tagProblems(config),
    ...workspaceProblems(config),
    ...unityCatalogProblems(config),
    ...ingestionProblems(config),
    ...servingProblems(config),
    ...collaborationProblems(config),
  ];
}

/** A production environment runs with the controls the Security Reference Architecture requires. */
function productionProblems(config: EnvironmentConfig): FieldProblem[] {
  if (!config.production) return [];
  const required: [boolean, string, string][] = [
    [config.dataProtection, "dataProtection", "production environments must protect data; set it to true"],
    [config.network.privateLink.enabled, "network.privateLink.enabled", "production environments must use PrivateLink; set it to true"],
    [
      config.encryption.customerManagedKeys,
      "encryption.customerManagedKeys",
      "production environments must use customer-managed keys; set it to true",
    ],
  ];
  return required.filter(([ok]) => !ok).map(([, path, message]) => ({ path, message }));
}

/**
 * Environment names are unique: they are part of every stack id, state key and physical name. `earlier` are the
 * environments validated before `next`; the message names the last of them that has the name.
 */
export function duplicateNameProblems(next: SourcedConfig, earlier: readonly SourcedConfig[]): ConfigProblem[] {
  const previous = earlier.filter(({ config }) => config.name === next.config.name).at(-1);
  if (!previous) return [];
  return [
    {
      source: next.source,
      path: "name",
      message: `"${next.config.name}" is already the name of ${previous.source}; environment names must be unique`,
    },
  ];
}

/**
 * Rules between environments that share account-level objects: one Unity Catalog metastore per region and
 * Databricks account (metastore-sharing.ts), one account-scope log delivery per Databricks account (workspace.ts), and
 * one creator of the DMS roles per AWS account (ingestion.ts), one Marketplace admin role per Databricks account (collaboration.ts). `registered` are the registry's stage names: stages left out of a run (LAKEHOUSE_ENV=prod), so a
 * sharedWith entry naming one is not a typo.
 */
export function crossEnvironmentProblems(valid: readonly SourcedConfig[], registered: readonly string[]): ConfigProblem[] {
  return [
    ...metastoreSharingProblems(valid, registered),
    ...accountScopeLogDeliveryProblems(valid),
    ...dmsAccountRoleProblems(valid),
    ...marketplaceAdminProblems(valid),
  ];
}
