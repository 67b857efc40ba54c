/**
 * Cross-field rules of the serving section in one environment: unique keys, references between warehouses,
 * endpoints, models, synced tables, the dashboard, QuickSight and the app; the gold tables they read must be published
 * by a pipeline the environment runs; the principals exist; production's settings.
 */
import { SAMPLE_PIPELINES } from "../../pipelines/manifest";
import type { EnvironmentConfig } from "../schema";
import type { FieldProblem } from "./problem";

/** The gold table the publish job writes into the operational stores, and the key it writes by. */
export const PUBLISHED_SUMMARY = { table: "customer_order_summary", key: "customer_id" } as const;

/** The gold tables the lakehouse overview dashboard reads (dashboards/manifest.ts lists the same; a test checks). */
export const DASHBOARD_GOLD_TABLES: readonly string[] = ["daily_revenue", "device_hourly_metrics", "invoice_aging"];

/** The gold tables the environment's enabled sample pipelines publish. */
export function publishedGoldTables(config: EnvironmentConfig): string[] {
  const pipelines = config.ingestion.pipelines;
  return Object.values(SAMPLE_PIPELINES)
    .filter((p) => pipelines[p.name] !== undefined)
    .flatMap((p) => p.publishes.gold);
}

export function servingProblems(config: EnvironmentConfig): FieldProblem[] {
  return [
    ...uniqueKeyProblems(config),
    ...referenceProblems(config),
    ...goldTableProblems(config),
    ...principalProblems(config),
    ...quicksightProblems(config),
    ...productionProblems(config),
  ];
}

function uniqueKeyProblems({ serving }: EnvironmentConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const once = (path: string, names: readonly string[], what: string) =>
    names.forEach((name, i) => {
      if (names.indexOf(name) < i) problems.push({ path: `${path}[${i}]`, message: `"${name}" is used twice; ${what} are unique` });
    });
  serving.warehouses.forEach((w, i) => {
    if (serving.warehouses.findIndex((o) => o.name === w.name) < i)
      problems.push({ path: `serving.warehouses[${i}].name`, message: `"${w.name}" is used twice; keys are unique` });
    if (w.minClusters > w.maxClusters)
      problems.push({ path: `serving.warehouses[${i}].minClusters`, message: `is ${w.minClusters}, above maxClusters (${w.maxClusters})` });
  });
  const endpoints = [...serving.endpoints.map((e) => e.name), ...serving.customModels.map((m) => m.name)];
  endpoints.forEach((name, i) => {
    if (endpoints.indexOf(name) < i) {
      const path = i < serving.endpoints.length ? `serving.endpoints[${i}].name` : `serving.customModels[${i - serving.endpoints.length}].name`;
      problems.push({ path, message: `"${name}" is used twice; endpoint keys are unique across endpoints and customModels` });
    }
  });
  once(
    "serving.dynamodb.tables",
    serving.dynamodb.tables.map((t) => t.name),
    "table keys",
  );
  once("serving.ml.experiments", serving.ml.experiments, "experiments");
  once("serving.ml.registeredModels", serving.ml.registeredModels, "models");
  return problems;
}

function referenceProblems({ serving }: EnvironmentConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const keysOf = (items: readonly { name: string }[]) => (items.length === 0 ? " (there are none)" : ` (${items.map((i) => i.name).join(", ")})`);
  const warehouse = (path: string, name: string) => {
    if (!serving.warehouses.some((w) => w.name === name))
      problems.push({ path, message: `"${name}" is not a key of serving.warehouses${keysOf(serving.warehouses)}` });
  };
  if (serving.quicksight) warehouse("serving.quicksight.warehouse", serving.quicksight.warehouse);
  if (serving.dashboard) warehouse("serving.dashboard.warehouse", serving.dashboard.warehouse);
  serving.customModels.forEach((m, i) => {
    if (!serving.ml.registeredModels.includes(m.registeredModel))
      problems.push({ path: `serving.customModels[${i}].registeredModel`, message: `"${m.registeredModel}" is not in serving.ml.registeredModels` });
  });
  if (serving.app) {
    if (!serving.endpoints.some((e) => e.name === serving.app?.endpoint))
      problems.push({
        path: "serving.app.endpoint",
        message: `"${serving.app.endpoint}" is not a key of serving.endpoints${keysOf(serving.endpoints)}`,
      });
    if (!serving.lakebase?.syncedTables.some((t) => t.table === serving.app?.syncedTable))
      problems.push({ path: "serving.app.syncedTable", message: `"${serving.app.syncedTable}" is not one of serving.lakebase.syncedTables` });
  }
  const target = serving.publish.dynamodbTable;
  if (target !== undefined) {
    const table = serving.dynamodb.tables.find((t) => t.name === target);
    if (!table)
      problems.push({
        path: "serving.publish.dynamodbTable",
        message: `"${target}" is not a key of serving.dynamodb.tables${keysOf(serving.dynamodb.tables)}`,
      });
    else if (table.hashKey !== PUBLISHED_SUMMARY.key)
      problems.push({
        path: "serving.publish.dynamodbTable",
        message: `table "${target}" has hash key ${table.hashKey}, but the customer summary is written by ${PUBLISHED_SUMMARY.key}`,
      });
  }
  return problems;
}

