/**
 * Clean rooms and the Marketplace through the REST binding: each request body equals the API's documented shape
 * (databricks-sdk-go service/cleanrooms and service/marketplace), is built from typed props and serialized with sorted
 * keys; paths, methods, id attributes and the fields that force re-creation.
 */
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { CleanRoom, type CleanRoomProps } from "../../../../modules/databricks/sharing/clean-room";
import { MarketplaceListing, MarketplaceProviderProfile } from "../../../../modules/databricks/sharing/marketplace-listing";
import { RestApiProvider } from "../../../../modules/rest/restapi-provider";
import { canonicalJson, type JsonValue } from "../../../../modules/rest/json-body";
import { synthesize, type Block, type SynthesizedStack } from "../../../synth-json";

const OURS = "aws:us-east-1:11111111-2222-3333-4444-555555555555";
const THEIRS = "aws:us-west-2:66666666-7777-8888-9999-000000000000";

function build(body: (stack: TerraformStack, restApi: RestApiProvider) => void): SynthesizedStack {
  const stack = new TerraformStack(Testing.app(), "test");
  const restApi = new RestApiProvider(stack, "restapi", {
    uri: "https://dbc-1.cloud.databricks.com",
    oauthClientCredentials: {
      clientId: "${var.id}",
      clientSecret: "${var.secret}",
      tokenEndpoint: "https://dbc-1.cloud.databricks.com/oidc/v1/token",
    },
  });
  body(stack, restApi);
  return synthesize(stack);
}

const room =
  (overrides: Partial<Omit<CleanRoomProps, "restApi">> = {}) =>
  (stack: TerraformStack, restApi: RestApiProvider) =>
    new CleanRoom(stack, "Room", {
      restApi,
      name: "lakehouse_prod_retail_overlap",
      region: "us-east-1",
      creator: { alias: "lakehouse", globalMetastoreId: OURS },
      collaborators: [{ alias: "acme", globalMetastoreId: THEIRS }],
      ...overrides,
    });

/** The body of a restapi_object, parsed, after checking it is the canonical (sorted-key) text of itself. */
function bodyOf(block: Block, attribute = "data"): JsonValue {
  const text = block[attribute] as string;
  const parsed = JSON.parse(text) as JsonValue;
  expect(text).toBe(canonicalJson(parsed));
  return parsed;
}

