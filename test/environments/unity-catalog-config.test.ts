import { ENVIRONMENTS, validateEnvironments, type EnvironmentInput } from "../../environments";
import { ConfigError, formatProblem, validateEnvironment } from "../../environments/validate";

type Stage = "dev" | "staging" | "prod";
type UnityCatalogInput = NonNullable<EnvironmentInput["unityCatalog"]>;

/** A deep copy of a registered stage whose unityCatalog section is replaced by `change(section)`. */
function withUc(
  stage: Stage,
  change: (uc: UnityCatalogInput) => UnityCatalogInput,
  base: (input: EnvironmentInput) => EnvironmentInput = (i) => i,
): EnvironmentInput {
  const copy = base(structuredClone(ENVIRONMENTS[stage].input));
  return { ...copy, unityCatalog: change(structuredClone(copy.unityCatalog ?? {})) };
}

/** The problem lines of one config ([] when valid). */
function problems(input: unknown): string[] {
  const result = validateEnvironment(input, "environments/test.ts");
  return "problems" in result ? result.problems.map(formatProblem) : [];
}

/** The problem lines of several configs validated together. */
function problemsTogether(inputs: { source: string; input: unknown }[]): string[] {
  try {
    validateEnvironments(inputs);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(formatProblem);
    throw error;
  }
}

describe("the shipped unityCatalog sections", () => {
  const [dev, staging, prod] = validateEnvironments([ENVIRONMENTS.dev, ENVIRONMENTS.staging, ENVIRONMENTS.prod]);

  it("share the us-east-1 metastore between staging and prod: prod creates it, staging uses it", () => {
    expect([dev.unityCatalog.metastore.mode, staging.unityCatalog.metastore.mode, prod.unityCatalog.metastore.mode]).toEqual([
      "create",
      "existing",
      "create",
    ]);
    expect(staging.unityCatalog.systemTables.enable).toEqual([]);
    expect(staging.unityCatalog.systemTables.readers).toEqual([]);
  });

  it("refuse system-table readers in a stage that shares another stage's metastore (its audit and query history)", () => {
    const input = withUc("staging", (uc) => ({ ...uc, systemTables: { enable: [], readers: ["platform-admins"] } }));
    expect(problems(input)).toEqual([
      "environments/test.ts: unityCatalog.systemTables.readers: this environment shares a metastore it does not own, whose system tables hold the owner's audit and query history; grant readers in the owning environment and set it to []",
    ]);
  });

  it("turn the compliance security profile on in prod only", () => {
    expect(prod.unityCatalog.workspaceSecurity.complianceSecurityProfile).toEqual(["NONE"]);
    expect(dev.unityCatalog.workspaceSecurity.complianceSecurityProfile).toBeUndefined();
  });

  it("fill in the governance model by default: engineers write bronze and silver, analysts read gold, the orchestrator runs pipelines", () => {
    const input = structuredClone(ENVIRONMENTS.dev.input);
    // Everything at its default but the IP access lists, which a workspace without PrivateLink must have.
    input.unityCatalog = { workspaceSecurity: { ipAccessLists: input.unityCatalog?.workspaceSecurity?.ipAccessLists } };
    const result = validateEnvironment(input, "environments/dev.ts");
    if (!("config" in result)) throw new Error(result.problems.map(formatProblem).join("\n"));
    const { grants, catalogs, metastore } = result.config.unityCatalog;
    expect(grants.bronze).toEqual({ read: [], write: ["data-engineers"] });
    expect(grants.silver).toEqual({ read: ["data-scientists"], write: ["data-engineers"] });
    expect(grants.gold).toEqual({ read: ["analysts", "data-scientists"], write: [] });
    expect(grants.ml.createModels).toEqual(["data-scientists"]);
    expect(grants.pipelines).toEqual(["orchestrator"]);
    expect(catalogs.map((c) => c.name)).toEqual(["main"]);
    expect(metastore).toEqual({ mode: "create", owner: "platform-admins", sharedWith: [] });
  });
});

