-- CRM silver: the latest version of every Salesforce account (SCD type 1).
--
-- AppFlow delivers a record again on every run that sees it (a full flow re-sends every account), so the records are
-- upserted by Id, ordered by LastModifiedDate and, for the same LastModifiedDate, by the delivering file's time
-- (SEQUENCE BY STRUCT(...) orders by the first field, then the next).
-- AUTO CDC (formerly APPLY CHANGES INTO): https://docs.databricks.com/aws/en/ldp/developer/ldp-sql-ref-apply-changes-into
--   https://docs.databricks.com/aws/en/ldp/cdc
-- Expectations: https://docs.databricks.com/aws/en/ldp/expectations
-- CREATE TEMPORARY VIEW (pipelines): https://docs.databricks.com/aws/en/ldp/developer/ldp-sql-ref-create-temporary-view

CREATE OR REFRESH STREAMING TABLE ${lakehouse.silver_schema}.crm_accounts (
  CONSTRAINT account_id_present EXPECT (account_id IS NOT NULL) ON VIOLATION DROP ROW,
  CONSTRAINT account_name_present EXPECT (account_name IS NOT NULL AND account_name <> ''),
  CONSTRAINT annual_revenue_not_negative EXPECT (annual_revenue IS NULL OR annual_revenue >= 0) ON VIOLATION DROP ROW
)
COMMENT 'Latest version of every Salesforce account (SCD type 1).';

CREATE TEMPORARY VIEW crm_account_changes
COMMENT 'Salesforce Account records with typed, renamed columns, ordered for the upsert.'
AS SELECT
  CAST(Id AS STRING) AS account_id,
  trim(Name) AS account_name,
  nullif(trim(Industry), '') AS industry,
  nullif(trim(BillingCountry), '') AS billing_country,
  CAST(AnnualRevenue AS DECIMAL(20, 2)) AS annual_revenue,
  CAST(LastModifiedDate AS TIMESTAMP) AS last_modified_at,
  source_file_modified_at
FROM STREAM(${lakehouse.bronze_schema}.crm_accounts_raw)
WHERE LastModifiedDate IS NOT NULL;

CREATE FLOW crm_accounts_upsert AS AUTO CDC INTO ${lakehouse.silver_schema}.crm_accounts
FROM STREAM(crm_account_changes)
KEYS (account_id)
SEQUENCE BY STRUCT(last_modified_at, source_file_modified_at)
COLUMNS * EXCEPT (source_file_modified_at)
STORED AS SCD TYPE 1;
