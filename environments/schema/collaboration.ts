/**
 * The collaboration section: Delta Sharing (shares of gold data and models, recipients of both kinds), Clean Rooms and
 * the Databricks Marketplace (both through their REST APIs). Cross-field rules are in ../rules/collaboration.ts.
 */
import { z } from "zod";
import { cidrBlock } from "./primitives";

/** A kebab-case key that becomes part of physical names. */
const key = (max: number) =>
  z
    .string()
    .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "must start with a lowercase letter and use only lowercase letters, digits and single hyphens")
    .max(max, `must be at most ${max} characters`);
/** A key of `workspace.groups` or `workspace.servicePrincipals`. */
const principalKey = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "must be a key of workspace.groups or workspace.servicePrincipals");
/** A Unity Catalog object name (table, schema, model). */
const ucName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, "must be lowercase letters, digits and underscores, starting with a letter")
  .max(255);
/** A partner's sharing identifier: its global metastore id. */
const globalMetastoreId = z
  .string()
  .regex(
    /^aws:[a-z0-9-]+:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    "must be a sharing identifier aws:<region>:<metastore uuid> (the partner runs SELECT CURRENT_METASTORE())",
  );
const httpsUrl = z.url({ protocol: /^https$/, message: "must be an https URL" });

const tableObject = z.strictObject({
  type: z
    .literal("table")
    .meta({ description: "A gold table the ingestion pipelines publish (a materialized view of pipelines/<pipeline>/gold.sql)." }),
  table: ucName.meta({ description: "Its name in the default catalog's gold schema." }),
  sharedAs: z
    .string()
    .regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, "must be schema.name")
    .optional()
    .meta({ description: "The name recipients see (schema.name). Omitted: gold.<table>." }),
  historySharing: z.boolean().default(false).meta({ description: "Share the table's history (time travel, streaming reads)." }),
  changeDataFeed: z.boolean().default(false).meta({ description: "Share the change data feed (not with historySharing)." }),
});

const schemaObject = z.strictObject({
  type: z.literal("schema").meta({ description: "A whole schema of the default catalog: every table in it, now and later." }),
  schema: ucName.meta({ description: "A schema of the default catalog (gold, or a gold domain schema)." }),
  historySharing: z.boolean().default(false).meta({ description: "Share the history of the schema's tables." }),
});

const modelObject = z.strictObject({
  type: z.literal("model").meta({ description: "A model registered in the default catalog's ml schema (serving.ml.registeredModels)." }),
  model: ucName.meta({ description: "The registered model's name." }),
});

const share = z.strictObject({
  name: key(40).meta({ description: "The share's key; the share is named <prefix>_<stage>_<name> (underscores)." }),
  comment: z.string().max(255).optional().meta({ description: "What the share is for, shown to recipients." }),
  objects: z
    .array(z.discriminatedUnion("type", [tableObject, schemaObject, modelObject]))
    .min(1)
    .meta({ description: "What the share holds: gold tables, schemas and registered models, each once." }),
});

const databricksRecipient = z.strictObject({
  name: key(40).meta({ description: "The recipient's key; it is named <prefix>_<stage>_<name> (underscores)." }),
  kind: z.literal("databricks").meta({ description: "Databricks-to-Databricks: the partner reads from its own Unity Catalog metastore." }),
  globalMetastoreId: globalMetastoreId.meta({ description: "The partner's sharing identifier, sent by the partner." }),
  shares: z.array(key(40)).min(1).meta({ description: "Keys of the shares (collaboration.shares) the recipient may read." }),
  comment: z.string().max(255).optional().meta({ description: "Who the recipient is." }),
});

const tokenRecipient = z.strictObject({
  name: key(40).meta({ description: "The recipient's key; it is named <prefix>_<stage>_<name> (underscores)." }),
  kind: z.literal("token").meta({ description: "Open sharing: any Delta Sharing client, with a bearer token from a one-time activation link." }),
  ipAccessList: z
    .array(cidrBlock)
    .max(100)
    .optional()
    .meta({ description: "The partner's egress addresses; required (validation refuses a token recipient without one)." }),
  tokenLifetimeDays: z
    .number()
    .int()
    .min(1)
    .max(365)
    .optional()
    .meta({ description: "Days the token is valid from creation; required (validation refuses a token recipient without one)." }),
  shares: z.array(key(40)).min(1).meta({ description: "Keys of the shares (collaboration.shares) the recipient may read." }),
  comment: z.string().max(255).optional().meta({ description: "Who the recipient is." }),
});

