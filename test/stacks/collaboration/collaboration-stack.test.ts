/**
 * The synthesized `<env>-collaboration` stack of every registered environment: its place among the layers and its
 * contract (activation links sensitive), shares holding exactly the configured objects by the names the lower layers
 * publish, recipients and their grants, metastore privileges, and clean rooms and listings through the REST binding
 * with the documented bodies, signed in by OAuth M2M with no credential in the JSON. One build for every test.
 */
import { publishedGoldTables } from "../../../environments/rules/serving";
import { CLEAN_ROOMS_PATH } from "../../../modules/databricks/sharing/clean-room";
import { CREDENTIAL_PATTERNS } from "../../../modules/policy/rules/secrets";
import { canonicalJson, type JsonValue } from "../../../modules/rest/json-body";
import { RESTAPI_PROVIDER_VERSION } from "../../../modules/rest/restapi-provider";
import { collaborationGrantRequests } from "../../../stacks/collaboration/grant-requests";
import { CollaborationOutputs } from "../../../stacks/collaboration/outputs";
import { accountGroupName } from "../../../stacks/shared/names";
import type { Block } from "../../synth-json";
import { REGISTERED, buildCollaboration, fromLayer, mapEntry, type BuiltCollaboration } from "./collaboration-fixture";

let built: Record<string, BuiltCollaboration> = {};
beforeAll(() => {
  built = buildCollaboration(REGISTERED);
});

const ENVS = REGISTERED.map((c) => c.name);
const READS = ["ingestion", "unity-catalog", "workspace"];

/** The parsed body of a REST object, checked to be the canonical (sorted-key) text of itself. */
function bodyOf(block: Block): Record<string, JsonValue> {
  const text = block.data as string;
  const parsed = JSON.parse(text) as Record<string, JsonValue>;
  expect(text).toBe(canonicalJson(parsed));
  return parsed;
}

describe("the registered environments together", () => {
  it("use every collaboration feature in at least one environment, so no test below is vacuous", () => {
    const on = (f: (c: (typeof REGISTERED)[number]) => boolean) => REGISTERED.some(f);
    expect({
      shares: on((c) => c.collaboration.shares.length > 0),
      tables: on((c) => c.collaboration.shares.some((s) => s.objects.some((o) => o.type === "table"))),
      schemas: on((c) => c.collaboration.shares.some((s) => s.objects.some((o) => o.type === "schema" && o.historySharing))),
      models: on((c) => c.collaboration.shares.some((s) => s.objects.some((o) => o.type === "model"))),
      databricksRecipients: on((c) => c.collaboration.recipients.some((r) => r.kind === "databricks")),
      tokenRecipients: on((c) => c.collaboration.recipients.some((r) => r.kind === "token")),
      cleanRooms: on((c) => c.collaboration.cleanRooms.some((r) => r.tables.length > 0 && r.notebooks.length > 0)),
      listings: on((c) => (c.collaboration.marketplace?.listings.length ?? 0) > 0),
      marketplaceAdmins: on((c) => (c.collaboration.marketplace?.admins.length ?? 0) > 0),
      withoutRest: on((c) => c.collaboration.cleanRooms.length === 0 && c.collaboration.marketplace === undefined),
      metastoreSharing: on((c) => c.collaboration.deltaSharing !== undefined && c.unityCatalog.metastore.mode === "create"),
    }).toEqual({
      shares: true,
      tables: true,
      schemas: true,
      models: true,
      databricksRecipients: true,
      tokenRecipients: true,
      cleanRooms: true,
      metastoreSharing: true,
      listings: true,
      marketplaceAdmins: true,
      withoutRest: true,
    });
  });
});

