/**
 * The landing zone's layout, shared by the layers that meet there: where a catalog's landing volume lives in the
 * landing bucket (unity-catalog creates the volume), where each ingestion service delivers under it (ingestion writes
 * and reads), and so which prefix a service principal may write (network-storage's bucket policy for AppFlow).
 */

/** Where a catalog's landing volume lives in the landing bucket: its own prefix, named after the catalog. */
export function landingKeyPrefix(catalogName: string): string {
  return `${catalogName}/`;
}

/** Relative paths under the default catalog's landing volume (each ends with `/`). */
export const LANDING_PATHS = {
  /** IoT rule error action: messages the rule could not put into Kinesis. */
  iotErrors: "iot-errors/",
  /** DMS S3 target of one source: `<schema>/<table>/` Parquet files under it. */
  dms: (source: string) => `dms/${source}/`,
  /** AppFlow: the prefix flows write under (AppFlow adds `<flow name>/<execution id>/`). */
  appflow: "appflow/",
  /** The ERP CSV exports the Glue job reads (delivered out of band). */
  glueRaw: "glue/raw/invoices/",
  /** The Glue job's Parquet output, which the erp pipeline loads. */
  glueCurated: "glue/curated/invoices/",
} as const;
