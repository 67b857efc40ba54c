/**
 * The principal directory of one environment: resolves the config's group and service-principal keys (for example
 * `analysts`, `orchestrator`) to typed principals once, so every grant names them the same way.
 *
 * A group is named by its display name, a pure function of the config (`<prefix>-<stage>-<key>`); a service
 * principal by its application id, known once the workspace layer is applied and read from its contract.
 */
import { Fn, Token } from "cdktf";
import type { IConstruct } from "constructs";
import type { EnvironmentConfig } from "../../environments";
import { ValidationError } from "../../modules/core/errors";
import { Naming } from "../../modules/core/naming";
import { groupPrincipal, servicePrincipal, type Principal } from "../../modules/databricks/principal";
import { accountGroupName, servicePrincipalName } from "./names";

/** Properties of a {@link PrincipalDirectory}. */
export interface PrincipalDirectoryProps {
  readonly config: EnvironmentConfig;
  /** Service principal application ids by config key: the workspace layer's `servicePrincipalApplicationIds`. */
  readonly servicePrincipalApplicationIds: Record<string, string>;
}

/** Typed principals by config key, resolved once per stack. */
export class PrincipalDirectory {
  private readonly naming: Naming;
  private readonly resolved = new Map<string, Principal>();

  constructor(
    /** The stack that resolves (named in errors). */
    private readonly scope: IConstruct,
    private readonly props: PrincipalDirectoryProps,
  ) {
    this.naming = new Naming(props.config.project.prefix, props.config.name);
  }

  /** The account group with config key `key` (a key of `workspace.groups`). */
  public group(key: string): Principal {
    if (!Object.hasOwn(this.props.config.workspace.groups, key)) throw this.unknown(key, "group");
    return this.cached(key, () => groupPrincipal(accountGroupName(this.naming, key)));
  }

  /** The service principal with config key `key` (a key of `workspace.servicePrincipals`). */
  public servicePrincipal(key: string): Principal {
    if (!Object.hasOwn(this.props.config.workspace.servicePrincipals, key)) throw this.unknown(key, "service principal");
    // One token per key, so that grants to the same principal merge into one grant block.
    return this.cached(key, () => servicePrincipal(Token.asString(Fn.lookup(this.props.servicePrincipalApplicationIds, key))));
  }

  /** The group or service principal with config key `key` (config fields such as `grants.gold.read` name either). */
  public resolve(key: string): Principal {
    if (Object.hasOwn(this.props.config.workspace.servicePrincipals, key)) return this.servicePrincipal(key);
    if (Object.hasOwn(this.props.config.workspace.groups, key)) return this.group(key);
    throw this.unknown(key, "group or service principal");
  }

  /**
   * A group of another environment that shares an account-level object with this one (a metastore), named as that
   * environment's workspace layer names it.
   */
  public groupOfEnvironment(environment: string, key: string): Principal {
    return groupPrincipal(accountGroupName(new Naming(this.props.config.project.prefix, environment), key));
  }

  /** The display name of a service principal of another environment, as that environment's workspace layer names it. */
  public servicePrincipalNameOfEnvironment(environment: string, key: string): string {
    return servicePrincipalName(new Naming(this.props.config.project.prefix, environment), key);
  }

  private cached(key: string, create: () => Principal): Principal {
    let principal = this.resolved.get(key);
    if (principal === undefined) {
      principal = create();
      this.resolved.set(key, principal);
    }
    return principal;
  }

  private unknown(key: string, kind: string): ValidationError {
    const { groups, servicePrincipals } = this.props.config.workspace;
    const known = `groups: ${Object.keys(groups).join(", ") || "none"}; service principals: ${Object.keys(servicePrincipals).join(", ") || "none"}`;
    return new ValidationError(this.scope.node.path, [
      `principal "${key}" is not a ${kind} of workspace.groups or workspace.servicePrincipals (${known})`,
    ]);
  }
}
