import {
  HARDENED_WORKSPACE_CONF,
  WorkspaceHardening,
  type WorkspaceHardeningProps,
} from "../../../../modules/databricks/workspace/workspace-hardening";
import { synthesize } from "../../../synth-json";
import { ucStack } from "../unity-catalog/uc-fixture";

function build(props: Partial<WorkspaceHardeningProps> = {}) {
  const { stack, workspace } = ucStack();
  new WorkspaceHardening(stack, "Hardening", { provider: workspace, ...props });
  return synthesize(stack);
}

const SETTINGS = [
  "databricks_compliance_security_profile_workspace_setting",
  "databricks_enhanced_security_monitoring_workspace_setting",
  "databricks_automatic_cluster_update_workspace_setting",
  "databricks_restrict_workspace_admins_setting",
] as const;

describe("WorkspaceHardening", () => {
  describe("by default", () => {
    const s = build();

    it("applies the hardened admin settings and a 90-day token lifetime in one workspace_conf", () => {
      expect(Object.keys(s.resources("databricks_workspace_conf"))).toHaveLength(1);
      expect(s.resource("databricks_workspace_conf", "/Hardening/WorkspaceConf").block.custom_config).toEqual({
        ...HARDENED_WORKSPACE_CONF,
        maxTokenLifetimeDays: "90",
      });
    });

    it("disables legacy access and the DBFS root", () => {
      expect(s.resource("databricks_disable_legacy_access_setting", "/Hardening/DisableLegacyAccess").block.disable_legacy_access).toEqual({
        value: true,
      });
      expect(s.resource("databricks_disable_legacy_dbfs_setting", "/Hardening/DisableLegacyDbfs").block.disable_legacy_dbfs).toEqual({ value: true });
    });

    it("leaves IP access lists and the opt-in settings alone", () => {
      expect(s.resources("databricks_ip_access_list")).toEqual({});
      for (const type of SETTINGS) expect(s.resources(type)).toEqual({});
    });
  });

  describe("with everything asked for", () => {
    const s = build({
      allowedIpAddresses: [{ label: "office", ipAddresses: ["203.0.113.0/24"] }],
      blockedIpAddresses: [{ label: "bad", ipAddresses: ["203.0.113.7"] }],
      maxTokenLifetimeDays: 30,
      workspaceConf: { enableResultsDownloading: "true" },
      complianceStandards: ["HIPAA"],
      enhancedSecurityMonitoring: true,
      automaticClusterUpdate: true,
      restrictWorkspaceAdmins: true,
      dependsOn: [],
    });
    const conf = s.resource("databricks_workspace_conf", "/Hardening/WorkspaceConf");

    it("turns IP access lists on and creates the lists after the conf", () => {
      expect(conf.block.custom_config).toMatchObject({ enableIpAccessLists: "true", maxTokenLifetimeDays: "30", enableResultsDownloading: "true" });
      expect(s.resource("databricks_ip_access_list", "/Hardening/Allow-office").block).toMatchObject({
        list_type: "ALLOW",
        label: "office",
        ip_addresses: ["203.0.113.0/24"],
        enabled: true,
        depends_on: [`databricks_workspace_conf.${conf.name}`],
      });
      expect(s.resource("databricks_ip_access_list", "/Hardening/Block-bad").block).toMatchObject({
        list_type: "BLOCK",
        ip_addresses: ["203.0.113.7"],
      });
    });

    it("enables the compliance security profile, monitoring, cluster updates and the admin restriction", () => {
      expect(s.resource(SETTINGS[0], "/Hardening/ComplianceSecurityProfile").block.compliance_security_profile_workspace).toEqual({
        is_enabled: true,
        compliance_standards: ["HIPAA"],
      });
      expect(s.resource(SETTINGS[1], "/Hardening/EnhancedSecurityMonitoring").block.enhanced_security_monitoring_workspace).toEqual({
        is_enabled: true,
      });
      expect(s.resource(SETTINGS[2], "/Hardening/AutomaticClusterUpdate").block.automatic_cluster_update_workspace).toEqual({ enabled: true });
      expect(s.resource(SETTINGS[3], "/Hardening/RestrictWorkspaceAdmins").block.restrict_workspace_admins).toEqual({
        status: "RESTRICT_TOKENS_AND_JOB_RUN_AS",
      });
    });
  });

  it("refuses the profile without monitoring and updates, unknown standards, NONE with others, and bad lists", () => {
    expect(() => build({ complianceStandards: ["HIPAA"] })).toThrow(/turns on enhanced security monitoring and automatic cluster update/);
    expect(() => build({ complianceStandards: ["SOX", "NONE", "HIPAA"], enhancedSecurityMonitoring: true, automaticClusterUpdate: true })).toThrow(
      /complianceStandards: SOX not known.*\n.*"NONE" cannot be combined/,
    );
    expect(() =>
      build({
        allowedIpAddresses: [
          { label: "a/b", ipAddresses: [] },
          { label: "x", ipAddresses: ["1.2.3.4"] },
          { label: "x", ipAddresses: ["1.2.3.5"] },
        ],
      }),
    ).toThrow(
      /allowedIpAddresses\[0\]\.label: "a\/b".*\n.*allowedIpAddresses\[0\]\.ipAddresses: empty.*\n.*allowedIpAddresses\[2\]\.label: "x" is used twice/,
    );
    expect(() => build({ maxTokenLifetimeDays: 0 })).toThrow(/maxTokenLifetimeDays: 0 is not allowed/);
  });
});
