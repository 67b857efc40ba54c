/**
 * Each ingest path is switched by config: a registered environment with the path on, changed to turn it off,
 * synthesizes an ingestion stack without exactly that path's resources (compared by type and construct path) and with
 * nothing new. Environments are picked by what they configure, never by name.
 */
import type { EnvironmentConfig } from "../../../environments";
import { ingestionGrantRequests } from "../../../stacks/ingestion/grant-requests";
import { SCHEMA_WRITE } from "../../../modules/databricks/unity-catalog/privileges";
import {
  REGISTERED,
  applicationIdOf,
  buildEnvironments,
  resourceCounts,
  resourcePaths,
  variantConfig,
  type BuiltEnvironment,
} from "./ingestion-fixture";
import { switchDifference } from "../switch-assertions";

type Change = (input: Record<string, unknown> & { ingestion: Record<string, unknown> }) => void;

interface Switch {
  readonly path: string;
  /** The environment to start from: the first registered one where this holds. */
  readonly has: (config: EnvironmentConfig) => boolean;
  readonly off: Change;
  /** Construct paths (below the stack) of the resources that must go, given the base config. */
  readonly removes: (config: EnvironmentConfig) => RegExp[];
}

/** Whether the streams job still has a task once `without` is off. */
const streamsJobRemains = (c: EnvironmentConfig, without: "telemetry" | "events" | "connect") =>
  (without !== "telemetry" && c.ingestion.pipelines.telemetry !== undefined) ||
  (without !== "events" && (c.ingestion.pipelines.events !== undefined || c.ingestion.msk !== undefined)) ||
  (without !== "connect" && c.ingestion.lakeflowConnect.sources.length > 0);

const ingestionOf = (input: Parameters<Change>[0]) => input.ingestion as Record<string, Record<string, unknown>>;

