/**
 * The unityCatalog section: the workspace's security settings, the metastore, the medallion catalogs, who may do
 * what in them, system tables, and the sources federated into Unity Catalog (Redshift, Glue, a Hive metastore).
 */
import { z } from "zod";
import { ALWAYS_ON_SYSTEM_SCHEMAS, COMPLIANCE_STANDARDS, ENABLEABLE_SYSTEM_SCHEMAS } from "../../modules/databricks/enums";
import type { EnvironmentConfig } from "./index";
import { namePart } from "./primitives";

/** A Unity Catalog name: lowercase letters, digits and underscores, starting with a letter. */
const ucName = z.string().regex(/^[a-z][a-z0-9_]*$/, "must be lowercase letters, digits and underscores, starting with a letter").max(64);
/** A name component that becomes `<prefix>_<stage>_<component>` in the metastore. */
const ucComponent = ucName.max(40, "must be at most 40 characters");
/** A group or service principal key of the workspace section (`workspace.groups`, `workspace.servicePrincipals`). */
const principalKey = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "must be a key of workspace.groups or workspace.servicePrincipals, like data-engineers");
const principals = z.array(principalKey);
const s3Url = z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9-]{1,61}[a-z0-9](\/[^,]*)?$/, "must be an S3 URL like s3://bucket/prefix (no dots in the bucket name)");
/** A key prefix inside a bucket, like `glue/`: no leading slash, ends with a slash. */
const keyPrefix = z.string().regex(/^([A-Za-z0-9!_.*'()-]+\/)+$/, 'must be a key prefix like "glue/" or "raw/erp/" (no leading slash, ending with a slash)');
const medallionLayer = z.enum(["bronze", "silver", "gold"]);
/** A Secrets Manager secret's name or ARN: the reference, never the secret's value (no spaces, braces or quotes). */
const secretReference = z
  .string()
  .regex(
    /^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:)?[A-Za-z0-9/_+=.@-]{1,512}$/,
    "must be a Secrets Manager secret name or ARN, like lakehouse/prod/redshift/federation-reader (the name, never the value)",
  );

const ipAccessList = z.strictObject({
  /** Shown in the workspace; unique per list type. */
  label: z.string().regex(/^[A-Za-z0-9 _-]{1,64}$/, "must be 1-64 letters, digits, spaces, - or _"),
  /** IPv4 addresses or CIDR ranges. */
  cidrs: z.array(z.union([z.ipv4(), z.cidrv4()], { message: "must be an IPv4 address or CIDR range" })).min(1),
});

const workspaceSecurity = z.strictObject({
  /**
   * Front-end IP access lists. Any list turns the feature on: only the allow lists' ranges (minus the block lists')
   * reach the web app and REST API, so include the network CI deploys from.
   */
  ipAccessLists: z.strictObject({ allow: z.array(ipAccessList).default([]), block: z.array(ipAccessList).default([]) }).prefault({}),
  /** Longest lifetime of a new personal access token, in days. */
  maxTokenLifetimeDays: z.number().int().min(1).max(730).default(90),
  /**
   * The compliance security profile with these standards ("NONE" for the profile's controls without a named
   * standard). It cannot be turned off once on, and needs enhancedSecurityMonitoring and automaticClusterUpdate.
   */
  complianceSecurityProfile: z.array(z.enum(COMPLIANCE_STANDARDS)).optional(),
  /** Enhanced security monitoring on cluster nodes (hardened image, antivirus, file-integrity monitoring). */
  enhancedSecurityMonitoring: z.boolean().default(false),
  /** Restart clusters in a maintenance window to apply image updates. */
  automaticClusterUpdate: z.boolean().default(false),
  /** Keep workspace admins from creating tokens for, or running jobs as, other principals. */
  restrictWorkspaceAdmins: z.boolean().default(false),
  /** Disable legacy access: the workspace Hive metastore, no-isolation clusters, mounts. Needs network.legacyHiveMetastore off. */
  disableLegacyAccess: z.boolean().default(true),
  /** Disable the DBFS root and mounts. */
  disableLegacyDbfs: z.boolean().default(true),
  /** Extra or overriding `databricks_workspace_conf` keys (string values), on top of the hardened admin settings. */
  workspaceConf: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, "must be a workspace_conf key like enableResultsDownloading"), z.string()).default({}),
});

