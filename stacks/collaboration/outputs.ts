/**
 * The collaboration layer's contract: what the platform team and other teams' apps read from a deployed
 * collaboration layer. Conventions for growing it are in stacks/shared/layer-contract.ts: every field is a map keyed by
 * config keys, empty when off.
 */
import { defineLayerContract } from "../shared/layer-contract";

/** What the collaboration layer publishes. */
export interface CollaborationOutputs {
  /** Delta Sharing share names by `collaboration.shares` key. */
  readonly shareNames: Record<string, string>;
  /** Recipient names by `collaboration.recipients` key. */
  readonly recipientNames: Record<string, string>;
  /**
   * Activation links of token recipients by recipient key: each is a credential (it downloads the bearer token once),
   * so the output is sensitive. Empty once the partner has downloaded its token.
   */
  readonly activationUrls: Record<string, string>;
  /** Clean room names by `collaboration.cleanRooms` key. */
  readonly cleanRoomNames: Record<string, string>;
  /** Marketplace listing ids by `collaboration.marketplace.listings` key. */
  readonly listingIds: Record<string, string>;
  /** The Marketplace provider profile id by key `provider`; empty without a marketplace section. */
  readonly marketplaceProviderIds: Record<string, string>;
}

/** The collaboration contract: fixed output names (snake_case of each field) and the typed remote-state reader. */
export const CollaborationOutputs = defineLayerContract<CollaborationOutputs>("collaboration", {
  shareNames: { kind: "map", description: "Delta Sharing share names by config key" },
  recipientNames: { kind: "map", description: "Delta Sharing recipient names by config key" },
  activationUrls: {
    kind: "map",
    description: "Activation links of token recipients by config key (credentials: send each to its partner over a secure channel)",
    sensitive: true,
  },
  cleanRoomNames: { kind: "map", description: "Clean room names by config key" },
  listingIds: { kind: "map", description: "Marketplace listing ids by config key" },
  marketplaceProviderIds: { kind: "map", description: "Marketplace provider profile id by key provider; empty without a marketplace section" },
});