const SWITCHES: Switch[] = [
  {
    path: "Kafka on MSK and the events pipeline",
    has: (c) => c.ingestion.msk !== undefined && c.ingestion.pipelines.events !== undefined,
    off: (input) => {
      delete input.ingestion.msk;
      delete ingestionOf(input).pipelines.events;
    },
    removes: (c) => [
      /^Kafka\//,
      /^Kafka-Producers\d+$/,
      /^KafkaTaskSource\//,
      /^CheckpointsVolume$/,
      /^Pipeline-events\//,
      ...(c.ingestion.kinesis.streams.length === 0 ? [/^StreamsCredential\//] : []),
      ...(streamsJobRemains(c, "events") ? [] : [/^Job-streams\//]),
    ],
  },
  {
    path: "DMS and the orders pipeline",
    has: (c) => c.ingestion.dms.sources.length > 0 && c.ingestion.pipelines.orders !== undefined,
    off: (input) => {
      ingestionOf(input).dms = { ...ingestionOf(input).dms, sources: [] };
      delete ingestionOf(input).pipelines.orders;
    },
    removes: (c) => [/^Dms-/, ...(c.ingestion.dms.createAccountRoles ? [/^DmsAccountRoles\//] : []), /^Pipeline-orders\//, /^Job-landing-orders\//],
  },
  {
    path: "AppFlow and the crm pipeline",
    has: (c) => c.ingestion.appflow.flows.length > 0 && c.ingestion.pipelines.crm !== undefined,
    off: (input) => {
      ingestionOf(input).appflow = { flows: [] };
      delete ingestionOf(input).pipelines.crm;
    },
    removes: () => [/^Appflow-/, /^Pipeline-crm\//, /^Job-landing-crm\//],
  },
  {
    path: "Glue and the erp pipeline",
    has: (c) => c.ingestion.glue !== undefined && c.ingestion.pipelines.erp !== undefined,
    off: (input) => {
      delete input.ingestion.glue;
      delete ingestionOf(input).pipelines.erp;
    },
    removes: () => [/^Glue\//, /^Pipeline-erp\//, /^Job-landing-erp\//],
  },
  {
    path: "Kinesis, IoT and the telemetry pipeline",
    has: (c) => c.ingestion.kinesis.streams.length > 0 && c.ingestion.pipelines.telemetry !== undefined,
    off: (input) => {
      ingestionOf(input).kinesis = { streams: [] };
      ingestionOf(input).iot = { rules: [] };
      delete ingestionOf(input).pipelines.telemetry;
    },
    removes: (c) => [
      /^Stream-/,
      /^IotRule-/,
      /^Pipeline-telemetry\//,
      ...(c.ingestion.msk ? [] : [/^StreamsCredential\//]),
      ...(streamsJobRemains(c, "telemetry") ? [] : [/^Job-streams\//]),
    ],
  },
  {
    path: "Lakeflow Connect",
    has: (c) => c.ingestion.lakeflowConnect.sources.length > 0,
    off: (input) => {
      ingestionOf(input).lakeflowConnect = { sources: [] };
    },
    removes: (c) => [
      /^Connect-/,
      // Database sources run a gateway on classic compute, under its own cluster policy.
      ...(c.ingestion.lakeflowConnect.sources.some((s) => s.type !== "SALESFORCE") ? [/^GatewayClusterPolicy\//] : []),
      ...(streamsJobRemains(c, "connect") ? [] : [/^Job-streams\//]),
    ],
  },
];

const cases = SWITCHES.map((sw) => {
  const base = REGISTERED.find(sw.has);
  if (!base) throw new Error(`no registered environment has ${sw.path}`);
  return { ...sw, base };
});

let bases: Record<string, BuiltEnvironment> = {};
const variants: Record<string, BuiltEnvironment> = {};
beforeAll(() => {
  bases = buildEnvironments(REGISTERED, {});
  for (const c of cases) variants[c.path] = Object.values(buildEnvironments([variantConfig(c.base, c.off)], {}))[0];
});

describe.each(cases.map((c) => [c.path, c] as const))("switching off %s", (path, c) => {
  it(`removes exactly its resources and adds none (from ${c.base.name})`, () => {
    const difference = switchDifference(resourcePaths(bases[c.base.name].ingestion), resourcePaths(variants[path].ingestion), c.removes(c.base));
    expect(difference).toEqual({ added: [], removedUnexpectedly: [], keptUnexpectedly: [], patternsThatRemovedNothing: [] });
  });

  it("changes resource type counts only by the removed resources", () => {
    const before = resourceCounts(bases[c.base.name].ingestion);
    const after = resourceCounts(variants[path].ingestion);
    for (const [type, count] of Object.entries(after)) expect(count).toBeLessThanOrEqual(before[type] ?? 0);
  });
});

describe("switching off the service types themselves", () => {
  it("leaves no MSK, DMS, AppFlow or Glue resource types behind", () => {
    const types = (path: string) => Object.keys(resourceCounts(variants[path].ingestion));
    expect(types("Kafka on MSK and the events pipeline").filter((t) => t.startsWith("aws_msk_"))).toEqual([]);
    expect(types("DMS and the orders pipeline").filter((t) => t.startsWith("aws_dms_"))).toEqual([]);
    expect(types("AppFlow and the crm pipeline").filter((t) => t.startsWith("aws_appflow_"))).toEqual([]);
    expect(types("Glue and the erp pipeline").filter((t) => t.startsWith("aws_glue_"))).toEqual([]);
    expect(types("Kinesis, IoT and the telemetry pipeline").filter((t) => t === "aws_kinesis_stream" || t === "aws_iot_topic_rule")).toEqual([]);
  });
});

describe("grant requests to the unity-catalog layer", () => {
  const runsPipelines = REGISTERED.find((c) => Object.values(c.ingestion.pipelines).some((p) => typeof p === "object"));
  if (!runsPipelines) throw new Error("no registered environment runs a pipeline");
  /** The base without the unity-catalog layer's own pipeline principals, so only ingestion's requests can add the orchestrator. */
  const withoutOwnGrants: Change = (input) => {
    const uc = input.unityCatalog as Record<string, Record<string, unknown>>;
    uc.grants = { ...uc.grants, pipelines: [] };
  };

  let granted: BuiltEnvironment;
  let idle: BuiltEnvironment;
  beforeAll(() => {
    const config = variantConfig(runsPipelines, withoutOwnGrants);
    granted = Object.values(buildEnvironments([config], { unityCatalog: true }))[0];
    const nothing = variantConfig(runsPipelines, (input) => {
      withoutOwnGrants(input);
      input.ingestion = { runAs: input.ingestion.runAs, viewers: input.ingestion.viewers, jobs: input.ingestion.jobs };
    });
    idle = Object.values(buildEnvironments([nothing], { unityCatalog: true }))[0];
  });

  const grantsOf = (b: BuiltEnvironment, layer: "Bronze" | "Silver" | "Gold") =>
    b.unityCatalog.resource("databricks_grants", `/Catalog-${b.config.unityCatalog.catalogs[0].name}/${layer}/Grants/Grants`).block.grant as {
      principal: string;
      privileges: string[];
    }[];

  it("asks for the run-as principal to write every layer its pipelines publish and to read the landing files", () => {
    const requests = ingestionGrantRequests(granted.config);
    expect(requests.every((r) => r.principal === granted.config.ingestion.runAs && r.requestedBy === "ingestion")).toBe(true);
    expect(requests.map((r) => `${r.target}:${r.access}`).sort()).toEqual(["bronze:write", "gold:write", "landing:read-files", "silver:write"]);
  });

  it.each(["Bronze", "Silver", "Gold"] as const)("renders the orchestrator with write privileges into the %s schema's grants", (layer) => {
    const orchestrator = applicationIdOf(granted.config.ingestion.runAs);
    expect(grantsOf(granted, layer)).toContainEqual({ principal: orchestrator, privileges: expect.arrayContaining([...SCHEMA_WRITE]) as unknown });
    expect(grantsOf(idle, layer).map((g) => g.principal)).not.toContain(orchestrator);
  });

  it("asks for nothing when ingestion runs no pipeline, job or connector", () => {
    expect(ingestionGrantRequests(idle.config)).toEqual([]);
  });
});
