/**
 * Cross-field rules of the ingestion section in one environment: unique keys, references between sources and the
 * pipelines that read them, the landing volume the landing-zone paths need, the principals that run and watch
 * everything, and production's settings.
 */
import type { EnvironmentConfig } from "../schema";
import type { IngestionConfig } from "../schema/ingestion";
import type { ConfigProblem, FieldProblem, SourcedConfig } from "./problem";

/** The DMS tables the orders pipeline's code reads (pipelines/orders/bronze.sql). */
export const ORDERS_PIPELINE_TABLES: readonly { schema: string; table: string }[] = [
  { schema: "public", table: "orders" },
  { schema: "public", table: "customers" },
];

/** The AppFlow connector and object the crm pipeline's code reads (pipelines/crm/bronze.sql). */
export const CRM_PIPELINE_SOURCE = { connectorType: "Salesforce", object: "Account" } as const;

/**
 * The Kinesis endpoint serverless pipelines reach (Kinesis has no Unity Catalog location to allow it by): the
 * workspace layer adds it to the serverless network policy when the telemetry pipeline runs.
 */
export function kinesisDomain(region: string): string {
  return `kinesis.${region}.amazonaws.com`;
}

/** Salesforce's login and API domains, which Lakeflow Connect's serverless Salesforce ingestion reaches. */
export const SALESFORCE_DOMAINS: readonly string[] = ["login.salesforce.com", "*.my.salesforce.com"];

/**
 * The domains serverless compute reaches outside Unity Catalog, which a restricted serverless network policy must
 * allow: Kinesis for the telemetry pipeline, Salesforce for Lakeflow Connect, and the external model APIs Model
 * Serving calls. The workspace layer adds them.
 */
export function serverlessIngestionDomains(config: EnvironmentConfig): string[] {
  if (config.workspace.serverlessEgress.restrictionMode !== "RESTRICTED_ACCESS") return [];
  const { ingestion } = config;
  const providers = new Set(config.serving.endpoints.flatMap((e) => e.models.map((m) => m.provider)));
  return [
    ...(ingestion.pipelines.telemetry ? [kinesisDomain(config.aws.region)] : []),
    ...(ingestion.lakeflowConnect.sources.some((s) => s.type === "SALESFORCE") ? SALESFORCE_DOMAINS : []),
    // Model Serving runs on serverless compute too: its external models' APIs.
    ...(providers.has("amazon-bedrock") ? [`bedrock-runtime.${config.aws.region}.amazonaws.com`] : []),
    ...(providers.has("openai") ? ["api.openai.com"] : []),
    ...(providers.has("anthropic") ? ["api.anthropic.com"] : []),
  ];
}

/** Cross-field rules of the ingestion section (one environment). */
export function ingestionProblems(config: EnvironmentConfig): FieldProblem[] {
  const { ingestion } = config;
  return [
    ...uniqueKeyProblems(ingestion),
    ...streamProblems(ingestion),
    ...dmsProblems(ingestion),
    ...pipelineProblems(ingestion),
    ...landingProblems(config),
    ...principalProblems(config),
    ...productionProblems(config),
  ];
}

/** Keys become physical names and output map keys: each is used once per list. */
function uniqueKeyProblems(ingestion: IngestionConfig): FieldProblem[] {
  const lists: [string, readonly { name: string }[]][] = [
    ["ingestion.kinesis.streams", ingestion.kinesis.streams],
    ["ingestion.iot.rules", ingestion.iot.rules],
    ["ingestion.dms.sources", ingestion.dms.sources],
    ["ingestion.appflow.flows", ingestion.appflow.flows],
    ["ingestion.lakeflowConnect.sources", ingestion.lakeflowConnect.sources],
  ];
  return lists.flatMap(([path, items]) =>
    items.flatMap(({ name }, i) =>
      items.findIndex((other) => other.name === name) < i
        ? [{ path: `${path}[${i}].name`, message: `"${name}" is used twice; keys are unique` }]
        : [],
    ),
  );
}

function streamProblems({ kinesis, iot }: IngestionConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
  kinesis.streams.forEach((stream, i) => {
    const path = `ingestion.kinesis.streams[${i}].shardCount`;
    if (stream.mode === "PROVISIONED" && stream.shardCount === undefined)
      problems.push({ path, message: "is missing; a PROVISIONED stream needs its number of shards" });
    if (stream.mode === "ON_DEMAND" && stream.shardCount !== undefined)
      problems.push({ path, message: "is set but the stream is ON_DEMAND, which scales its shards itself; remove it or set mode PROVISIONED" });
  });
  iot.rules.forEach((rule, i) => {
    if (!kinesis.streams.some((s) => s.name === rule.stream))
      problems.push({
        path: `ingestion.iot.rules[${i}].stream`,
        message: `"${rule.stream}" is not a key of ingestion.kinesis.streams${keysOf(kinesis.streams)}`,
      });
  });
  return problems;
}

function dmsProblems({ dms }: IngestionConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
  dms.sources.forEach((source, i) => {
    const { compute } = source;
    if (compute.mode === "serverless" && compute.minCapacityUnits > compute.maxCapacityUnits)
      problems.push({
        path: `ingestion.dms.sources[${i}].compute.minCapacityUnits`,
        message: `is ${compute.minCapacityUnits}, above maxCapacityUnits (${compute.maxCapacityUnits})`,
      });
    source.tables.forEach((t, j) => {
      if (source.tables.findIndex((o) => o.schema === t.schema && o.table === t.table) < j)
        problems.push({ path: `ingestion.dms.sources[${i}].tables[${j}]`, message: `${t.schema}.${t.table} is listed twice` });
    });
  });
  return problems;
}

