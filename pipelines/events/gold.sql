-- Events gold: order events per hour and type, readable as Iceberg (UniForm).
--
-- Kafka delivers at least once, so events are counted by distinct event_id.
-- CREATE MATERIALIZED VIEW (pipelines): https://docs.databricks.com/aws/en/ldp/developer/ldp-sql-ref-create-materialized-view
-- UniForm table properties: https://docs.databricks.com/aws/en/delta/uniform

CREATE OR REFRESH MATERIALIZED VIEW ${lakehouse.gold_schema}.order_event_counts_hourly
COMMENT 'Per hour of occurrence and event type: distinct events and distinct orders.'
TBLPROPERTIES (
  'delta.enableIcebergCompatV2' = 'true',
  'delta.universalFormat.enabledFormats' = 'iceberg'
)
AS SELECT
  date_trunc('HOUR', occurred_at) AS event_hour,
  event_type,
  count(DISTINCT event_id) AS events,
  count(DISTINCT order_id) AS orders
FROM ${lakehouse.silver_schema}.order_events
GROUP BY date_trunc('HOUR', occurred_at), event_type;
