/**
 * Delta Sharing constructs: a share holds exactly its objects, grants go to its recipients in one authoritative
 * resource, token recipients are always limited by an IP list and expire, Databricks-to-Databricks recipients name a
 * sharing identifier; the account's Marketplace admin role; Delta Sharing settings of a created metastore.
 */
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { DeltaShare, type DeltaShareProps } from "../../../../modules/databricks/sharing/delta-share";
import { MarketplaceAdminRole } from "../../../../modules/databricks/sharing/marketplace-admin-role";
import { ShareRecipient, type ShareRecipientProps } from "../../../../modules/databricks/sharing/share-recipient";
import { UnityCatalogMetastore } from "../../../../modules/databricks/unity-catalog/unity-catalog-metastore";
import { synthesize, type SynthesizedStack } from "../../../synth-json";

const PARTNER = "aws:us-west-2:4f1c2b7a-9d3e-4a6b-8c5d-2e7f1a0b9c3d";

function build(body: (stack: TerraformStack, workspace: DatabricksProvider) => void): SynthesizedStack {
  const stack = new TerraformStack(Testing.app(), "test");
  const workspace = new DatabricksProvider(stack, "databricks-workspace", { alias: "workspace", host: "https://dbc-1.cloud.databricks.com" });
  new TimeProvider(stack, "time");
  body(stack, workspace);
  return synthesize(stack);
}

const share =
  (overrides: Partial<Omit<DeltaShareProps, "provider">> = {}) =>
  (stack: TerraformStack, provider: DatabricksProvider) =>
    new DeltaShare(stack, "Share", {
      provider,
      name: "partner_metrics",
      objects: [{ name: "main.gold.daily_revenue", type: "TABLE" }],
      ...overrides,
    });
const recipient =
  (id: string, overrides: Partial<Omit<ShareRecipientProps, "provider">> = {}) =>
  (stack: TerraformStack, provider: DatabricksProvider) =>
    new ShareRecipient(stack, id, {
      provider,
      name: id.toLowerCase(),
      authentication: { kind: "databricks", globalMetastoreId: PARTNER },
      ...overrides,
    });

describe("DeltaShare", () => {
  it("holds exactly the objects given, with history, change data feed and the shared name where asked", () => {
    const s = build((stack, p) =>
      share({
        owner: "acme-prod-platform-admins",
        comment: "for partners",
        objects: [
          { name: "main.gold.daily_revenue", type: "TABLE", changeDataFeed: true, startVersion: 3 },
          { name: "main.gold.accounts", type: "MATERIALIZED_VIEW", sharedAs: "crm.accounts" },
          { name: "main.finance", type: "SCHEMA", historySharing: true },
          { name: "main.ml.churn", type: "MODEL" },
        ],
      })(stack, p),
    );
    expect(s.resource("databricks_share", "/Share/Share").block).toMatchObject({
      name: "partner_metrics",
      owner: "acme-prod-platform-admins",
      comment: "for partners",
      provider: "databricks.workspace",
      object: [
        { name: "main.gold.daily_revenue", data_object_type: "TABLE", cdf_enabled: true, start_version: 3 },
        { name: "main.gold.accounts", data_object_type: "MATERIALIZED_VIEW", shared_as: "crm.accounts" },
        { name: "main.finance", data_object_type: "SCHEMA", history_data_sharing_status: "ENABLED" },
        { name: "main.ml.churn", data_object_type: "MODEL" },
      ],
    });
    const objects = s.resource("databricks_share", "/Share/Share").block.object as Record<string, unknown>[];
    expect(objects[1]).not.toHaveProperty("history_data_sharing_status");
    expect(objects[1]).not.toHaveProperty("cdf_enabled");
  });

  it("grants SELECT to its recipients, by the recipients' names, in one grants resource on the share", () => {
    const s = build((stack, p) => {
      const a = recipient("Acme")(stack, p);
      const b = recipient("Northwind", { authentication: { kind: "token", allowedIpAddresses: ["203.0.113.0/24"], tokenLifetimeDays: 30 } })(
        stack,
        p,
      );
      share()(stack, p).grantSelect([a, b]);
    });
    const grants = Object.values(s.resources("databricks_grants"));
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({
      share: s.ref("databricks_share", "/Share/Share", "name"),
      grant: [
        { principal: s.ref("databricks_recipient", "/Acme/Recipient", "name"), privileges: ["SELECT"] },
        { principal: s.ref("databricks_recipient", "/Northwind/Recipient", "name"), privileges: ["SELECT"] },
      ],
    });
  });

  it("refuses a second grantSelect and an empty one", () => {
    expect(() =>
      build((stack, p) => {
        const s = share()(stack, p);
        s.grantSelect([recipient("Acme")(stack, p)]);
        s.grantSelect([]);
      }),
    ).toThrow(/grantSelect: already called[\s\S]*grantSelect: recipients is empty/);
  });

  it("refuses no objects, duplicates, partial names, history with change data feed, and change data feed off tables", () => {
    expect(() =>
      build((stack, p) =>
        share({
          objects: [
            { name: "main.gold.t", type: "TABLE", historySharing: true, changeDataFeed: true },
            { name: "main.gold.t", type: "TABLE" },
            { name: "main.gold", type: "TABLE" },
            { name: "main.gold.v", type: "MATERIALIZED_VIEW", changeDataFeed: true },
            { name: "main.gold.m", type: "MODEL", historySharing: true },
          ],
        })(stack, p),
      ),
    ).toThrow(
      /objects\[0\]: historySharing and changeDataFeed are both on[\s\S]*objects\[1\]\.name: "main\.gold\.t" is shared twice[\s\S]*objects\[2\]\.name: "main\.gold" is not a full table name[\s\S]*objects\[3\]\.changeDataFeed: a MATERIALIZED_VIEW has no change data feed[\s\S]*objects\[4\]\.historySharing: applies to tables and schemas/,
    );
    expect(() => build((stack, p) => share({ objects: [] })(stack, p))).toThrow(/objects: is empty/);
  });
});

