/**
 * Account-level groups and service principals, their assignment to a workspace, and workload identity federation for
 * service principals used by GitHub Actions.
 */
import { Group } from "@cdktf/provider-databricks/lib/group";
import { MwsPermissionAssignment } from "@cdktf/provider-databricks/lib/mws-permission-assignment";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { ServicePrincipal } from "@cdktf/provider-databricks/lib/service-principal";
import { ServicePrincipalFederationPolicy } from "@cdktf/provider-databricks/lib/service-principal-federation-policy";
import { Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { nonEmptyProblems, throwIfProblems } from "./workspace-prop-checks";

/** The issuer of GitHub Actions OIDC tokens. */
export const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";

/** What a principal may do in the workspace: `ADMIN` (workspace admin) or `USER`. */
export type WorkspacePermission = "ADMIN" | "USER";

/** An account group. */
export interface AccountGroupSpec {
  /** Display name of the group in the account (and, once assigned, in the workspace). */
  readonly displayName: string;
  /**
   * Assignment of the group to the workspace.
   * @default - not assigned
   */
  readonly workspacePermission?: WorkspacePermission;
}

/** GitHub Actions jobs allowed to authenticate as a service principal with their OIDC token (no stored secret). */
export interface GithubActionsFederation {
  /** `<owner>/<repository>` on github.com. */
  readonly repository: string;
  /** The GitHub deployment environment of the jobs (`environment:` in the workflow): the token subject names it. */
  readonly environment: string;
  /**
   * Accepted token audiences.
   * @default - the Databricks account id (Databricks' recommendation and the SDKs' default)
   */
  readonly audiences?: string[];
}

/** An account service principal. */
export interface ServicePrincipalSpec {
  /** Display name of the service principal. */
  readonly displayName: string;
  /**
   * Assignment of the service principal to the workspace.
   * @default - not assigned
   */
  readonly workspacePermission?: WorkspacePermission;
  /**
   * A federation policy for GitHub Actions OIDC tokens.
   * @default - none
   */
  readonly githubActions?: GithubActionsFederation;
}

/** Props of {@link AccountIdentities}. */
export interface AccountIdentitiesProps {
  /** The account-level Databricks provider. */
  readonly provider: DatabricksProvider;
  /** The numeric workspace id the principals are assigned to. */
  readonly workspaceId: number;
  /** Groups by stable key (the key names construct ids and map entries; renaming it replaces the group). */
  readonly groups: Record<string, AccountGroupSpec>;
  /** Service principals by stable key. */
  readonly servicePrincipals: Record<string, ServicePrincipalSpec>;
  /**
   * What the workspace assignments wait for, e.g. a wait after workspace creation: the assignment API needs the
   * workspace's identity federation, which is not available the moment the workspace exists.
   * @default - nothing beyond the references
   */
  readonly assignmentDependsOn?: ITerraformDependable[];
}

const KEY = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/**
 * Account groups and service principals (`databricks_group`, `databricks_service_principal` with the account
 * provider), their `databricks_mws_permission_assignment` to a workspace, and for principals used by CI a
 * `databricks_service_principal_federation_policy` trusting GitHub Actions tokens of one repository and environment
 * (subject `repo:<owner>/<repo>:environment:<environment>`).
 *
 * Users come from the company identity provider through SCIM provisioning into these groups (account console);
 * the groups themselves are managed here so that grants in later layers can name them.
 *
 * @see https://docs.databricks.com/aws/en/dev-tools/auth/provider-github
 * @example
 * const identities = new AccountIdentities(this, "Identities", {
 *   provider: accountProvider,
 *   workspaceId: workspace.workspaceIdNumber,
 *   groups: { "platform-admins": { displayName: "lakehouse-dev-platform-admins", workspacePermission: "ADMIN" } },
 *   servicePrincipals: {
 *     deployer: { displayName: "lakehouse-dev-deployer", workspacePermission: "ADMIN", githubActions: { repository: "acme/lakehouse", environment: "dev" } },
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
  /** Service principal ids (SCIM ids) by key. */
  public readonly servicePrincipalIds: Record<string, string>;
  /** Service principal application ids (the OAuth client ids; what Unity Catalog grants name) by key. */
  public readonly servicePrincipalApplicationIds: Record<string, string>;

  constructor(scope: Construct, id: string, props: AccountIdentitiesProps) {
    super(scope, id);
    validateProps(id, props);
    const { provider } = props;
    const assign = (construct: string, principalId: string, permission: WorkspacePermission | undefined) => {
      if (!permission) return;
      new MwsPermissionAssignment(this, construct, {
        provider,
        workspaceId: props.workspaceId,
        principalId: Token.asNumber(principalId),
        permissions: [permission],
        ...(props.assignmentDependsOn ? { dependsOn: props.assignmentDependsOn } : {}),
      });
    };

    const groups: Record<string, Group> = {};
    for (const [key, spec] of Object.entries(props.groups)) {
      groups[key] = new Group(this, `Group-${key}`, { provider, displayName: spec.displayName });
      assign(`GroupAssignment-${key}`, groups[key].id, spec.workspacePermission);
    }
    const principals: Record<string, ServicePrincipal> = {};
    for (const [key, spec] of Object.entries(props.servicePrincipals)) {
      const principal = new ServicePrincipal(this, `ServicePrincipal-${key}`, { provider, displayName: spec.displayName, active: true });
      principals[key] = principal;
      assign(`ServicePrincipalAssignment-${key}`, principal.id, spec.workspacePermission);
      if (spec.githubActions) {
        const { repository, environment, audiences } = spec.githubActions;
        new ServicePrincipalFederationPolicy(this, `GithubActionsFederation-${key}`, {
          provider,
          servicePrincipalId: Token.asNumber(principal.id),
          description: `GitHub Actions of ${repository}, environment ${environment}`,
          oidcPolicy: {
            issuer: GITHUB_ACTIONS_ISSUER,
            subject: `repo:${repository}:environment:${environment}`,
            ...(audiences ? { audiences } : {}),
          },
        });
      }
    }
    this.groups = groups;
    this.servicePrincipals = principals;
    this.groupNames = mapValues(props.groups, (spec) => spec.displayName);
    this.groupIds = mapValues(groups, (group) => group.id);
    this.servicePrincipalIds = mapValues(principals, (principal) => principal.id);
    this.servicePrincipalApplicationIds = mapValues(principals, (principal) => principal.applicationId);
  }
}

