/**
 * The Marketplace admin role of a Databricks account, held by groups: they manage the account's Marketplace provider
 * profile, listings and exchanges.
 *
 * Checked against databricks provider 1.99.0 `docs/resources/access_control_rule_set.md` ("Marketplace usage": rule set
 * `accounts/<account id>/ruleSets/default`, role `roles/marketplace.admin`, principals `groups/<display name>`).
 */
import { AccessControlRuleSet } from "@cdktf/provider-databricks/lib/access-control-rule-set";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { throwIfInvalidProps } from "../../core/validation";

/** The account role that manages Marketplace listings. */
export const MARKETPLACE_ADMIN_ROLE = "roles/marketplace.admin";

/** The other roles of the account's default rule set (1.99 access_control_rule_set.md, "grant_rules"). */
export const OTHER_ACCOUNT_ROLES = ["roles/billing.admin", "roles/tagPolicy.creator", "roles/tagPolicy.manager", "roles/tagPolicy.assigner"] as const;

/** One of {@link OTHER_ACCOUNT_ROLES}. */
export type OtherAccountRole = (typeof OTHER_ACCOUNT_ROLES)[number];

/** A grant of another account role that the rule set must keep. */
export interface AccountRoleGrant {
  /** The role kept. */
  readonly role: OtherAccountRole;
  /** Principals as the rule set names them: `groups/<name>`, `users/<e-mail>`, `servicePrincipals/<application id>`. */
  readonly principals: readonly string[];
}

/** Props of {@link MarketplaceAdminRole}. */
export interface MarketplaceAdminRoleProps {
  /** The account-level Databricks provider. */
  readonly provider: TerraformProvider;
  /** The Databricks account id. */
  readonly databricksAccountId: string;
  /** Display names of the account groups that hold the role (at least one). */
  readonly groups: readonly string[];
  /**
   * Every other grant the account's default rule set holds (billing admins, tag policy roles). The resource replaces
   * the whole rule set, so a grant not listed here is removed on apply.
   * @default - none: the rule set holds the Marketplace admins only
   */
  readonly keepGrants?: readonly AccountRoleGrant[];
  /**
   * Keep the rule set from being destroyed (`lifecycle.prevent_destroy`): destroying it sends the rule set with no
   * grant at all, revoking every account role it holds.
   * @default true
   */
  readonly protect?: boolean;
}

/**
 * `databricks_access_control_rule_set` on the account's default rule set, granting `roles/marketplace.admin`.
 *
 * The account's default rule set is one object that also holds the billing admin and tag policy roles, and this
 * resource is authoritative for all of it: it writes exactly the Marketplace admins and `keepGrants`, removing any
 * other grant, and on destroy it empties the rule set (1.99 provider, `permissions/resource_access_control_rule_set.go`).
 * So list every grant to keep, keep it protected, and declare it in exactly one stack per Databricks account
 * (validation across environments enforces that for this app).
 *
 * @see https://docs.databricks.com/aws/en/marketplace/get-started-provider#assign-the-marketplace-admin-role
 * @example
 * new MarketplaceAdminRole(this, "MarketplaceAdmins", { provider: account, databricksAccountId, groups: ["acme-prod-platform-admins"] });
 */
export class MarketplaceAdminRole extends Construct {
  /** The account's default `databricks_access_control_rule_set`. */
  public readonly ruleSet: AccessControlRuleSet;

  constructor(scope: Construct, id: string, props: MarketplaceAdminRoleProps) {
    super(scope, id);
    throwIfInvalidProps(this, ruleSetProblems(props));
    this.ruleSet = new AccessControlRuleSet(this, "RuleSet", {
      provider: props.provider,
      name: `accounts/${props.databricksAccountId}/ruleSets/default`,
      grantRules: [
        { role: MARKETPLACE_ADMIN_ROLE, principals: [...props.groups].sort().map((g) => `groups/${g}`) },
        ...[...(props.keepGrants ?? [])]
          .sort((a, b) => a.role.localeCompare(b.role))
          .map((grant) => ({ role: grant.role, principals: [...grant.principals].sort() })),
      ],
      lifecycle: { preventDestroy: props.protect ?? true },
    });
  }
}

const RULE_SET_PRINCIPAL = /^(groups\/.+|users\/\S+@\S+|servicePrincipals\/[0-9a-f-]{36})$/;

function ruleSetProblems(props: MarketplaceAdminRoleProps): string[] {
  const problems: string[] = [];
  if (props.groups.length === 0) problems.push("groups: is empty; name at least one account group");
  const roles = new Set<string>();
  (props.keepGrants ?? []).forEach((grant, i) => {
    if (!(OTHER_ACCOUNT_ROLES as readonly string[]).includes(grant.role))
      problems.push(`keepGrants[${i}].role: "${grant.role}" is not a role of the account's rule set (${OTHER_ACCOUNT_ROLES.join(", ")})`);
    if (roles.has(grant.role)) problems.push(`keepGrants[${i}].role: "${grant.role}" is listed twice; give each role once with all its principals`);
    roles.add(grant.role);
    if (grant.principals.length === 0) problems.push(`keepGrants[${i}].principals: none given`);
    grant.principals.forEach((p, j) => {
      if (!RULE_SET_PRINCIPAL.test(p))
        problems.push(`keepGrants[${i}].principals[${j}]: "${p}" is not groups/<name>, users/<e-mail> or servicePrincipals/<application id>`);
    });
  });
  return problems;
}
