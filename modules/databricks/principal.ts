/**
 * Who a Unity Catalog grant or a workspace permission names, as a typed value: grants are made to a principal
 * resolved once, never to a free-form string looked up at each call.
 */

/** The kinds of principal Databricks grants and permissions name. */
export type PrincipalKind = "group" | "service-principal" | "user";

/** A principal, with the name Databricks grants use for it. */
export interface Principal {
  /** Whether the principal is an account group, a service principal or a user. */
  readonly kind: PrincipalKind;
  /**
   * What a grant names: a group's display name, a service principal's application id, a user's e-mail. May be a
   * token (an application id read from another layer's state).
   */
  readonly name: string;
}

/** An account group, by display name. */
export function groupPrincipal(displayName: string): Principal {
  return { kind: "group", name: displayName };
}

/** A service principal, by application id (what Unity Catalog grants name). */
export function servicePrincipal(applicationId: string): Principal {
  return { kind: "service-principal", name: applicationId };
}

/** A user, by e-mail. */
export function userPrincipal(email: string): Principal {
  return { kind: "user", name: email };
}