const metastore = z.discriminatedUnion("mode", [
  z.strictObject({
    /** Create the region's metastore here. Databricks allows one per region per account: one environment creates it. */
    mode: z.literal("create"),
    /** @default `<prefix>-<region>`: no stage, the metastore serves every environment of the region. */
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/, "must be letters, digits, - and _").optional(),
    /** Metastore-level root storage; omit it (the default) so that every catalog has its own storage. */
    storageRoot: s3Url.optional(),
    /** The group that owns the metastore (its admins). */
    owner: principalKey.default("platform-admins"),
    /**
     * The environments that share this metastore (mode "existing", same Databricks account and region): each one's
     * `group` (a key of its workspace.groups, named `<prefix>-<environment>-<group>`) is granted CREATE_CATALOG,
     * CREATE_CONNECTION, CREATE_EXTERNAL_LOCATION, CREATE_SERVICE_CREDENTIAL and CREATE_STORAGE_CREDENTIAL on the
     * metastore, which its unity-catalog layer needs. Validation across environments requires every sharer listed.
     */
    sharedWith: z
      .array(
        z.strictObject({
          /** The sharing environment's name. */
          environment: namePart(12),
          /** The group of that environment that receives the privileges: the one its deployer belongs to. */
          group: principalKey.default("platform-admins"),
        }),
      )
      .default([]),
  }),
  z.strictObject({
    /** Use the region's existing metastore (created by another environment or by Databricks). */
    mode: z.literal("existing"),
    /** Its id; omit to look the region's metastore up at plan time. */
    metastoreId: z.uuid({ message: "must be a metastore id (a UUID)" }).optional(),
    /** Not allowed: the environment that creates the metastore lists its sharers (a clearer error than "unknown field"). */
    sharedWith: z.never({ error: 'only for mode "create": list the sharing environments in the environment that creates the metastore' }).optional(),
  }),
]);

const catalog = z.strictObject({
  /** Name component: the catalog is `<prefix>_<stage>_<name>`. */
  name: ucComponent,
  /** Extra schemas, each on the storage of, and with the grants of, a medallion layer. */
  domainSchemas: z.array(z.strictObject({ name: ucName, layer: medallionLayer })).default([]),
  /** An `ml` schema (catalog storage) where grants.ml.createModels register models. */
  mlSchema: z.boolean().default(true),
  /** An external volume `bronze.landing` over this catalog's prefix of the landing bucket (`<catalog>/`). */
  landingVolume: z.boolean().default(true),
  /** Managed volumes, in bronze, silver, gold, ml or a domain schema. */
  volumes: z.array(z.strictObject({ name: ucName, schema: ucName })).default([]),
  /** Record the UniForm (Iceberg) table properties on the gold schema for pipelines to apply. */
  uniformGold: z.boolean().default(true),
});

const layerGrants = z.strictObject({
  /** Read tables, views, functions, models and volumes. */
  read: principals.default([]),
  /** Create and change tables, views, functions and volumes. */
  write: principals.default([]),
});

const grants = z.strictObject({
  /** Who owns every securable of this layer (metastore admin group when the metastore is created here). */
  owner: principalKey.default("platform-admins"),
  bronze: layerGrants.prefault({ write: ["data-engineers"] }),
  silver: layerGrants.prefault({ read: ["data-scientists"], write: ["data-engineers"] }),
  gold: layerGrants.prefault({ read: ["analysts", "data-scientists"] }),
  /** The ml schema: who registers models and feature tables, who only reads. */
  ml: z.strictObject({ createModels: principals.default(["data-scientists"]), read: principals.default([]) }).prefault({}),
  /** Principals that run pipelines: write every layer and read the landing files. */
  pipelines: principals.default(["orchestrator"]),
});

