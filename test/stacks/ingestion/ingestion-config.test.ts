/**
 * The cross-field rules of the ingestion section (environments/rules/ingestion.ts): one variant of a registered config
 * per rule, with the exact line validation reports (path and message). Environments are picked by what they configure.
 */
import { ENVIRONMENTS, validateEnvironments } from "../../../environments";
import { kinesisDomain } from "../../../environments/rules/ingestion";
import { problemsOf, variantOf, type VariantInput } from "../../environments/variants";

const SOURCE = "environments/test.ts";
const line = (path: string, message: string) => `${SOURCE}: ${path}: ${message}`;

/** Input sections may be absent (defaults apply at validation); these read them as the rules see them. */
const streamsOf = (c: VariantInput) => c.ingestion?.kinesis?.streams ?? [];
const dmsSourcesOf = (c: VariantInput) => c.ingestion?.dms?.sources ?? [];
const pipelinesOf = (c: VariantInput) => c.ingestion?.pipelines ?? {};
const hasTelemetry = (c: VariantInput) => pipelinesOf(c).telemetry !== undefined && streamsOf(c).length > 0;

describe("the registered environments", () => {
  it.each(Object.keys(ENVIRONMENTS))("%s passes every ingestion rule as shipped (so a variant's only problem is the one it introduces)", (env) => {
    expect(problemsOf(ENVIRONMENTS[env].input)).toEqual([]);
  });
});

