-- ERP gold: open invoices by customer, currency and days past due, readable as Iceberg (UniForm).
--
-- CREATE MATERIALIZED VIEW (pipelines): https://docs.databricks.com/aws/en/ldp/developer/ldp-sql-ref-create-materialized-view
-- UniForm table properties: https://docs.databricks.com/aws/en/delta/uniform
-- current_date() makes every refresh recompute the view, which is what an aging report needs.
-- GROUP BY ALL groups by every non-aggregate column: https://docs.databricks.com/aws/en/sql/language-manual/sql-ref-syntax-qry-select-groupby

CREATE OR REFRESH MATERIALIZED VIEW ${lakehouse.gold_schema}.invoice_aging
COMMENT 'Open invoices per customer, currency and aging bucket (days past due on the day of the refresh).'
TBLPROPERTIES (
  'delta.enableIcebergCompatV2' = 'true',
  'delta.universalFormat.enabledFormats' = 'iceberg'
)
AS SELECT
  current_date() AS as_of_date,
  customer_id,
  currency,
  CASE
    WHEN due_on IS NULL OR datediff(current_date(), due_on) <= 0 THEN 'not due'
    WHEN datediff(current_date(), due_on) <= 30 THEN '1-30 days'
    WHEN datediff(current_date(), due_on) <= 60 THEN '31-60 days'
    WHEN datediff(current_date(), due_on) <= 90 THEN '61-90 days'
    ELSE 'over 90 days'
  END AS aging_bucket,
  count(*) AS open_invoices,
  sum(amount) AS open_amount,
  min(due_on) AS oldest_due_on
FROM ${lakehouse.silver_schema}.erp_invoices
WHERE paid_on IS NULL
GROUP BY ALL;
