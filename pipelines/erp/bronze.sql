-- ERP bronze: invoices as the Glue job (pipelines/glue/normalize_erp_exports.py) normalized them, one row per
-- invoice per export.
--
-- The Glue job writes Parquet partitioned by invoice_month (invoice_month=YYYY-MM/) under erp_curated_path.
-- Auto Loader in SQL: STREAM read_files(path, format => 'parquet'), file metadata through _metadata:
--   https://docs.databricks.com/aws/en/ldp/load
--   https://docs.databricks.com/aws/en/sql/language-manual/functions/read_files
--   https://docs.databricks.com/aws/en/ingestion/file-metadata-column
-- ${key} is replaced by the pipeline configuration value: https://docs.databricks.com/aws/en/ldp/parameters

CREATE OR REFRESH STREAMING TABLE ${lakehouse.bronze_schema}.erp_invoices_raw
COMMENT 'ERP invoice exports after the Glue normalization job, as Parquet in the landing zone.'
AS SELECT
  *,
  _metadata.file_path AS source_file,
  current_timestamp() AS ingested_at
FROM STREAM read_files(
  '${lakehouse.erp_curated_path}',
  format => 'parquet'
);
