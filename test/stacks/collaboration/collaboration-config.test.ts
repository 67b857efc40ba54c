/**
 * The collaboration section's validation: what a registered environment that owns its metastore may share, and every
 * rule that refuses a config, each with the message a user sees. Variants start from registered environments, chosen
 * by what they are (owner or sharer of a metastore), never by name.
 */
import { ENVIRONMENTS, validateEnvironments } from "../../../environments";
import { publishedGoldTables } from "../../../environments/rules/serving";
import { OWNERS, REGISTERED, SHARERS, collaborationVariant, problemsOf, type CollaborationInput } from "./collaboration-fixture";

/** An owner of its metastore that publishes gold tables and registers a model, so every object type can be tried. */
const OWNER = REGISTERED.find(
  (c) => c.unityCatalog.metastore.mode === "create" && publishedGoldTables(c).length > 0 && c.serving.ml.registeredModels.length > 0,
);
const owner = () => {
  if (!OWNER) throw new Error("no registered environment owns its metastore, publishes gold tables and registers a model");
  return OWNER;
};
const gold = () => publishedGoldTables(owner())[0];
const PARTNER = "aws:us-west-2:4f1c2b7a-9d3e-4a6b-8c5d-2e7f1a0b9c3d";

/** The owner's config with a collaboration section replaced by `section`. */
const withSection = (section: Record<string, unknown>) => (input: CollaborationInput) => {
  input.collaboration = section;
};
const oneShare = () => ({ name: "metrics", objects: [{ type: "table", table: gold() }] });
/** The metastore settings open sharing needs. */
const OPEN_SHARING = { scope: "INTERNAL_AND_EXTERNAL", recipientTokenLifetimeDays: 90 };

describe("the collaboration section", () => {
  it("validates in every registered environment", () => {
    expect(validateEnvironments(Object.values(ENVIRONMENTS)).map((c) => c.name)).toEqual(REGISTERED.map((c) => c.name));
  });

  it("is empty by default", () => {
    const config = collaborationVariant(owner().name, (input) => {
      delete (input as Record<string, unknown>).collaboration;
    });
    expect(config.collaboration).toEqual({ sharingAdmins: [], shares: [], recipients: [], cleanRooms: [] });
  });

  it("accepts a share of each object type and recipients of both kinds where the environment owns the metastore", () => {
    const config = collaborationVariant(
      owner().name,
      withSection({
        deltaSharing: OPEN_SHARING,
        shares: [
          {
            name: "everything",
            objects: [
              { type: "table", table: gold() },
              { type: "schema", schema: "gold", historySharing: true },
              { type: "model", model: owner().serving.ml.registeredModels[0] },
            ],
          },
        ],
        recipients: [
          { name: "partner", kind: "databricks", globalMetastoreId: PARTNER, shares: ["everything"] },
          { name: "open", kind: "token", ipAccessList: ["203.0.113.0/24"], tokenLifetimeDays: 30, shares: ["everything"] },
        ],
      }),
    );
    expect(config.collaboration.recipients.map((r) => r.kind)).toEqual(["databricks", "token"]);
  });
});