describe.each(ENVS)("collaboration in %s", (env) => {
  const b = () => built[env];
  const s = () => built[env].collaboration;
  const config = () => built[env].config;
  const c = () => built[env].config.collaboration;
  const naming = () => b().stacks.collaboration.naming;
  const group = (key: string) => accountGroupName(naming(), key);
  const output = (field: keyof CollaborationOutputs) => s().json.output?.[CollaborationOutputs.outputName(field)];

  describe("place among the layers and contract", () => {
    it("is the <env>-collaboration stack, after the layers whose contracts it reads and serving (which registers shared models)", () => {
      const { stacks } = b();
      expect(stacks.collaboration.node.id).toBe(`${env}-collaboration`);
      expect(stacks.collaboration.dependencies).toEqual(
        expect.arrayContaining([stacks.workspace, stacks.unityCatalog, stacks.ingestion, stacks.serving]),
      );
    });

    it("reads the workspace, unity-catalog and ingestion contracts from the environment's state bucket", () => {
      const states = s().dataSources("terraform_remote_state");
      expect(Object.keys(states).sort()).toEqual(READS);
      for (const layer of READS)
        expect(states[layer]).toMatchObject({ backend: "s3", config: { key: `${env}/${layer}.tfstate`, bucket: config().state.bucket } });
      expect(s().json.terraform.backend?.s3).toMatchObject({ key: `${env}/collaboration.tfstate`, encrypt: true });
    });

    it("publishes every CollaborationOutputs field, described, keyed by config keys; only the activation links are sensitive", () => {
      const names = (Object.keys(CollaborationOutputs.fields) as (keyof CollaborationOutputs)[]).map((f) => CollaborationOutputs.outputName(f));
      expect(Object.keys(s().json.output ?? {}).sort()).toEqual([...names].sort());
      const sensitive = Object.entries(s().json.output ?? {}).filter(([, o]) => o.sensitive === true);
      expect(sensitive.map(([name]) => name)).toEqual([CollaborationOutputs.outputName("activationUrls")]);
      const keys = (field: keyof CollaborationOutputs) => Object.keys(output(field)?.value as Record<string, string>).sort();
      expect(keys("shareNames")).toEqual(
        c()
          .shares.map((x) => x.name)
          .sort(),
      );
      expect(keys("recipientNames")).toEqual(
        c()
          .recipients.map((x) => x.name)
          .sort(),
      );
      expect(keys("activationUrls")).toEqual(
        c()
          .recipients.filter((r) => r.kind === "token")
          .map((x) => x.name)
          .sort(),
      );
      expect(keys("cleanRoomNames")).toEqual(
        c()
          .cleanRooms.map((x) => x.name)
          .sort(),
      );
      expect(keys("listingIds")).toEqual((c().marketplace?.listings ?? []).map((x) => x.name).sort());
      expect(keys("marketplaceProviderIds")).toEqual(c().marketplace ? ["provider"] : []);
    });

    it("publishes each token recipient's activation link from the recipient's first token", () => {
      for (const r of c().recipients.filter((x) => x.kind === "token")) {
        const recipient = s().resource("databricks_recipient", `/Recipient-${r.name}/Recipient`).name;
        expect((output("activationUrls")?.value as Record<string, string>)[r.name]).toBe(
          `\${databricks_recipient.${recipient}.tokens[0].activation_url}`,
        );
      }
    });
  });

  describe("Delta Sharing", () => {
    it("makes one share per config entry, owned by the admin group, holding exactly the configured objects by the names the lower layers publish", () => {
      const catalog = config().unityCatalog.catalogs[0].name;
      expect(Object.keys(s().resources("databricks_share"))).toHaveLength(c().shares.length);
      for (const share of c().shares) {
        const block = s().resource("databricks_share", `/Share-${share.name}/Share`).block;
        expect(block).toMatchObject({
          name: naming().unityCatalog(share.name),
          owner: group(config().unityCatalog.grants.owner),
          provider: "databricks.workspace",
        });
        const expected = share.objects.map((o) => {
          if (o.type === "table")
            return {
              name: fromLayer("ingestion", mapEntry("gold_tables", o.table)),
              data_object_type: "MATERIALIZED_VIEW",
              ...(o.sharedAs ? { shared_as: o.sharedAs } : {}),
            };
          if (o.type === "schema")
            return {
              name: fromLayer("unity-catalog", mapEntry("schema_names", `${catalog}.${o.schema}`)),
              data_object_type: "SCHEMA",
              ...(o.historySharing ? { history_data_sharing_status: "ENABLED" } : {}),
            };
          return { name: `${fromLayer("unity-catalog", "ml_schema_name")}.${o.model}`, data_object_type: "MODEL" };
        });
        expect(block.object).toEqual(expected);
      }
    });

    it("shares only gold tables a pipeline of the environment publishes", () => {
      const tables = c().shares.flatMap((sh) => sh.objects.flatMap((o) => (o.type === "table" ? [o.table] : [])));
      expect(tables.filter((t) => !publishedGoldTables(config()).includes(t))).toEqual([]);
    });

    it("grants SELECT on each share to exactly the recipients that list it, in one grants resource per share", () => {
      const grants = s().resources("databricks_grants");
      const withReaders = c().shares.filter((sh) => c().recipients.some((r) => r.shares.includes(sh.name)));
      expect(Object.keys(grants)).toHaveLength(withReaders.length);
      for (const share of withReaders) {
        const block = s().resource("databricks_grants", `/Share-${share.name}/Grants`).block;
        expect(block.share).toBe(s().ref("databricks_share", `/Share-${share.name}/Share`, "name"));
        const readers = c().recipients.filter((r) => r.shares.includes(share.name));
        expect(block.grant).toEqual(
          readers.map((r) => ({ principal: s().ref("databricks_recipient", `/Recipient-${r.name}/Recipient`, "name"), privileges: ["SELECT"] })),
        );
      }
    });

    it("limits every token recipient to its IP access list, with a token that expires after the configured lifetime", () => {
      for (const r of c().recipients) {
        const block = s().resource("databricks_recipient", `/Recipient-${r.name}/Recipient`).block;
        expect(block.name).toBe(naming().unityCatalog(r.name));
        if (r.kind === "databricks") {
          expect(block).toMatchObject({ authentication_type: "DATABRICKS", data_recipient_global_metastore_id: r.globalMetastoreId });
          expect(block).not.toHaveProperty("ip_access_list");
          continue;
        }
        const offset = s().resource("time_offset", `/Recipient-${r.name}/TokenExpiry`);
        expect(offset.block.offset_days).toBe(r.tokenLifetimeDays);
        expect(block).toMatchObject({
          authentication_type: "TOKEN",
          ip_access_list: { allowed_ip_addresses: r.ipAccessList },
          expiration_time: `\${(time_offset.${offset.name}.unix * 1000)}`,
        });
        expect((r.ipAccessList ?? []).length).toBeGreaterThan(0);
      }
    });
  });

  describe("metastore privileges", () => {
    it("grants them per principal on the metastore where the environment owns it, none to the owner group, none elsewhere", () => {
      const grants = Object.values(s().resources("databricks_grant"));
      const metastore = config().unityCatalog.metastore;
      if (metastore.mode !== "create") {
        expect(grants).toEqual([]);
        return;
      }
      const expected = new Map<string, Set<string>>();
      const add = (key: string, privilege: string) => {
        if (key !== metastore.owner) expected.set(key, new Set([...(expected.get(key) ?? []), privilege]));
      };
      for (const key of c().sharingAdmins) for (const p of ["CREATE_SHARE", "CREATE_RECIPIENT", "CREATE_PROVIDER"]) add(key, p);
      for (const room of c().cleanRooms) add(room.owner, "CREATE_CLEAN_ROOM");
      for (const key of c().marketplace?.consumers ?? []) add(key, "USE_MARKETPLACE_ASSETS");
      const actual = Object.fromEntries(grants.map((g) => [g.principal as string, [...(g.privileges as string[])].sort()]));
      expect(actual).toEqual(Object.fromEntries([...expected].map(([key, set]) => [group(key), [...set].sort()])));
      for (const g of grants) expect(g).toMatchObject({ metastore: fromLayer("unity-catalog", "metastore_id"), provider: "databricks.workspace" });
    });
  });

  describe("clean rooms and the Marketplace through the REST binding", () => {
    const usesRest = () => c().cleanRooms.length > 0 || c().marketplace !== undefined;

    it("requires the restapi provider at the pinned version, signed in by OAuth M2M from sensitive variables, only when it has REST objects", () => {
      const json = s().json as Record<string, unknown> & { variable?: Record<string, Record<string, unknown>> };
      const required = (s().json.terraform.required_providers ?? {}) as Record<string, unknown>;
      if (!usesRest()) {
        expect(required).not.toHaveProperty("restapi");
        expect(s().json.provider).not.toHaveProperty("restapi");
        expect(json.variable ?? {}).toEqual({});
        return;
      }
      expect(required.restapi).toEqual({ source: "Mastercard/restapi", version: RESTAPI_PROVIDER_VERSION });
      expect(s().json.provider?.restapi).toEqual([
        expect.objectContaining({
          uri: fromLayer("workspace", "workspace_url"),
          oauth_client_credentials: {
            oauth_client_id: "${var.databricks_client_id}",
            oauth_client_secret: "${var.databricks_client_secret}",
            oauth_token_endpoint: `${fromLayer("workspace", "workspace_url")}/oidc/v1/token`,
            oauth_scopes: ["all-apis"],
          },
        }),
      ]);
      for (const name of ["databricks_client_id", "databricks_client_secret"]) {
        expect(json.variable?.[name]).toMatchObject({ sensitive: true, nullable: false });
        expect(json.variable?.[name]).not.toHaveProperty("default");
      }
    });

    it("creates each clean room with the documented body: our metastore as creator, the collaborators, restricted egress", () => {
      for (const room of c().cleanRooms) {
        const block = s().resource("restapi_object", `/CleanRoom-${room.name}/CleanRoom`).block;
        expect(block).toMatchObject({
          path: CLEAN_ROOMS_PATH,
          id_attribute: "name",
          provider: "restapi",
          lifecycle: { prevent_destroy: config().dataProtection },
        });
        expect(bodyOf(block)).toEqual({
          name: naming().unityCatalog(room.name),
          owner: group(room.owner),
          ...(room.comment ? { comment: room.comment } : {}),
          remote_detailed_info: {
            cloud_vendor: "aws",
            region: config().aws.region,
            collaborators: [
              {
                collaborator_alias: room.localAlias,
                global_metastore_id: `aws:${config().aws.region}:${fromLayer("unity-catalog", "metastore_id")}`,
              },
              ...room.collaborators.map((x) =>
                JSON.parse(
                  canonicalJson({
                    collaborator_alias: x.alias,
                    global_metastore_id: x.globalMetastoreId,
                    invite_recipient_email: x.inviteEmail,
                    invite_recipient_workspace_id: x.inviteWorkspaceId,
                  }),
                ),
              ),
            ],
            egress_network_policy: {
              internet_access: {
                restriction_mode: "RESTRICTED_ACCESS",
                ...(room.allowedDomains.length > 0
                  ? { allowed_internet_destinations: [...room.allowedDomains].sort().map((d) => ({ destination: d, protocol: "TCP", type: "FQDN" })) }
                  : {}),
              },
            },
          },
        });
      }
    });

    it("adds each clean room's gold tables by the ingestion layer's names, and its notebooks as the uploaded notebook's HTML export", () => {
      for (const room of c().cleanRooms) {
        const name = naming().unityCatalog(room.name);
        for (const table of room.tables) {
          const block = s().resource("restapi_object", `/CleanRoom-${room.name}/Table-${table}`).block;
          const full = fromLayer("ingestion", mapEntry("gold_tables", table));
          expect(bodyOf(block)).toEqual({ name: full, asset_type: "TABLE", clean_room_name: name, table_local_details: { local_name: full } });
          // Added once the room is active (a wait replaced with the room), and again in a room that replaces it.
          const roomObject = s().resource("restapi_object", `/CleanRoom-${room.name}/CleanRoom`).name;
          const wait = s().resource("time_sleep", `/CleanRoom-${room.name}/Provisioned`);
          expect(block.depends_on).toEqual(expect.arrayContaining([`restapi_object.${roomObject}`, `time_sleep.${wait.name}`]));
          expect(block.lifecycle).toEqual({ replace_triggered_by: [`restapi_object.${roomObject}`] });
          expect(wait.block).toMatchObject({ create_duration: "600s", triggers: { clean_room: `\${restapi_object.${roomObject}.id}` } });
        }
        for (const nb of room.notebooks) {
          const base = nb.file.replace(/\.py$/, "");
          const html = s().dataSource("databricks_notebook", `/CleanRoomNotebookHtml-${base}`);
          const upload = s().resource("databricks_notebook", `/CleanRoomNotebook-${base}`);
          expect(html.block).toMatchObject({
            format: "HTML",
            path: `\${databricks_notebook.${upload.name}.path}`,
            depends_on: [`databricks_notebook.${upload.name}`],
          });
          expect(upload.block).toMatchObject({ language: "PYTHON", content_base64: expect.any(String) });
          const block = s().resource("restapi_object", `/CleanRoom-${room.name}/Notebook-${base}`).block;
          expect(bodyOf(block)).toEqual({
            name: base,
            asset_type: "NOTEBOOK_FILE",
            clean_room_name: name,
            notebook: {
              notebook_content: `\${data.databricks_notebook.${html.name}.content}`,
              ...(nb.runners.length > 0 ? { runner_collaborator_aliases: nb.runners } : {}),
            },
          });
        }
      }
    });

    it("creates the provider profile and each listing backed by its share, and gives the admin role to the configured groups", () => {
      const m = c().marketplace;
      if (!m) {
        expect(s().resources("databricks_access_control_rule_set")).toEqual({});
        return;
      }
      const profile = s().resource("restapi_object", "/MarketplaceProvider/Profile").block;
      expect(bodyOf(profile)).toMatchObject({ provider: { name: m.provider.name, business_contact_email: m.provider.businessContactEmail } });
      for (const l of m.listings) {
        const block = s().resource("restapi_object", `/Listing-${l.name}/Listing`).block;
        expect(bodyOf(block)).toEqual({
          listing: {
            summary: JSON.parse(
              canonicalJson({
                name: l.title,
                subtitle: l.subtitle,
                listingType: "STANDARD",
                categories: l.categories,
                share: { name: s().ref("databricks_share", `/Share-${l.share}/Share`, "name"), type: "FULL" },
                status: l.status,
              }),
            ),
            detail: JSON.parse(canonicalJson({ description: l.description, cost: "FREE", documentation_link: l.documentationUrl })),
          },
        });
      }
      const rules = Object.values(s().resources("databricks_access_control_rule_set"));
      if (m.admins.length === 0) expect(rules).toEqual([]);
      else
        expect(rules).toEqual([
          expect.objectContaining({
            provider: "databricks.account",
            name: `accounts/${config().databricks.accountId}/ruleSets/default`,
            // The rule set is written whole: the Marketplace admins and every other grant config says to keep.
            grant_rules: [
              { role: "roles/marketplace.admin", principals: m.admins.map((k) => `groups/${group(k)}`).sort() },
              ...m.keepAccountRoles.map((g) => ({ role: g.role, principals: [...g.principals].sort() })),
            ],
            lifecycle: { prevent_destroy: config().dataProtection },
          }),
        ]);
    });
  });

  describe("grant requests to the unity-catalog layer", () => {
    it("asks for each clean-room owner group that brings tables (other than the admin group) to read gold, rendered in the gold schema's grants", () => {
      const owners = [
        ...new Set(
          c()
            .cleanRooms.filter((r) => r.tables.length > 0)
            .map((r) => r.owner),
        ),
      ].filter((o) => o !== config().unityCatalog.grants.owner);
      expect(collaborationGrantRequests(config()).map((r) => [r.target, r.access, r.principal, r.requestedBy])).toEqual(
        owners.map((o) => ["gold", "read", o, "collaboration"]),
      );
      if (owners.length === 0) return;
      const catalog = config().unityCatalog.catalogs[0].name;
      const grants = b().unityCatalog.resource("databricks_grants", `/Catalog-${catalog}/Gold/Grants/Grants`).block.grant as {
        principal: string;
        privileges: string[];
      }[];
      for (const owner of owners)
        expect(grants).toContainEqual({ principal: group(owner), privileges: expect.arrayContaining(["USE_SCHEMA", "SELECT"]) as unknown });
    });
  });

  it("holds no credential literal anywhere in its JSON", () => {
    const text = JSON.stringify(s().json);
    for (const { kind, pattern } of CREDENTIAL_PATTERNS)
      expect({ kind, found: new RegExp(pattern.source, pattern.flags.replace("g", "")).test(text) }).toEqual({ kind, found: false });
    expect(text).not.toMatch(/"(bearer_token|password|token|client_secret)":\s*"[^$]/);
  });
});
