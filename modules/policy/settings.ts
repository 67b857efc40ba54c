/**
 * What an environment asks of the guardrails. Stages differ by these values, never by name.
 */

/** The per-environment switches of the guardrails, passed to {@link applyGuardrails}. */
export interface GuardrailSettings {
  /**
   * Protect data and identity from destruction: data-holding resources need `lifecycle.prevent_destroy`,
   * RDS and DynamoDB need deletion protection, KMS keys a deletion window of at least 30 days, and Unity
   * Catalog objects must not set `force_destroy`. Turn it on for every stage whose data must survive a
   * mistaken `cdktf destroy` (staging, prod); a scratch dev stage may leave it off.
   */
  readonly protectData: boolean;
  /**
   * Tag keys every taggable AWS resource must carry (from the AWS provider's `default_tags` or its own
   * `tags`), and that Databricks cluster policies must force as `custom_tags.<key>`.
   * An empty list turns the tag rule off; cluster policies then need at least one forced tag.
   */
  readonly requiredTags: readonly string[];
  /**
   * Require PrivateLink: every Databricks workspace needs private access settings and a network with
   * back-end (REST API and secure cluster connectivity relay) VPC endpoints.
   */
  readonly requirePrivateLink: boolean;
  /**
   * Require customer-managed keys: every Databricks workspace needs managed-services and storage
   * customer-managed keys.
   */
  readonly requireCustomerManagedKeys: boolean;
  /**
   * Require the hardened workspace admin settings (verbose audit logs, user isolation, no export or download, ...)
   * in every `databricks_workspace_conf`, at their hardened values: an override cannot switch them off.
   * @default false
   */
  readonly requireHardenedWorkspace?: boolean;
  /**
   * The longest lifetime, in days, that personal access tokens may have (`maxTokenLifetimeDays` in
   * `databricks_workspace_conf`, `lifetime_seconds` on `databricks_token` and `databricks_obo_token`).
   * @default 90
   */
  readonly maxTokenLifetimeDays?: number;
  /**
   * The account's Databricks audit log delivery already exists outside this app (there may be at most
   * two enabled per account), so a stack with a workspace need not configure one.
   * @default false
   */
  readonly auditLogDeliveryExists?: boolean;
  /**
   * This environment's own AWS account ids: trust policies naming them are not cross-account, so they
   * need no `sts:ExternalId`.
   * @default - none: only references (such as `data.aws_caller_identity`) count as the own account
   */
  readonly awsAccountIds?: readonly string[];
}

/** Settings with every default filled in. */
export interface ResolvedGuardrailSettings {
  readonly protectData: boolean;
  readonly requiredTags: readonly string[];
  readonly requirePrivateLink: boolean;
  readonly requireCustomerManagedKeys: boolean;
  readonly requireHardenedWorkspace: boolean;
  readonly maxTokenLifetimeDays: number;
  readonly auditLogDeliveryExists: boolean;
  readonly awsAccountIds: readonly string[];
}

/** One setting as documented in docs/policy.md. */
export interface SettingReference {
  readonly name: keyof GuardrailSettings;
  readonly type: string;
  readonly default: string;
  readonly effect: string;
}

/** The settings reference, the source of the settings table in docs/policy.md. */
export const SETTINGS_REFERENCE: readonly SettingReference[] = [
  {
    name: "protectData",
    type: "boolean",
    default: "required",
    effect:
      "prevent_destroy on data and identity resources, RDS and DynamoDB deletion protection, 30-day KMS deletion windows, no force_destroy on Unity Catalog objects",
  },
  {
    name: "requiredTags",
    type: "string[]",
    default: "required",
    effect: "tag keys every taggable AWS resource must carry and cluster policies must force; empty turns the tag rule off",
  },
  {
    name: "requirePrivateLink",
    type: "boolean",
    default: "required",
    effect: "workspaces need private access settings and REST API and relay VPC endpoints",
  },
  {
    name: "requireCustomerManagedKeys",
    type: "boolean",
    default: "required",
    effect: "workspaces need managed-services and storage customer-managed keys",
  },
  {
    name: "requireHardenedWorkspace",
    type: "boolean",
    default: "false",
    effect: "every databricks_workspace_conf keeps the hardened admin settings at their hardened values",
  },
  { name: "maxTokenLifetimeDays", type: "number", default: "90", effect: "the longest personal access token lifetime allowed" },
  {
    name: "auditLogDeliveryExists",
    type: "boolean",
    default: "false",
    effect: "the account's audit log delivery exists outside this app, so a workspace stack need not configure one",
  },
  {
    name: "awsAccountIds",
    type: "string[]",
    default: "none",
    effect: "the environment's own accounts: trust policies naming them need no sts:ExternalId",
  },
];

