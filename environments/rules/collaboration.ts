/**
 * Cross-field rules of the collaboration section in one environment: unique keys; references between recipients,
 * shares and listings; shared objects exist (gold tables the enabled pipelines publish, schemas of the default catalog,
 * registered models); token recipients are limited by an IP access list and expire; clean-room collaborators can be
 * reached; principals exist; metastore privileges only where this environment owns the metastore. And across
 * environments: one Marketplace admin role per Databricks account.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { EnvironmentConfig } from "../schema";
import type { ConfigProblem, FieldProblem, SourcedConfig } from "./problem";
import { publishedGoldTables } from "./serving";

/** Where clean-room notebooks live in the repository. */
export const CLEAN_ROOM_NOTEBOOKS_DIR = join(__dirname, "..", "..", "notebooks", "clean-rooms");

export function collaborationProblems(config: EnvironmentConfig): FieldProblem[] {
  return [
    ...uniqueKeyProblems(config),
    ...shareObjectProblems(config),
    ...recipientProblems(config),
    ...cleanRoomProblems(config),
    ...marketplaceProblems(config),
    ...principalProblems(config),
    ...metastoreProblems(config),
  ];
}

/** True when the section creates anything. */
export function hasCollaboration({ collaboration: c }: EnvironmentConfig): boolean {
  return c.shares.length + c.recipients.length + c.cleanRooms.length > 0 || c.marketplace !== undefined || c.deltaSharing !== undefined;
}

function uniqueKeyProblems({ collaboration: c }: EnvironmentConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const once = (path: string, names: readonly string[], what: string) =>
    names.forEach((name, i) => {
      if (names.indexOf(name) < i) problems.push({ path: `${path}[${i}].name`, message: `"${name}" is used twice; ${what} are unique` });
    });
  once(
    "collaboration.shares",
    c.shares.map((s) => s.name),
    "share names",
  );
  once(
    "collaboration.recipients",
    c.recipients.map((r) => r.name),
    "recipient names",
  );
  once(
    "collaboration.cleanRooms",
    c.cleanRooms.map((r) => r.name),
    "clean room names",
  );
  once(
    "collaboration.marketplace.listings",
    (c.marketplace?.listings ?? []).map((l) => l.name),
    "listing names",
  );
  return problems;
}

/** The schemas of the default catalog that hold gold data: gold and the gold domain schemas. */
function goldSchemas(config: EnvironmentConfig): string[] {
  const first = config.unityCatalog.catalogs[0];
  return ["gold", ...(first?.domainSchemas ?? []).filter((d) => d.layer === "gold").map((d) => d.name)];
}

function shareObjectProblems(config: EnvironmentConfig): FieldProblem[] {
  const published = publishedGoldTables(config);
  const models = config.serving.ml.registeredModels;
  const schemas = goldSchemas(config);
  const problems: FieldProblem[] = [];
  config.collaboration.shares.forEach((share, s) => {
    const seen = new Set<string>();
    share.objects.forEach((o, i) => {
      const at = `collaboration.shares[${s}].objects[${i}]`;
      const name = o.type === "table" ? o.table : o.type === "schema" ? o.schema : o.model;
      if (seen.has(`${o.type}/${name}`)) problems.push({ path: at, message: `${o.type} "${name}" is in the share twice; list it once` });
      seen.add(`${o.type}/${name}`);
      if (o.type === "table") {
        if (!published.includes(o.table))
          problems.push({
            path: `${at}.table`,
            message: `gold.${o.table} is not published by a pipeline this environment runs (ingestion.pipelines publish ${published.join(", ") || "no gold table"})`,
          });
        else if (o.historySharing || o.changeDataFeed)
          problems.push({
            path: `${at}.${o.historySharing ? "historySharing" : "changeDataFeed"}`,
            message: `gold.${o.table} is a materialized view (pipelines/*/gold.sql), which Delta Sharing shares as a materialization without history or change data feed; turn it off`,
          });
      } else if (o.type === "schema") {
        if (!schemas.includes(o.schema))
          problems.push({ path: `${at}.schema`, message: `"${o.schema}" is not a gold schema of the default catalog (${schemas.join(", ")})` });
      } else if (!config.unityCatalog.catalogs[0]?.mlSchema || !models.includes(o.model)) {
        problems.push({
          path: `${at}.model`,
          message: `"${o.model}" is not a model this environment registers in the ml schema (serving.ml.registeredModels: ${models.join(", ") || "none"})`,
        });
      }
    });
  });
  return problems;
}

