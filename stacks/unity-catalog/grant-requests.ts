/**
 * The grant plan on the unity-catalog layer's securables: every layer asks here for what its principals need (the
 * ingestion pipelines write bronze, a serving app reads gold), and this layer, which owns the securables, renders
 * all of it into one authoritative `databricks_grants` per securable (docs/decisions/0005-one-grant-plan.md).
 */
import type { EnvironmentConfig } from "../../environments";
import type { GrantRequest } from "../shared/grant-request";

export type { GrantRequest } from "../shared/grant-request";

/**
 * The unity-catalog layer's own requests, from `unityCatalog.grants`: writers and the pipelines write a layer,
 * readers read it, the ml schema is for models; whoever loads bronze reads the landing files.
 */
export function unityCatalogGrantRequests(config: EnvironmentConfig): GrantRequest[] {
  const { grants } = config.unityCatalog;
  const requestedBy = "unity-catalog";
  const requests: GrantRequest[] = [];
  for (const layer of ["bronze", "silver", "gold"] as const) {
    for (const principal of unique([...grants[layer].write, ...grants.pipelines]))
      requests.push({ target: layer, access: "write", principal, requestedBy });
    for (const principal of grants[layer].read) requests.push({ target: layer, access: "read", principal, requestedBy });
  }
  for (const principal of grants.ml.createModels) requests.push({ target: "ml", access: "create-models", principal, requestedBy });
  for (const principal of grants.ml.read) requests.push({ target: "ml", access: "read", principal, requestedBy });
  for (const principal of unique([...grants.bronze.write, ...grants.pipelines]))
    requests.push({ target: "landing", access: "read-files", principal, requestedBy });
  return requests;
}

/** The requests on one target, in the order asked, each (access, principal) once. */
export function requestsFor<T extends GrantRequest["target"]>(requests: readonly GrantRequest[], target: T): Extract<GrantRequest, { target: T }>[] {
  const seen = new Set<string>();
  return requests.filter((r): r is Extract<GrantRequest, { target: T }> => {
    const key = `${r.access} ${r.principal}`;
    if (r.target !== target || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
