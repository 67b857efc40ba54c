/**
 * Cross-field rules of the unityCatalog section in one environment: the compliance profile and IP access lists,
 * unique catalog, schema and volume names, principals that exist in the workspace section, system-table readers,
 * federation. The rules across environments sharing a metastore are in metastore-sharing.ts.
 */
import type { EnvironmentConfig } from "../schema";
import type { UnityCatalogConfig } from "../schema/unity-catalog";
import { cidrContains, cidrsOverlap, parseCidr } from "../../modules/core/cidr";
import { HARDENED_WORKSPACE_CONF, IP_ACCESS_LISTS_KEY } from "../../modules/databricks/workspace/hardened-settings";
import type { FieldProblem } from "./problem";

/** Cross-field rules of the unityCatalog section (one environment). */
export function unityCatalogProblems(config: EnvironmentConfig): FieldProblem[] {
  return [
    ...securityProblems(config),
    ...catalogProblems(config.unityCatalog),
    ...principalProblems(config),
    ...systemTableReaderProblems(config),
    ...federationProblems(config),
  ];
}

function securityProblems({ unityCatalog, network, workspace, production }: EnvironmentConfig): FieldProblem[] {
  const security = unityCatalog.workspaceSecurity;
  const path = "unityCatalog.workspaceSecurity";
  const problems: FieldProblem[] = [];
  const standards = security.complianceSecurityProfile;
  if (standards) {
    if (standards.length === 0)
      problems.push({
        path: `${path}.complianceSecurityProfile`,
        message: 'is empty; name a standard (or "NONE"), or remove it to leave the profile off',
      });
    if (standards.includes("NONE") && standards.length > 1)
      problems.push({ path: `${path}.complianceSecurityProfile`, message: '"NONE" cannot be combined with a standard' });
    if (!security.enhancedSecurityMonitoring || !security.automaticClusterUpdate) {
      problems.push({
        path: `${path}.complianceSecurityProfile`,
        message:
          "the profile turns on enhanced security monitoring and automatic cluster update; set enhancedSecurityMonitoring and automaticClusterUpdate to true",
      });
    }
  }
  if (network.legacyHiveMetastore && security.disableLegacyAccess) {
    problems.push({
      path: `${path}.disableLegacyAccess`,
      message: "is true but network.legacyHiveMetastore keeps the legacy Hive metastore reachable; set one of them to false",
    });
  }
  // A workspace the internet can reach (no PrivateLink, or public access kept on) admits only listed networks. A
  // production stage without PrivateLink is already refused for that; enabling PrivateLink is the fix reported.
  const publiclyReachable = !network.privateLink.enabled || (workspace.privateAccess?.publicAccessEnabled ?? false);
  if (publiclyReachable && security.ipAccessLists.allow.length === 0 && !(production && !network.privateLink.enabled)) {
    problems.push({
      path: `${path}.ipAccessLists.allow`,
      message:
        "is empty but the workspace is reachable from the internet (no PrivateLink, or public access on); list the networks allowed to reach it (corporate VPN, CI runners)",
    });
  }
  // Production is never reachable from the internet (refused elsewhere), and an empty allow list is reported above.
  if (publiclyReachable && !production && security.ipAccessLists.allow.length > 0) problems.push(...ciEgressProblems(security.ipAccessLists));
  problems.push(...workspaceConfProblems(security, production, path));
  for (const type of ["allow", "block"] as const) {
    const labels = security.ipAccessLists[type].map((l) => l.label);
    labels.forEach((label, i) => {
      if (labels.indexOf(label) !== i)
        problems.push({ path: `${path}.ipAccessLists.${type}[${i}].label`, message: `"${label}" is used twice; labels are unique per list type` });
    });
  }
  return problems;
}

