-- ERP silver: the latest state of every invoice (SCD type 1).
--
-- An invoice is exported again when it changes (typically when it is paid). The Glue job stamps every row with the
-- time of its run (normalized_at) and keeps one row per invoice per run, so normalized_at orders the versions.
-- AUTO CDC (formerly APPLY CHANGES INTO): https://docs.databricks.com/aws/en/ldp/developer/ldp-sql-ref-apply-changes-into
--   https://docs.databricks.com/aws/en/ldp/cdc
-- Expectations: https://docs.databricks.com/aws/en/ldp/expectations
-- CREATE TEMPORARY VIEW (pipelines): https://docs.databricks.com/aws/en/ldp/developer/ldp-sql-ref-create-temporary-view

CREATE OR REFRESH STREAMING TABLE ${lakehouse.silver_schema}.erp_invoices (
  CONSTRAINT invoice_id_present EXPECT (invoice_id IS NOT NULL) ON VIOLATION DROP ROW,
  CONSTRAINT issue_date_present EXPECT (issued_on IS NOT NULL) ON VIOLATION DROP ROW,
  CONSTRAINT amount_present EXPECT (amount IS NOT NULL) ON VIOLATION DROP ROW,
  CONSTRAINT currency_is_iso_4217 EXPECT (currency RLIKE '^[A-Z]{3}$') ON VIOLATION DROP ROW,
  CONSTRAINT due_after_issue EXPECT (due_on IS NULL OR due_on >= issued_on),
  CONSTRAINT paid_after_issue EXPECT (paid_on IS NULL OR paid_on >= issued_on)
)
COMMENT 'Latest state of every ERP invoice (SCD type 1); paid_on IS NULL marks an open invoice.';

CREATE TEMPORARY VIEW erp_invoice_changes
COMMENT 'ERP invoice rows with the columns of the silver table and the Glue run time that orders them.'
AS SELECT
  CAST(invoice_id AS STRING) AS invoice_id,
  CAST(customer_id AS STRING) AS customer_id,
  CAST(issued_on AS DATE) AS issued_on,
  CAST(due_on AS DATE) AS due_on,
  CAST(amount AS DECIMAL(18, 2)) AS amount,
  upper(currency) AS currency,
  CAST(paid_on AS DATE) AS paid_on,
  CAST(normalized_at AS TIMESTAMP) AS normalized_at
FROM STREAM(${lakehouse.bronze_schema}.erp_invoices_raw);

CREATE FLOW erp_invoices_upsert AS AUTO CDC INTO ${lakehouse.silver_schema}.erp_invoices
FROM STREAM(erp_invoice_changes)
KEYS (invoice_id)
SEQUENCE BY normalized_at
COLUMNS * EXCEPT (normalized_at)
STORED AS SCD TYPE 1;
