-- CRM bronze: Salesforce Account records as Amazon AppFlow delivers them, one row per record per flow run.
--
-- AppFlow writes Parquet files under <appflow_path><execution id>/; Auto Loader discovers them in subfolders.
-- Auto Loader in SQL: STREAM read_files(path, format => 'parquet'), file metadata through _metadata:
--   https://docs.databricks.com/aws/en/ldp/load
--   https://docs.databricks.com/aws/en/sql/language-manual/functions/read_files
--   https://docs.databricks.com/aws/en/ingestion/file-metadata-column
-- Amazon AppFlow Amazon S3 destination: https://docs.aws.amazon.com/appflow/latest/userguide/s3.html
-- ${key} is replaced by the pipeline configuration value: https://docs.databricks.com/aws/en/ldp/parameters

CREATE OR REFRESH STREAMING TABLE ${lakehouse.bronze_schema}.crm_accounts_raw
COMMENT 'Salesforce Account records (Id, Name, Industry, BillingCountry, AnnualRevenue, LastModifiedDate) from AppFlow.'
AS SELECT
  *,
  _metadata.file_path AS source_file,
  _metadata.file_modification_time AS source_file_modified_at,
  current_timestamp() AS ingested_at
FROM STREAM read_files(
  '${lakehouse.appflow_path}',
  format => 'parquet'
);
