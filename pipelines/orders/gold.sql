-- Orders gold: daily revenue and a per-customer order summary, readable as Iceberg (UniForm).
--
-- CREATE MATERIALIZED VIEW (pipelines): https://docs.databricks.com/aws/en/ldp/developer/ldp-sql-ref-create-materialized-view
-- UniForm table properties: https://docs.databricks.com/aws/en/delta/uniform
-- SCD type 2 targets mark the current row with __END_AT IS NULL: https://docs.databricks.com/aws/en/ldp/cdc
-- ${key} is replaced by the pipeline configuration value: https://docs.databricks.com/aws/en/ldp/parameters

CREATE OR REFRESH MATERIALIZED VIEW ${lakehouse.gold_schema}.daily_revenue
COMMENT 'Per order day and currency: orders, distinct customers and revenue, without cancelled or refunded orders.'
TBLPROPERTIES (
  'delta.enableIcebergCompatV2' = 'true',
  'delta.universalFormat.enabledFormats' = 'iceberg'
)
AS SELECT
  CAST(ordered_at AS DATE) AS order_date,
  currency,
  count(*) AS orders,
  count(DISTINCT customer_id) AS customers,
  sum(amount) AS revenue
FROM ${lakehouse.silver_schema}.orders
WHERE status NOT IN ('cancelled', 'refunded')
GROUP BY CAST(ordered_at AS DATE), currency;

CREATE OR REFRESH MATERIALIZED VIEW ${lakehouse.gold_schema}.customer_order_summary
COMMENT 'Per current customer and currency: order count, lifetime value and first and last order time.'
TBLPROPERTIES (
  'delta.enableIcebergCompatV2' = 'true',
  'delta.universalFormat.enabledFormats' = 'iceberg'
)
AS SELECT
  c.customer_id,
  c.name,
  c.country,
  c.segment,
  -- XXX (ISO 4217 "no currency") for customers without orders, so (customer_id, currency) is a key that Lakebase
  -- synced tables and the operational stores can use.
  coalesce(o.currency, 'XXX') AS currency,
  count(o.order_id) AS orders,
  coalesce(sum(o.amount), 0) AS lifetime_value,
  min(o.ordered_at) AS first_order_at,
  max(o.ordered_at) AS last_order_at
FROM ${lakehouse.silver_schema}.customers AS c
LEFT JOIN ${lakehouse.silver_schema}.orders AS o
  ON o.customer_id = c.customer_id AND o.status NOT IN ('cancelled', 'refunded')
WHERE c.__END_AT IS NULL
GROUP BY c.customer_id, c.name, c.country, c.segment, coalesce(o.currency, 'XXX');
