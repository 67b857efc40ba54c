-- Orders bronze: the raw DMS output for public.orders and public.customers, one row per change record.
--
-- The DMS S3 target writes Parquet under <dms_path><schema>/<table>/ (full load and ongoing changes), each row with an
-- `Op` column (I, U or D) and the commit timestamp column `dms_commit_ts`.
-- Auto Loader in SQL: STREAM read_files(path, format => 'parquet'), file metadata through _metadata:
--   https://docs.databricks.com/aws/en/ldp/load
--   https://docs.databricks.com/aws/en/sql/language-manual/functions/read_files
--   https://docs.databricks.com/aws/en/ingestion/file-metadata-column
-- CREATE STREAMING TABLE (pipelines): https://docs.databricks.com/aws/en/ldp/developer/ldp-sql-ref-create-streaming-table
-- ${key} is replaced by the pipeline configuration value: https://docs.databricks.com/aws/en/ldp/parameters

CREATE OR REFRESH STREAMING TABLE ${lakehouse.bronze_schema}.orders_cdc
COMMENT 'DMS change records of public.orders, as written to the landing zone.'
AS SELECT
  *,
  _metadata.file_path AS source_file,
  _metadata.file_modification_time AS source_file_modified_at,
  current_timestamp() AS ingested_at
FROM STREAM read_files(
  '${lakehouse.dms_path}public/orders/',
  format => 'parquet'
);

CREATE OR REFRESH STREAMING TABLE ${lakehouse.bronze_schema}.customers_cdc
COMMENT 'DMS change records of public.customers, as written to the landing zone.'
AS SELECT
  *,
  _metadata.file_path AS source_file,
  _metadata.file_modification_time AS source_file_modified_at,
  current_timestamp() AS ingested_at
FROM STREAM read_files(
  '${lakehouse.dms_path}public/customers/',
  format => 'parquet'
);