function recipientProblems({ collaboration: c }: EnvironmentConfig): FieldProblem[] {
  const shares = c.shares.map((s) => s.name);
  const problems: FieldProblem[] = [];
  c.recipients.forEach((r, i) => {
    const at = `collaboration.recipients[${i}]`;
    r.shares.forEach((share, j) => {
      if (!shares.includes(share))
        problems.push({ path: `${at}.shares[${j}]`, message: `"${share}" is not a share of collaboration.shares (${shares.join(", ") || "none"})` });
    });
    if (r.kind !== "token") return;
    if (!r.ipAccessList || r.ipAccessList.length === 0)
      problems.push({
        path: `${at}.ipAccessList`,
        message:
          "a token recipient can be used by whoever holds its activation link; list the partner's egress CIDRs so only its network can use the token",
      });
    else if (r.ipAccessList.some((cidr) => cidr.endsWith("/0")))
      problems.push({ path: `${at}.ipAccessList`, message: "a /0 block admits everyone; list the partner's egress CIDRs" });
    if (r.tokenLifetimeDays === undefined)
      problems.push({
        path: `${at}.tokenLifetimeDays`,
        message: "a token recipient's bearer token must expire; set its lifetime in days (1 to 365)",
      });
    problems.push(...openSharingProblems(c, at, r.tokenLifetimeDays));
  });
  return problems;
}

/**
 * Open sharing needs the metastore's scope to include external recipients, and a token may not outlive the
 * metastore's recipient token lifetime (collaboration.deltaSharing, set by the workspace layer on the metastore).
 */
function openSharingProblems(c: EnvironmentConfig["collaboration"], at: string, tokenLifetimeDays: number | undefined): FieldProblem[] {
  const sharing = c.deltaSharing;
  if (sharing?.scope !== "INTERNAL_AND_EXTERNAL")
    return [
      {
        path: at,
        message: `a token recipient needs the metastore's Delta Sharing scope INTERNAL_AND_EXTERNAL; set collaboration.deltaSharing.scope (now ${sharing?.scope ?? "unset: Databricks' default, within the account"})`,
      },
    ];
  if (tokenLifetimeDays !== undefined && tokenLifetimeDays > sharing.recipientTokenLifetimeDays)
    return [
      {
        path: `${at}.tokenLifetimeDays`,
        message: `${tokenLifetimeDays} days exceeds the metastore's recipient token lifetime (collaboration.deltaSharing.recipientTokenLifetimeDays, ${sharing.recipientTokenLifetimeDays})`,
      },
    ];
  return [];
}

function cleanRoomProblems(config: EnvironmentConfig): FieldProblem[] {
  const published = publishedGoldTables(config);
  const problems: FieldProblem[] = [];
  config.collaboration.cleanRooms.forEach((room, r) => {
    const at = `collaboration.cleanRooms[${r}]`;
    const aliases = [room.localAlias, ...room.collaborators.map((c) => c.alias)];
    room.collaborators.forEach((c, i) => {
      const path = `${at}.collaborators[${i}]`;
      if (aliases.indexOf(c.alias) < i + 1)
        problems.push({ path: `${path}.alias`, message: `"${c.alias}" is used twice (localAlias included); aliases are unique` });
      if (c.globalMetastoreId === undefined && c.inviteEmail === undefined)
        problems.push({
          path,
          message:
            "has neither globalMetastoreId nor inviteEmail; give the collaborator's sharing identifier, or the e-mail to invite with inviteWorkspaceId",
        });
      if (c.inviteEmail !== undefined && c.inviteWorkspaceId === undefined)
        problems.push({ path: `${path}.inviteWorkspaceId`, message: "is required with inviteEmail: the workspace the invitation is for" });
    });
    room.tables.forEach((t, i) => {
      if (!published.includes(t))
        problems.push({
          path: `${at}.tables[${i}]`,
          message: `gold.${t} is not published by a pipeline this environment runs (ingestion.pipelines)`,
        });
    });
    room.notebooks.forEach((n, i) => {
      if (!existsSync(join(CLEAN_ROOM_NOTEBOOKS_DIR, n.file)))
        problems.push({ path: `${at}.notebooks[${i}].file`, message: `notebooks/clean-rooms/${n.file} does not exist in the repository` });
      n.runners.forEach((alias, j) => {
        if (!aliases.includes(alias))
          problems.push({
            path: `${at}.notebooks[${i}].runners[${j}]`,
            message: `"${alias}" is not an alias of this clean room (${aliases.join(", ")})`,
          });
      });
    });
  });
  return problems;
}

