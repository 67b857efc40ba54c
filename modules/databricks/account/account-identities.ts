/**
 * Account-level groups and service principals, and workload identity federation for service principals used by
 * GitHub Actions. Their assignment to a workspace is ./workspace-assignments.ts (it needs the workspace's metastore).
 */
import { Group } from "@cdktf/provider-databricks/lib/group";
import { GroupMember } from "@cdktf/provider-databricks/lib/group-member";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { ServicePrincipal } from "@cdktf/provider-databricks/lib/service-principal";
import { ServicePrincipalFederationPolicy } from "@cdktf/provider-databricks/lib/service-principal-federation-policy";
import { ServicePrincipalRole } from "@cdktf/provider-databricks/lib/service-principal-role";
import { AccessControlRuleSet } from "@cdktf/provider-databricks/lib/access-control-rule-set";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { databricksAccountIdProblems, nonEmptyProblems } from "./workspace-prop-checks";
import { throwIfInvalidProps } from "../../core/validation";

/** The account role of an account admin (databricks provider 1.99, docs/resources/service_principal_role.md). */
export const ACCOUNT_ADMIN_ROLE = "account_admin";

/** The role that lets a principal act as a service principal, e.g. as a job's run_as (docs/resources/access_control_rule_set.md). */
export const SERVICE_PRINCIPAL_USER_ROLE = "roles/servicePrincipal.user";

/** The issuer of GitHub Actions OIDC tokens. */
export const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";

/** An account group. */
export interface AccountGroupSpec {
  /** Display name of the group in the account (and, once assigned, in the workspace). */
  readonly displayName: string;
}

/** GitHub Actions jobs allowed to authenticate as a service principal with their OIDC token (no stored secret). */
export interface GithubActionsFederation {
  /** `<owner>/<repository>` on github.com. */
  readonly repository: string;
  /** The GitHub deployment environment of the jobs (`environment:` in the workflow): the token subject names it. */
  readonly environment: string;
  /**
   * Accepted token audiences: what the job's OIDC token must be issued for. Written into the policy explicitly (the
   * provider's default, the account id, is not visible in the plan). The SDKs ask GitHub for the account id at
   * account level but for the workspace's token endpoint at workspace level, so a job that deploys workspace-level
   * layers sets `DATABRICKS_TOKEN_AUDIENCE` to one of these (README, Credentials).
   * @default - the Databricks account id
   */
  readonly audiences?: string[];
}

/** An account service principal. */
export interface ServicePrincipalSpec {
  /** Display name of the service principal. */
  readonly displayName: string;
  /**
   * A federation policy for GitHub Actions OIDC tokens.
   * @default - none
   */
  readonly githubActions?: GithubActionsFederation;
  /**
   * Keys of groups (of this construct) the principal is a member of, e.g. the admin group that owns Unity Catalog
   * objects, for the principal that deploys the workspace-level layers.
   * @default - no group membership
   */
  readonly memberOf?: string[];
  /**
   * Give the principal the account admin role (`databricks_service_principal_role`, role `account_admin`): what the
   * principal that deploys account-level resources (metastore, workspace assignments) needs.
   * @default false
   */
  readonly accountAdmin?: boolean;
  /**
   * Keys of other service principals (of this construct) allowed to use this one: the Service Principal User role
   * (`roles/servicePrincipal.user`), which a job's `run_as` needs where workspace admins are restricted. The rule
   * set is authoritative for this principal: it replaces every rule on it with this one.
   * @default - no rule set: the account's defaults apply
   */
  readonly usableBy?: string[];
}

/** Props of {@link AccountIdentities}. */
export interface AccountIdentitiesProps {
  /** The account-level Databricks provider. */
  readonly provider: DatabricksProvider;
  /** The Databricks account id (UUID): the default token audience and the account of the rule sets. */
  readonly databricksAccountId: string;
  /** Groups by stable key (the key names construct ids and map entries; renaming it replaces the group). */
  readonly groups: Record<string, AccountGroupSpec>;
  /** Service principals by stable key. */
  readonly servicePrincipals: Record<string, ServicePrincipalSpec>;
  /**
   * Sets Terraform `prevent_destroy` on the groups: they own and are granted Unity Catalog objects, and a group
   * recreated under the same name is a new principal without those grants.
   * @default true
   */
  readonly protect?: boolean;
}

const KEY = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/**
 * Account groups and service principals (`databricks_group`, `databricks_service_principal` with the account
 * provider), and for principals used by CI a `databricks_service_principal_federation_policy` trusting GitHub
 * Actions tokens of one repository and environment (subject `repo:<owner>/<repo>:environment:<environment>`).
 *
 * Users come from the company identity provider through SCIM provisioning into these groups (account console);
 * the groups themselves are managed here so that grants in later layers can name them. Assign them to a workspace with
 * `WorkspaceAssignments` (./workspace-assignments.ts) once the workspace has a metastore.
 *
 * @see https://docs.databricks.com/aws/en/dev-tools/auth/provider-github
 * @example
 * const identities = new AccountIdentities(this, "Identities", {
 *   provider: accountProvider,
 *   groups: { "platform-admins": { displayName: "lakehouse-dev-platform-admins" } },
 *   servicePrincipals: {
 *     deployer: { displayName: "lakehouse-dev-deployer", githubActions: { repository: "acme/lakehouse", environment: "dev" } },
 *   },
 * });
 */
