/**
 * The bookkeeping every construct here that owns a workspace object's `databricks_permissions` shares: the level
 * each principal holds, and ONE authoritative resource, created on the first grant and rewritten on every later one.
 */
import type { PermissionsAccessControl, PermissionsConfig } from "@cdktf/provider-databricks/lib/permissions";
import { Permissions } from "@cdktf/provider-databricks/lib/permissions";
import type { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import { accessControlOf } from "./permission-access";
import type { Principal } from "./principal";

/** One principal and the level it holds. */
export interface PrincipalLevel<L extends string> {
  readonly principal: Principal;
  readonly level: L;
}

/** How {@link PrincipalLevels} merges a principal granted more than once. */
export interface PrincipalLevelsOptions<L extends string> {
  /**
   * The levels, lowest first: a principal granted twice keeps the higher level (Databricks reports only the highest,
   * so listing two would drift).
   * @default - the last grant wins
   */
  readonly ranking?: readonly L[];
  /**
   * What tells principals apart.
   * @default - kind and name (`group:engineers`)
   */
  readonly keyOf?: (principal: Principal) => string;
}

/** The level each principal holds on one object, in the order the principals were first granted. */
export class PrincipalLevels<L extends string> {
  private readonly levels = new Map<string, PrincipalLevel<L>>();
  private readonly ranking?: readonly L[];
  private readonly keyOf: (principal: Principal) => string;

  constructor(options: PrincipalLevelsOptions<L> = {}) {
    this.ranking = options.ranking;
    this.keyOf = options.keyOf ?? ((principal) => `${principal.kind}:${principal.name}`);
  }

  /** Gives `principal` `level` (with a ranking, a principal already holding a higher level keeps it). */
  public add(principal: Principal, level: L): void {
    const key = this.keyOf(principal);
    const current = this.levels.get(key);
    const ranking = this.ranking;
    if (!current || !ranking || ranking.indexOf(level) > ranking.indexOf(current.level)) this.levels.set(key, { principal, level });
  }

  /** Gives every principal of `principals` `level`. */
  public addAll(principals: readonly Principal[] | undefined, level: L): this {
    for (const principal of principals ?? []) this.add(principal, level);
    return this;
  }

  /** The level `principal` holds, or undefined. */
  public levelOf(principal: Principal): L | undefined {
    return this.levels.get(this.keyOf(principal))?.level;
  }

  /** Every principal with its level. */
  public get entries(): readonly PrincipalLevel<L>[] {
    return [...this.levels.values()];
  }

  /** The `access_control` blocks, one a principal. */
  public accessControl(): PermissionsAccessControl[] {
    return this.entries.map(({ principal, level }) => accessControlOf(principal, level));
  }
}

/** Properties of {@link ObjectPermissions}. */
export interface ObjectPermissionsProps<L extends string> extends PrincipalLevelsOptions<L> {
  /** The workspace-level Databricks provider. */
  readonly provider: TerraformProvider;
  /** The argument naming the object, e.g. `{ servingEndpointId: endpoint.servingEndpointId }`. */
  readonly object: Omit<PermissionsConfig, "provider" | "accessControl">;
}

/**
 * The one authoritative `databricks_permissions` on an object, made in `scope` as `id` on the first grant and given
 * every grant's `access_control` after. Not a construct itself: the resource sits where its owner puts it.
 */
export class ObjectPermissions<L extends string> {
  private readonly scope: Construct;
  private readonly id: string;
  private readonly props: ObjectPermissionsProps<L>;
  private readonly levels: PrincipalLevels<L>;
  private permissions?: Permissions;

  constructor(scope: Construct, id: string, props: ObjectPermissionsProps<L>) {
    this.scope = scope;
    this.id = id;
    this.props = props;
    this.levels = new PrincipalLevels(props);
  }

  /** Grants `level` to `principal` (checked by the caller); returns the permissions resource. */
  public grant(principal: Principal, level: L): Permissions {
    this.levels.add(principal, level);
    const accessControl = this.levels.accessControl();
    if (this.permissions) {
      this.permissions.putAccessControl(accessControl);
    } else {
      this.permissions = new Permissions(this.scope, this.id, { ...this.props.object, provider: this.props.provider, accessControl });
    }
    return this.permissions;
  }

  /** The level `principal` holds here, or undefined. */
  public levelOf(principal: Principal): L | undefined {
    return this.levels.levelOf(principal);
  }

  /** Every principal granted, with its level. */
  public get grants(): readonly PrincipalLevel<L>[] {
    return this.levels.entries;
  }

  /** The `databricks_permissions` resource, once something is granted. */
  public get resource(): Permissions | undefined {
    return this.permissions;
  }
}