const systemTables = z.strictObject({
  /**
   * System schemas to enable. Enabling is metastore-wide: among environments sharing a metastore only one lists them
   * (the one that creates it); the others keep this empty.
   */
  enable: z.array(z.enum(ENABLEABLE_SYSTEM_SCHEMAS)).default([...ENABLEABLE_SYSTEM_SCHEMAS]),
  /** System schemas the readers may read (audit and lineage live in access, costs in billing). */
  read: z.array(z.enum([...ENABLEABLE_SYSTEM_SCHEMAS, ...ALWAYS_ON_SYSTEM_SCHEMAS])).default(["access", "billing", "compute", "lakeflow", "query", "serving", "storage"]),
  /**
   * Groups that read the system tables. System tables hold the whole metastore's (and, for billing, the account's)
   * audit, query and usage data, so only the environment that owns the metastore grants readers; one that shares
   * another's metastore (metastore.mode "existing") keeps this empty.
   */
  readers: principals.default(["platform-admins"]),
});

const redshift = z.strictObject({
  /** Name component of the connection and the foreign catalog (`<prefix>_<stage>_<catalog>`). */
  catalog: ucComponent.default("redshift"),
  /** The Redshift database the foreign catalog mirrors. */
  database: z.string().regex(/^[a-z_][a-z0-9_$]{0,63}$/, "must be a Redshift database name").default("dev"),
  /**
   * Create a Redshift Serverless namespace and workgroup in the workspace subnets (needs three AZs), KMS-encrypted with
   * the data key, private, reachable from the workspace security group. Give this or `host`.
   */
  serverless: z.strictObject({ baseCapacityRpus: z.number().int().min(8).max(1024).multipleOf(8).default(8) }).optional(),
  /** Host name of an existing Redshift endpoint; give this or `serverless`. */
  host: z.string().regex(/^[a-z0-9.-]+$/, "must be a host name").optional(),
  /** Port of the existing endpoint. */
  port: z.number().int().min(1150).max(65535).default(5439),
  /**
   * Secrets Manager secret (name or ARN) with `{"username", "password"}` of a read-only Redshift user, created out of
   * band; required (validation refuses `redshift` without it). The federation never falls back to a warehouse's
   * Redshift-managed admin secret.
   */
  credentialsSecret: secretReference.optional(),
  /** Who may query the foreign catalog. */
  readers: principals.default(["analysts", "data-scientists"]),
});

const glue = z.strictObject({
  /** Name component of the credential, connection and foreign catalog. */
  catalog: ucComponent.default("glue"),
  /** Glue databases the federation may read; empty for all of the account's catalog in the region. */
  databases: z.array(z.string().regex(/^[a-z0-9_]{1,255}$/, "must be a Glue database name")).default([]),
  /** Key prefixes in the landing bucket where the Glue tables' data lives (the foreign catalog's authorized paths). */
  landingPrefixes: z.array(keyPrefix).min(1).default(["glue/"]),
  /** Who may query the foreign catalog. */
  readers: principals.default(["data-engineers", "analysts", "data-scientists"]),
});

const hiveMetastore = z.strictObject({
  /** Name component of the connection and foreign catalog. */
  catalog: ucComponent.default("hive"),
  /** Host of the metastore's database. */
  host: z.string().regex(/^[a-z0-9.-]+$/, "must be a host name"),
  port: z.number().int().min(1).max(65535).default(3306),
  /** The metastore's database name. */
  database: z.string().min(1).max(64),
  /** The database engine. */
  dbType: z.enum(["MYSQL", "POSTGRESQL"]).default("MYSQL"),
  /** The Hive metastore version. */
  version: z.enum(["2.3", "3.1"]).default("2.3"),
  /** Secrets Manager secret (name or ARN) with `{"username", "password"}` for the metastore database. */
  credentialsSecret: secretReference,
  /** Key prefixes in the landing bucket where the Hive tables' data lives (authorized paths). */
  landingPrefixes: z.array(keyPrefix).min(1).default(["hive/"]),
  readers: principals.default(["data-engineers"]),
});