export class AccountIdentities extends Construct {
  /** The groups by key. */
  public readonly groups: Readonly<Record<string, Group>>;
  /** The service principals by key. */
  public readonly servicePrincipals: Readonly<Record<string, ServicePrincipal>>;
  /** Group display names by key. */
  public readonly groupNames: Record<string, string>;
  /** Group ids (SCIM ids) by key. */
  public readonly groupIds: Record<string, string>;
  /** Service principal display names by key. */
  public readonly servicePrincipalNames: Record<string, string>;
  /** Service principal ids (SCIM ids) by key. */
  public readonly servicePrincipalIds: Record<string, string>;
  /** Service principal application ids (the OAuth client ids; what Unity Catalog grants name) by key. */
  public readonly servicePrincipalApplicationIds: Record<string, string>;

  constructor(scope: Construct, id: string, props: AccountIdentitiesProps) {
    super(scope, id);
    throwIfInvalidProps(this, propsProblems(props));
    const { provider } = props;

    const groups: Record<string, Group> = {};
    for (const [key, spec] of Object.entries(props.groups)) {
      groups[key] = new Group(this, `Group-${key}`, {
        provider,
        displayName: spec.displayName,
        lifecycle: { preventDestroy: props.protect ?? true },
      });
    }
    const principals: Record<string, ServicePrincipal> = {};
    for (const [key, spec] of Object.entries(props.servicePrincipals)) {
      const principal = new ServicePrincipal(this, `ServicePrincipal-${key}`, { provider, displayName: spec.displayName, active: true });
      principals[key] = principal;
      for (const groupKey of spec.memberOf ?? []) {
        new GroupMember(this, `Membership-${key}-${groupKey}`, { provider, groupId: groups[groupKey].id, memberId: principal.id });
      }
      if (spec.githubActions) {
        const { repository, environment, audiences } = spec.githubActions;
        new ServicePrincipalFederationPolicy(this, `GithubActionsFederation-${key}`, {
          provider,
          servicePrincipalId: Token.asNumber(principal.id),
          description: `GitHub Actions of ${repository}, environment ${environment}`,
          oidcPolicy: {
            issuer: GITHUB_ACTIONS_ISSUER,
            subject: `repo:${repository}:environment:${environment}`,
            audiences: audiences ?? [props.databricksAccountId],
          },
        });
      }
      if (spec.accountAdmin) {
        new ServicePrincipalRole(this, `AccountAdmin-${key}`, { provider, servicePrincipalId: principal.id, role: ACCOUNT_ADMIN_ROLE });
      }
    }
    for (const [key, spec] of Object.entries(props.servicePrincipals)) {
      if (!spec.usableBy || spec.usableBy.length === 0) continue;
      new AccessControlRuleSet(this, `RuleSet-${key}`, {
        provider,
        name: `accounts/${props.databricksAccountId}/servicePrincipals/${principals[key].applicationId}/ruleSets/default`,
        grantRules: [
          { role: SERVICE_PRINCIPAL_USER_ROLE, principals: spec.usableBy.map((user) => `servicePrincipals/${principals[user].applicationId}`) },
        ],
      });
    }
    this.groups = groups;
    this.servicePrincipals = principals;
    this.groupNames = mapValues(props.groups, (spec) => spec.displayName);
    this.groupIds = mapValues(groups, (group) => group.id);
    this.servicePrincipalNames = mapValues(props.servicePrincipals, (spec) => spec.displayName);
    this.servicePrincipalIds = mapValues(principals, (principal) => principal.id);
    this.servicePrincipalApplicationIds = mapValues(principals, (principal) => principal.applicationId);
  }
}

function mapValues<T, U>(record: Readonly<Record<string, T>>, fn: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}

function propsProblems(props: AccountIdentitiesProps): string[] {
  const problems: string[] = [...databricksAccountIdProblems("databricksAccountId", props.databricksAccountId)];
  const names = new Map<string, string>();
  const check = (kind: string, key: string, displayName: string) => {
    if (!KEY.test(key)) problems.push(`${kind}["${key}"]: the key must be lowercase letters, digits and single hyphens`);
    problems.push(...nonEmptyProblems(`${kind}["${key}"].displayName`, displayName));
    const first = names.get(displayName);
    if (first && !Token.isUnresolved(displayName)) problems.push(`${kind}["${key}"].displayName: "${displayName}" is already used by ${first}`);
    names.set(displayName, `${kind}["${key}"]`);
  };
  for (const [key, spec] of Object.entries(props.groups)) check("groups", key, spec.displayName);
  for (const [key, spec] of Object.entries(props.servicePrincipals)) {
    check("servicePrincipals", key, spec.displayName);
    const github = spec.githubActions;
    if (github && !REPOSITORY.test(github.repository)) {
      problems.push(`servicePrincipals["${key}"].githubActions.repository: "${github.repository}" must be "<owner>/<repository>"`);
    }
    for (const groupKey of spec.memberOf ?? []) {
      if (!Object.hasOwn(props.groups, groupKey))
        problems.push(`servicePrincipals["${key}"].memberOf: "${groupKey}" is not one of the groups (${Object.keys(props.groups).join(", ")})`);
    }
    for (const user of spec.usableBy ?? []) {
      if (!Object.hasOwn(props.servicePrincipals, user) || user === key) {
        problems.push(
          `servicePrincipals["${key}"].usableBy: "${user}" is not another of the service principals (${Object.keys(props.servicePrincipals).join(", ")})`,
        );
      }
    }
    if (github?.audiences && github.audiences.length === 0) {
      problems.push(`servicePrincipals["${key}"].githubActions.audiences: is empty; omit it for the Databricks account id, or name the audiences`);
    }
    if (github && !/^[A-Za-z0-9_.-]+$/.test(github.environment)) {
      problems.push(
        `servicePrincipals["${key}"].githubActions.environment: "${github.environment}" must be a GitHub environment name (letters, digits, _ . -)`,
      );
    }
  }
  return problems;
}