const collaborator = z.strictObject({
  alias: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/, "must be lowercase letters, digits and underscores")
    .meta({ description: "The collaborator's alias in the clean room." }),
  globalMetastoreId: globalMetastoreId.optional().meta({ description: "The collaborator's sharing identifier." }),
  inviteEmail: z.email().optional().meta({ description: "Or: the e-mail of the person who accepts the invitation (with inviteWorkspaceId)." }),
  inviteWorkspaceId: z.number().int().positive().optional().meta({ description: "The collaborator's workspace id, with inviteEmail." }),
});

const cleanRoom = z.strictObject({
  name: key(40).meta({ description: "The clean room's key; it is named <prefix>_<stage>_<name> (underscores)." }),
  comment: z.string().max(255).optional().meta({ description: "What the collaboration is for." }),
  owner: principalKey.default("platform-admins").meta({
    description:
      "The group that owns the clean room: granted CREATE_CLEAN_ROOM where this environment owns the metastore, and read on gold when the room brings tables (an asset's owner must keep SELECT on it).",
  }),
  localAlias: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/, "must be lowercase letters, digits and underscores")
    .meta({ description: "Our alias in the clean room." }),
  collaborators: z.array(collaborator).min(1).max(9).meta({ description: "The other parties (at most 9)." }),
  allowedDomains: z
    .array(z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, "must be a host name"))
    .default([])
    .meta({ description: "Host names notebooks in the clean room may reach; egress is otherwise restricted." }),
  tables: z.array(ucName).default([]).meta({ description: "Gold tables we bring into the clean room (published by the ingestion pipelines)." }),
  notebooks: z
    .array(
      z.strictObject({
        file: z
          .string()
          .regex(/^[a-z0-9_]+\.py$/, "must be a .py file name under notebooks/clean-rooms/")
          .meta({ description: "A Databricks notebook source file under notebooks/clean-rooms/ in this repository." }),
        runners: z.array(z.string()).default([]).meta({ description: "Aliases of collaborators who may run it (ours or theirs)." }),
      }),
    )
    .default([])
    .meta({ description: "Notebooks from the repository that collaborators run in the clean room." }),
});

const listing = z.strictObject({
  name: key(40).meta({ description: "The listing's key." }),
  title: z.string().min(1).max(100).meta({ description: "The title consumers see." }),
  subtitle: z.string().max(200).optional().meta({ description: "One line under the title." }),
  description: z.string().min(1).meta({ description: "What the data is (markdown)." }),
  share: key(40).meta({ description: "Key of the share (collaboration.shares) consumers get." }),
  categories: z
    .array(
      z.enum([
        "ADVERTISING_AND_MARKETING",
        "COMMERCE",
        "DEMOGRAPHICS",
        "ECONOMICS",
        "FINANCIAL",
        "HEALTH",
        "LOOKUP_TABLES",
        "MANUFACTURING",
        "OTHER",
        "RETAIL",
        "TRANSPORTATION_AND_LOGISTICS",
      ]),
    )
    .min(1)
    .default(["OTHER"])
    .meta({ description: "Marketplace categories." }),
  status: z.enum(["DRAFT", "PUBLISHED"]).default("DRAFT").meta({ description: "DRAFT is visible to the provider only; PUBLISHED lists it." }),
  documentationUrl: httpsUrl.optional().meta({ description: "Where consumers read more." }),
});