/**
 * A listing is backed by a configured share, and by a share no recipient of ours names: the Marketplace adds each
 * consumer's recipient to the listed share, and our grants on a share with recipients are one authoritative
 * `databricks_grants`, which would revoke every consumer on each apply.
 */
function marketplaceProblems({ collaboration: c }: EnvironmentConfig): FieldProblem[] {
  const shares = c.shares.map((s) => s.name);
  const problems: FieldProblem[] = [];
  (c.marketplace?.listings ?? []).forEach((l, i) => {
    const path = `collaboration.marketplace.listings[${i}].share`;
    if (!shares.includes(l.share))
      problems.push({
        path,
        message: `"${l.share}" is not a share of collaboration.shares (${shares.join(", ") || "none"}); a listing is backed by one`,
      });
    const recipients = c.recipients.filter((r) => r.shares.includes(l.share)).map((r) => r.name);
    if (recipients.length > 0)
      problems.push({
        path,
        message: `"${l.share}" is also granted to recipients (${recipients.join(", ")}); their authoritative grants would revoke the Marketplace's consumers, so list a share of its own`,
      });
  });
  return problems;
}

function principalProblems(config: EnvironmentConfig): FieldProblem[] {
  const { groups, servicePrincipals } = config.workspace;
  const c = config.collaboration;
  const problems: FieldProblem[] = [];
  const check = (path: string, key: string, groupsOnly: boolean) => {
    const ok = Object.hasOwn(groups, key) || (!groupsOnly && Object.hasOwn(servicePrincipals, key));
    if (!ok)
      problems.push({
        path,
        message: `"${key}" is not a ${groupsOnly ? "group of workspace.groups" : "key of workspace.groups or workspace.servicePrincipals"} (${Object.keys(groups).join(", ")})`,
      });
  };
  c.sharingAdmins.forEach((k, i) => check(`collaboration.sharingAdmins[${i}]`, k, false));
  c.cleanRooms.forEach((r, i) => check(`collaboration.cleanRooms[${i}].owner`, r.owner, true));
  c.marketplace?.admins.forEach((k, i) => check(`collaboration.marketplace.admins[${i}]`, k, true));
  c.marketplace?.consumers.forEach((k, i) => check(`collaboration.marketplace.consumers[${i}]`, k, true));
  return problems;
}

/**
 * Metastore privileges are granted only by the environment that owns the metastore: a sharing environment's
 * principals get theirs from the creator (unityCatalog.metastore.sharedWith), which grants catalog-level privileges
 * only (SHARED_METASTORE_PRIVILEGES): no Delta Sharing, clean room or Marketplace privilege.
 */
function metastoreProblems(config: EnvironmentConfig): FieldProblem[] {
  if (config.unityCatalog.metastore.mode === "create" || !hasCollaboration(config)) return [];
  return [
    {
      path: "collaboration",
      message:
        "this environment shares another environment's metastore (unityCatalog.metastore.mode is existing), whose owner grants it no CREATE_SHARE, CREATE_RECIPIENT, CREATE_CLEAN_ROOM or CREATE_PROVIDER; share, invite and list from the environment that owns the metastore",
    },
  ];
}

/** The account's default rule set holds the Marketplace admin role: one environment per Databricks account may declare it. */
export function marketplaceAdminProblems(environments: readonly SourcedConfig[]): ConfigProblem[] {
  const first = new Map<string, SourcedConfig>();
  const problems: ConfigProblem[] = [];
  for (const env of environments) {
    if ((env.config.collaboration.marketplace?.admins.length ?? 0) === 0) continue;
    const account = env.config.databricks.accountId;
    const earlier = first.get(account);
    if (earlier)
      problems.push({
        source: env.source,
        path: "collaboration.marketplace.admins",
        message: `${earlier.config.name} (${earlier.source}) already sets the Marketplace admin role of Databricks account ${account}; the account's default rule set is one object, so set admins in one environment only`,
      });
    else first.set(account, env);
  }
  return problems;
}
