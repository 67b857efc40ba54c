/**
 * Each serving component is switched by config: a registered environment with the component on, changed to turn it
 * off, synthesizes a serving stack without exactly that component's resources (compared by type and construct path)
 * and with nothing new. Environments are picked by what they configure, never by name.
 */
import type { EnvironmentConfig } from "../../../environments";
import { resourceCounts, resourcePaths } from "../ingestion/ingestion-fixture";
import { REGISTERED, buildServing, servingVariant, type BuiltServing, type ServingInput } from "./serving-fixture";
import { switchDifference } from "../switch-assertions";

interface Switch {
  readonly path: string;
  /** The environment to start from: the first registered one where this holds. */
  readonly has: (config: EnvironmentConfig) => boolean;
  readonly off: (input: ServingInput) => void;
  /** Construct paths (below the stack) of the resources that must go, given the base config. */
  readonly removes: (config: EnvironmentConfig) => RegExp[];
}

const keyed = (c: EnvironmentConfig) => c.serving.endpoints.some((e) => e.models.some((m) => m.provider !== "amazon-bedrock"));

const SWITCHES: Switch[] = [
  {
    path: "Lakebase and the app",
    has: (c) => c.serving.lakebase !== undefined && c.serving.app !== undefined,
    off: (input) => {
      delete input.serving.lakebase;
      delete input.serving.app;
    },
    removes: () => [/^Lakebase\//, /^App\//, /^Job-lakebase-sync\//, /^LakebaseSync-/],
  },
  {
    path: "RDS",
    has: (c) => c.serving.rds !== undefined && c.serving.publish.dynamodbTable !== undefined,
    off: (input) => {
      delete input.serving.rds;
    },
    removes: (c) => [/^Rds\//, ...(c.serving.rds?.clientCidrs.length ? [/^Rds-Clients\d+$/] : [])],
  },
  {
    path: "QuickSight",
    has: (c) => c.serving.quicksight !== undefined,
    off: (input) => {
      delete input.serving.quicksight;
    },
    removes: (c) => [
      /^QuickSight\//,
      ...(c.network.frontEnd !== undefined && !(c.workspace.privateAccess?.publicAccessEnabled ?? false)
        ? [/^QuickSightSecurityGroup$/, /^QuickSightToFrontEnd$/, /^QuickSightFromFrontEnd$/, /^FrontEndFromQuickSight$/]
        : []),
      ...(c.network.frontEnd?.inboundResolver ? [/^QuickSight(To|From)Resolver(Tcp|Udp)$/, /^Resolver(Tcp|Udp)FromQuickSight$/] : []),
    ],
  },
  {
    path: "the dashboard",
    has: (c) => c.serving.dashboard !== undefined,
    off: (input) => {
      delete input.serving.dashboard;
    },
    removes: () => [/^Dashboard\//],
  },
  {
    path: "the endpoints",
    // The app asks an endpoint, so the base is one without the app.
    has: (c) => c.serving.endpoints.length + c.serving.customModels.length > 0 && c.serving.app === undefined,
    off: (input) => {
      input.serving.endpoints = [];
      input.serving.customModels = [];
    },
    removes: (c) => [
      /^Endpoint-/,
      ...(c.serving.endpoints.some((e) => e.models.some((m) => m.provider === "amazon-bedrock")) ? [/^BedrockAccess\//] : []),
      ...(keyed(c) ? [/^ExternalModelSecrets\//] : []),
    ],
  },
];

const cases = SWITCHES.map((sw) => {
  const base = REGISTERED.find(sw.has);
  if (!base) throw new Error(`no registered environment has ${sw.path}`);
  return { ...sw, base };
});

let bases: Record<string, BuiltServing> = {};
const variants: Record<string, BuiltServing> = {};
beforeAll(() => {
  bases = buildServing(REGISTERED);
  for (const c of cases) variants[c.path] = Object.values(buildServing([servingVariant(c.base, c.off)]))[0];
});

describe.each(cases.map((c) => [c.path, c] as const))("switching off %s", (path, c) => {
  it(`removes exactly its resources and adds none (from ${c.base.name})`, () => {
    const difference = switchDifference(resourcePaths(bases[c.base.name].serving), resourcePaths(variants[path].serving), c.removes(c.base));
    expect(difference).toEqual({ added: [], removedUnexpectedly: [], keptUnexpectedly: [], patternsThatRemovedNothing: [] });
  });

  it("changes resource type counts only by the removed resources", () => {
    const before = resourceCounts(bases[c.base.name].serving);
    const after = resourceCounts(variants[path].serving);
    for (const [type, count] of Object.entries(after)) expect(count).toBeLessThanOrEqual(before[type] ?? 0);
  });
});

describe("what switching off leaves behind", () => {
  it("leaves no resource of the switched-off service types", () => {
    const types = (path: string) => Object.keys(resourceCounts(variants[path].serving));
    expect(types("Lakebase and the app").filter((t) => t.startsWith("databricks_database_") || t === "databricks_app")).toEqual([]);
    expect(types("RDS").filter((t) => t.startsWith("aws_db_"))).toEqual([]);
    expect(types("QuickSight").filter((t) => t.startsWith("aws_quicksight_"))).toEqual([]);
    expect(types("the dashboard").filter((t) => ["databricks_dashboard", "databricks_query", "databricks_alert"].includes(t))).toEqual([]);
    expect(
      types("the endpoints").filter((t) => ["databricks_model_serving", "databricks_instance_profile", "databricks_secret_scope"].includes(t)),
    ).toEqual([]);
  });

  it("takes the publish job's RDS target away with RDS: no --rds- option and no rds-db:connect", () => {
    const variant = variants.RDS.serving;
    const job = variant.resource("databricks_job", "/Job-publish/Job").block;
    const parameters = ((job.task as Record<string, unknown>[])[0].spark_python_task as { parameters: string[] }).parameters;
    expect(parameters.filter((p) => p.startsWith("--rds-"))).toEqual([]);
    expect(variant.resource("aws_iam_role_policy", "/PublishCredential/Role/Policy").block.policy).not.toContain("rds-db:");
  });

  it("takes away the workspace's iam:PassRole on the Bedrock role when no endpoint serves Bedrock", () => {
    const policy = (b: BuiltServing) => b.workspace.dataSource("databricks_aws_crossaccount_policy", "/CrossAccount/Permissions").block;
    expect(policy(bases[(cases.find((c) => c.path === "the endpoints") ?? cases[0]).base.name]).pass_roles).toHaveLength(1);
    expect(policy(variants["the endpoints"]).pass_roles).toBeUndefined();
  });
});
