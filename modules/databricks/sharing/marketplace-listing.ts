/**
 * The Databricks Marketplace, provider side: the provider profile and listings backed by Delta Sharing shares,
 * through the Marketplace provider REST API (no resource in databricks provider 1.99), managed by the generic REST
 * provider.
 *
 * Shapes (databricks-sdk-go v0.175.0 service/marketplace model.go and impl.go;
 * https://docs.databricks.com/api/workspace/providerproviders, https://docs.databricks.com/api/workspace/providerlistings):
 * - POST /api/2.0/marketplace-provider/provider     body: { "provider": ProviderInfo }  answers { "id" }
 * - GET, PUT (same body), DELETE /api/2.0/marketplace-provider/providers/{id}
 * - POST /api/2.0/marketplace-provider/listing      body: { "listing": Listing }        answers { "listing_id" }
 * - GET, PUT (same body), DELETE /api/2.0/marketplace-provider/listings/{id}
 */
import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { throwIfInvalidProps } from "../../core/validation";
import { canonicalJson } from "../../rest/json-body";
import { RestObject } from "../../rest/rest-object";

/** Marketplace categories (the API's Category enum, a subset). */
export type ListingCategory =
  | "ADVERTISING_AND_MARKETING"
  | "COMMERCE"
  | "DEMOGRAPHICS"
  | "ECONOMICS"
  | "FINANCIAL"
  | "HEALTH"
  | "LOOKUP_TABLES"
  | "MANUFACTURING"
  | "OTHER"
  | "RETAIL"
  | "TRANSPORTATION_AND_LOGISTICS";

/** Props of {@link MarketplaceProviderProfile}. */
export interface MarketplaceProviderProfileProps {
  /** The restapi provider of the workspace. */
  readonly restApi: TerraformProvider;
  /** The name consumers see. */
  readonly name: string;
  /** Who the provider is, for consumers. */
  readonly description: string;
  /** Where consumers' business requests go. */
  readonly businessContactEmail: string;
  /** The provider's privacy policy (https). */
  readonly privacyPolicyUrl: string;
  /** The provider's terms of service (https). */
  readonly termsOfServiceUrl: string;
  /** @default - none */
  readonly companyWebsiteUrl?: string;
  /** @default - none */
  readonly supportContactEmail?: string;
}

/**
 * The account's Marketplace provider profile (`restapi_object` on `/api/2.0/marketplace-provider/providers`).
 *
 * @see https://docs.databricks.com/aws/en/marketplace/get-started-provider
 * @example
 * const profile = new MarketplaceProviderProfile(this, "Provider", {
 *   restApi,
 *   name: "Acme Data",
 *   description: "Retail benchmarks",
 *   businessContactEmail: "data-products@example.com",
 *   privacyPolicyUrl: "https://example.com/privacy",
 *   termsOfServiceUrl: "https://example.com/terms",
 * });
 */
export class MarketplaceProviderProfile extends Construct {
  /** The `restapi_object` of the provider profile. */
  public readonly object: RestObject;
  /** The profile's id (from the create response). */
  public readonly profileId: string;
  /** The request body sent on create (canonical JSON). */
  public readonly body: string;

  constructor(scope: Construct, id: string, props: MarketplaceProviderProfileProps) {
    super(scope, id);
    throwIfInvalidProps(this, [
      ...urlProblems({
        privacyPolicyUrl: props.privacyPolicyUrl,
        termsOfServiceUrl: props.termsOfServiceUrl,
        companyWebsiteUrl: props.companyWebsiteUrl,
      }),
      ...emailProblems({ businessContactEmail: props.businessContactEmail, supportContactEmail: props.supportContactEmail }),
    ]);
    this.body = canonicalJson({
      provider: {
        name: props.name,
        description: props.description,
        business_contact_email: props.businessContactEmail,
        privacy_policy_link: props.privacyPolicyUrl,
        term_of_service_link: props.termsOfServiceUrl,
        company_website_link: props.companyWebsiteUrl,
        support_contact_email: props.supportContactEmail,
      },
    });
    this.object = new RestObject(this, "Profile", {
      provider: props.restApi,
      path: "/api/2.0/marketplace-provider/providers",
      createPath: "/api/2.0/marketplace-provider/provider",
      idAttribute: "id",
      data: this.body,
    });
    this.profileId = this.object.id;
  }
}

/** Props of {@link MarketplaceListing}. */
export interface MarketplaceListingProps {
  /** The restapi provider of the workspace. */
  readonly restApi: TerraformProvider;
  /** The provider profile the listing belongs to (created first). */
  readonly profile: MarketplaceProviderProfile;
  /** The listing's title. */
  readonly name: string;
  /** The share consumers get (a share of this metastore). */
  readonly shareName: string;
  /** @default - none */
  readonly subtitle?: string;
  /** What the data is, for consumers (markdown). */
  readonly description: string;
  /** @default ["OTHER"] */
  readonly categories?: readonly ListingCategory[];
  /** DRAFT (visible to the provider only) or PUBLISHED. @default DRAFT */
  readonly status?: "DRAFT" | "PUBLISHED";
  /** @default - none */
  readonly documentationUrl?: string;
  /** @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A free, standard (instantly available) listing whose content is a Delta Sharing share
 * (`restapi_object` on `/api/2.0/marketplace-provider/listings`).
 *
 * @see https://docs.databricks.com/aws/en/marketplace/create-listing
 * @example
 * new MarketplaceListing(this, "Listing", { restApi, profile, name: "Daily revenue benchmarks", shareName: "benchmarks", description: "Daily revenue by region" });
 */
export class MarketplaceListing extends Construct {
  /** The `restapi_object` of the listing. */
  public readonly object: RestObject;
  /** The listing's id (from the create response). */
  public readonly listingId: string;
  /** The request body sent on create (canonical JSON). */
  public readonly body: string;

  constructor(scope: Construct, id: string, props: MarketplaceListingProps) {
    super(scope, id);
    throwIfInvalidProps(this, [
      ...urlProblems({ documentationUrl: props.documentationUrl }),
      ...(props.categories?.length === 0 ? ["categories: is empty; leave it out for OTHER or name at least one"] : []),
    ]);
    this.body = canonicalJson({
      listing: {
        summary: {
          name: props.name,
          subtitle: props.subtitle,
          // The API's JSON name is camelCase here (ListingSummary.listingType in the SDK's model).
          listingType: "STANDARD",
          categories: [...(props.categories ?? ["OTHER"])],
          share: { name: props.shareName, type: "FULL" },
          status: props.status ?? "DRAFT",
        },
        detail: { description: props.description, cost: "FREE", documentation_link: props.documentationUrl },
      },
    });
    this.object = new RestObject(this, "Listing", {
      provider: props.restApi,
      path: "/api/2.0/marketplace-provider/listings",
      createPath: "/api/2.0/marketplace-provider/listing",
      idAttribute: "listing_id",
      data: this.body,
      dependsOn: [props.profile.object, ...(props.dependsOn ?? [])],
    });
    this.listingId = this.object.id;
  }
}

function urlProblems(urls: Record<string, string | undefined>): string[] {
  return Object.entries(urls)
    .filter(([, url]) => url !== undefined && !/^https:\/\/[^\s/]+(\/\S*)?$/.test(url))
    .map(([name, url]) => `${name}: "${url}" is not an https URL`);
}

function emailProblems(emails: Record<string, string | undefined>): string[] {
  return Object.entries(emails)
    .filter(([, email]) => email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    .map(([name, email]) => `${name}: "${email}" is not an e-mail address`);
}