describe("ShareRecipient", () => {
  it("makes a token recipient limited to the partner's addresses, its token expiring after the lifetime", () => {
    const s = build((stack, p) => {
      const r = recipient("Northwind", {
        authentication: { kind: "token", allowedIpAddresses: ["203.0.113.0/24", "198.51.100.32/28"], tokenLifetimeDays: 90 },
      })(stack, p);
      new TerraformOutput(stack, "activation", { value: r.activationUrl, sensitive: true });
    });
    const offset = s.resource("time_offset", "/Northwind/TokenExpiry");
    expect(offset.block).toMatchObject({ offset_days: 90 });
    expect(s.resource("databricks_recipient", "/Northwind/Recipient").block).toMatchObject({
      name: "northwind",
      authentication_type: "TOKEN",
      ip_access_list: { allowed_ip_addresses: ["203.0.113.0/24", "198.51.100.32/28"] },
      expiration_time: `\${(time_offset.${offset.name}.unix * 1000)}`,
    });
    const name = s.resource("databricks_recipient", "/Northwind/Recipient").name;
    expect(s.json.output?.activation.value).toBe(`\${databricks_recipient.${name}.tokens[0].activation_url}`);
  });

  it("makes a Databricks-to-Databricks recipient by sharing identifier, with no token, IP list or activation link", () => {
    let link: string | undefined = "unset";
    const s = build((stack, p) => {
      link = recipient("Acme")(stack, p).activationUrl;
    });
    const block = s.resource("databricks_recipient", "/Acme/Recipient").block;
    expect(block).toMatchObject({ authentication_type: "DATABRICKS", data_recipient_global_metastore_id: PARTNER });
    expect(block).not.toHaveProperty("ip_access_list");
    expect(block).not.toHaveProperty("expiration_time");
    expect(link).toBeUndefined();
    expect(s.resources("time_offset")).toEqual({});
  });

  it("refuses a token recipient without addresses, with a /0 block or a bad CIDR, and a lifetime out of range", () => {
    expect(() =>
      build((stack, p) => recipient("Open", { authentication: { kind: "token", allowedIpAddresses: [], tokenLifetimeDays: 0 } })(stack, p)),
    ).toThrow(/allowedIpAddresses: 0 addresses; a token recipient needs 1 to 100[\s\S]*tokenLifetimeDays: 0 is not allowed/);
    expect(() =>
      build((stack, p) =>
        recipient("Open", { authentication: { kind: "token", allowedIpAddresses: ["0.0.0.0/0", "10.0.0.1/24"], tokenLifetimeDays: 400 } })(stack, p),
      ),
    ).toThrow(/has host bits set[\s\S]*a \/0 block admits everyone[\s\S]*tokenLifetimeDays: 400/);
  });

  it("refuses a sharing identifier that is not <cloud>:<region>:<uuid>, and reserved properties", () => {
    expect(() =>
      build((stack, p) =>
        recipient("Acme", { authentication: { kind: "databricks", globalMetastoreId: "4f1c2b7a" }, properties: { "databricks.x": "y" } })(stack, p),
      ),
    ).toThrow(/databricks\.x are reserved[\s\S]*"4f1c2b7a" is not a sharing identifier/);
  });
});