function catalogProblems(uc: UnityCatalogConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
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
      if (schemas.has(s.name))
        problems.push({ path: `${path}.domainSchemas[${j}].name`, message: `"${s.name}" already exists in the catalog; choose another name` });
      schemas.add(s.name);
    });
    const volumes = new Set<string>(c.landingVolume ? ["bronze.landing"] : []);
    c.volumes.forEach((v, j) => {
      if (!schemas.has(v.schema))
        problems.push({
          path: `${path}.volumes[${j}].schema`,
          message: `"${v.schema}" is not a schema of the catalog; use one of ${[...schemas].join(", ")}`,
        });
      const key = `${v.schema}.${v.name}`;
      if (volumes.has(key))
        problems.push({ path: `${path}.volumes[${j}].name`, message: `"${v.name}" already exists in ${v.schema}; choose another name` });
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
function principalProblems({ unityCatalog, workspace }: EnvironmentConfig): FieldProblem[] {
  const groups = Object.keys(workspace.groups);
  const servicePrincipals = Object.keys(workspace.servicePrincipals);
  const problems: FieldProblem[] = [];
  for (const { key, path } of namedPrincipals(unityCatalog)) {
    const groupOnly = path.endsWith(".owner") || path.startsWith("unityCatalog.systemTables.readers");
    if (groups.includes(key)) continue;
    if (servicePrincipals.includes(key) && !groupOnly) continue;
    const allowed = groupOnly
      ? `a key of workspace.groups (${groups.join(", ")})`
      : `a key of workspace.groups or workspace.servicePrincipals (${[...groups, ...servicePrincipals].join(", ")})`;
    problems.push({ path, message: `"${key}" is not ${allowed}` });
  }
  return problems;
}

/** A stage that shares another stage's metastore must not read its system tables (audit and query history). */
function systemTableReaderProblems({ unityCatalog }: EnvironmentConfig): FieldProblem[] {
  if (unityCatalog.metastore.mode !== "existing" || unityCatalog.systemTables.readers.length === 0) return [];
  return [
    {
      path: "unityCatalog.systemTables.readers",
      message:
        "this environment shares a metastore it does not own, whose system tables hold the owner's audit and query history; grant readers in the owning environment and set it to []",
    },
  ];
}

function federationProblems({ unityCatalog, network, aws }: EnvironmentConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const rs = unityCatalog.redshift;
  if (rs) {
    if (Boolean(rs.serverless) === Boolean(rs.host)) {
      problems.push({
        path: "unityCatalog.redshift",
        message: `give either serverless (a warehouse created here) or host (an existing endpoint), not ${rs.host ? "both" : "neither"}`,
      });
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
    problems.push({
      path: "unityCatalog.systemTables.enable",
      message: "is empty but this environment creates the metastore, so nobody enables the audit and lineage tables; list the schemas to enable",
    });
  }
  return problems;
}

/**
 * Where the workspace is reachable from the internet, the CI that deploys the workspace-level layers connects from
 * its egress ranges: each must be allowed (inside an allow entry, outside every block entry), or a deploy that turns
 * the lists on locks CI out.
 */
function ciEgressProblems(lists: UnityCatalogConfig["workspaceSecurity"]["ipAccessLists"]): FieldProblem[] {
  const path = "unityCatalog.workspaceSecurity.ipAccessLists.ciEgressCidrs";
  if (lists.ciEgressCidrs.length === 0) {
    return [
      {
        path,
        message:
          "is empty but the workspace is reachable from the internet behind IP access lists; list the CI runners' egress ranges (and allow them)",
      },
    ];
  }
  const ranges = (type: "allow" | "block") => lists[type].flatMap((l) => l.cidrs.map(parseCidr)).filter((r) => typeof r !== "string");
  const allowed = ranges("allow");
  const blocked = ranges("block");
  return lists.ciEgressCidrs.flatMap((cidr, i): FieldProblem[] => {
    const range = parseCidr(cidr);
    if (typeof range === "string") return [{ path: `${path}[${i}]`, message: range }];
    if (!allowed.some((a) => cidrContains(a, range)))
      return [{ path: `${path}[${i}]`, message: `${cidr} is in no allow entry; CI could not reach the workspace, so allow it` }];
    if (blocked.some((b) => cidrsOverlap(b, range)))
      return [{ path: `${path}[${i}]`, message: `${cidr} overlaps a block entry; CI could not reach the workspace` }];
    return [];
  });
}

/**
 * Overrides that would switch hardening off: in production, any hardened admin setting set to another value; in any
 * environment, IP access lists turned off while lists are configured (they would exist but admit everyone).
 */
function workspaceConfProblems(security: UnityCatalogConfig["workspaceSecurity"], production: boolean, path: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const overrides = security.workspaceConf;
  if (production) {
    for (const [key, hardened] of Object.entries(HARDENED_WORKSPACE_CONF)) {
      if (Object.hasOwn(overrides, key) && overrides[key] !== hardened) {
        problems.push({
          path: `${path}.workspaceConf.${key}`,
          message: `"${overrides[key]}" switches off a hardened setting ("${hardened}"), which production keeps; remove the override`,
        });
      }
    }
  }
  // The token lifetime has its own field, which validation bounds; an override would bypass it (and the guardrail
  // would then stop synth on a value validation had accepted).
  if (Object.hasOwn(overrides, "maxTokenLifetimeDays")) {
    problems.push({
      path: `${path}.workspaceConf.maxTokenLifetimeDays`,
      message: `is set here; use ${path}.maxTokenLifetimeDays, which is checked (1 to 730 days)`,
    });
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (value.includes("${"))
      problems.push({ path: `${path}.workspaceConf.${key}`, message: `"${value}" is a Terraform expression; workspace settings are literal values` });
  }
  const listsConfigured = security.ipAccessLists.allow.length + security.ipAccessLists.block.length > 0;
  if (listsConfigured && Object.hasOwn(overrides, IP_ACCESS_LISTS_KEY) && overrides[IP_ACCESS_LISTS_KEY] !== "true") {
    problems.push({
      path: `${path}.workspaceConf.${IP_ACCESS_LISTS_KEY}`,
      message: `"${overrides[IP_ACCESS_LISTS_KEY]}" turns the configured IP access lists off (they would admit everyone); remove the override, or the lists`,
    });
  }
  return problems;
}
