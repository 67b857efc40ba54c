# Databricks notebook source
# MAGIC %md
# MAGIC # Customer overlap (clean room)
# MAGIC
# MAGIC Runs inside a Databricks clean room. It joins our gold `customer_order_summary` with the collaborator's customer
# MAGIC table on a hashed customer key (SHA-256 of our customer_id, which both parties hold for shared customers) and returns only aggregates: counts of overlapping customers and their spend by
# MAGIC currency, with buckets under the minimum size suppressed. Neither party sees the other's rows.
# MAGIC
# MAGIC Parameters (notebook widgets, set by whoever runs it): `our_table` and `their_table`, the clean room names of the
# MAGIC two tables (`<catalog>.<schema>.<table>` as the clean room shows them), and `min_bucket`.

# COMMAND ----------

dbutils.widgets.text("our_table", "")  # noqa: F821 - dbutils is provided by the notebook runtime
dbutils.widgets.text("their_table", "")  # noqa: F821
dbutils.widgets.text("min_bucket", "25")  # noqa: F821

our_table = dbutils.widgets.get("our_table")  # noqa: F821
their_table = dbutils.widgets.get("their_table")  # noqa: F821
min_bucket = int(dbutils.widgets.get("min_bucket"))  # noqa: F821
if not our_table or not their_table:
    raise ValueError("set the our_table and their_table parameters to the clean room names of the two tables")
if min_bucket < 10:
    raise ValueError("min_bucket must be at least 10: smaller groups could identify customers")

# COMMAND ----------

overlap = spark.sql(  # noqa: F821 - spark is provided by the notebook runtime
    f"""
    SELECT o.currency,
           COUNT(DISTINCT o.customer_id) AS overlapping_customers,
           ROUND(SUM(o.lifetime_value), 2) AS overlapping_lifetime_value
    FROM {our_table} AS o
    JOIN {their_table} AS t
      ON sha2(CAST(o.customer_id AS STRING), 256) = t.customer_key_sha256
    GROUP BY o.currency
    HAVING COUNT(DISTINCT o.customer_id) >= {min_bucket}
    """
)
display(overlap)  # noqa: F821 - display is provided by the notebook runtime
