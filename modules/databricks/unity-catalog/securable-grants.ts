/**
 * The grants on one Unity Catalog securable, collected from every construct that grants on it and written as ONE
 * authoritative `databricks_grants` resource.
 */
import { Grants, type GrantsConfig, type GrantsGrant } from "@cdktf/provider-databricks/lib/grants";
import { throwIfInvalidArguments, throwIfInvalidProps } from "../../core/validation";
import { Token, type ITerraformDependable, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { Principal } from "../principal";
import { ALL_KNOWN_PRIVILEGES, ALL_USERS_PRINCIPALS, type Privilege } from "./privileges";

/** The kinds of securable a `databricks_grants` resource can name (its securable argument). */
export type SecurableType = "catalog" | "schema" | "volume" | "externalLocation" | "storageCredential" | "credential" | "foreignConnection";

/** Every {@link SecurableType}: one given from untyped input (a config file) becomes the resource's argument name. */
const SECURABLE_TYPES: readonly SecurableType[] = [
  "catalog",
  "schema",
  "volume",
  "externalLocation",
  "storageCredential",
  "credential",
  "foreignConnection",
];

/**
 * The full name of each securable that sits in a catalog: one part a level, since Unity Catalog names hold no period
 * or space (provider v1.99 docs/resources/grants.md: `catalog`, `catalog.schema`, `catalog.schema.volume`).
 */
const FULL_NAME_SHAPES: Partial<Record<SecurableType, string>> = { catalog: "catalog", schema: "catalog.schema", volume: "catalog.schema.volume" };

/** Properties of {@link SecurableGrants}. */
export interface SecurableGrantsProps {
  /** The workspace-level Databricks provider. */
  readonly provider: TerraformProvider;
  /** What kind of securable `securableName` is. */
  readonly securableType: SecurableType;
  /**
   * The securable's full name (`catalog`, `catalog.schema`, `catalog.schema.volume`, or the location, credential or
   * connection name). Pass the resource's attribute (e.g. `catalog.name`) so the grants wait for the securable.
   */
  readonly securableName: string;
  /**
   * Resources the grants must wait for beyond the securable itself.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** What a `grant...` method granted, and the resource that holds it. */
export interface GrantResult {
  /** The kind of securable granted on. */
  readonly securableType: SecurableType;
  /** The securable's full name (may be a token). */
  readonly securableName: string;
  readonly principal: Principal;
  /** The privileges this call granted (the principal may hold more from other calls). */
  readonly privileges: readonly Privilege[];
  /** The securable's one authoritative `databricks_grants`, which now lists the grant. */
  readonly resource: Grants;
  /**
   * Grants the call made elsewhere for the privilege to work (`USE_CATALOG` on the parent catalog of a schema).
   * @default - none
   */
  readonly implied?: readonly GrantResult[];
}

/**
 * The privileges granted on one securable, by principal.
 *
 * `databricks_grants` is authoritative: it replaces every grant on the securable with its own list, so two of them
 * on one securable undo each other on every apply. This construct is the single owner: callers add grants with
 * {@link SecurableGrants.add} (usually through a securable's `grant...` methods) and one resource renders them all.
 * The resource is created on the first grant; a securable nobody is granted on gets none, and keeps only its owner.
 *
 * Grants to everyone in the account ("account users", "users") are refused: the lakehouse grants by group. A literal
 * `securableName` must be the full name its type takes (`catalog.schema` for a schema): a bare `gold` would fail
 * only at apply.
 *
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/grants
 * @example
 * const grants = new SecurableGrants(this, "GoldGrants", { provider: workspace, securableType: "schema", securableName: gold.name });
 * grants.add(groupPrincipal("lakehouse-prod-analysts"), SCHEMA_READ);
 */
export class SecurableGrants extends Construct {
  private readonly privileges = new Map<string, Set<Privilege>>();
  private readonly props: SecurableGrantsProps;
  private resource?: Grants;

  constructor(scope: Construct, id: string, props: SecurableGrantsProps) {
    super(scope, id);
    throwIfInvalidProps(this, securableProblems(props));
    this.props = props;
  }

  /** Grants `privileges` to `principal`. Granting again adds to what the principal already has. */
  public add(principal: Principal, privileges: readonly Privilege[]): GrantResult {
    throwIfInvalidArguments(this, grantProblems(principal.name, privileges));
    const current = this.privileges.get(principal.name) ?? new Set<Privilege>();
    for (const privilege of privileges) current.add(privilege);
    this.privileges.set(principal.name, current);
    const resource = this.render();
    const { securableType, securableName } = this.props;
    return { securableType, securableName, principal, privileges: [...privileges], resource };
  }

  /** The names of the principals granted anything, in the order of their first grant. */
  public get principals(): string[] {
    return [...this.privileges.keys()];
  }

  /** The privileges of one principal, in the order granted; [] when it has none. */
  public privilegesOf(principal: Principal | string): Privilege[] {
    return [...(this.privileges.get(typeof principal === "string" ? principal : principal.name) ?? [])];
  }

  /** The `databricks_grants` resource, once something is granted. */
  public get grantsResource(): Grants | undefined {
    return this.resource;
  }

  private render(): Grants {
    const grant: GrantsGrant[] = [...this.privileges].map(([principal, privileges]) => ({ principal, privileges: [...privileges] }));
    if (this.resource) {
      this.resource.putGrant(grant);
      return this.resource;
    }
    const { provider, securableType, securableName, dependsOn } = this.props;
    const config: GrantsConfig = { provider, [securableType]: securableName, grant, ...(dependsOn ? { dependsOn } : {}) };
    this.resource = new Grants(this, "Grants", config);
    return this.resource;
  }
}

function securableProblems({ securableType, securableName }: SecurableGrantsProps): string[] {
  const problems: string[] = [];
  if (!SECURABLE_TYPES.includes(securableType)) {
    problems.push(`securableType: "${String(securableType)}" is not a securable these grants name; use one of ${SECURABLE_TYPES.join(", ")}`);
  }
  if (Token.isUnresolved(securableName)) return problems;
  const shape = Object.hasOwn(FULL_NAME_SHAPES, securableType) ? FULL_NAME_SHAPES[securableType] : undefined;
  const parts = securableName.split(".");
  if (securableName.trim().length === 0) {
    problems.push("securableName: is empty; pass the securable's name, e.g. the resource's name attribute");
  } else if (shape && (parts.length !== shape.split(".").length || parts.some((part) => part.length === 0 || /\s/.test(part)))) {
    problems.push(`securableName: "${securableName}" is not a ${securableType}'s full name; use ${shape}`);
  }
  return problems;
}

function grantProblems(principal: string, privileges: readonly Privilege[]): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(principal)) {
    if (principal.trim().length === 0) problems.push("principal: is empty; name a group, user or service principal");
    if (ALL_USERS_PRINCIPALS.includes(principal.trim().toLowerCase())) {
      problems.push(`principal: "${principal}" is everyone in the account; grant to a group instead`);
    }
  }
  if (privileges.length === 0) problems.push(`privileges: none given for "${principal}"; name at least one`);
  const unknown = privileges.filter((p) => !ALL_KNOWN_PRIVILEGES.includes(p));
  if (unknown.length > 0) problems.push(`privileges: ${unknown.join(", ")} not known; use the constants in privileges.ts`);
  return problems;
}