/** Default for {@link GuardrailSettings.maxTokenLifetimeDays}. */
export const DEFAULT_MAX_TOKEN_LIFETIME_DAYS = 90;

/**
 * Validates settings and fills in defaults; throws once, listing every problem.
 *
 * @example
 * resolveGuardrailSettings({ protectData: true, requiredTags: ["Project"], requirePrivateLink: true, requireCustomerManagedKeys: true });
 */
export function resolveGuardrailSettings(settings: GuardrailSettings): ResolvedGuardrailSettings {
  const problems = [
    ...booleanProblems(settings),
    ...tagProblems(settings.requiredTags),
    ...lifetimeProblems(settings.maxTokenLifetimeDays),
    ...accountProblems(settings.awsAccountIds),
  ];
  if (problems.length > 0) {
    throw new Error(`guardrail settings are invalid:\n  ${problems.join("\n  ")}`);
  }
  return {
    protectData: settings.protectData,
    requiredTags: [...settings.requiredTags],
    requirePrivateLink: settings.requirePrivateLink,
    requireCustomerManagedKeys: settings.requireCustomerManagedKeys,
    requireHardenedWorkspace: settings.requireHardenedWorkspace ?? false,
    maxTokenLifetimeDays: settings.maxTokenLifetimeDays ?? DEFAULT_MAX_TOKEN_LIFETIME_DAYS,
    auditLogDeliveryExists: settings.auditLogDeliveryExists ?? false,
    awsAccountIds: [...(settings.awsAccountIds ?? [])],
  };
}

function booleanProblems(settings: GuardrailSettings): string[] {
  const fields = ["protectData", "requirePrivateLink", "requireCustomerManagedKeys"] as const;
  const problems = fields
    .filter((field) => typeof settings[field] !== "boolean")
    .map((field) => `${field}: ${JSON.stringify(settings[field])} is not a boolean; set true or false`);
  for (const field of ["auditLogDeliveryExists", "requireHardenedWorkspace"] as const) {
    if (settings[field] !== undefined && typeof settings[field] !== "boolean") {
      problems.push(`${field}: ${JSON.stringify(settings[field])} is not a boolean; set true or false`);
    }
  }
  return problems;
}

function tagProblems(tags: readonly string[] | undefined): string[] {
  if (!Array.isArray(tags)) {
    return [`requiredTags: ${JSON.stringify(tags)} is not a list; give a list of tag keys (it may be empty)`];
  }
  const problems: string[] = [];
  tags.forEach((tag, i) => {
    if (typeof tag !== "string" || tag.trim() === "") {
      problems.push(`requiredTags[${i}]: ${JSON.stringify(tag)} is not a tag key; give a non-empty string`);
    } else if (tags.indexOf(tag) !== i) {
      problems.push(`requiredTags[${i}]: "${tag}" is listed twice; list each key once`);
    }
  });
  return problems;
}

function lifetimeProblems(days: number | undefined): string[] {
  if (days === undefined || (Number.isInteger(days) && days >= 1 && days <= 730)) {
    return [];
  }
  return [`maxTokenLifetimeDays: ${JSON.stringify(days)} is not allowed; give a whole number of days from 1 to 730`];
}

function accountProblems(ids: readonly string[] | undefined): string[] {
  return (ids ?? [])
    .map((id, i) => (/^\d{12}$/.test(id) ? "" : `awsAccountIds[${i}]: ${JSON.stringify(id)} is not an AWS account id; give 12 digits`))
    .filter((p) => p !== "");
}
