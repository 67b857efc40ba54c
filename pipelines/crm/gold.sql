-- CRM gold: accounts and revenue by industry and billing country, readable as Iceberg (UniForm).
--
-- CREATE MATERIALIZED VIEW (pipelines): https://docs.databricks.com/aws/en/ldp/developer/ldp-sql-ref-create-materialized-view
-- UniForm table properties: https://docs.databricks.com/aws/en/delta/uniform

CREATE OR REFRESH MATERIALIZED VIEW ${lakehouse.gold_schema}.accounts_by_industry
COMMENT 'Per industry and billing country: number of accounts and their total and average annual revenue.'
TBLPROPERTIES (
  'delta.enableIcebergCompatV2' = 'true',
  'delta.universalFormat.enabledFormats' = 'iceberg'
)
AS SELECT
  coalesce(industry, 'Unknown') AS industry,
  coalesce(billing_country, 'Unknown') AS billing_country,
  count(*) AS accounts,
  sum(annual_revenue) AS total_annual_revenue,
  round(avg(annual_revenue), 2) AS avg_annual_revenue
FROM ${lakehouse.silver_schema}.crm_accounts
GROUP BY coalesce(industry, 'Unknown'), coalesce(billing_country, 'Unknown');
