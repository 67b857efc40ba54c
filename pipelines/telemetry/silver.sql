-- Telemetry silver: validated device readings, one row per reading, in SI-style column names.
--
-- CREATE STREAMING TABLE (pipelines), expectations in the table specification
-- (CONSTRAINT name EXPECT (condition) [ON VIOLATION DROP ROW | FAIL UPDATE]; without ON VIOLATION the row is kept and
-- the violation counted): https://docs.databricks.com/aws/en/ldp/developer/ldp-sql-ref-create-streaming-table
--   https://docs.databricks.com/aws/en/ldp/expectations
-- ${key} is replaced by the pipeline configuration value: https://docs.databricks.com/aws/en/ldp/parameters

CREATE OR REFRESH STREAMING TABLE ${lakehouse.silver_schema}.device_readings (
  CONSTRAINT device_id_present EXPECT (device_id IS NOT NULL) ON VIOLATION DROP ROW,
  CONSTRAINT reading_time_present EXPECT (reading_ts IS NOT NULL) ON VIOLATION DROP ROW,
  CONSTRAINT temperature_in_sensor_range EXPECT (temperature_c BETWEEN -40 AND 125) ON VIOLATION DROP ROW,
  CONSTRAINT humidity_is_a_percentage EXPECT (humidity_pct IS NULL OR humidity_pct BETWEEN 0 AND 100),
  CONSTRAINT battery_is_a_percentage EXPECT (battery_pct IS NULL OR battery_pct BETWEEN 0 AND 100)
)
COMMENT 'Device readings that parsed and passed the sensor range checks.'
CLUSTER BY (device_id)
AS SELECT
  device_id,
  ts AS reading_ts,
  temperature AS temperature_c,
  humidity AS humidity_pct,
  battery AS battery_pct,
  firmware,
  arrived_at,
  ingested_at
FROM STREAM(${lakehouse.bronze_schema}.device_telemetry_raw);
