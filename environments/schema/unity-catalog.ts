/**
 * The unityCatalog section: the workspace's security settings, the metastore, the medallion catalogs, who may do
 * what in them, system tables, and the sources federated into Unity Catalog (Redshift, Glue, a Hive metastore).
 * Cross-field rules are in ../rules/unity-catalog.ts, and the metastore rules across environments in
 * ../rules/metastore-sharing.ts.
 */
import { z } from "zod";
import { ALWAYS_ON_SYSTEM_SCHEMAS, COMPLIANCE_STANDARDS, ENABLEABLE_SYSTEM_SCHEMAS } from "../../modules/databricks/enums";
import { cidrBlock, namePart } from "./primitives";

/** A Unity Catalog name: lowercase letters, digits and underscores, starting with a letter. */
const ucName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, "must be lowercase letters, digits and underscores, starting with a letter")
  .max(64);
/** A name component that becomes `<prefix>_<stage>_<component>` in the metastore. */
const ucComponent = ucName.max(40, "must be at most 40 characters");
/** A group or service principal key of the workspace section (`workspace.groups`, `workspace.servicePrincipals`). */
const principalKey = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "must be a key of workspace.groups or workspace.servicePrincipals, like data-engineers");
const principals = z.array(principalKey);
const s3Url = z
  .string()
  .regex(/^s3:\/\/[a-z0-9][a-z0-9-]{1,61}[a-z0-9](\/[^,]*)?$/, "must be an S3 URL like s3://bucket/prefix (no dots in the bucket name)");
/** A key prefix inside a bucket, like `glue/`: no leading slash, ends with a slash. */
const keyPrefix = z
  .string()
  .regex(/^([A-Za-z0-9!_.*'()-]+\/)+$/, 'must be a key prefix like "glue/" or "raw/erp/" (no leading slash, ending with a slash)');
const medallionLayer = z.enum(["bronze", "silver", "gold"]);
/** A Secrets Manager secret's name or ARN: the reference, never the secret's value (no spaces, braces or quotes). */
const secretReference = z
  .string()
  .regex(
    /^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:)?[A-Za-z0-9/_+=.@-]{1,512}$/,
    "must be a Secrets Manager secret name or ARN, like lakehouse/prod/redshift/federation-reader (the name, never the value)",
  );

const ipAccessList = z.strictObject({
  label: z
    .string()
    .regex(/^[A-Za-z0-9 _-]{1,64}$/, "must be 1-64 letters, digits, spaces, - or _")
    .meta({ description: "The list's label, shown in the workspace; unique per list type." }),
  cidrs: z
    .array(z.union([z.ipv4(), z.cidrv4()], { message: "must be an IPv4 address or CIDR range" }))
    .min(1)
    .meta({ description: "IPv4 addresses or CIDR ranges." }),
});

const ipAccessLists = z.strictObject({
  allow: z.array(ipAccessList).default([]).meta({
    description:
      "Networks allowed to reach the web app and REST API (include the network CI deploys from). Required while the workspace is reachable from the internet (no PrivateLink, or public access on).",
  }),
  block: z.array(ipAccessList).default([]).meta({ description: "Networks refused, even inside an allow list's range." }),
  ciEgressCidrs: z.array(cidrBlock).default([]).meta({
    description:
      "Public egress ranges of the CI runners that deploy the workspace-level layers. Required while the workspace is reachable from the internet: each must lie inside an allow entry (and outside every block entry), so a deploy never locks CI out. Unused with the private front end (runners sit in network.frontEnd.runnerSubnets).",
  }),
});

const workspaceSecurity = z.strictObject({
  ipAccessLists: ipAccessLists.prefault({}).meta({
    description:
      "Front-end IP access lists. Any list turns the feature on: only the allow lists' ranges, minus the block lists', reach the workspace.",
  }),
  maxTokenLifetimeDays: z
    .number()
    .int()
    .min(1)
    .max(730)
    .default(90)
    .meta({ description: "Longest lifetime of a new personal access token, in days." }),
  complianceSecurityProfile: z.array(z.enum(COMPLIANCE_STANDARDS)).optional().meta({
    description:
      'Turn on the compliance security profile with these standards ("NONE" alone for the profile\'s controls without a named standard). It cannot be turned off once on, and needs enhancedSecurityMonitoring and automaticClusterUpdate. Omitted: the profile stays off.',
  }),
  enhancedSecurityMonitoring: z
    .boolean()
    .default(false)
    .meta({ description: "Enhanced security monitoring on cluster nodes (hardened image, antivirus, file-integrity monitoring)." }),
  automaticClusterUpdate: z.boolean().default(false).meta({ description: "Restart clusters in a maintenance window to apply image updates." }),
  restrictWorkspaceAdmins: z
    .boolean()
    .default(false)
    .meta({ description: "Keep workspace admins from creating tokens for, or running jobs as, other principals." }),
  disableLegacyAccess: z.boolean().default(true).meta({
    description: "Disable legacy access: the workspace Hive metastore, no-isolation clusters, mounts. Needs network.legacyHiveMetastore off.",
  }),
  disableLegacyDbfs: z.boolean().default(true).meta({ description: "Disable the DBFS root and mounts." }),
  workspaceConf: z
    .record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, "must be a workspace_conf key like enableResultsDownloading"), z.string())
    .default({})
    .meta({ description: "Extra or overriding databricks_workspace_conf keys (string values), on top of the hardened admin settings." }),
});