describe("token recipients", () => {
  /** A token recipient of the share; the metastore's Delta Sharing settings open sharing needs, unless given (null: none). */
  const token = (fields: Record<string, unknown>, deltaSharing: Record<string, unknown> | null = OPEN_SHARING) =>
    withSection({
      ...(deltaSharing ? { deltaSharing } : {}),
      shares: [oneShare()],
      recipients: [{ name: "open", kind: "token", shares: ["metrics"], ...fields }],
    });

  it("are refused without an IP access list", () => {
    expect(problemsOf(owner().name, token({ tokenLifetimeDays: 30 }))).toMatch(
      /collaboration\.recipients\[0\]\.ipAccessList: a token recipient can be used by whoever holds its activation link; list the partner's egress CIDRs/,
    );
    expect(problemsOf(owner().name, token({ tokenLifetimeDays: 30, ipAccessList: [] }))).toMatch(/recipients\[0\]\.ipAccessList: a token recipient/);
  });

  it("are refused without a token lifetime", () => {
    expect(problemsOf(owner().name, token({ ipAccessList: ["203.0.113.0/24"] }))).toMatch(
      /collaboration\.recipients\[0\]\.tokenLifetimeDays: a token recipient's bearer token must expire/,
    );
  });

  it("are refused unless the metastore's scope includes external recipients, and beyond its token lifetime", () => {
    const fields = { ipAccessList: ["203.0.113.0/24"], tokenLifetimeDays: 30 };
    expect(problemsOf(owner().name, token(fields, null))).toMatch(
      /collaboration\.recipients\[0\]: a token recipient needs the metastore's Delta Sharing scope INTERNAL_AND_EXTERNAL; set collaboration\.deltaSharing\.scope \(now unset/,
    );
    expect(problemsOf(owner().name, token(fields, { scope: "INTERNAL", recipientTokenLifetimeDays: 90 }))).toMatch(
      /scope INTERNAL_AND_EXTERNAL.*\(now INTERNAL\)/,
    );
    expect(problemsOf(owner().name, token({ ...fields, tokenLifetimeDays: 120 }))).toMatch(
      /recipients\[0\]\.tokenLifetimeDays: 120 days exceeds the metastore's recipient token lifetime \(collaboration\.deltaSharing\.recipientTokenLifetimeDays, 90\)/,
    );
  });

  it("are refused with a block that admits everyone, or a lifetime over a year", () => {
    expect(problemsOf(owner().name, token({ ipAccessList: ["0.0.0.0/0"], tokenLifetimeDays: 30 }))).toMatch(
      /ipAccessList: a \/0 block admits everyone/,
    );
    expect(problemsOf(owner().name, token({ ipAccessList: ["203.0.113.0/24"], tokenLifetimeDays: 400 }))).toMatch(/tokenLifetimeDays/);
  });
});

describe("Marketplace listings", () => {
  it("are refused on a share our recipients also read, whose authoritative grants would revoke the consumers", () => {
    const section = withSection({
      deltaSharing: OPEN_SHARING,
      shares: [oneShare()],
      recipients: [{ name: "partner", kind: "databricks", globalMetastoreId: PARTNER, shares: ["metrics"] }],
      marketplace: {
        provider: {
          name: "Lakehouse",
          description: "Data products",
          businessContactEmail: "data@example.com",
          privacyPolicyUrl: "https://example.com/privacy",
          termsOfServiceUrl: "https://example.com/terms",
        },
        listings: [{ name: "metrics", share: "metrics", title: "Metrics", description: "Daily metrics" }],
      },
    });
    expect(problemsOf(owner().name, section)).toMatch(
      /collaboration\.marketplace\.listings\[0\]\.share: "metrics" is also granted to recipients \(partner\); their authoritative grants would revoke the Marketplace's consumers/,
    );
  });
});

describe("references and existence", () => {
  it("refuses a recipient or a listing naming a share that is not configured", () => {
    const message = problemsOf(
      owner().name,
      withSection({
        shares: [oneShare()],
        recipients: [{ name: "partner", kind: "databricks", globalMetastoreId: PARTNER, shares: ["nope"] }],
        marketplace: {
          provider: {
            name: "x",
            description: "x",
            businessContactEmail: "a@example.com",
            privacyPolicyUrl: "https://example.com/p",
            termsOfServiceUrl: "https://example.com/t",
          },
          listings: [{ name: "l", title: "t", description: "d", share: "other" }],
        },
      }),
    );
    expect(message).toMatch(/recipients\[0\]\.shares\[0\]: "nope" is not a share of collaboration\.shares \(metrics\)/);
    expect(message).toMatch(
      /marketplace\.listings\[0\]\.share: "other" is not a share of collaboration\.shares \(metrics\); a listing is backed by one/,
    );
  });

  it("refuses a shared table no enabled pipeline publishes, a schema that is not gold, and a model that is not registered", () => {
    const message = problemsOf(
      owner().name,
      withSection({
        shares: [
          {
            name: "bad",
            objects: [
              { type: "table", table: "not_published" },
              { type: "schema", schema: "bronze" },
              { type: "model", model: "not_registered" },
            ],
          },
        ],
      }),
    );
    expect(message).toMatch(/shares\[0\]\.objects\[0\]\.table: gold\.not_published is not published by a pipeline this environment runs/);
    expect(message).toMatch(/shares\[0\]\.objects\[1\]\.schema: "bronze" is not a gold schema of the default catalog/);
    expect(message).toMatch(/shares\[0\]\.objects\[2\]\.model: "not_registered" is not a model this environment registers/);
  });

  it("refuses history or change data feed on a gold table, which the pipelines publish as a materialized view", () => {
    const message = problemsOf(
      owner().name,
      withSection({ shares: [{ name: "m", objects: [{ type: "table", table: gold(), changeDataFeed: true }] }] }),
    );
    expect(message).toMatch(/objects\[0\]\.changeDataFeed: gold\.\w+ is a materialized view/);
  });

  it("refuses an object listed twice and duplicate keys", () => {
    const message = problemsOf(
      owner().name,
      withSection({
        shares: [
          {
            name: "m",
            objects: [
              { type: "table", table: gold() },
              { type: "table", table: gold() },
            ],
          },
          { name: "m", objects: [{ type: "table", table: gold() }] },
        ],
      }),
    );
    expect(message).toMatch(/shares\[0\]\.objects\[1\]: table "\w+" is in the share twice/);
    expect(message).toMatch(/shares\[1\]\.name: "m" is used twice; share names are unique/);
  });

  it("refuses principals that are not groups or service principals of the workspace", () => {
    const message = problemsOf(
      owner().name,
      withSection({
        sharingAdmins: ["nobody"],
        cleanRooms: [{ name: "r", owner: "ghosts", localAlias: "us", collaborators: [{ alias: "them", globalMetastoreId: PARTNER }] }],
      }),
    );
    expect(message).toMatch(/sharingAdmins\[0\]: "nobody" is not a key of workspace\.groups or workspace\.servicePrincipals/);
    expect(message).toMatch(/cleanRooms\[0\]\.owner: "ghosts" is not a group of workspace\.groups/);
  });
});