/** Each pipeline of the sample domain reads a source that must be on, and of the shape its code reads. */
function pipelineProblems(ingestion: IngestionConfig): FieldProblem[] {
  const { pipelines, kinesis, dms, appflow } = ingestion;
  const problems: FieldProblem[] = [];
  const path = "ingestion.pipelines";
  if (pipelines.telemetry && !kinesis.streams.some((s) => s.name === pipelines.telemetry?.stream))
    problems.push({
      path: `${path}.telemetry.stream`,
      message: `"${pipelines.telemetry.stream}" is not a key of ingestion.kinesis.streams${keysOf(kinesis.streams)}`,
    });
  if (pipelines.orders) {
    const source = dms.sources.find((s) => s.name === pipelines.orders?.dmsSource);
    if (!source)
      problems.push({
        path: `${path}.orders.dmsSource`,
        message: `"${pipelines.orders.dmsSource}" is not a key of ingestion.dms.sources${keysOf(dms.sources)}`,
      });
    const missing = ORDERS_PIPELINE_TABLES.filter((t) => source && !source.tables.some((s) => s.schema === t.schema && s.table === t.table));
    if (source && missing.length > 0)
      problems.push({
        path: `${path}.orders.dmsSource`,
        message: `DMS source "${source.name}" does not replicate ${missing.map((t) => `${t.schema}.${t.table}`).join(" and ")}, which the orders pipeline reads`,
      });
  }
  if (pipelines.crm) {
    const flow = appflow.flows.find((f) => f.name === pipelines.crm?.appflowFlow);
    if (!flow)
      problems.push({
        path: `${path}.crm.appflowFlow`,
        message: `"${pipelines.crm.appflowFlow}" is not a key of ingestion.appflow.flows${keysOf(appflow.flows)}`,
      });
    else if (flow.connectorType !== CRM_PIPELINE_SOURCE.connectorType || flow.object !== CRM_PIPELINE_SOURCE.object)
      problems.push({
        path: `${path}.crm.appflowFlow`,
        message: `flow "${flow.name}" copies ${flow.connectorType} ${flow.object}, but the crm pipeline reads Salesforce Account`,
      });
  }
  if (pipelines.erp && !ingestion.glue)
    problems.push({ path: `${path}.erp`, message: "reads the Glue job's output, but ingestion.glue is off; configure glue or remove erp" });
  if (pipelines.events && !ingestion.msk)
    problems.push({ path: `${path}.events`, message: "reads the Kafka task's table, but ingestion.msk is off; configure msk or remove events" });
  return problems;
}

/** Everything delivered to the landing zone is read through the default catalog's landing volume. */
function landingProblems({ ingestion, unityCatalog }: EnvironmentConfig): FieldProblem[] {
  const delivers = ingestion.iot.rules.length + ingestion.dms.sources.length + ingestion.appflow.flows.length > 0 || ingestion.glue !== undefined;
  if (!delivers || unityCatalog.catalogs[0].landingVolume) return [];
  return [
    {
      path: "unityCatalog.catalogs[0].landingVolume",
      message:
        "is false, but ingestion delivers files to the landing zone (IoT errors, DMS, AppFlow or Glue) that pipelines read through it; set it to true",
    },
  ];
}

function principalProblems({ ingestion, workspace }: EnvironmentConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const servicePrincipals = Object.keys(workspace.servicePrincipals);
  const groups = Object.keys(workspace.groups);
  if (!servicePrincipals.includes(ingestion.runAs))
    problems.push({
      path: "ingestion.runAs",
      message: `"${ingestion.runAs}" is not a key of workspace.servicePrincipals (${servicePrincipals.join(", ")})`,
    });
  ingestion.viewers.forEach((group, i) => {
    if (!groups.includes(group))
      problems.push({ path: `ingestion.viewers[${i}]`, message: `"${group}" is not a key of workspace.groups (${groups.join(", ")})` });
  });
  return problems;
}

function productionProblems({ ingestion, production }: EnvironmentConfig): FieldProblem[] {
  if (!production) return [];
  const problems: FieldProblem[] = [];
  if (ingestion.pipelines.development)
    problems.push({ path: "ingestion.pipelines.development", message: "production pipelines run in production mode; set it to false" });
  const { onFailure, webhookDestinationIds } = ingestion.jobs.notifications;
  if (onFailure.length + webhookDestinationIds.length === 0)
    problems.push({
      path: "ingestion.jobs.notifications",
      message: "tells no one when production ingestion fails; give onFailure addresses or webhookDestinationIds",
    });
  return problems;
}

function keysOf(items: readonly { name: string }[]): string {
  return items.length === 0 ? " (there are none)" : ` (${items.map((i) => i.name).join(", ")})`;
}

/**
 * The DMS roles have fixed names in an AWS account (dms-vpc-role, dms-cloudwatch-logs-role): only one environment per
 * AWS account may create them; the others leave dms.createAccountRoles false and use them.
 */
export function dmsAccountRoleProblems(valid: readonly SourcedConfig[]): ConfigProblem[] {
  const creator = new Map<string, SourcedConfig>();
  const problems: ConfigProblem[] = [];
  for (const entry of valid) {
    if (!entry.config.ingestion.dms.createAccountRoles) continue;
    const first = creator.get(entry.config.aws.accountId);
    if (first)
      problems.push({
        source: entry.source,
        path: "ingestion.dms.createAccountRoles",
        message: `${first.config.name} (${first.source}) already creates the DMS roles of AWS account ${entry.config.aws.accountId}; set it to false here`,
      });
    else creator.set(entry.config.aws.accountId, entry);
  }
  return problems;
}