const metastoreSharer = z.strictObject({
  environment: namePart(12).meta({ description: "The sharing environment's name." }),
  group: principalKey.default("platform-admins").meta({
    description: "The group of that environment that receives the privileges: the one its deployer belongs to (a key of its workspace.groups).",
  }),
});

const createdMetastore = z.strictObject({
  mode: z.literal("create").meta({
    description: "Create the region's metastore in this environment. Databricks allows one per region per account, so one environment creates it.",
  }),
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/, "must be letters, digits, - and _")
    .optional()
    .meta({
      description: "The metastore's name. Omitted: <prefix>-<region>, with no stage, as the metastore serves every environment of the region.",
    }),
  storageRoot: s3Url.optional().meta({
    description: "Metastore-level root storage, as an s3:// URL. Omitted (recommended): no metastore root, so every catalog has its own storage.",
  }),
  owner: principalKey.default("platform-admins").meta({ description: "The group that owns the metastore (its admins): a key of workspace.groups." }),
  sharedWith: z.array(metastoreSharer).default([]).meta({
    description:
      'The environments that share this metastore (mode "existing", same Databricks account and region): each one\'s group (named <prefix>-<environment>-<group>) is granted CREATE_CATALOG, CREATE_CONNECTION, CREATE_EXTERNAL_LOCATION, CREATE_SERVICE_CREDENTIAL and CREATE_STORAGE_CREDENTIAL on the metastore, which its unity-catalog layer needs. Validation across environments requires every sharer listed.',
  }),
});

const existingMetastore = z.strictObject({
  mode: z.literal("existing").meta({ description: "Use the region's existing metastore (created by another environment or by Databricks)." }),
  metastoreId: z
    .uuid({ message: "must be a metastore id (a UUID)" })
    .optional()
    .meta({ description: "The metastore's id. Omitted: the region's metastore is looked up at plan time." }),
  sharedWith: z
    .never({ error: 'only for mode "create": list the sharing environments in the environment that creates the metastore' })
    .optional()
    .meta({ description: 'Not allowed here: the environment that creates the metastore (mode "create") lists the environments that share it.' }),
});

const metastore = z.discriminatedUnion("mode", [createdMetastore, existingMetastore]);

const domainSchema = z.strictObject({
  name: ucName.meta({ description: "The schema's name in the catalog." }),
  layer: medallionLayer.meta({ description: "The medallion layer whose storage and grants the schema gets." }),
});

const volume = z.strictObject({
  name: ucName.meta({ description: "The volume's name in its schema." }),
  schema: ucName.meta({ description: "The schema that holds the volume: bronze, silver, gold, ml or a domain schema of the catalog." }),
});