describe("unityCatalog rules of one environment", () => {
  it("refuses an empty compliance profile", () => {
    expect(problems(withUc("prod", (uc) => ({ ...uc, workspaceSecurity: { ...uc.workspaceSecurity, complianceSecurityProfile: [] } })))).toContain(
      'environments/test.ts: unityCatalog.workspaceSecurity.complianceSecurityProfile: is empty; name a standard (or "NONE"), or remove it to leave the profile off',
    );
  });

  it("refuses the compliance profile without enhanced monitoring and automatic cluster update", () => {
    const input = withUc("dev", (uc) => ({ ...uc, workspaceSecurity: { ...uc.workspaceSecurity, complianceSecurityProfile: ["HIPAA"] } }));
    expect(problems(input)).toEqual([
      "environments/test.ts: unityCatalog.workspaceSecurity.complianceSecurityProfile: the profile turns on enhanced security monitoring and automatic cluster update; set enhancedSecurityMonitoring and automaticClusterUpdate to true",
    ]);
  });

  it("refuses a workspace reachable from the internet without an IP allow list", () => {
    const input = withUc("dev", (uc) => ({ ...uc, workspaceSecurity: { ...uc.workspaceSecurity, ipAccessLists: { allow: [] } } }));
    expect(problems(input)).toEqual([
      "environments/test.ts: unityCatalog.workspaceSecurity.ipAccessLists.allow: is empty but the workspace is reachable from the internet (no PrivateLink, or public access on); list the networks allowed to reach it (corporate VPN, CI runners)",
    ]);
    const prodWithoutLists = withUc("prod", (uc) => ({ ...uc, workspaceSecurity: { ...uc.workspaceSecurity, ipAccessLists: { allow: [] } } }));
    expect(problems(prodWithoutLists)).toEqual([]);
  });

  it('refuses "NONE" combined with a standard', () => {
    const input = withUc("prod", (uc) => ({ ...uc, workspaceSecurity: { ...uc.workspaceSecurity, complianceSecurityProfile: ["NONE", "HIPAA"] } }));
    expect(problems(input)).toEqual([
      'environments/test.ts: unityCatalog.workspaceSecurity.complianceSecurityProfile: "NONE" cannot be combined with a standard',
    ]);
  });

  it("refuses disabling legacy access while the network keeps the legacy Hive metastore", () => {
    const input = withUc(
      "dev",
      (uc) => uc,
      (i) => ({ ...i, network: { ...i.network, legacyHiveMetastore: true } }),
    );
    expect(problems(input)).toEqual([
      "environments/test.ts: unityCatalog.workspaceSecurity.disableLegacyAccess: is true but network.legacyHiveMetastore keeps the legacy Hive metastore reachable; set one of them to false",
    ]);
  });

  it("refuses an IP access list label used twice", () => {
    const list = { label: "office", cidrs: ["198.51.100.0/24"] };
    const ci = { label: "ci", cidrs: ["203.0.113.16/28"] };
    const input = withUc("dev", (uc) => ({
      ...uc,
      workspaceSecurity: { ipAccessLists: { allow: [list, list, ci], ciEgressCidrs: ["203.0.113.16/28"] } },
    }));
    expect(problems(input)).toEqual([
      'environments/test.ts: unityCatalog.workspaceSecurity.ipAccessLists.allow[1].label: "office" is used twice; labels are unique per list type',
    ]);
  });

  it("refuses an address that is not IPv4", () => {
    const input = withUc("dev", (uc) => ({
      ...uc,
      workspaceSecurity: { ipAccessLists: { allow: [{ label: "office", cidrs: ["office.example.com"] }] } },
    }));
    expect(problems(input)).toEqual([
      "environments/test.ts: unityCatalog.workspaceSecurity.ipAccessLists.allow[0].cidrs[0]: must be an IPv4 address or CIDR range",
    ]);
  });

  it("refuses two catalogs with one name, and a federated catalog named like a medallion catalog", () => {
    const input = withUc("dev", (uc) => ({ ...uc, catalogs: [{ name: "main" }, { name: "main" }], glue: { catalog: "main" } }));
    expect(problems(input)).toEqual([
      'environments/test.ts: unityCatalog.catalogs[1].name: "main" is already the name of unityCatalog.catalogs[0].name; catalog names are unique in the metastore',
      'environments/test.ts: unityCatalog.glue.catalog: "main" is already the name of unityCatalog.catalogs[0].name; catalog names are unique in the metastore',
    ]);
  });

  it("refuses a domain schema named like a medallion schema, and volumes in unknown schemas or twice", () => {
    const input = withUc("dev", (uc) => ({
      ...uc,
      catalogs: [
        {
          name: "main",
          domainSchemas: [{ name: "gold", layer: "gold" }],
          volumes: [
            { name: "raw", schema: "staging" },
            { name: "landing", schema: "bronze" },
          ],
        },
      ],
    }));
    expect(problems(input)).toEqual([
      'environments/test.ts: unityCatalog.catalogs[0].domainSchemas[0].name: "gold" already exists in the catalog; choose another name',
      'environments/test.ts: unityCatalog.catalogs[0].volumes[0].schema: "staging" is not a schema of the catalog; use one of bronze, silver, gold, ml',
      'environments/test.ts: unityCatalog.catalogs[0].volumes[1].name: "landing" already exists in bronze; choose another name',
    ]);
  });

  it("refuses a principal that is neither a group nor a service principal of the workspace", () => {
    const input = withUc("dev", (uc) => ({ ...uc, grants: { gold: { read: ["finance-team"] } } }));
    expect(problems(input)).toEqual([
      'environments/test.ts: unityCatalog.grants.gold.read[0]: "finance-team" is not a key of workspace.groups or workspace.servicePrincipals (platform-admins, data-engineers, analysts, data-scientists, deployer, orchestrator)',
    ]);
  });

  it("refuses a service principal as owner or system-table reader: those are groups", () => {
    const input = withUc("dev", (uc) => ({ ...uc, grants: { owner: "deployer" }, systemTables: { readers: ["orchestrator"] } }));
    expect(problems(input)).toEqual([
      'environments/test.ts: unityCatalog.grants.owner: "deployer" is not a key of workspace.groups (platform-admins, data-engineers, analysts, data-scientists)',
      'environments/test.ts: unityCatalog.systemTables.readers[0]: "orchestrator" is not a key of workspace.groups (platform-admins, data-engineers, analysts, data-scientists)',
    ]);
  });

  it("refuses Redshift with neither a warehouse nor a host", () => {
    expect(problems(withUc("dev", (uc) => ({ ...uc, redshift: { credentialsSecret: "lakehouse/dev/redshift/federation-reader" } })))).toEqual([
      "environments/test.ts: unityCatalog.redshift: give either serverless (a warehouse created here) or host (an existing endpoint), not neither",
    ]);
  });

  it("refuses Redshift without a read-only federation user's secret, with a host or a warehouse created here", () => {
    const required =
      "environments/test.ts: unityCatalog.redshift.credentialsSecret: is required: name the Secrets Manager secret of a read-only Redshift user made for federation (never the warehouse's admin secret)";
    expect(problems(withUc("dev", (uc) => ({ ...uc, redshift: { host: "rs.example.internal" } })))).toEqual([required]);
    expect(problems(withUc("prod", (uc) => ({ ...uc, redshift: { serverless: {}, database: "analytics" } })))).toEqual([required]);
  });

  it("refuses a credentials secret that is not a secret's name or ARN (a value pasted in)", () => {
    const redshift = { host: "rs.example.internal", credentialsSecret: '{"username": "reader", "password": "x"}' };
    expect(problems(withUc("dev", (uc) => ({ ...uc, redshift })))).toEqual([
      "environments/test.ts: unityCatalog.redshift.credentialsSecret: must be a Secrets Manager secret name or ARN, like lakehouse/prod/redshift/federation-reader (the name, never the value)",
    ]);
    const arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:lakehouse/staging/redshift/federation-reader-AbCdEf";
    expect(problems(withUc("staging", (uc) => ({ ...uc, redshift: { ...uc.redshift, credentialsSecret: arn } })))).toEqual([]);
  });

  it("names a read-only federation user's secret for Redshift in staging and prod", () => {
    const [staging, prod] = validateEnvironments([ENVIRONMENTS.staging, ENVIRONMENTS.prod]);
    expect([staging.unityCatalog.redshift?.credentialsSecret, prod.unityCatalog.redshift?.credentialsSecret]).toEqual([
      "lakehouse/staging/redshift/federation-reader",
      "lakehouse/prod/redshift/federation-reader",
    ]);
  });

  it("refuses Redshift Serverless in a network with subnets in fewer than three availability zones", () => {
    expect(
      problems(
        withUc("staging", (uc) => ({ ...uc, redshift: { serverless: {}, credentialsSecret: "lakehouse/staging/redshift/federation-reader" } })),
      ),
    ).toEqual([
      "environments/test.ts: unityCatalog.redshift.serverless: Redshift Serverless needs at least three subnets in 3 availability zones, and network.workspaceSubnets has 2 in 2; add subnets or use host",
    ]);
  });

  it("refuses creating a metastore while enabling no system schema", () => {
    expect(problems(withUc("dev", (uc) => ({ ...uc, systemTables: { enable: [] } })))).toEqual([
      "environments/test.ts: unityCatalog.systemTables.enable: is empty but this environment creates the metastore, so nobody enables the audit and lineage tables; list the schemas to enable",
    ]);
  });

  it("refuses a field the schema does not know, and a metastore root that is not S3", () => {
    const input = withUc(
      "dev",
      (uc) => ({ ...uc, metastore: { mode: "create", storageRoot: "https://bucket" }, catalog: "main" }) as UnityCatalogInput,
    );
    expect(problems(input)).toEqual([
      "environments/test.ts: unityCatalog.metastore.storageRoot: must be an S3 URL like s3://bucket/prefix (no dots in the bucket name)",
      "environments/test.ts: unityCatalog.catalog: unknown field; check its spelling against environments/schema (unknown fields are refused so a typo cannot pass silently)",
    ]);
  });
});

