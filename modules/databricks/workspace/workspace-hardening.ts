/**
 * The security settings of a Databricks workspace, applied with the workspace-level provider: IP access lists, token
 * policy, admin console hardening, legacy features off, and the compliance security profile where asked.
 */
import { AutomaticClusterUpdateWorkspaceSetting } from "@cdktf/provider-databricks/lib/automatic-cluster-update-workspace-setting";
import { ComplianceSecurityProfileWorkspaceSetting } from "@cdktf/provider-databricks/lib/compliance-security-profile-workspace-setting";
import { DisableLegacyAccessSetting } from "@cdktf/provider-databricks/lib/disable-legacy-access-setting";
import { DisableLegacyDbfsSetting } from "@cdktf/provider-databricks/lib/disable-legacy-dbfs-setting";
import { EnhancedSecurityMonitoringWorkspaceSetting } from "@cdktf/provider-databricks/lib/enhanced-security-monitoring-workspace-setting";
import { IpAccessList } from "@cdktf/provider-databricks/lib/ip-access-list";
import { RestrictWorkspaceAdminsSetting } from "@cdktf/provider-databricks/lib/restrict-workspace-admins-setting";
import { WorkspaceConf } from "@cdktf/provider-databricks/lib/workspace-conf";
import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { throwIfInvalidProps } from "../../core/validation";
import { HARDENED_WORKSPACE_CONF, IP_ACCESS_LISTS_KEY } from "./hardened-settings";
import { COMPLIANCE_STANDARDS } from "../enums";

export { HARDENED_WORKSPACE_CONF, IP_ACCESS_LISTS_KEY } from "./hardened-settings";

/** One named IP access list. */
export interface IpAccessListSpec {
  /** Label shown in the workspace; unique per list type. Letters, digits, spaces, `-` and `_`. */
  readonly label: string;
  /** IPv4 addresses or CIDR ranges. */
  readonly ipAddresses: string[];
}

/** Properties of {@link WorkspaceHardening}. */
export interface WorkspaceHardeningProps {
  /** The workspace-level Databricks provider. */
  readonly provider: TerraformProvider;
  /**
   * Front-end allow lists. When any list is given, IP access lists are enabled and only these ranges may reach the
   * web app and REST API; the machine that runs Terraform must be in one of them.
   * @default - no allow list (every address allowed)
   */
  readonly allowedIpAddresses?: IpAccessListSpec[];
  /**
   * Front-end block lists, checked before the allow lists.
   * @default - no block list
   */
  readonly blockedIpAddresses?: IpAccessListSpec[];
  /**
   * Longest lifetime of a new personal access token, in days.
   * @default 90
   */
  readonly maxTokenLifetimeDays?: number;
  /**
   * Extra `databricks_workspace_conf` keys, on top of (and overriding) {@link HARDENED_WORKSPACE_CONF}.
   * @default - {@link HARDENED_WORKSPACE_CONF} only
   */
  readonly workspaceConf?: Record<string, string>;
  /**
   * Turns the compliance security profile on with these standards. It cannot be turned off again, and it turns on
   * enhanced security monitoring and automatic cluster update, which must then be on here too.
   * @default - off
   */
  readonly complianceStandards?: string[];
  /**
   * Enhanced security monitoring (hardened images, antivirus and file-integrity monitoring on cluster nodes).
   * @default false
   */
  readonly enhancedSecurityMonitoring?: boolean;
  /**
   * Restart clusters in the maintenance window to apply image updates.
   * @default false
   */
  readonly automaticClusterUpdate?: boolean;
  /**
   * Keep workspace admins from creating tokens for, or running jobs as, other principals.
   * @default false
   */
  readonly restrictWorkspaceAdmins?: boolean;
  /**
   * Disable legacy access: the workspace Hive metastore, no-isolation clusters, DBFS mounts and credential passthrough.
   * @default true
   */
  readonly disableLegacyAccess?: boolean;
  /**
   * Disable access to the DBFS root and mounts.
   * @default true
   */
  readonly disableLegacyDbfs?: boolean;
  /**
   * Resources every setting waits for (the metastore assignment, a wait after workspace creation).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

const DEFAULT_MAX_TOKEN_LIFETIME_DAYS = 90;
const LABEL_PATTERN = /^[A-Za-z0-9 _-]{1,64}$/;

/**
 * The security settings of one workspace.
 *
 * Creates one `databricks_workspace_conf` (a second one would fight over the same keys) with the hardened admin
 * settings, the token lifetime and, when lists are given, `enableIpAccessLists`; the `databricks_ip_access_list`s,
 * which wait for it; the legacy access and legacy DBFS settings; and, when asked, the compliance security profile,
 * enhanced security monitoring, automatic cluster update and the workspace admin restriction. A setting that is off
 * creates no resource, so the workspace keeps its default.
 *
 * @see https://docs.databricks.com/aws/en/security/network/front-end/ip-access-list-workspace
 * @see https://docs.databricks.com/aws/en/security/privacy/security-profile
 * @example
 * new WorkspaceHardening(this, "Hardening", {
 *   provider: workspace, allowedIpAddresses: [{ label: "office", ipAddresses: ["203.0.113.0/24"] }], maxTokenLifetimeDays: 30,
 * });
 */
export class WorkspaceHardening extends Construct {
  /** The `databricks_workspace_conf` resource. */
  public readonly workspaceConf: WorkspaceConf;
  /** The IP access lists, allow lists first. */
  public readonly ipAccessLists: IpAccessList[];