export const unityCatalogSchema = z
  .strictObject({
    /** The workspace's security settings (the first stack with a workspace-level provider applies them). */
    workspaceSecurity: workspaceSecurity.prefault({}),
    /** The region's metastore: created here, or the existing one. */
    metastore: metastore.default({ mode: "create", owner: "platform-admins", sharedWith: [] }),
    /** The medallion catalogs; the first is the workspace's default catalog. */
    catalogs: z.array(catalog).min(1, "needs at least one catalog").prefault([{ name: "main" }]),
    /** Who may do what, by group or service principal key. */
    grants: grants.prefault({}),
    /** System tables (audit, billing, lineage). */
    systemTables: systemTables.prefault({}),
    /** Lakehouse Federation to Amazon Redshift. */
    redshift: redshift.optional(),
    /** Catalog federation to the AWS Glue Data Catalog of this account and region. */
    glue: glue.optional(),
    /** Catalog federation to an external Hive metastore. */
    hiveMetastore: hiveMetastore.optional(),
    /** Seconds dependants wait after a credential's IAM role is created (IAM is eventually consistent). */
    iamPropagationSeconds: z.number().int().min(10).max(300).default(60),
  })
  .prefault({});

export type UnityCatalogConfig = z.output<typeof unityCatalogSchema>;

interface PathlessProblem {
  readonly path: string;
  readonly message: string;
}

/** Cross-field rules of the unityCatalog section (one environment). */
export function unityCatalogProblems(config: EnvironmentConfig): PathlessProblem[] {
  return [
    ...securityProblems(config),
    ...catalogProblems(config.unityCatalog),
    ...principalProblems(config),
    ...systemTableReaderProblems(config),
    ...federationProblems(config),
  ];
}

function securityProblems({ unityCatalog, network, workspace, production }: EnvironmentConfig): PathlessProblem[] {
  const security = unityCatalog.workspaceSecurity;
  const path = "unityCatalog.workspaceSecurity";
  const problems: PathlessProblem[] = [];
  const standards = security.complianceSecurityProfile;
  if (standards) {
    if (standards.length === 0) problems.push({ path: `${path}.complianceSecurityProfile`, message: 'is empty; name a standard (or "NONE"), or remove it to leave the profile off' });
    if (standards.includes("NONE") && standards.length > 1) problems.push({ path: `${path}.complianceSecurityProfile`, message: '"NONE" cannot be combined with a standard' });
    if (!security.enhancedSecurityMonitoring || !security.automaticClusterUpdate) {
      problems.push({ path: `${path}.complianceSecurityProfile`, message: "the profile turns on enhanced security monitoring and automatic cluster update; set enhancedSecurityMonitoring and automaticClusterUpdate to true" });
    }
  }
  if (network.legacyHiveMetastore && security.disableLegacyAccess) {
    problems.push({ path: `${path}.disableLegacyAccess`, message: "is true but network.legacyHiveMetastore keeps the legacy Hive metastore reachable; set one of them to false" });
  }
  // A workspace the internet can reach (no PrivateLink, or public access kept on) admits only listed networks. A
  // production stage without PrivateLink is already refused for that; enabling PrivateLink is the fix reported.
  const publiclyReachable = !network.privateLink.enabled || (workspace.privateAccess?.publicAccessEnabled ?? false);
  if (publiclyReachable && security.ipAccessLists.allow.length === 0 && !(production && !network.privateLink.enabled)) {
    problems.push({
      path: `${path}.ipAccessLists.allow`,
      message: "is empty but the workspace is reachable from the internet (no PrivateLink, or public access on); list the networks allowed to reach it (corporate VPN, CI runners)",
    });
  }
  for (const type of ["allow", "block"] as const) {
    const labels = security.ipAccessLists[type].map((l) => l.label);
    labels.forEach((label, i) => {
      if (labels.indexOf(label) !== i) problems.push({ path: `${path}.ipAccessLists.${type}[${i}].label`, message: `"${label}" is used twice; labels are unique per list type` });
    });
  }
  return problems;
}