const catalog = z.strictObject({
  name: ucComponent.meta({ description: "Name component (lowercase letters, digits and underscores): the catalog is <prefix>_<stage>_<name>." }),
  domainSchemas: z
    .array(domainSchema)
    .default([])
    .meta({ description: "Extra schemas, each on the storage of, and with the grants of, a medallion layer." }),
  mlSchema: z.boolean().default(true).meta({ description: "An ml schema (on catalog storage) where grants.ml.createModels register models." }),
  landingVolume: z
    .boolean()
    .default(true)
    .meta({ description: "An external volume bronze.landing over this catalog's prefix of the landing bucket (<catalog>/)." }),
  volumes: z.array(volume).default([]).meta({ description: "Managed volumes, in bronze, silver, gold, ml or a domain schema." }),
  uniformGold: z
    .boolean()
    .default(true)
    .meta({ description: "Record the UniForm (Iceberg) table properties on the gold schema for pipelines to apply." }),
  dedicatedKey: z.boolean().default(false).meta({
    description:
      "Give the catalog's managed storage its own bucket and KMS key (as the Security Reference Architecture does), so its data can be audited, and access to it revoked, apart from the other catalogs. Choose it when the catalog is created: moving managed storage replaces the catalog. Off: a prefix of the Unity Catalog bucket under the data key.",
  }),
});

const layerGrants = z.strictObject({
  read: principals.default([]).meta({ description: "Who reads tables, views, functions, models and volumes." }),
  write: principals.default([]).meta({ description: "Who creates and changes tables, views, functions and volumes." }),
});

const mlGrants = z.strictObject({
  createModels: principals.default(["data-scientists"]).meta({ description: "Who registers models and feature tables in the ml schema." }),
  read: principals.default([]).meta({ description: "Who only reads the ml schema." }),
});

const grants = z.strictObject({
  owner: principalKey
    .default("platform-admins")
    .meta({ description: "The group that owns every securable of this layer (the metastore admin group when the metastore is created here)." }),
  bronze: layerGrants.prefault({ write: ["data-engineers"] }).meta({ description: "Who reads and who writes the bronze schemas." }),
  silver: layerGrants
    .prefault({ read: ["data-scientists"], write: ["data-engineers"] })
    .meta({ description: "Who reads and who writes the silver schemas." }),
  gold: layerGrants.prefault({ read: ["analysts", "data-scientists"] }).meta({ description: "Who reads and who writes the gold schemas." }),
  ml: mlGrants.prefault({}).meta({ description: "The ml schema: who registers models and feature tables, who only reads." }),
  pipelines: principals
    .default(["orchestrator"])
    .meta({ description: "Principals that run pipelines: they write every layer and read the landing files." }),
});

const systemTables = z.strictObject({
  enable: z
    .array(z.enum(ENABLEABLE_SYSTEM_SCHEMAS))
    .default([...ENABLEABLE_SYSTEM_SCHEMAS])
    .meta({
      description:
        "System schemas to enable. Enabling is metastore-wide: among environments sharing a metastore only the one that creates it lists them; the others keep this empty.",
    }),
  read: z
    .array(z.enum([...ENABLEABLE_SYSTEM_SCHEMAS, ...ALWAYS_ON_SYSTEM_SCHEMAS]))
    .default(["access", "billing", "compute", "lakeflow", "query", "serving", "storage"])
    .meta({ description: "System schemas the readers may read (audit and lineage live in access, costs in billing)." }),
  readers: principals.default(["platform-admins"]).meta({
    description:
      "Groups that read the system tables. They hold the whole metastore's (and, for billing, the account's) audit, query and usage data, so only the environment that owns the metastore grants readers; one that shares another's metastore (metastore.mode \"existing\") keeps this empty.",
  }),
});

const redshiftServerless = z.strictObject({
  baseCapacityRpus: z
    .number()
    .int()
    .min(8)
    .max(1024)
    .multipleOf(8)
    .default(8)
    .meta({ description: "The workgroup's base capacity in Redshift Processing Units (a multiple of 8)." }),
});

const redshift = z.strictObject({
  catalog: ucComponent
    .default("redshift")
    .meta({ description: "Name component of the connection and the foreign catalog (<prefix>_<stage>_<catalog>)." }),
  database: z
    .string()
    .regex(/^[a-z_][a-z0-9_$]{0,63}$/, "must be a Redshift database name")
    .default("dev")
    .meta({ description: "The Redshift database the foreign catalog mirrors." }),
  serverless: redshiftServerless.optional().meta({
    description:
      "Create a Redshift Serverless namespace and workgroup in the workspace subnets (needs three availability zones), KMS-encrypted with the data key, private, reachable from the workspace security group. Give this or host.",
  }),
  host: z
    .string()
    .regex(/^[a-z0-9.-]+$/, "must be a host name")
    .optional()
    .meta({ description: "Host name of an existing Redshift endpoint; give this or serverless." }),
  port: z.number().int().min(1150).max(65535).default(5439).meta({ description: "Port of the Redshift endpoint." }),
  credentialsSecret: secretReference.optional().meta({
    description:
      'Secrets Manager secret (name or ARN) holding {"username", "password"} of a read-only Redshift user, created out of band. Required: validation refuses redshift without it, and the federation never falls back to a warehouse\'s Redshift-managed admin secret.',
  }),
  readers: principals.default(["analysts", "data-scientists"]).meta({ description: "Who may query the foreign catalog." }),
});