describe("clean rooms", () => {
  const room = (fields: Record<string, unknown>) =>
    withSection({ cleanRooms: [{ name: "r", localAlias: "us", collaborators: [{ alias: "them", globalMetastoreId: PARTNER }], ...fields }] });

  it("refuse a collaborator without a sharing identifier or an invitation, and an invitation without a workspace", () => {
    const message = problemsOf(owner().name, room({ collaborators: [{ alias: "a" }, { alias: "b", inviteEmail: "b@example.com" }] }));
    expect(message).toMatch(/cleanRooms\[0\]\.collaborators\[0\]: has neither globalMetastoreId nor inviteEmail/);
    expect(message).toMatch(/cleanRooms\[0\]\.collaborators\[1\]\.inviteWorkspaceId: is required with inviteEmail/);
  });

  it("refuse an alias used twice (ours included), a runner that is not an alias, a missing notebook and an unpublished table", () => {
    const message = problemsOf(
      owner().name,
      room({
        collaborators: [{ alias: "us", globalMetastoreId: PARTNER }],
        notebooks: [{ file: "no_such_notebook.py", runners: ["stranger"] }],
        tables: ["not_published"],
      }),
    );
    expect(message).toMatch(/collaborators\[0\]\.alias: "us" is used twice/);
    expect(message).toMatch(/notebooks\[0\]\.file: notebooks\/clean-rooms\/no_such_notebook\.py does not exist/);
    expect(message).toMatch(/notebooks\[0\]\.runners\[0\]: "stranger" is not an alias of this clean room/);
    expect(message).toMatch(/tables\[0\]: gold\.not_published is not published/);
  });
});

describe("metastore ownership", () => {
  (SHARERS.length > 0 ? it : it.skip)("refuses sharing from an environment that shares another's metastore", () => {
    expect(
      problemsOf(SHARERS[0], withSection({ sharingAdmins: [], shares: [{ name: "m", objects: [{ type: "schema", schema: "gold" }] }] })),
    ).toMatch(/collaboration: this environment shares another environment's metastore .* whose owner grants it no CREATE_SHARE/);
  });

  it("refuses the Marketplace admin role in two environments of one Databricks account", () => {
    const marketplace = {
      provider: {
        name: "x",
        description: "x",
        businessContactEmail: "a@example.com",
        privacyPolicyUrl: "https://e.com/p",
        termsOfServiceUrl: "https://e.com/t",
      },
      admins: ["platform-admins"],
    };
    const inputs = Object.values(ENVIRONMENTS).map((e) => {
      const input = structuredClone(e.input) as unknown as CollaborationInput;
      if (OWNERS.includes(input.name as string)) input.collaboration = { ...(input.collaboration ?? {}), marketplace };
      return { source: e.source, input };
    });
    const accounts = REGISTERED.filter((c) => OWNERS.includes(c.name)).map((c) => c.databricks.accountId);
    const shared = accounts.some((a, i) => accounts.indexOf(a) !== i);
    const run = () => validateEnvironments(inputs);
    if (shared) expect(run).toThrow(/collaboration\.marketplace\.admins: \S+ \(.+\) already sets the Marketplace admin role of Databricks account/);
    else expect(run).not.toThrow();
  });
});