describe("one metastore per region and Databricks account, across environments", () => {
  const staging = { source: ENVIRONMENTS.staging.source, input: ENVIRONMENTS.staging.input };
  const prod = { source: ENVIRONMENTS.prod.source, input: ENVIRONMENTS.prod.input };

  it("refuses a second environment creating the metastore of the same region and account, and a creator listed as a sharer", () => {
    const creator = {
      source: "environments/staging.ts",
      input: withUc("staging", (uc) => ({ ...uc, metastore: { mode: "create" }, systemTables: { enable: ["access"] } })),
    };
    expect(problemsTogether([prod, creator])).toEqual([
      'environments/staging.ts: unityCatalog.metastore.mode: prod (environments/prod.ts) already creates the us-east-1 metastore of this Databricks account, and there is one per region per account; use mode "existing" to share it',
      "environments/staging.ts: unityCatalog.systemTables.enable: prod (environments/prod.ts) already enables system schemas on the shared us-east-1 metastore; enabling is metastore-wide, so set it to [] here",
      'environments/prod.ts: unityCatalog.metastore.sharedWith[0].environment: staging (environments/staging.ts) has unityCatalog.metastore.mode "create"; list only environments that share this metastore (mode "existing")',
    ]);
  });

  it("refuses environments of one region that name different metastore ids", () => {
    const a = {
      source: "environments/a.ts",
      input: withUc(
        "staging",
        (uc) => ({ ...uc, metastore: { mode: "existing", metastoreId: "11111111-1111-4111-8111-111111111111" } }),
        (i) => ({ ...i, name: "a" }),
      ),
    };
    const b = {
      source: "environments/b.ts",
      input: withUc(
        "staging",
        (uc) => ({ ...uc, metastore: { mode: "existing", metastoreId: "22222222-2222-4222-8222-222222222222" } }),
        (i) => ({ ...i, name: "b" }),
      ),
    };
    expect(problemsTogether([a, b])).toEqual([
      "environments/b.ts: unityCatalog.metastore.metastoreId: 22222222-2222-4222-8222-222222222222 differs from 11111111-1111-4111-8111-111111111111 of a (environments/a.ts); environments of one region and Databricks account share one metastore",
    ]);
  });

  it("accepts the shipped staging and prod together, and a second creator in another Databricks account", () => {
    expect(problemsTogether([staging, prod])).toEqual([]);
    const otherAccount = {
      source: "environments/partner.ts",
      input: withUc(
        "staging",
        (uc) => ({ ...uc, metastore: { mode: "create" }, systemTables: {} }),
        (i) => ({ ...i, name: "partner", databricks: { accountId: "9f2a9c4e-1b7d-4e5a-9c2f-6d8e0a1b2c3d" } }),
      ),
    };
    expect(problemsTogether([prod, otherAccount])).toEqual([]);
  });
});