/** What serving reads from gold must be published by a pipeline the environment runs. */
function goldTableProblems(config: EnvironmentConfig): FieldProblem[] {
  const { serving } = config;
  const published = publishedGoldTables(config);
  const missing = (tables: readonly string[]) => tables.filter((t) => !published.includes(t));
  const problems: FieldProblem[] = [];
  serving.lakebase?.syncedTables.forEach((t, i) => {
    if (!published.includes(t.table))
      problems.push({
        path: `serving.lakebase.syncedTables[${i}].table`,
        message: `gold.${t.table} is not published by a pipeline this environment runs (ingestion.pipelines)`,
      });
  });
  if (serving.dashboard && missing(DASHBOARD_GOLD_TABLES).length > 0)
    problems.push({
      path: "serving.dashboard",
      message: `reads ${missing(DASHBOARD_GOLD_TABLES)
        .map((t) => `gold.${t}`)
        .join(", ")}, which no pipeline this environment runs publishes (ingestion.pipelines)`,
    });
  const publishes = serving.rds !== undefined || serving.publish.dynamodbTable !== undefined;
  if (publishes && !published.includes(PUBLISHED_SUMMARY.table))
    problems.push({
      path: serving.rds ? "serving.rds" : "serving.publish.dynamodbTable",
      message: `the publish job writes gold.${PUBLISHED_SUMMARY.table}, which no pipeline this environment runs publishes (turn on ingestion.pipelines.orders)`,
    });
  return problems;
}

function principalProblems({ serving, workspace }: EnvironmentConfig): FieldProblem[] {
  const groups = Object.keys(workspace.groups);
  const problems: FieldProblem[] = [];
  for (const field of ["warehouseUsers", "endpointUsers"] as const)
    serving[field].forEach((group, i) => {
      if (!groups.includes(group))
        problems.push({ path: `serving.${field}[${i}]`, message: `"${group}" is not a key of workspace.groups (${groups.join(", ")})` });
    });
  return problems;
}

/**
 * QuickSight signs in with a service principal's token secret (its Databricks connector takes a user name and
 * password only), and reaches a private-only workspace through the
 * front end, whose name only the front end's inbound resolver answers for QuickSight's VPC connection. (A private
 * workspace without a front end, which QuickSight could not reach either, is refused by the network rules.)
 */
function quicksightProblems({ serving, workspace, network, aws }: EnvironmentConfig): FieldProblem[] {
  const spec = serving.quicksight;
  if (!spec) return [];
  const problems: FieldProblem[] = [];
  if (!aws.assumeRoleArn)
    problems.push({
      path: "serving.quicksight",
      message: "needs aws.assumeRoleArn: QuickSight's token secret may be read only by QuickSight and the one role every plan and apply assumes",
    });
  const privateOnly = network.frontEnd !== undefined && !(workspace.privateAccess?.publicAccessEnabled ?? false);
  if (privateOnly && !network.frontEnd?.inboundResolver)
    problems.push({
      path: "serving.quicksight",
      message:
        "the workspace is reachable only through the private front end, and QuickSight's VPC connection finds it only through an inbound resolver; set network.frontEnd.inboundResolver to true",
    });
  const principal = workspace.servicePrincipals[spec.servicePrincipal];
  if (!principal?.tokenSecret)
    problems.push({
      path: "serving.quicksight.servicePrincipal",
      message: `"${spec.servicePrincipal}" is not a key of workspace.servicePrincipals with tokenSecret: true; QuickSight signs in with that secret`,
    });
  return problems;
}

function productionProblems({ production, serving }: EnvironmentConfig): FieldProblem[] {
  if (!production || !serving.rds || serving.rds.multiAz) return [];
  return [{ path: "serving.rds.multiAz", message: "production's operational database needs a standby; set it to true" }];
}