describe("ingestion rules", () => {
  it("refuses an IoT rule into a stream that is not configured, listing the stream keys", () => {
    const input = variantOf(
      (c) => (c.ingestion?.iot?.rules ?? []).length > 0,
      (c) => {
        c.ingestion.iot.rules[0].stream = "no-such-stream";
      },
    ) as VariantInput;
    const keys = streamsOf(input)
      .map((s) => s.name)
      .join(", ");
    expect(problemsOf(input)).toEqual([
      line("ingestion.iot.rules[0].stream", `"no-such-stream" is not a key of ingestion.kinesis.streams (${keys})`),
    ]);
  });

  it("refuses a telemetry pipeline reading a stream that is not configured", () => {
    const input = variantOf(hasTelemetry, (c) => {
      c.ingestion.pipelines.telemetry = { stream: "no-such-stream" };
    }) as VariantInput;
    const keys = streamsOf(input)
      .map((s) => s.name)
      .join(", ");
    expect(problemsOf(input)).toEqual([
      line("ingestion.pipelines.telemetry.stream", `"no-such-stream" is not a key of ingestion.kinesis.streams (${keys})`),
    ]);
  });

  it("refuses a PROVISIONED stream without a shard count", () => {
    const input = variantOf(
      (c) => streamsOf(c).length > 0,
      (c) => {
        c.ingestion.kinesis.streams[0] = { ...c.ingestion.kinesis.streams[0], mode: "PROVISIONED" };
        delete (c.ingestion.kinesis.streams[0] as { shardCount?: number }).shardCount;
      },
    );
    expect(problemsOf(input)).toEqual([
      line("ingestion.kinesis.streams[0].shardCount", "is missing; a PROVISIONED stream needs its number of shards"),
    ]);
  });

  it("refuses a shard count on an ON_DEMAND stream", () => {
    const input = variantOf(
      (c) => streamsOf(c).length > 0,
      (c) => {
        c.ingestion.kinesis.streams[0] = { ...c.ingestion.kinesis.streams[0], mode: "ON_DEMAND", shardCount: 2 };
      },
    );
    expect(problemsOf(input)).toEqual([
      line(
        "ingestion.kinesis.streams[0].shardCount",
        "is set but the stream is ON_DEMAND, which scales its shards itself; remove it or set mode PROVISIONED",
      ),
    ]);
  });

  it("refuses an orders pipeline whose DMS source does not replicate public.customers", () => {
    const input = variantOf(
      (c) => pipelinesOf(c).orders !== undefined,
      (c) => {
        const source = c.ingestion.dms.sources.find((s) => s.name === c.ingestion.pipelines.orders?.dmsSource);
        if (!source) throw new Error("the orders pipeline's DMS source is missing");
        source.tables = source.tables.filter((t) => !(t.schema === "public" && t.table === "customers"));
      },
    ) as VariantInput;
    const source = pipelinesOf(input).orders?.dmsSource;
    expect(problemsOf(input)).toEqual([
      line("ingestion.pipelines.orders.dmsSource", `DMS source "${source}" does not replicate public.customers, which the orders pipeline reads`),
    ]);
  });

  it("refuses an orders pipeline naming a DMS source that is not configured", () => {
    const input = variantOf(
      (c) => pipelinesOf(c).orders !== undefined,
      (c) => {
        c.ingestion.pipelines.orders = { dmsSource: "no-such-db" };
      },
    ) as VariantInput;
    const keys = dmsSourcesOf(input)
      .map((s) => s.name)
      .join(", ");
    expect(problemsOf(input)).toEqual([line("ingestion.pipelines.orders.dmsSource", `"no-such-db" is not a key of ingestion.dms.sources (${keys})`)]);
  });

  it("refuses a crm pipeline over a flow that does not copy Salesforce Account", () => {
    const input = variantOf(
      (c) => pipelinesOf(c).crm !== undefined,
      (c) => {
        const flow = c.ingestion.appflow.flows.find((f) => f.name === c.ingestion.pipelines.crm?.appflowFlow);
        if (!flow) throw new Error("the crm pipeline's flow is missing");
        flow.object = "Opportunity";
      },
    ) as VariantInput;
    const flow = pipelinesOf(input).crm?.appflowFlow;
    expect(problemsOf(input)).toEqual([
      line("ingestion.pipelines.crm.appflowFlow", `flow "${flow}" copies Salesforce Opportunity, but the crm pipeline reads Salesforce Account`),
    ]);
  });

  it("refuses the erp pipeline without glue", () => {
    const input = variantOf(
      (c) => pipelinesOf(c).erp !== undefined,
      (c) => {
        delete (c.ingestion as { glue?: unknown }).glue;
      },
    );
    expect(problemsOf(input)).toEqual([
      line("ingestion.pipelines.erp", "reads the Glue job's output, but ingestion.glue is off; configure glue or remove erp"),
    ]);
  });

  it("refuses the events pipeline without msk", () => {
    const input = variantOf(
      () => true,
      (c) => {
        c.ingestion = { ...c.ingestion, pipelines: { ...c.ingestion.pipelines, events: {} } };
        delete (c.ingestion as { msk?: unknown }).msk;
      },
    );
    expect(problemsOf(input)).toEqual([
      line("ingestion.pipelines.events", "reads the Kafka task's table, but ingestion.msk is off; configure msk or remove events"),
    ]);
  });

  it("accepts restricted serverless egress without the Kinesis endpoint: the workspace layer adds it for the telemetry pipeline (see ingestion-stack.test.ts)", () => {
    const input = variantOf(hasTelemetry, (c) => {
      const egress = c.workspace.serverlessEgress;
      c.workspace.serverlessEgress = {
        ...egress,
        restrictionMode: "RESTRICTED_ACCESS",
        allowedDomains: (egress.allowedDomains ?? []).filter((d) => d !== kinesisDomain(c.aws.region)),
      };
    });
    expect(problemsOf(input)).toEqual([]);
  });

  it("refuses production ingestion that tells no one about failures", () => {
    const input = variantOf(
      (c) => c.production,
      (c) => {
        c.ingestion.jobs = { ...c.ingestion.jobs, notifications: { onFailure: [], webhookDestinationIds: [] } };
      },
    );
    expect(problemsOf(input)).toEqual([
      line("ingestion.jobs.notifications", "tells no one when production ingestion fails; give onFailure addresses or webhookDestinationIds"),
    ]);
  });

  it("refuses production pipelines in development mode", () => {
    const input = variantOf(
      (c) => c.production,
      (c) => {
        c.ingestion.pipelines = { ...c.ingestion.pipelines, development: true };
      },
    );
    expect(problemsOf(input)).toEqual([line("ingestion.pipelines.development", "production pipelines run in production mode; set it to false")]);
  });

  it.each([
    ["kinesis.streams", (c: VariantInput) => c.ingestion.kinesis.streams],
    ["iot.rules", (c: VariantInput) => c.ingestion.iot.rules],
    ["dms.sources", (c: VariantInput) => c.ingestion.dms.sources],
    ["appflow.flows", (c: VariantInput) => c.ingestion.appflow.flows],
    ["lakeflowConnect.sources", (c: VariantInput) => c.ingestion.lakeflowConnect.sources],
  ] as const)("refuses a key used twice in ingestion.%s", (list, items) => {
    const [section, field] = list.split(".") as [string, string];
    const input = variantOf(
      (c) => ((c.ingestion as unknown as Record<string, Record<string, unknown[]> | undefined>)[section]?.[field] ?? []).length > 0,
      (c) => {
        const entries = items(c) as unknown as { name: string }[];
        entries.push(structuredClone(entries[0]));
      },
    ) as VariantInput;
    const entries = items(input) as unknown as { name: string }[];
    expect(problemsOf(input)).toEqual([line(`ingestion.${list}[${entries.length - 1}].name`, `"${entries[0].name}" is used twice; keys are unique`)]);
  });

  it("refuses a landing volume switched off while ingestion delivers files to the landing zone", () => {
    const delivers = (c: VariantInput) =>
      (c.ingestion?.iot?.rules ?? []).length + dmsSourcesOf(c).length + (c.ingestion?.appflow?.flows ?? []).length > 0 ||
      c.ingestion?.glue !== undefined;
    const input = variantOf(delivers, (c) => {
      c.unityCatalog.catalogs[0] = { ...c.unityCatalog.catalogs[0], landingVolume: false };
    });
    expect(problemsOf(input)).toEqual([
      line(
        "unityCatalog.catalogs[0].landingVolume",
        "is false, but ingestion delivers files to the landing zone (IoT errors, DMS, AppFlow or Glue) that pipelines read through it; set it to true",
      ),
    ]);
  });

  it("refuses runAs that is not a service principal of the workspace, listing the known keys", () => {
    const input = variantOf(
      () => true,
      (c) => {
        c.ingestion = { ...c.ingestion, runAs: "data-engineers" };
      },
    ) as VariantInput;
    const keys = Object.keys(input.workspace.servicePrincipals).join(", ");
    expect(problemsOf(input)).toEqual([line("ingestion.runAs", `"data-engineers" is not a key of workspace.servicePrincipals (${keys})`)]);
  });

  it("refuses a viewer that is not a group of the workspace", () => {
    const input = variantOf(
      () => true,
      (c) => {
        c.ingestion = { ...c.ingestion, viewers: ["no-such-group"] };
      },
    );
    expect(problemsOf(input)).toEqual([
      expect.stringMatching(/^environments\/test\.ts: ingestion\.viewers\[0\]: "no-such-group" is not a key of workspace\.groups \(/),
    ]);
  });
});

describe("rules between environments", () => {
  it("lets only one environment per AWS account create the account's fixed-name DMS roles", () => {
    const base = variantOf(
      () => true,
      (c) => {
        c.ingestion = { ...c.ingestion, dms: { ...c.ingestion?.dms, createAccountRoles: true } } as VariantInput["ingestion"];
      },
    ) as VariantInput;
    const second = structuredClone(base);
    second.name = `${base.name}b`;
    expect(() =>
      validateEnvironments([
        { source: "environments/a.ts", input: base },
        { source: "environments/b.ts", input: second },
      ]),
    ).toThrow(
      `environments/b.ts: ingestion.dms.createAccountRoles: ${base.name} (environments/a.ts) already creates the DMS roles of AWS account ${base.aws.accountId}; set it to false here`,
    );
    second.aws = { ...second.aws, accountId: "999999999999" };
    const problems = (() => {
      try {
        validateEnvironments([
          { source: "environments/a.ts", input: base },
          { source: "environments/b.ts", input: second },
        ]);
        return [];
      } catch (error) {
        return String(error)
          .split("\n")
          .filter((l) => l.includes("createAccountRoles"));
      }
    })();
    expect(problems).toEqual([]);
  });
});
