-- Telemetry gold: hourly metrics per device, readable as Iceberg (UniForm).
--
-- CREATE MATERIALIZED VIEW (pipelines): https://docs.databricks.com/aws/en/ldp/developer/ldp-sql-ref-create-materialized-view
-- UniForm table properties: https://docs.databricks.com/aws/en/delta/uniform
-- ${key} is replaced by the pipeline configuration value: https://docs.databricks.com/aws/en/ldp/parameters

CREATE OR REFRESH MATERIALIZED VIEW ${lakehouse.gold_schema}.device_hourly_metrics
COMMENT 'Per device and hour: reading count, temperature and humidity statistics, lowest battery level and latest firmware.'
TBLPROPERTIES (
  'delta.enableIcebergCompatV2' = 'true',
  'delta.universalFormat.enabledFormats' = 'iceberg'
)
AS SELECT
  device_id,
  date_trunc('HOUR', reading_ts) AS reading_hour,
  count(*) AS readings,
  round(avg(temperature_c), 2) AS avg_temperature_c,
  min(temperature_c) AS min_temperature_c,
  max(temperature_c) AS max_temperature_c,
  round(avg(humidity_pct), 2) AS avg_humidity_pct,
  min(battery_pct) AS min_battery_pct,
  max_by(firmware, reading_ts) AS firmware
FROM ${lakehouse.silver_schema}.device_readings
GROUP BY device_id, date_trunc('HOUR', reading_ts);