function catalogProblems(uc: UnityCatalogConfig): PathlessProblem[] {
  const problems: PathlessProblem[] = [];
  const names = new Map<string, string>();
  const claim = (name: string, path: string) => {
    const first = names.get(name);
    if (first) problems.push({ path, message: `"${name}" is already the name of ${first}; catalog names are unique in the metastore` });
    else names.set(name, path);
  };
  uc.catalogs.forEach((c, i) => {
    const path = `unityCatalog.catalogs[${i}]`;
    claim(c.name, `${path}.name`);
    const schemas = new Set<string>(["bronze", "silver", "gold", ...(c.mlSchema ? ["ml"] : [])]);
    c.domainSchemas.forEach((s, j) => {
      if (schemas.has(s.name)) problems.push({ path: `${path}.domainSchemas[${j}].name`, message: `"${s.name}" already exists in the catalog; choose another name` });
      schemas.add(s.name);
    });
    const volumes = new Set<string>(c.landingVolume ? ["bronze.landing"] : []);
    c.volumes.forEach((v, j) => {
      if (!schemas.has(v.schema)) problems.push({ path: `${path}.volumes[${j}].schema`, message: `"${v.schema}" is not a schema of the catalog; use one of ${[...schemas].join(", ")}` });
      const key = `${v.schema}.${v.name}`;
      if (volumes.has(key)) problems.push({ path: `${path}.volumes[${j}].name`, message: `"${v.name}" already exists in ${v.schema}; choose another name` });
      volumes.add(key);
    });
  });
  if (uc.redshift) claim(uc.redshift.catalog, "unityCatalog.redshift.catalog");
  if (uc.glue) claim(uc.glue.catalog, "unityCatalog.glue.catalog");
  if (uc.hiveMetastore) claim(uc.hiveMetastore.catalog, "unityCatalog.hiveMetastore.catalog");
  return problems;
}

/** Every principal key the section names, with its field path. */
function namedPrincipals(uc: UnityCatalogConfig): { key: string; path: string }[] {
  const list = (keys: readonly string[], path: string) => keys.map((key, i) => ({ key, path: `${path}[${i}]` }));
  const { grants: g } = uc;
  return [
    { key: g.owner, path: "unityCatalog.grants.owner" },
    ...(uc.metastore.mode === "create" ? [{ key: uc.metastore.owner, path: "unityCatalog.metastore.owner" }] : []),
    ...(["bronze", "silver", "gold"] as const).flatMap((layer) => [
      ...list(g[layer].read, `unityCatalog.grants.${layer}.read`),
      ...list(g[layer].write, `unityCatalog.grants.${layer}.write`),
    ]),
    ...list(g.ml.createModels, "unityCatalog.grants.ml.createModels"),
    ...list(g.ml.read, "unityCatalog.grants.ml.read"),
    ...list(g.pipelines, "unityCatalog.grants.pipelines"),
    ...list(uc.systemTables.readers, "unityCatalog.systemTables.readers"),
    ...list(uc.redshift?.readers ?? [], "unityCatalog.redshift.readers"),
    ...list(uc.glue?.readers ?? [], "unityCatalog.glue.readers"),
    ...list(uc.hiveMetastore?.readers ?? [], "unityCatalog.hiveMetastore.readers"),
  ];
}

/** Grants name keys of workspace.groups or workspace.servicePrincipals; owners and system-table readers are groups. */
function principalProblems({ unityCatalog, workspace }: EnvironmentConfig): PathlessProblem[] {
  const groups = Object.keys(workspace.groups);
  const servicePrincipals = Object.keys(workspace.servicePrincipals);
  const problems: PathlessProblem[] = [];
  for (const { key, path } of namedPrincipals(unityCatalog)) {
    const groupOnly = path.endsWith(".owner") || path.startsWith("unityCatalog.systemTables.readers");
    if (groups.includes(key)) continue;
    if (servicePrincipals.includes(key) && !groupOnly) continue;
    const allowed = groupOnly ? `a key of workspace.groups (${groups.join(", ")})` : `a key of workspace.groups or workspace.servicePrincipals (${[...groups, ...servicePrincipals].join(", ")})`;
    problems.push({ path, message: `"${key}" is not ${allowed}` });
  }
  return problems;
}

/** A stage that shares another stage's metastore must not read its system tables (audit and query history). */
function systemTableReaderProblems({ unityCatalog }: EnvironmentConfig): PathlessProblem[] {
  if (unityCatalog.metastore.mode !== "existing" || unityCatalog.systemTables.readers.length === 0) return [];
  return [
    {
      path: "unityCatalog.systemTables.readers",
      message: "this environment shares a metastore it does not own, whose system tables hold the owner's audit and query history; grant readers in the owning environment and set it to []",
    },
  ];
}

