/**
 * The sample pipelines of the ingestion layer, described for the stack: which source files each Lakeflow Declarative
 * Pipeline runs, which configuration keys its code reads and which tables it publishes. The stack uploads the files,
 * sets the configuration and publishes the tables as outputs; test/pipelines checks this description against the code,
 * so neither can drift from the other.
 *
 * @see pipelines/README.md for the sample domain and the data flow
 */
import { join } from "node:path";

/** The sample pipelines, in the order they may depend on each other (a pipeline reads only what earlier ones publish). */
export type PipelineName = "telemetry" | "orders" | "crm" | "erp" | "events";

/** One sample Lakeflow Declarative Pipeline. */
export interface SamplePipeline {
  readonly name: PipelineName;
  readonly description: string;
  /** Source files, relative to pipelines/. */
  readonly files: readonly string[];
  /** Configuration keys the code reads (besides the three schema keys and landing_path, which every pipeline gets). */
  readonly parameters: readonly string[];
  /** Tables the pipeline defines, by medallion layer, as bare table names. */
  readonly publishes: { readonly bronze: readonly string[]; readonly silver: readonly string[]; readonly gold: readonly string[] };
}

/**
 * The configuration keys every pipeline gets: the bronze, silver and gold schemas (`catalog.schema`) and the landing
 * volume path.
 */
export const COMMON_PIPELINE_PARAMETERS = [
  "lakehouse.bronze_schema",
  "lakehouse.silver_schema",
  "lakehouse.gold_schema",
  "lakehouse.landing_path",
] as const;

/**
 * The table a pipeline publishes its event log to, in its default (bronze) schema: `<pipeline>_event_log`. Its
 * `update_progress` events tell when each update completed; the serving layer's freshness alert reads them.
 */
export function eventLogTableOf(pipeline: PipelineName): string {
  return `${pipeline}_event_log`;
}

/** The sample pipelines by name, in dependency order. */
export const SAMPLE_PIPELINES: Readonly<Record<PipelineName, SamplePipeline>> = {
  telemetry: {
    name: "telemetry",
    description: "Device telemetry from AWS IoT Core through Kinesis, and the IoT rule's errors, to hourly device metrics.",
    files: ["telemetry/bronze.py", "telemetry/silver.sql", "telemetry/gold.sql"],
    parameters: ["lakehouse.kinesis_stream", "lakehouse.kinesis_region", "lakehouse.service_credential", "lakehouse.iot_errors_path"],
    publishes: { bronze: ["device_telemetry_raw", "iot_rule_errors"], silver: ["device_readings"], gold: ["device_hourly_metrics"] },
  },
  orders: {
    name: "orders",
    description: "Orders and customers changes from PostgreSQL through AWS DMS, applied as SCD type 1 and 2, to revenue and customer summaries.",
    files: ["orders/bronze.sql", "orders/silver.sql", "orders/gold.sql"],
    parameters: ["lakehouse.dms_path"],
    publishes: {
      bronze: ["orders_cdc", "customers_cdc"],
      silver: ["orders", "customers"],
      gold: ["daily_revenue", "customer_order_summary"],
    },
  },
  crm: {
    name: "crm",
    description: "Salesforce accounts through Amazon AppFlow, upserted by account id, to accounts by industry.",
    files: ["crm/bronze.sql", "crm/silver.sql", "crm/gold.sql"],
    parameters: ["lakehouse.appflow_path"],
    publishes: { bronze: ["crm_accounts_raw"], silver: ["crm_accounts"], gold: ["accounts_by_industry"] },
  },
  erp: {
    name: "erp",
    description: "ERP invoice exports normalized by an AWS Glue job, upserted by invoice id, to open-invoice aging.",
    files: ["erp/bronze.sql", "erp/silver.sql", "erp/gold.sql"],
    parameters: ["lakehouse.erp_curated_path"],
    publishes: { bronze: ["erp_invoices_raw"], silver: ["erp_invoices"], gold: ["invoice_aging"] },
  },
  events: {
    name: "events",
    description: "Order events the Kafka task lands from Amazon MSK, parsed and checked, to hourly event counts.",
    files: ["events/silver.sql", "events/gold.sql"],
    parameters: [],
    publishes: { bronze: [], silver: ["order_events"], gold: ["order_event_counts_hourly"] },
  },
};

/**
 * The Structured Streaming task (a Lakeflow Job `spark_python_task`) that appends the MSK topic to
 * bronze.order_events_raw, which the events pipeline reads. Arguments: `--bootstrap-servers`, `--topic`,
 * `--service-credential`, `--table <bronze schema>.order_events_raw`, `--checkpoint`.
 */
export const KAFKA_TASK: { readonly file: "streaming/kafka_to_bronze.py"; readonly publishes: { readonly bronze: readonly ["order_events_raw"] } } = {
  file: "streaming/kafka_to_bronze.py",
  publishes: { bronze: ["order_events_raw"] },
};

/** The AWS Glue job script that normalizes the ERP exports. Arguments: `--source_path`, `--target_path`. */
export const GLUE_SCRIPT: { readonly file: "glue/normalize_erp_exports.py" } = { file: "glue/normalize_erp_exports.py" };

/** Absolute path of pipelines/. */
export const PIPELINES_ROOT: string = join(__dirname);
