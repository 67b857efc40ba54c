/**
 * The Marketplace, provider side, from config: the provider profile and listings backed by this layer's shares
 * (through the Marketplace provider REST API), and the account's Marketplace admin role for the configured groups.
 */
import { MarketplaceAdminRole } from "../../modules/databricks/sharing/marketplace-admin-role";
import type { DeltaShare } from "../../modules/databricks/sharing/delta-share";
import { MarketplaceListing, MarketplaceProviderProfile } from "../../modules/databricks/sharing/marketplace-listing";
import type { CollaborationContext } from "./context";

/** What the marketplace concern created. */
export interface Marketplace {
  readonly profile: MarketplaceProviderProfile;
  readonly listings: Record<string, MarketplaceListing>;
}

/** The provider profile, its listings by key and the admin role; undefined without `collaboration.marketplace`. */
export function createMarketplace(ctx: CollaborationContext, shares: Record<string, DeltaShare>): Marketplace | undefined {
  const config = ctx.collaboration.marketplace;
  if (!config) return undefined;
  const { stack } = ctx;
  if (config.admins.length > 0)
    new MarketplaceAdminRole(stack, "MarketplaceAdmins", {
      provider: ctx.accountProvider(),
      databricksAccountId: stack.config.databricks.accountId,
      groups: config.admins.map((key) => ctx.principals.group(key).name),
      keepGrants: config.keepAccountRoles,
      protect: stack.config.dataProtection,
    });
  const p = config.provider;
  const profile = new MarketplaceProviderProfile(stack, "MarketplaceProvider", {
    restApi: ctx.restApi().provider,
    name: p.name,
    description: p.description,
    businessContactEmail: p.businessContactEmail,
    privacyPolicyUrl: p.privacyPolicyUrl,
    termsOfServiceUrl: p.termsOfServiceUrl,
    companyWebsiteUrl: p.companyWebsiteUrl,
    supportContactEmail: p.supportContactEmail,
  });
  const listings = Object.fromEntries(
    config.listings.map((l) => [
      l.name,
      new MarketplaceListing(stack, `Listing-${l.name}`, {
        restApi: ctx.restApi().provider,
        profile,
        name: l.title,
        subtitle: l.subtitle,
        description: l.description,
        shareName: shares[l.share].shareName,
        categories: l.categories,
        status: l.status,
        documentationUrl: l.documentationUrl,
        // The share must exist (with its objects) before a listing points at it.
        dependsOn: [shares[l.share].share],
      }),
    ]),
  );
  return { profile, listings };
}
