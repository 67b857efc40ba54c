/** What the examples of modules/databricks/sharing/README.md take from their surroundings. */
export const PRELUDE = `
    import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
    import type { DeltaShare } from "./modules/databricks/sharing/delta-share";
    import type { MarketplaceProviderProfile } from "./modules/databricks/sharing/marketplace-listing";
    import type { ShareRecipient } from "./modules/databricks/sharing/share-recipient";
    import type { RestApiProvider } from "./modules/rest/restapi-provider";
    declare const workspace: DatabricksProvider;
    declare const account: DatabricksProvider;
    declare const databricksAccountId: string;
    declare const restApi: RestApiProvider;
    declare const northwind: ShareRecipient;
    declare const contoso: ShareRecipient;
    declare const benchmarks: DeltaShare;
    declare const profile: MarketplaceProviderProfile;
    declare const overlapNotebookHtml: string;`;
