/**
 * What every workspace permission here (`databricks_permissions` on a cluster policy, job, pipeline or folder) does
 * alike with a {@link Principal}: name it in an `access_control` block, and refuse an empty one or everyone.
 */
import type { PermissionsAccessControl } from "@cdktf/provider-databricks/lib/permissions";
import { Token } from "cdktf";
import type { Principal } from "./principal";
import { ALL_USERS_PRINCIPALS } from "./unity-catalog/privileges";

/** The `access_control` entry naming `principal` with `level` (group name, service principal application id, user name). */
export function accessControlOf(principal: Principal, level: string): PermissionsAccessControl {
  switch (principal.kind) {
    case "group":
      return { groupName: principal.name, permissionLevel: level };
    case "service-principal":
      return { servicePrincipalName: principal.name, permissionLevel: level };
    case "user":
      return { userName: principal.name, permissionLevel: level };
  }
}

/** Problems with a principal a permission would name: empty, or everyone in the workspace. */
export function principalProblems(prop: string, principal: Principal): string[] {
  if (Token.isUnresolved(principal.name)) return [];
  if (principal.name.trim().length === 0) return [`${prop}: the ${principal.kind} name is empty; name a group, service principal or user`];
  if (principal.kind === "group" && ALL_USERS_PRINCIPALS.includes(principal.name.trim().toLowerCase())) {
    return [`${prop}: "${principal.name}" is everyone in the workspace; grant to a named group instead`];
  }
  return [];
}

/** {@link principalProblems} for every principal of each list, named `<prop>[<i>]`, lists in the order given. */
export function principalListProblems(lists: Readonly<Record<string, readonly Principal[] | undefined>>): string[] {
  return Object.entries(lists).flatMap(([prop, principals]) => (principals ?? []).flatMap((p, i) => principalProblems(`${prop}[${i}]`, p)));
}

/** Problems with granting `level` to `principal`: the principal's, then a level not among `levels` (of a `what`). */
export function levelGrantProblems<L extends string>(principal: Principal, level: L, levels: readonly L[], what: string): string[] {
  const problems = principalProblems("principal", principal);
  if (!levels.includes(level)) problems.push(`level: "${level}" is not a ${what} permission level; use one of ${levels.join(", ")}`);
  return problems;
}