const marketplace = z.strictObject({
  provider: z
    .strictObject({
      name: z.string().min(1).max(100).meta({ description: "The provider name consumers see." }),
      description: z.string().min(1).meta({ description: "Who we are, for consumers." }),
      businessContactEmail: z.email().meta({ description: "Where consumers' requests go." }),
      privacyPolicyUrl: httpsUrl.meta({ description: "Our privacy policy." }),
      termsOfServiceUrl: httpsUrl.meta({ description: "Our terms of service." }),
      companyWebsiteUrl: httpsUrl.optional().meta({ description: "Our website." }),
      supportContactEmail: z.email().optional().meta({ description: "Where consumers ask for support." }),
    })
    .meta({ description: "The Marketplace provider profile." }),
  listings: z.array(listing).default([]).meta({ description: "Listings, each backed by a share of this section." }),
  admins: z.array(principalKey).default([]).meta({
    description:
      "Groups given the account's Marketplace admin role (roles/marketplace.admin on the account's default rule set): one environment per Databricks account.",
  }),
  keepAccountRoles: z
    .array(
      z.strictObject({
        role: z.enum(["roles/billing.admin", "roles/tagPolicy.creator", "roles/tagPolicy.manager", "roles/tagPolicy.assigner"]).meta({
          description: "Another role of the account's default rule set.",
        }),
        principals: z
          .array(
            z
              .string()
              .regex(
                /^(groups\/.+|users\/\S+@\S+|servicePrincipals\/[0-9a-f-]{36})$/,
                "must be groups/<name>, users/<e-mail> or servicePrincipals/<application id>",
              ),
          )
          .min(1)
          .meta({ description: "Who holds it, as the rule set names principals." }),
      }),
    )
    .default([])
    .meta({
      description:
        "With admins: every other grant the account's default rule set holds (billing admins, tag policy roles). That rule set is one object and the Marketplace admin role is written as all of it, so a grant not listed here is removed on apply.",
    }),
  consumers: z
    .array(principalKey)
    .default([])
    .meta({ description: "Groups granted USE_MARKETPLACE_ASSETS on the metastore (where this environment owns it), to install listings." }),
});

const deltaSharing = z.strictObject({
  scope: z.enum(["INTERNAL", "INTERNAL_AND_EXTERNAL"]).meta({
    description:
      "The metastore's Delta Sharing scope: INTERNAL shares within the Databricks account only; INTERNAL_AND_EXTERNAL also with other accounts and open (token) recipients.",
  }),
  recipientTokenLifetimeDays: z.number().int().min(1).max(365).meta({
    description: "Lifetime of the recipient tokens the metastore issues, in days; a token recipient's own tokenLifetimeDays may not exceed it.",
  }),
  organizationName: z.string().min(1).max(255).optional().meta({
    description: "The name Databricks-to-Databricks recipients see as the provider. Once set it cannot be removed. Omitted: none.",
  }),
});

export const collaborationSchema = z
  .strictObject({
    deltaSharing: deltaSharing.optional().meta({
      description:
        "Delta Sharing settings of the metastore, set by the environment that creates it (unityCatalog.metastore.mode create) in its workspace layer. Omitted: the metastore keeps Databricks' defaults (sharing within the account only).",
    }),
    sharingAdmins: z.array(principalKey).default([]).meta({
      description:
        "Groups and service principals granted CREATE_SHARE, CREATE_RECIPIENT and CREATE_PROVIDER on the metastore, where this environment owns it (the owner group has them already).",
    }),
    shares: z.array(share).default([]).meta({ description: "Delta Sharing shares." }),
    recipients: z
      .array(z.discriminatedUnion("kind", [databricksRecipient, tokenRecipient]))
      .default([])
      .meta({ description: "Who reads the shares: Databricks-to-Databricks partners and open (token) recipients." }),
    cleanRooms: z.array(cleanRoom).default([]).meta({ description: "Clean rooms, through the Clean Rooms REST API." }),
    marketplace: marketplace
      .optional()
      .meta({ description: "The Marketplace provider profile and listings, through the Marketplace provider REST API." }),
  })
  .prefault({})
  .meta({ description: "Delta Sharing, Clean Rooms and the Databricks Marketplace (the collaboration layer)." });

/** The validated collaboration section. */
export type CollaborationConfig = z.output<typeof collaborationSchema>;
