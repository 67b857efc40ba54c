-- Orders silver: the current state of every order (SCD type 1) and the history of every customer (SCD type 2),
-- applied from the DMS change records in bronze.
--
-- Change data capture with AUTO CDC (the current name of APPLY CHANGES INTO; same clauses): the target streaming table
-- is declared first, then a flow applies the changes into it. KEYS identify a row, SEQUENCE BY orders the changes
-- (out-of-order records are handled), APPLY AS DELETE WHEN turns `Op = 'D'` into deletes, COLUMNS * EXCEPT drops the
-- DMS bookkeeping columns, STORED AS SCD TYPE 2 keeps history in __START_AT / __END_AT.
--   https://docs.databricks.com/aws/en/ldp/developer/ldp-sql-ref-apply-changes-into
--   https://docs.databricks.com/aws/en/ldp/cdc
-- Expectations on the target use the same CONSTRAINT clause as other pipeline tables:
--   https://docs.databricks.com/aws/en/ldp/expectations
-- CREATE TEMPORARY VIEW (pipelines): https://docs.databricks.com/aws/en/ldp/developer/ldp-sql-ref-create-temporary-view
--
-- A delete record may carry only the key, so checks on other columns accept NULL. A missing key means the DMS table
-- mapping no longer matches this code: the update fails rather than silently dropping changes.
--
-- Ordering: full-load rows carry the time DMS copied them, change rows the source commit time (DMS S3 target,
-- TimestampColumnName), so a change cached during the full load can carry an earlier time than the full-load row it
-- changes. Changes therefore sort after every full-load row (change_phase: 0 for LOAD*.parquet files, 1 for change
-- files), then by commit time, then by file (change files are named by time), so none is taken as stale.

-- Orders: the latest version of each order.
CREATE OR REFRESH STREAMING TABLE ${lakehouse.silver_schema}.orders (
  CONSTRAINT order_id_present EXPECT (order_id IS NOT NULL) ON VIOLATION FAIL UPDATE,
  CONSTRAINT amount_not_negative EXPECT (amount IS NULL OR amount >= 0) ON VIOLATION DROP ROW,
  CONSTRAINT currency_is_iso_4217 EXPECT (currency IS NULL OR currency RLIKE '^[A-Z]{3}$') ON VIOLATION DROP ROW,
  CONSTRAINT known_status EXPECT (status IS NULL OR status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'))
)
COMMENT 'Current state of every order of the operational database (SCD type 1).';

CREATE TEMPORARY VIEW orders_changes
COMMENT 'DMS change records of public.orders with normalized values; full-load rows (no Op) count as inserts.'
AS SELECT
  CAST(order_id AS BIGINT) AS order_id,
  CAST(customer_id AS BIGINT) AS customer_id,
  lower(trim(status)) AS status,
  CAST(amount AS DECIMAL(18, 2)) AS amount,
  upper(trim(currency)) AS currency,
  CAST(ordered_at AS TIMESTAMP) AS ordered_at,
  CAST(updated_at AS TIMESTAMP) AS updated_at,
  coalesce(Op, 'I') AS Op,
  CAST(dms_commit_ts AS TIMESTAMP) AS dms_commit_ts,
  CASE WHEN source_file RLIKE '/LOAD[0-9]+[.]parquet$' THEN 0 ELSE 1 END AS change_phase,
  source_file
FROM STREAM(${lakehouse.bronze_schema}.orders_cdc);

CREATE FLOW orders_apply_changes AS AUTO CDC INTO ${lakehouse.silver_schema}.orders
FROM STREAM(orders_changes)
KEYS (order_id)
APPLY AS DELETE WHEN Op = 'D'
SEQUENCE BY STRUCT(change_phase, dms_commit_ts, source_file)
COLUMNS * EXCEPT (Op, dms_commit_ts, change_phase, source_file)
STORED AS SCD TYPE 1;

-- Customers: every version of each customer, the current one with __END_AT IS NULL.
CREATE OR REFRESH STREAMING TABLE ${lakehouse.silver_schema}.customers (
  CONSTRAINT customer_id_present EXPECT (customer_id IS NOT NULL) ON VIOLATION FAIL UPDATE,
  CONSTRAINT email_is_plausible EXPECT (email IS NULL OR email RLIKE '^[^@ ]+@[^@ ]+[.][^@ ]+$'),
  CONSTRAINT country_is_iso_3166 EXPECT (country IS NULL OR country RLIKE '^[A-Z]{2}$') ON VIOLATION DROP ROW,
  CONSTRAINT known_segment EXPECT (segment IS NULL OR segment IN ('consumer', 'smb', 'enterprise'))
)
COMMENT 'History of every customer of the operational database (SCD type 2); __END_AT IS NULL marks the current version.';

CREATE TEMPORARY VIEW customers_changes
COMMENT 'DMS change records of public.customers with normalized values; full-load rows (no Op) count as inserts.'
AS SELECT
  CAST(customer_id AS BIGINT) AS customer_id,
  trim(name) AS name,
  lower(trim(email)) AS email,
  upper(trim(country)) AS country,
  lower(trim(segment)) AS segment,
  CAST(updated_at AS TIMESTAMP) AS updated_at,
  coalesce(Op, 'I') AS Op,
  CAST(dms_commit_ts AS TIMESTAMP) AS dms_commit_ts,
  CASE WHEN source_file RLIKE '/LOAD[0-9]+[.]parquet$' THEN 0 ELSE 1 END AS change_phase,
  source_file
FROM STREAM(${lakehouse.bronze_schema}.customers_cdc);

CREATE FLOW customers_apply_changes AS AUTO CDC INTO ${lakehouse.silver_schema}.customers
FROM STREAM(customers_changes)
KEYS (customer_id)
APPLY AS DELETE WHEN Op = 'D'
SEQUENCE BY STRUCT(change_phase, dms_commit_ts, source_file)
COLUMNS * EXCEPT (Op, dms_commit_ts, change_phase, source_file)
STORED AS SCD TYPE 2
TRACK HISTORY ON * EXCEPT (updated_at);