function federationProblems({ unityCatalog, network, aws }: EnvironmentConfig): PathlessProblem[] {
  const problems: PathlessProblem[] = [];
  const rs = unityCatalog.redshift;
  if (rs) {
    if (Boolean(rs.serverless) === Boolean(rs.host)) {
      problems.push({ path: "unityCatalog.redshift", message: `give either serverless (a warehouse created here) or host (an existing endpoint), not ${rs.host ? "both" : "neither"}` });
    }
    if (!rs.credentialsSecret) {
      problems.push({
        path: "unityCatalog.redshift.credentialsSecret",
        message: "is required: name the Secrets Manager secret of a read-only Redshift user made for federation (never the warehouse's admin secret)",
      });
    }
    const zones = new Set(network.workspaceSubnets.map((s) => s.availabilityZone)).size;
    // AWS: three subnets in three AZs; us-west-1 has two AZs and accepts three subnets in two of them.
    const neededZones = aws.region === "us-west-1" ? 2 : 3;
    if (rs.serverless && (network.workspaceSubnets.length < 3 || zones < neededZones)) {
      problems.push({
        path: "unityCatalog.redshift.serverless",
        message: `Redshift Serverless needs at least three subnets in ${neededZones} availability zones, and network.workspaceSubnets has ${network.workspaceSubnets.length} in ${zones}; add subnets or use host`,
      });
    }
  }
  if (unityCatalog.systemTables.enable.length === 0 && unityCatalog.metastore.mode === "create") {
    problems.push({ path: "unityCatalog.systemTables.enable", message: "is empty but this environment creates the metastore, so nobody enables the audit and lineage tables; list the schemas to enable" });
  }
  return problems;
}

/** One environment's config with the file it came from, as validateEnvironments sees it. */
interface SourcedConfig {
  readonly source: string;
  readonly config: EnvironmentConfig;
}

/** A problem found across environments: the source to fix, the field, the message. */
interface SourcedProblem {
  readonly source: string;
  readonly path: string;
  readonly message: string;
}

/**
 * The metastore rule across environments: Databricks allows one metastore per region per account, so environments
 * of one Databricks account and region share it. At most one of them creates it, explicit ids must agree, at most
 * one enables its system schemas (enabling is metastore-wide), and the creator's `sharedWith` lists exactly the
 * environments that share it. `registered` are environment names that may be left out of this run (the registry):
 * a sharedWith entry naming one of them is checked only when it is validated too; any other name is refused.
 */
export function metastoreSharingProblems(environments: readonly SourcedConfig[], registered: readonly string[] = []): SourcedProblem[] {
  const groups = new Map<string, SourcedConfig[]>();
  const keyOf = (env: SourcedConfig) => `${env.config.databricks.accountId}/${env.config.aws.region}`;
  for (const env of environments) groups.set(keyOf(env), [...(groups.get(keyOf(env)) ?? []), env]);
  const byName = new Map(environments.map((env) => [env.config.name, env]));
  return [
    ...[...groups.values()].filter((g) => g.length > 1).flatMap(sharingProblemsOf),
    ...environments.flatMap((env) => sharedWithEntryProblems(env, byName, registered)),
  ];
}

/** Each sharedWith entry names an environment of the same Databricks account, region and prefix that uses the metastore. */
function sharedWithEntryProblems(creator: SourcedConfig, byName: ReadonlyMap<string, SourcedConfig>, registered: readonly string[]): SourcedProblem[] {
  const { metastore } = creator.config.unityCatalog;
  if (metastore.mode !== "create") return [];
  const problems: SourcedProblem[] = [];
  const seen = new Set<string>();
  metastore.sharedWith.forEach((entry, i) => {
    const found = sharedWithEntryProblem(creator.config, entry, seen, byName, registered);
    if (found) problems.push({ source: creator.source, path: `unityCatalog.metastore.sharedWith[${i}].${found.field}`, message: found.message });
    seen.add(entry.environment);
  });
  return problems;
}