describe("metastore sharing: the creator lists the environments that share its metastore", () => {
  const staging = { source: ENVIRONMENTS.staging.source, input: ENVIRONMENTS.staging.input };
  const dev = { source: ENVIRONMENTS.dev.source, input: ENVIRONMENTS.dev.input };
  const prodSharing = (sharedWith: unknown[], base: (input: EnvironmentInput) => EnvironmentInput = (i) => i) => ({
    source: "environments/prod.ts",
    input: withUc("prod", (uc) => ({ ...uc, metastore: { mode: "create", sharedWith } as UnityCatalogInput["metastore"] }), base),
  });

  it("ships prod sharing its us-east-1 metastore with staging's platform admins", () => {
    const [prod] = validateEnvironments([ENVIRONMENTS.staging, ENVIRONMENTS.prod]).filter((c) => c.name === "prod");
    expect(prod.unityCatalog.metastore).toMatchObject({ mode: "create", sharedWith: [{ environment: "staging", group: "platform-admins" }] });
  });

  it("defaults the group of an entry to platform-admins", () => {
    const [, prod] = validateEnvironments([staging, prodSharing([{ environment: "staging" }])]);
    expect(prod.unityCatalog.metastore).toMatchObject({ sharedWith: [{ environment: "staging", group: "platform-admins" }] });
  });

  it("refuses sharedWith on an environment that does not create the metastore", () => {
    const input = withUc("staging", (uc) => ({
      ...uc,
      metastore: { mode: "existing", sharedWith: [{ environment: "dev" }] } as unknown as UnityCatalogInput["metastore"],
    }));
    expect(problems(input)).toEqual([
      'environments/test.ts: unityCatalog.metastore.sharedWith: only for mode "create": list the sharing environments in the environment that creates the metastore',
    ]);
  });

  it("refuses an environment that shares the creator's metastore without being listed", () => {
    expect(problemsTogether([staging, prodSharing([])])).toEqual([
      'environments/prod.ts: unityCatalog.metastore.sharedWith: staging (environments/staging.ts) shares this us-east-1 metastore (mode "existing") but is not listed; add { environment: "staging" } so its admin group gets the metastore privileges it needs',
    ]);
  });

  it("refuses an entry that names no validated or registered environment", () => {
    // The known names: the validated ones, then every other registered environment.
    const known = [...new Set(["staging", "prod", ...Object.keys(ENVIRONMENTS)])].join(", ");
    expect(problemsTogether([staging, prodSharing([{ environment: "staging" }, { environment: "stagin" }])])).toEqual([
      `environments/prod.ts: unityCatalog.metastore.sharedWith[1].environment: "stagin" is not a validated or registered environment (${known})`,
    ]);
  });

  it("accepts an entry naming a registered environment left out of this run (LAKEHOUSE_ENV=prod)", () => {
    expect(problemsTogether([ENVIRONMENTS.prod])).toEqual([]);
  });

  it("refuses an entry naming an environment of another region or Databricks account", () => {
    const devAccount = validateEnvironments([dev])[0].databricks.accountId;
    const prodAccount = validateEnvironments([ENVIRONMENTS.prod])[0].databricks.accountId;
    expect(problemsTogether([staging, dev, prodSharing([{ environment: "staging" }, { environment: "dev" }])])).toEqual([
      `environments/prod.ts: unityCatalog.metastore.sharedWith[1].environment: dev (environments/dev.ts) is in Databricks account ${devAccount} and us-west-2, not ${prodAccount} and us-east-1; only environments of this metastore's account and region can share it`,
    ]);
  });

  it("refuses an entry listed twice", () => {
    expect(problemsTogether([staging, prodSharing([{ environment: "staging" }, { environment: "staging" }])])).toEqual([
      'environments/prod.ts: unityCatalog.metastore.sharedWith[1].environment: "staging" is listed twice; list each sharing environment once',
    ]);
  });

  it("refuses a group that is not a group of the sharing environment", () => {
    expect(problemsTogether([staging, prodSharing([{ environment: "staging", group: "auditors" }])])).toEqual([
      'environments/prod.ts: unityCatalog.metastore.sharedWith[0].group: "auditors" is not a key of staging (environments/staging.ts)\'s workspace.groups (platform-admins, data-engineers, analysts, data-scientists)',
    ]);
  });

  it("refuses a sharing environment with another project prefix: its group names would differ", () => {
    const other = {
      source: "environments/staging.ts",
      input: { ...structuredClone(ENVIRONMENTS.staging.input), project: { ...ENVIRONMENTS.staging.input.project, prefix: "acme" } },
    };
    expect(problemsTogether([other, prodSharing([{ environment: "staging" }])])).toEqual([
      'environments/prod.ts: unityCatalog.metastore.sharedWith[0].environment: staging (environments/staging.ts) has project.prefix "acme", not "lakehouse", so its group names are not <prefix>-staging-<group> here; use one prefix',
    ]);
  });
});
