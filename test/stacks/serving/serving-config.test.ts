/**
 * The cross-field rules of the serving section (environments/rules/serving.ts): one variant of a registered config
 * per rule, with the exact line validation reports (path and message). Environments are picked by what they configure.
 */
import { ENVIRONMENTS } from "../../../environments";
import { DASHBOARD_GOLD_TABLES, PUBLISHED_SUMMARY } from "../../../environments/rules/serving";
import { problemsOf, variantOf, type VariantInput } from "../../environments/variants";
import { REGISTERED } from "./serving-fixture";

const SOURCE = "environments/test.ts";
const line = (path: string, message: string) => `${SOURCE}: ${path}: ${message}`;

type Serving = VariantInput["serving"];
const servingOf = (c: VariantInput): Serving => c.serving;
/** The group keys of a registered environment, defaults applied. */
const groupsOf = (env: string) => Object.keys(REGISTERED.find((c) => c.name === env)?.workspace.groups ?? {}).join(", ");
const names = (items: readonly { name: string }[]) => items.map((i) => i.name).join(", ");

/** A custom-model endpoint serving version 1 of `registeredModel` (no shipped environment has one yet). */
const customModel = (name: string, registeredModel: string) => ({
  name,
  registeredModel,
  version: "1",
  workloadSize: "Small" as const,
  scaleToZero: true,
  rateLimits: { perUserPerMinute: 60, perEndpointPerMinute: 1000 },
});

describe("the registered environments", () => {
  it.each(Object.keys(ENVIRONMENTS))("%s passes every serving rule as shipped (so a variant's only problem is the one it introduces)", (env) => {
    expect(problemsOf(ENVIRONMENTS[env].input)).toEqual([]);
  });
});