describe("CleanRoom", () => {
  it("creates the clean room with the documented CreateCleanRoom body: name, owner, comment, remote_detailed_info", () => {
    const s = build((stack, r) =>
      room({
        owner: "lakehouse-prod-data-engineers",
        comment: "overlap",
        collaborators: [
          { alias: "acme", globalMetastoreId: THEIRS },
          { alias: "globex", inviteEmail: "data@globex.example", inviteWorkspaceId: 1234567890 },
        ],
        egress: { allowedDomains: ["pypi.org", "files.pythonhosted.org"] },
      })(stack, r),
    );
    const { block } = s.resource("restapi_object", "/Room/CleanRoom");
    expect(block).toMatchObject({ path: "/api/2.0/clean-rooms", id_attribute: "name", update_method: "PATCH", provider: "restapi" });
    expect(bodyOf(block)).toEqual({
      name: "lakehouse_prod_retail_overlap",
      owner: "lakehouse-prod-data-engineers",
      comment: "overlap",
      remote_detailed_info: {
        cloud_vendor: "aws",
        region: "us-east-1",
        collaborators: [
          { collaborator_alias: "lakehouse", global_metastore_id: OURS },
          { collaborator_alias: "acme", global_metastore_id: THEIRS },
          { collaborator_alias: "globex", invite_recipient_email: "data@globex.example", invite_recipient_workspace_id: 1234567890 },
        ],
        egress_network_policy: {
          internet_access: {
            restriction_mode: "RESTRICTED_ACCESS",
            allowed_internet_destinations: [
              { destination: "files.pythonhosted.org", protocol: "TCP", type: "FQDN" },
              { destination: "pypi.org", protocol: "TCP", type: "FQDN" },
            ],
          },
        },
      },
    });
  });

  it("updates only comment and owner in place (PATCH { clean_room }) and replaces the room when its definition changes", () => {
    const { block } = build((stack, r) => room({ comment: "c" })(stack, r)).resource("restapi_object", "/Room/CleanRoom");
    expect(bodyOf(block, "update_data")).toEqual({ clean_room: { comment: "c" } });
    expect(block.force_new).toEqual(["name", "remote_detailed_info"]);
  });

  it("is protected from destroy unless told otherwise", () => {
    const protectedRoom = build((stack, r) => room()(stack, r)).resource("restapi_object", "/Room/CleanRoom").block;
    expect(protectedRoom.lifecycle).toEqual({ prevent_destroy: true });
    const open = build((stack, r) => room({ protect: false })(stack, r)).resource("restapi_object", "/Room/CleanRoom").block;
    expect(open.lifecycle).toEqual({ prevent_destroy: false });
  });

  it("adds tables and notebooks as assets with the documented CleanRoomAsset bodies, paths and re-creation fields", () => {
    const s = build((stack, r) => {
      const cr = room()(stack, r);
      cr.addTable("Orders", "main_prod.gold.customer_order_summary");
      cr.addNotebook("Overlap", "customer_overlap", "PGh0bWw+", ["acme"]);
    });
    const assets = "/api/2.0/clean-rooms/lakehouse_prod_retail_overlap/assets";
    const table = s.resource("restapi_object", "/Room/Orders").block;
    expect(table).toMatchObject({
      path: assets,
      id_attribute: "name",
      read_path: `${assets}/TABLE/{id}`,
      update_path: `${assets}/TABLE/{id}`,
      destroy_path: `${assets}/TABLE/{id}`,
      update_method: "PATCH",
      force_new: ["name", "asset_type", "table_local_details"],
      // After the room is active (the wait), and again in a room that replaces it.
      depends_on: [
        `restapi_object.${s.resource("restapi_object", "/Room/CleanRoom").name}`,
        `time_sleep.${s.resource("time_sleep", "/Room/Provisioned").name}`,
      ],
      lifecycle: { replace_triggered_by: [`restapi_object.${s.resource("restapi_object", "/Room/CleanRoom").name}`] },
    });
    expect(bodyOf(table)).toEqual({
      name: "main_prod.gold.customer_order_summary",
      asset_type: "TABLE",
      clean_room_name: "lakehouse_prod_retail_overlap",
      table_local_details: { local_name: "main_prod.gold.customer_order_summary" },
    });
    const notebook = s.resource("restapi_object", "/Room/Overlap").block;
    expect(notebook).toMatchObject({ read_path: `${assets}/NOTEBOOK_FILE/{id}`, force_new: ["name", "asset_type"] });
    expect(bodyOf(notebook)).toEqual({
      name: "customer_overlap",
      asset_type: "NOTEBOOK_FILE",
      clean_room_name: "lakehouse_prod_retail_overlap",
      notebook: { notebook_content: "PGh0bWw+", runner_collaborator_aliases: ["acme"] },
    });
  });

  it("refuses unreachable collaborators, duplicate aliases, bad identifiers and an asset added twice", () => {
    expect(() =>
      build((stack, r) =>
        room({
          creator: { alias: "acme", globalMetastoreId: "nope" },
          collaborators: [{ alias: "acme" }, { alias: "Bad-Alias", inviteEmail: "a@b.example" }],
        })(stack, r),
      ),
    ).toThrow(
      /collaborators\[0\]\.alias: "acme" is used twice[\s\S]*collaborators\[1\]\.alias: "Bad-Alias" is not allowed[\s\S]*collaborators\[0\]: has neither globalMetastoreId nor inviteEmail[\s\S]*collaborators\[1\]\.inviteWorkspaceId: is required with inviteEmail[\s\S]*creator\.globalMetastoreId: "nope"/,
    );
    expect(() =>
      build((stack, r) => {
        const cr = room()(stack, r);
        cr.addTable("A", "main.gold.t");
        cr.addTable("B", "main.gold.t");
      }),
    ).toThrow(/asset TABLE "main\.gold\.t" is added twice/);
  });

  it("leaves a name and identifiers known only at apply time (Terraform references) to the API", () => {
    const synthesized = build((stack, r) => {
      const fromElsewhere = (name: string) => new TerraformVariable(stack, name, { type: "string" }).stringValue;
      room({
        name: fromElsewhere("room_name"),
        creator: { alias: "lakehouse", globalMetastoreId: fromElsewhere("our_metastore") },
        collaborators: [{ alias: "acme", globalMetastoreId: fromElsewhere("their_metastore") }],
      })(stack, r);
    });
    const data = synthesized.resource("restapi_object", "/Room/CleanRoom").block.data as string;
    expect(data).toContain("${var.their_metastore}");
    expect(data).toContain("${var.room_name}");
  });
});