describe("MarketplaceAdminRole", () => {
  it("grants roles/marketplace.admin to the groups on the account's default rule set", () => {
    const s = build((stack) => {
      const account = new DatabricksProvider(stack, "databricks-account", { alias: "account", host: "https://accounts.cloud.databricks.com" });
      new MarketplaceAdminRole(stack, "Admins", {
        provider: account,
        databricksAccountId: "3f2a9c4e-1b7d-4e5a-9c2f-6d8e0a1b2c3d",
        groups: ["b-admins", "a-admins"],
      });
    });
    expect(s.resource("databricks_access_control_rule_set", "/Admins/RuleSet").block).toMatchObject({
      provider: "databricks.account",
      name: "accounts/3f2a9c4e-1b7d-4e5a-9c2f-6d8e0a1b2c3d/ruleSets/default",
      grant_rules: [{ role: "roles/marketplace.admin", principals: ["groups/a-admins", "groups/b-admins"] }],
      lifecycle: { prevent_destroy: true },
    });
  });

  it("writes the rule set whole: the other account roles it must keep, sorted", () => {
    const s = build((stack, p) => {
      new MarketplaceAdminRole(stack, "Admins", {
        provider: p,
        databricksAccountId: "3f2a9c4e-1b7d-4e5a-9c2f-6d8e0a1b2c3d",
        groups: ["a-admins"],
        keepGrants: [
          { role: "roles/tagPolicy.manager", principals: ["groups/tags"] },
          { role: "roles/billing.admin", principals: ["users/finops@acme.example", "groups/finance"] },
        ],
        protect: false,
      });
    });
    expect(s.resource("databricks_access_control_rule_set", "/Admins/RuleSet").block).toMatchObject({
      grant_rules: [
        { role: "roles/marketplace.admin", principals: ["groups/a-admins"] },
        { role: "roles/billing.admin", principals: ["groups/finance", "users/finops@acme.example"] },
        { role: "roles/tagPolicy.manager", principals: ["groups/tags"] },
      ],
      lifecycle: { prevent_destroy: false },
    });
    expect(() =>
      build((stack, p) => {
        new MarketplaceAdminRole(stack, "Admins", {
          provider: p,
          databricksAccountId: "x",
          groups: ["a"],
          keepGrants: [
            { role: "roles/marketplace.admin" as never, principals: ["finance"] },
            { role: "roles/billing.admin", principals: [] },
          ],
        });
      }),
    ).toThrow(
      /keepGrants\[0\].role: "roles\/marketplace.admin" is not a role[\s\S]*keepGrants\[0\].principals\[0\]: "finance"[\s\S]*keepGrants\[1\].principals: none given/,
    );
  });

  it("refuses no groups", () => {
    expect(() =>
      build((stack, p) => {
        new MarketplaceAdminRole(stack, "Admins", { provider: p, databricksAccountId: "x", groups: [] });
      }),
    ).toThrow(/groups: is empty/);
  });
});

describe("UnityCatalogMetastore deltaSharing", () => {
  it("sets the scope, the recipient token lifetime and the organization name on a created metastore", () => {
    const s = build((stack, p) => {
      new UnityCatalogMetastore(stack, "Metastore", {
        provider: p,
        region: "us-east-1",
        name: "acme-us-east-1",
        deltaSharing: { scope: "INTERNAL_AND_EXTERNAL", recipientTokenLifetimeSeconds: 7_776_000, organizationName: "Acme" },
      });
    });
    expect(s.resource("databricks_metastore", "/Metastore/Metastore").block).toMatchObject({
      delta_sharing_scope: "INTERNAL_AND_EXTERNAL",
      delta_sharing_recipient_token_lifetime_in_seconds: 7_776_000,
      delta_sharing_organization_name: "Acme",
    });
  });

  it("refuses an unlimited (0) lifetime and Delta Sharing on an existing metastore", () => {
    expect(() =>
      build((stack, p) => {
        new UnityCatalogMetastore(stack, "Metastore", {
          provider: p,
          region: "us-east-1",
          mode: "existing",
          deltaSharing: { scope: "INTERNAL", recipientTokenLifetimeSeconds: 0 },
        });
      }),
    ).toThrow(/deltaSharing: only for mode "create"[\s\S]*recipientTokenLifetimeSeconds: 0 is not allowed/);
  });
});
