/**
 * The workspace security concern: hardened admin settings, token lifetime, IP access lists, the compliance security
 * profile, enhanced security monitoring, automatic cluster update, and legacy features off.
 */
import { WorkspaceHardening } from "../../modules/databricks/workspace/workspace-hardening";
import type { Ready, UnityCatalogContext } from "./context";

export function createHardening(ctx: UnityCatalogContext, dependsOn: Ready): WorkspaceHardening {
  const security = ctx.uc.workspaceSecurity;
  const lists = (specs: { label: string; cidrs: string[] }[]) => specs.map((s) => ({ label: s.label, ipAddresses: s.cidrs }));
  return new WorkspaceHardening(ctx.stack, "WorkspaceHardening", {
    provider: ctx.workspaceProvider,
    allowedIpAddresses: lists(security.ipAccessLists.allow),
    blockedIpAddresses: lists(security.ipAccessLists.block),
    maxTokenLifetimeDays: security.maxTokenLifetimeDays,
    workspaceConf: security.workspaceConf,
    complianceStandards: security.complianceSecurityProfile,
    enhancedSecurityMonitoring: security.enhancedSecurityMonitoring,
    automaticClusterUpdate: security.automaticClusterUpdate,
    restrictWorkspaceAdmins: security.restrictWorkspaceAdmins,
    disableLegacyAccess: security.disableLegacyAccess,
    disableLegacyDbfs: security.disableLegacyDbfs,
    dependsOn: [...dependsOn],
  });
}
