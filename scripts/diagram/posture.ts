/**
 * The security posture badges of an environment, from its synthesized resources: PrivateLink, customer-managed
 * keys, protection from destroy, the compliance security profile, IP access lists.
 */
import { attribute, count, distinct, isProtected, type ResourceIndex } from "./resource-index";
import type { SynthesizedResource } from "./synthesized-stacks";

/** One badge: on (the environment has it) or off (drawn greyed), with a short label. */
export interface Badge {
  readonly id: string;
  readonly label: string;
  readonly on: boolean;
}

/** The badges, always the same ones in the same order, so environments compare side by side. */
export function postureBadges(index: ResourceIndex): Badge[] {
  const privateAccess = index.ofType("databricks_mws_private_access_settings");
  const keys = index.ofType("databricks_mws_customer_managed_keys");
  const protectedCount = index.resources.filter(isProtected).length;
  const profile = index
    .ofType("databricks_compliance_security_profile_workspace_setting")
    .some((s) => attribute(s, "compliance_security_profile_workspace.is_enabled") === true);
  const ipLists = index.ofType("databricks_ip_access_list");
  return [
    { id: "privatelink", label: privateAccess.length > 0 ? "PrivateLink" : "no PrivateLink", on: privateAccess.length > 0 },
    {
      id: "customer-managed-keys",
      label: keys.length > 0 ? `customer-managed keys (${keyUses(keys).join(", ")})` : "no customer-managed keys",
      on: keys.length > 0,
    },
    {
      id: "protection",
      label: protectedCount > 0 ? `protected from destroy (${count(protectedCount, "resource")})` : "not protected from destroy",
      on: protectedCount > 0,
    },
    { id: "compliance-profile", label: profile ? "compliance security profile" : "no compliance security profile", on: profile },
    { id: "ip-access-lists", label: ipLists.length > 0 ? `IP access lists (${ipLists.length})` : "no IP access lists", on: ipLists.length > 0 },
  ];
}

/** What the key registrations encrypt: `managed services`, `storage`. */
function keyUses(keys: readonly SynthesizedResource[]): string[] {
  const uses = keys.flatMap((k) => (Array.isArray(k.body.use_cases) ? (k.body.use_cases as unknown[]) : []));
  return distinct(uses.map((u) => (typeof u === "string" ? u.toLowerCase().replace(/_/g, " ") : undefined)));
}