  constructor(scope: Construct, id: string, props: WorkspaceHardeningProps) {
    super(scope, id);
    throwIfInvalidProps(this, hardeningPropsProblems(props));
    const { provider } = props;
    const dependsOn = props.dependsOn ?? [];
    const allow = props.allowedIpAddresses ?? [];
    const block = props.blockedIpAddresses ?? [];
    const listsOn = allow.length + block.length > 0;

    this.workspaceConf = new WorkspaceConf(this, "WorkspaceConf", {
      provider,
      customConfig: {
        ...HARDENED_WORKSPACE_CONF,
        maxTokenLifetimeDays: String(props.maxTokenLifetimeDays ?? DEFAULT_MAX_TOKEN_LIFETIME_DAYS),
        ...(listsOn ? { [IP_ACCESS_LISTS_KEY]: "true" } : {}),
        ...props.workspaceConf,
      },
      dependsOn,
    });
    // Lists are created only once the feature is on; creating them first fails.
    const list = (type: "ALLOW" | "BLOCK", spec: IpAccessListSpec) =>
      new IpAccessList(this, `${type === "ALLOW" ? "Allow" : "Block"}-${spec.label}`, {
        provider,
        label: spec.label,
        listType: type,
        ipAddresses: spec.ipAddresses,
        enabled: true,
        dependsOn: [this.workspaceConf],
      });
    this.ipAccessLists = [...allow.map((s) => list("ALLOW", s)), ...block.map((s) => list("BLOCK", s))];
    this.createSettings(props, dependsOn);
  }

  private createSettings(props: WorkspaceHardeningProps, dependsOn: ITerraformDependable[]): void {
    const { provider } = props;
    if (props.disableLegacyAccess ?? true) {
      new DisableLegacyAccessSetting(this, "DisableLegacyAccess", { provider, disableLegacyAccess: { value: true }, dependsOn });
    }
    if (props.disableLegacyDbfs ?? true) {
      new DisableLegacyDbfsSetting(this, "DisableLegacyDbfs", { provider, disableLegacyDbfs: { value: true }, dependsOn });
    }
    const standards = props.complianceStandards ?? [];
    if (standards.length > 0) {
      new ComplianceSecurityProfileWorkspaceSetting(this, "ComplianceSecurityProfile", {
        provider,
        complianceSecurityProfileWorkspace: { isEnabled: true, complianceStandards: standards },
        dependsOn,
      });
    }
    if (props.enhancedSecurityMonitoring ?? false) {
      new EnhancedSecurityMonitoringWorkspaceSetting(this, "EnhancedSecurityMonitoring", {
        provider,
        enhancedSecurityMonitoringWorkspace: { isEnabled: true },
        dependsOn,
      });
    }
    if (props.automaticClusterUpdate ?? false) {
      new AutomaticClusterUpdateWorkspaceSetting(this, "AutomaticClusterUpdate", {
        provider,
        automaticClusterUpdateWorkspace: { enabled: true },
        dependsOn,
      });
    }
    if (props.restrictWorkspaceAdmins ?? false) {
      new RestrictWorkspaceAdminsSetting(this, "RestrictWorkspaceAdmins", {
        provider,
        restrictWorkspaceAdmins: { status: "RESTRICT_TOKENS_AND_JOB_RUN_AS" },
        dependsOn,
      });
    }
  }
}

function hardeningPropsProblems(props: WorkspaceHardeningProps): string[] {
  const problems = [
    ...listProblems("allowedIpAddresses", props.allowedIpAddresses ?? []),
    ...listProblems("blockedIpAddresses", props.blockedIpAddresses ?? []),
  ];
  const days = props.maxTokenLifetimeDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 730)) {
    problems.push(`maxTokenLifetimeDays: ${days} is not allowed; use a whole number of days from 1 to 730`);
  }
  const standards = props.complianceStandards ?? [];
  const unknown = standards.filter((s) => !(COMPLIANCE_STANDARDS as readonly string[]).includes(s));
  if (unknown.length > 0) problems.push(`complianceStandards: ${unknown.join(", ")} not known; use ${COMPLIANCE_STANDARDS.join(", ")}`);
  if (standards.includes("NONE") && standards.length > 1) problems.push('complianceStandards: "NONE" cannot be combined with a standard');
  if (standards.length > 0 && !(props.enhancedSecurityMonitoring && props.automaticClusterUpdate)) {
    problems.push(
      "complianceStandards: the compliance security profile turns on enhanced security monitoring and automatic cluster update; set both to true",
    );
  }
  return problems;
}

function listProblems(prop: string, lists: IpAccessListSpec[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  lists.forEach((spec, i) => {
    if (!LABEL_PATTERN.test(spec.label)) problems.push(`${prop}[${i}].label: "${spec.label}" must be 1-64 letters, digits, spaces, - or _`);
    if (seen.has(spec.label)) problems.push(`${prop}[${i}].label: "${spec.label}" is used twice; labels are unique per list type`);
    seen.add(spec.label);
    if (spec.ipAddresses.length === 0) problems.push(`${prop}[${i}].ipAddresses: empty; give at least one address or range`);
  });
  return problems;
}