describe("Marketplace", () => {
  const s = () =>
    build((stack, restApi) => {
      const profile = new MarketplaceProviderProfile(stack, "Provider", {
        restApi,
        name: "Acme Data",
        description: "Benchmarks",
        businessContactEmail: "data@acme.example",
        privacyPolicyUrl: "https://acme.example/privacy",
        termsOfServiceUrl: "https://acme.example/terms",
      });
      new MarketplaceListing(stack, "Listing", {
        restApi,
        profile,
        name: "Daily revenue",
        shareName: "acme_prod_benchmarks",
        description: "Daily revenue by currency",
        categories: ["RETAIL"],
      });
    });

  it("creates the provider profile with POST .../provider { provider: ProviderInfo } and manages it at .../providers/{id}", () => {
    const { block } = s().resource("restapi_object", "/Provider/Profile");
    expect(block).toMatchObject({
      create_path: "/api/2.0/marketplace-provider/provider",
      path: "/api/2.0/marketplace-provider/providers",
      id_attribute: "id",
    });
    expect(bodyOf(block)).toEqual({
      provider: {
        name: "Acme Data",
        description: "Benchmarks",
        business_contact_email: "data@acme.example",
        privacy_policy_link: "https://acme.example/privacy",
        term_of_service_link: "https://acme.example/terms",
      },
    });
  });

  it("creates a free, standard draft listing backed by the share with POST .../listing { listing } and the id from listing_id", () => {
    const synthesized = s();
    const { block } = synthesized.resource("restapi_object", "/Listing/Listing");
    expect(block).toMatchObject({
      create_path: "/api/2.0/marketplace-provider/listing",
      path: "/api/2.0/marketplace-provider/listings",
      id_attribute: "listing_id",
      depends_on: [`restapi_object.${synthesized.resource("restapi_object", "/Provider/Profile").name}`],
    });
    expect(bodyOf(block)).toEqual({
      listing: {
        summary: {
          name: "Daily revenue",
          listingType: "STANDARD",
          categories: ["RETAIL"],
          share: { name: "acme_prod_benchmarks", type: "FULL" },
          status: "DRAFT",
        },
        detail: { description: "Daily revenue by currency", cost: "FREE" },
      },
    });
  });

  it("refuses URLs that are not https and malformed e-mail addresses", () => {
    expect(() =>
      build((stack, restApi) => {
        new MarketplaceProviderProfile(stack, "Provider", {
          restApi,
          name: "x",
          description: "x",
          businessContactEmail: "nobody",
          privacyPolicyUrl: "http://acme.example/privacy",
          termsOfServiceUrl: "https://acme.example/terms",
        });
      }),
    ).toThrow(
      /privacyPolicyUrl: "http:\/\/acme\.example\/privacy" is not an https URL[\s\S]*businessContactEmail: "nobody" is not an e-mail address/,
    );
  });
});