const glue = z.strictObject({
  catalog: ucComponent.default("glue").meta({ description: "Name component of the service credential, connection and foreign catalog." }),
  databases: z
    .array(z.string().regex(/^[a-z0-9_]{1,255}$/, "must be a Glue database name"))
    .default([])
    .meta({ description: "Glue databases the federation may read; empty for the account's whole Glue Data Catalog in the region." }),
  landingPrefixes: z
    .array(keyPrefix)
    .min(1)
    .default(["glue/"])
    .meta({ description: "Key prefixes in the landing bucket where the Glue tables' data lives (the foreign catalog's authorized paths)." }),
  readers: principals.default(["data-engineers", "analysts", "data-scientists"]).meta({ description: "Who may query the foreign catalog." }),
});

const hiveMetastore = z.strictObject({
  catalog: ucComponent.default("hive").meta({ description: "Name component of the connection and foreign catalog." }),
  host: z
    .string()
    .regex(/^[a-z0-9.-]+$/, "must be a host name")
    .meta({ description: "Host of the metastore's database." }),
  port: z.number().int().min(1).max(65535).default(3306).meta({ description: "Port of the metastore's database." }),
  database: z.string().min(1).max(64).meta({ description: "The metastore's database name." }),
  dbType: z.enum(["MYSQL", "POSTGRESQL"]).default("MYSQL").meta({ description: "The metastore database's engine." }),
  version: z.enum(["2.3", "3.1"]).default("2.3").meta({ description: "The Hive metastore version." }),
  credentialsSecret: secretReference.meta({
    description: 'Secrets Manager secret (name or ARN) holding {"username", "password"} for the metastore database.',
  }),
  landingPrefixes: z
    .array(keyPrefix)
    .min(1)
    .default(["hive/"])
    .meta({ description: "Key prefixes in the landing bucket where the Hive tables' data lives (the foreign catalog's authorized paths)." }),
  readers: principals.default(["data-engineers"]).meta({ description: "Who may query the foreign catalog." }),
});

export const unityCatalogSchema = z
  .strictObject({
    workspaceSecurity: workspaceSecurity
      .prefault({})
      .meta({ description: "The workspace's security settings, applied by the first stack with a workspace-level provider." }),
    metastore: metastore
      .default({ mode: "create", owner: "platform-admins", sharedWith: [] })
      .meta({ description: 'The region\'s metastore: created by this environment (mode "create") or the existing one (mode "existing").' }),
    catalogs: z
      .array(catalog)
      .min(1, "needs at least one catalog")
      .prefault([{ name: "main" }])
      .meta({ description: "The medallion catalogs, each isolated and bound to the workspace; the first is the workspace's default catalog." }),
    grants: grants.prefault({}).meta({ description: "Who may do what, by key of workspace.groups or workspace.servicePrincipals." }),
    systemTables: systemTables
      .prefault({})
      .meta({ description: "System tables (audit, billing, lineage): which to enable, which to read, and who reads them." }),
    redshift: redshift.optional().meta({ description: "Lakehouse Federation to Amazon Redshift. Omitted: no Redshift federation." }),
    glue: glue
      .optional()
      .meta({ description: "Catalog federation to the AWS Glue Data Catalog of this account and region. Omitted: no Glue federation." }),
    hiveMetastore: hiveMetastore.optional().meta({ description: "Catalog federation to an external Hive metastore. Omitted: none." }),
    iamPropagationSeconds: z
      .number()
      .int()
      .min(10)
      .max(300)
      .default(60)
      .meta({ description: "Seconds dependants wait after a credential's IAM role is created (IAM is eventually consistent)." }),
  })
  .prefault({});

export type UnityCatalogConfig = z.output<typeof unityCatalogSchema>;