describe("serving rules", () => {
  it("refuses a warehouse key used twice", () => {
    const input = variantOf(
      (c) => (servingOf(c).warehouses ?? []).length > 0,
      (c) => {
        c.serving.warehouses.push({ ...c.serving.warehouses[0] });
      },
    ) as VariantInput;
    const i = input.serving.warehouses.length - 1;
    expect(problemsOf(input)).toEqual([
      line(`serving.warehouses[${i}].name`, `"${input.serving.warehouses[0].name}" is used twice; keys are unique`),
    ]);
  });

  it("refuses a warehouse with more minimum than maximum clusters", () => {
    const input = variantOf(
      (c) => (servingOf(c).warehouses ?? []).length > 0,
      (c) => {
        c.serving.warehouses[0] = { ...c.serving.warehouses[0], minClusters: 3, maxClusters: 2 };
      },
    );
    expect(problemsOf(input)).toEqual([line("serving.warehouses[0].minClusters", "is 3, above maxClusters (2)")]);
  });

  it("refuses an endpoint key used again by a custom model", () => {
    const input = variantOf(
      (c) => (servingOf(c).endpoints ?? []).length > 0 && (servingOf(c).ml?.registeredModels ?? []).length > 0,
      (c) => {
        c.serving.customModels = [customModel(c.serving.endpoints[0].name, c.serving.ml.registeredModels[0])];
      },
    ) as VariantInput;
    expect(problemsOf(input)).toEqual([
      line(
        "serving.customModels[0].name",
        `"${input.serving.endpoints[0].name}" is used twice; endpoint keys are unique across endpoints and customModels`,
      ),
    ]);
  });

  it("refuses a DynamoDB table key used twice", () => {
    const input = variantOf(
      (c) => (servingOf(c).dynamodb?.tables ?? []).length > 0,
      (c) => {
        c.serving.dynamodb.tables.push({ ...c.serving.dynamodb.tables[0] });
      },
    ) as VariantInput;
    const { tables } = input.serving.dynamodb;
    expect(problemsOf(input)).toEqual([
      line(`serving.dynamodb.tables[${tables.length - 1}]`, `"${tables[0].name}" is used twice; table keys are unique`),
    ]);
  });

  it("refuses an experiment listed twice", () => {
    const input = variantOf(
      (c) => (servingOf(c).ml?.experiments ?? []).length > 0,
      (c) => {
        c.serving.ml.experiments.push(c.serving.ml.experiments[0]);
      },
    ) as VariantInput;
    const { experiments } = input.serving.ml;
    expect(problemsOf(input)).toEqual([
      line(`serving.ml.experiments[${experiments.length - 1}]`, `"${experiments[0]}" is used twice; experiments are unique`),
    ]);
  });

  it("refuses a registered model listed twice", () => {
    const input = variantOf(
      (c) => (servingOf(c).ml?.registeredModels ?? []).length > 0,
      (c) => {
        c.serving.ml.registeredModels.push(c.serving.ml.registeredModels[0]);
      },
    ) as VariantInput;
    const models = input.serving.ml.registeredModels;
    expect(problemsOf(input)).toEqual([line(`serving.ml.registeredModels[${models.length - 1}]`, `"${models[0]}" is used twice; models are unique`)]);
  });

  it.each(["quicksight", "dashboard"] as const)("refuses a %s warehouse that is not configured, listing the warehouse keys", (field) => {
    const input = variantOf(
      (c) => servingOf(c)[field] !== undefined,
      (c) => {
        (c.serving[field] as { warehouse: string }).warehouse = "no-such-warehouse";
      },
    ) as VariantInput;
    expect(problemsOf(input)).toEqual([
      line(`serving.${field}.warehouse`, `"no-such-warehouse" is not a key of serving.warehouses (${names(input.serving.warehouses)})`),
    ]);
  });

  it("refuses a custom model whose registered model is not configured", () => {
    const input = variantOf(
      (c) => (servingOf(c).ml?.registeredModels ?? []).length > 0,
      (c) => {
        c.serving.customModels = [customModel("churn", "no_such_model")];
      },
    );
    expect(problemsOf(input)).toEqual([line("serving.customModels[0].registeredModel", `"no_such_model" is not in serving.ml.registeredModels`)]);
  });

  it("refuses an app asking an endpoint that is not configured", () => {
    const input = variantOf(
      (c) => servingOf(c).app !== undefined,
      (c) => {
        if (c.serving.app) c.serving.app.endpoint = "no-such-endpoint";
      },
    ) as VariantInput;
    expect(problemsOf(input)).toEqual([
      line("serving.app.endpoint", `"no-such-endpoint" is not a key of serving.endpoints (${names(input.serving.endpoints)})`),
    ]);
  });

  it("refuses an app reading a table Lakebase does not sync", () => {
    const input = variantOf(
      (c) => servingOf(c).app !== undefined,
      (c) => {
        if (c.serving.app) c.serving.app.syncedTable = "no_such_table";
      },
    );
    expect(problemsOf(input)).toEqual([line("serving.app.syncedTable", `"no_such_table" is not one of serving.lakebase.syncedTables`)]);
  });

  it("refuses a publish target that is not a configured DynamoDB table", () => {
    const input = variantOf(
      (c) => servingOf(c).publish?.dynamodbTable !== undefined,
      (c) => {
        c.serving.publish.dynamodbTable = "no-such-table";
      },
    ) as VariantInput;
    expect(problemsOf(input)).toEqual([
      line("serving.publish.dynamodbTable", `"no-such-table" is not a key of serving.dynamodb.tables (${names(input.serving.dynamodb.tables)})`),
    ]);
  });

  it("refuses a publish target whose hash key is not the customer summary's key", () => {
    const input = variantOf(
      (c) => servingOf(c).publish?.dynamodbTable !== undefined,
      (c) => {
        const table = c.serving.dynamodb.tables.find((t) => t.name === c.serving.publish.dynamodbTable);
        if (table) table.hashKey = "order_id";
      },
    ) as VariantInput;
    const target = input.serving.publish.dynamodbTable ?? "";
    expect(problemsOf(input)).toEqual([
      line(
        "serving.publish.dynamodbTable",
        `table "${target}" has hash key order_id, but the customer summary is written by ${PUBLISHED_SUMMARY.key}`,
      ),
    ]);
  });

  it("refuses a synced table that no enabled pipeline publishes", () => {
    const input = variantOf(
      (c) => (servingOf(c).lakebase?.syncedTables ?? []).length > 0,
      (c) => {
        c.serving.lakebase?.syncedTables.push({ table: "no_such_gold_table", primaryKey: ["id"] });
      },
    ) as VariantInput;
    const i = (input.serving.lakebase?.syncedTables.length ?? 0) - 1;
    expect(problemsOf(input)).toEqual([
      line(
        `serving.lakebase.syncedTables[${i}].table`,
        "gold.no_such_gold_table is not published by a pipeline this environment runs (ingestion.pipelines)",
      ),
    ]);
  });

  it("refuses a dashboard when a pipeline publishing its tables is off", () => {
    // telemetry publishes gold.device_hourly_metrics, which the dashboard reads and nothing else of serving does.
    const input = variantOf(
      (c) => servingOf(c).dashboard !== undefined && c.ingestion?.pipelines?.telemetry !== undefined,
      (c) => {
        delete (c.ingestion.pipelines as { telemetry?: unknown }).telemetry;
      },
    );
    expect(DASHBOARD_GOLD_TABLES).toContain("device_hourly_metrics");
    expect(problemsOf(input)).toEqual([
      line("serving.dashboard", "reads gold.device_hourly_metrics, which no pipeline this environment runs publishes (ingestion.pipelines)"),
    ]);
  });

  it("refuses an RDS store when no pipeline publishes the customer summary", () => {
    const input = variantOf(
      (c) => servingOf(c).rds !== undefined && c.ingestion?.pipelines?.orders !== undefined,
      (c) => {
        delete (c.ingestion.pipelines as { orders?: unknown }).orders;
        delete c.serving.lakebase;
        delete c.serving.app;
        delete c.serving.dashboard;
        // Collaboration may share the orders tables too; this test is about serving alone.
        delete (c as { collaboration?: unknown }).collaboration;
      },
    );
    expect(problemsOf(input)).toEqual([
      line(
        "serving.rds",
        `the publish job writes gold.${PUBLISHED_SUMMARY.table}, which no pipeline this environment runs publishes (turn on ingestion.pipelines.orders)`,
      ),
    ]);
  });

  it("refuses a DynamoDB publish target when no pipeline publishes the customer summary", () => {
    const input = variantOf(
      (c) => servingOf(c).rds === undefined && servingOf(c).publish?.dynamodbTable !== undefined && c.ingestion?.pipelines?.orders !== undefined,
      (c) => {
        delete (c.ingestion.pipelines as { orders?: unknown }).orders;
        delete c.serving.lakebase;
        delete c.serving.app;
        delete c.serving.dashboard;
      },
    );
    expect(problemsOf(input)).toEqual([
      line(
        "serving.publish.dynamodbTable",
        `the publish job writes gold.${PUBLISHED_SUMMARY.table}, which no pipeline this environment runs publishes (turn on ingestion.pipelines.orders)`,
      ),
    ]);
  });

  it.each(["warehouseUsers", "endpointUsers"] as const)("refuses %s naming a group that is not configured", (field) => {
    const input = variantOf(
      () => true,
      (c) => {
        c.serving[field] = [...(c.serving[field] ?? []), "no-such-group"];
      },
    ) as VariantInput;
    const i = input.serving[field].length - 1;
    expect(problemsOf(input)).toEqual([line(`serving.${field}[${i}]`, `"no-such-group" is not a key of workspace.groups (${groupsOf(input.name)})`)]);
  });

  it("refuses a QuickSight service principal without a token secret", () => {
    const input = variantOf(
      (c) => servingOf(c).quicksight !== undefined,
      (c) => {
        if (c.serving.quicksight) c.serving.quicksight.servicePrincipal = "no-such-principal";
      },
    );
    expect(problemsOf(input)).toEqual([
      line(
        "serving.quicksight.servicePrincipal",
        `"no-such-principal" is not a key of workspace.servicePrincipals with tokenSecret: true; QuickSight signs in with that secret`,
      ),
    ]);
  });

  it("refuses QuickSight without the role every plan and apply assumes, the one other reader of its token", () => {
    const input = variantOf(
      (c) => servingOf(c).quicksight !== undefined && c.aws.assumeRoleArn !== undefined,
      (c) => {
        delete c.aws.assumeRoleArn;
      },
    );
    expect(problemsOf(input)).toEqual([
      line(
        "serving.quicksight",
        "needs aws.assumeRoleArn: QuickSight's token secret may be read only by QuickSight and the one role every plan and apply assumes",
      ),
    ]);
  });

  it("refuses QuickSight on a private-only workspace whose front end has no inbound resolver", () => {
    const input = variantOf(
      (c) =>
        servingOf(c).quicksight !== undefined &&
        c.network.frontEnd?.inboundResolver === true &&
        !(c.workspace.privateAccess?.publicAccessEnabled ?? false),
      (c) => {
        if (c.network.frontEnd) c.network.frontEnd.inboundResolver = false;
      },
    );
    expect(problemsOf(input)).toEqual([
      line(
        "serving.quicksight",
        "the workspace is reachable only through the private front end, and QuickSight's VPC connection finds it only through an inbound resolver; set network.frontEnd.inboundResolver to true",
      ),
    ]);
  });

  it("refuses a production operational database without a standby", () => {
    const input = variantOf(
      (c) => c.production && servingOf(c).rds !== undefined,
      (c) => {
        if (c.serving.rds) c.serving.rds.multiAz = false;
      },
    );
    expect(problemsOf(input)).toEqual([line("serving.rds.multiAz", "production's operational database needs a standby; set it to true")]);
  });
});
