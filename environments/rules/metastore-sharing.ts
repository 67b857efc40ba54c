/**
 * The unityCatalog.metastore rules across environments: environments of one Databricks account and region share one
 * metastore, which one of them creates and lists the others in.
 */
import type { EnvironmentConfig } from "../schema";
import type { ConfigProblem, SourcedConfig } from "./problem";

/**
 * The metastore rule across environments: Databricks allows one metastore per region per account, so environments
 * of one Databricks account and region share it. At most one of them creates it, explicit ids must agree, at most
 * one enables its system schemas (enabling is metastore-wide), and the creator's `sharedWith` lists exactly the
 * environments that share it. `registered` are environment names that may be left out of this run (the registry):
 * a sharedWith entry naming one of them is checked only when it is validated too; any other name is refused.
 */
export function metastoreSharingProblems(environments: readonly SourcedConfig[], registered: readonly string[] = []): ConfigProblem[] {
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
function sharedWithEntryProblems(creator: SourcedConfig, byName: ReadonlyMap<string, SourcedConfig>, registered: readonly string[]): ConfigProblem[] {
  const { metastore } = creator.config.unityCatalog;
  if (metastore.mode !== "create") return [];
  const problems: ConfigProblem[] = [];
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
    return {
      field: "environment",
      message: `"${environment}" is not a validated or registered environment (${[...new Set([...byName.keys(), ...registered])].join(", ")})`,
    };
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
    return {
      field: "environment",
      message: `${where} has unityCatalog.metastore.mode "${config.unityCatalog.metastore.mode}"; list only environments that share this metastore (mode "existing")`,
    };
  }
  if (config.project.prefix !== project.prefix) {
    return {
      field: "environment",
      message: `${where} has project.prefix "${config.project.prefix}", not "${project.prefix}", so its group names are not <prefix>-${environment}-<group> here; use one prefix`,
    };
  }
  if (!Object.hasOwn(config.workspace.groups, group)) {
    return { field: "group", message: `"${group}" is not a key of ${where}'s workspace.groups (${Object.keys(config.workspace.groups).join(", ")})` };
  }
  return undefined;
}

function sharingProblemsOf(group: readonly SourcedConfig[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
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
