/**
 * What the collaboration layer asks of the unity-catalog layer's securables (docs/decisions/0005-one-grant-plan.md): a
 * clean room's owner must keep SELECT on the tables it brings into the clean room for as long as they are shared
 * (Clean Rooms API, create asset), so each clean-room owner group with tables reads gold. Shares need nothing here:
 * they are owned by the admin group, which owns the catalogs.
 */
import type { EnvironmentConfig } from "../../environments";
import type { GrantRequest } from "../shared/grant-request";

export function collaborationGrantRequests(config: EnvironmentConfig): GrantRequest[] {
  const owners = config.collaboration.cleanRooms.filter((room) => room.tables.length > 0).map((room) => room.owner);
  return [...new Set(owners)]
    .filter((owner) => owner !== config.unityCatalog.grants.owner)
    .map((principal): GrantRequest => ({ target: "gold", access: "read", principal, requestedBy: "collaboration" }));
}
