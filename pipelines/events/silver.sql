-- Events silver: order events parsed from the Kafka messages the Structured Streaming task
-- (pipelines/streaming/kafka_to_bronze.py) appends to bronze.order_events_raw.
--
-- Each message value is a JSON document {"event_id", "order_id", "event_type", "occurred_at", "payload"}; payload is an
-- object kept as its JSON text (a STRING field of from_json receives the raw JSON of an object).
-- CREATE STREAMING TABLE (pipelines): https://docs.databricks.com/aws/en/ldp/developer/ldp-sql-ref-create-streaming-table
-- Expectations: https://docs.databricks.com/aws/en/ldp/expectations
-- from_json: https://docs.databricks.com/aws/en/sql/language-manual/functions/from_json
-- ${key} is replaced by the pipeline configuration value: https://docs.databricks.com/aws/en/ldp/parameters

CREATE OR REFRESH STREAMING TABLE ${lakehouse.silver_schema}.order_events (
  CONSTRAINT event_id_present EXPECT (event_id IS NOT NULL) ON VIOLATION DROP ROW,
  CONSTRAINT order_id_present EXPECT (order_id IS NOT NULL) ON VIOLATION DROP ROW,
  CONSTRAINT occurred_at_present EXPECT (occurred_at IS NOT NULL) ON VIOLATION DROP ROW,
  CONSTRAINT known_event_type EXPECT (
    event_type IN ('order_created', 'order_paid', 'order_shipped', 'order_delivered', 'order_cancelled', 'order_refunded')
  )
)
COMMENT 'Order events from the Kafka topic, parsed and checked; the Kafka coordinates identify the source message.'
CLUSTER BY (order_id)
AS SELECT
  event.event_id,
  event.order_id,
  lower(event.event_type) AS event_type,
  event.occurred_at,
  event.payload,
  kafka_topic,
  kafka_partition,
  kafka_offset,
  kafka_timestamp,
  ingested_at
FROM (
  SELECT
    from_json(
      message_value,
      'event_id STRING, order_id BIGINT, event_type STRING, occurred_at TIMESTAMP, payload STRING'
    ) AS event,
    kafka_topic,
    kafka_partition,
    kafka_offset,
    kafka_timestamp,
    ingested_at
  FROM STREAM(${lakehouse.bronze_schema}.order_events_raw)
);