function mapValues<T, U>(record: Readonly<Record<string, T>>, fn: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}

function validateProps(id: string, props: AccountIdentitiesProps): void {
  const problems: string[] = [];
  const names = new Map<string, string>();
  const check = (kind: string, key: string, displayName: string, permission: string | undefined) => {
    if (!KEY.test(key)) problems.push(`${kind}["${key}"]: the key must be lowercase letters, digits and single hyphens`);
    problems.push(...nonEmptyProblems(`${kind}["${key}"].displayName`, displayName));
    const first = names.get(displayName);
    if (first && !Token.isUnresolved(displayName)) problems.push(`${kind}["${key}"].displayName: "${displayName}" is already used by ${first}`);
    names.set(displayName, `${kind}["${key}"]`);
    if (permission !== undefined && permission !== "ADMIN" && permission !== "USER") {
      problems.push(`${kind}["${key}"].workspacePermission: "${permission}" is not allowed; use "ADMIN" or "USER"`);
    }
  };
  for (const [key, spec] of Object.entries(props.groups)) check("groups", key, spec.displayName, spec.workspacePermission);
  for (const [key, spec] of Object.entries(props.servicePrincipals)) {
    check("servicePrincipals", key, spec.displayName, spec.workspacePermission);
    const github = spec.githubActions;
    if (github && !REPOSITORY.test(github.repository)) {
      problems.push(`servicePrincipals["${key}"].githubActions.repository: "${github.repository}" must be "<owner>/<repository>"`);
    }
    if (github && !/^[A-Za-z0-9_.-]+$/.test(github.environment)) {
      problems.push(`servicePrincipals["${key}"].githubActions.environment: "${github.environment}" must be a GitHub environment name (letters, digits, _ . -)`);
    }
  }
  throwIfProblems("AccountIdentities", id, problems);
}