function sharedWithEntryProblem(
  creator: EnvironmentConfig,
  { environment, group }: { environment: string; group: string },
  seen: ReadonlySet<string>,
  byName: ReadonlyMap<string, SourcedConfig>,
  registered: readonly string[],
): { field: "environment" | "group"; message: string } | undefined {
  const { databricks, aws, project } = creator;
  if (seen.has(environment)) return { field: "environment", message: `"${environment}" is listed twice; list each sharing environment once` };
  const sharer = byName.get(environment);
  if (!sharer) {
    if (registered.includes(environment)) return undefined;
    return { field: "environment", message: `"${environment}" is not a validated or registered environment (${[...new Set([...byName.keys(), ...registered])].join(", ")})` };
  }
  const where = `${environment} (${sharer.source})`;
  const { config } = sharer;
  if (config.databricks.accountId !== databricks.accountId || config.aws.region !== aws.region) {
    return {
      field: "environment",
      message: `${where} is in Databricks account ${config.databricks.accountId} and ${config.aws.region}, not ${databricks.accountId} and ${aws.region}; only environments of this metastore's account and region can share it`,
    };
  }
  if (config.unityCatalog.metastore.mode !== "existing") {
    return { field: "environment", message: `${where} has unityCatalog.metastore.mode "${config.unityCatalog.metastore.mode}"; list only environments that share this metastore (mode "existing")` };
  }
  if (config.project.prefix !== project.prefix) {
    return { field: "environment", message: `${where} has project.prefix "${config.project.prefix}", not "${project.prefix}", so its group names are not <prefix>-${environment}-<group> here; use one prefix` };
  }
  if (!(group in config.workspace.groups)) {
    return { field: "group", message: `"${group}" is not a key of ${where}'s workspace.groups (${Object.keys(config.workspace.groups).join(", ")})` };
  }
  return undefined;
}

function sharingProblemsOf(group: readonly SourcedConfig[]): SourcedProblem[] {
  const problems: SourcedProblem[] = [];
  const where = (env: SourcedConfig) => `${env.config.name} (${env.source})`;
  const region = group[0].config.aws.region;
  const creators = group.filter((e) => e.config.unityCatalog.metastore.mode === "create");
  const creator = creators.at(0)?.config.unityCatalog.metastore;
  if (creator?.mode === "create") {
    const listed = creator.sharedWith.map((s) => s.environment);
    for (const sharer of group.filter((e) => e.config.unityCatalog.metastore.mode === "existing" && !listed.includes(e.config.name))) {
      problems.push({
        source: creators[0].source,
        path: "unityCatalog.metastore.sharedWith",
        message: `${where(sharer)} shares this ${region} metastore (mode "existing") but is not listed; add { environment: "${sharer.config.name}" } so its admin group gets the metastore privileges it needs`,
      });
    }
  }
  for (const extra of creators.slice(1)) {
    problems.push({
      source: extra.source,
      path: "unityCatalog.metastore.mode",
      message: `${where(creators[0])} already creates the ${region} metastore of this Databricks account, and there is one per region per account; use mode "existing" to share it`,
    });
  }
  const withId = group.filter((e) => e.config.unityCatalog.metastore.mode === "existing" && e.config.unityCatalog.metastore.metastoreId);
  const idOf = (e: SourcedConfig) => (e.config.unityCatalog.metastore.mode === "existing" ? e.config.unityCatalog.metastore.metastoreId : undefined);
  for (const other of withId.slice(1).filter((e) => idOf(e) !== idOf(withId[0]))) {
    problems.push({
      source: other.source,
      path: "unityCatalog.metastore.metastoreId",
      message: `${idOf(other)} differs from ${idOf(withId[0])} of ${where(withId[0])}; environments of one region and Databricks account share one metastore`,
    });
  }
  const enablers = group.filter((e) => e.config.unityCatalog.systemTables.enable.length > 0);
  for (const extra of enablers.slice(1)) {
    problems.push({
      source: extra.source,
      path: "unityCatalog.systemTables.enable",
      message: `${where(enablers[0])} already enables system schemas on the shared ${region} metastore; enabling is metastore-wide, so set it to [] here`,
    });
  }
  return problems;
}
