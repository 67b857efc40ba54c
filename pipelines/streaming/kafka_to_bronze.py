"""Append the order events of an Amazon MSK topic to the bronze table order_events_raw.

Runs as a Lakeflow Job spark_python_task on a job cluster in the workspace VPC (MSK brokers are reachable only there):

    kafka_to_bronze.py --bootstrap-servers b-1.msk.example:9098,b-2.msk.example:9098 --topic orders.events \
        --service-credential main_prod_ingestion --table main_prod.bronze.order_events_raw \
        --checkpoint /Volumes/main_prod/bronze/checkpoints/order_events_raw

Each run reads every message that arrived since the last run and stops (trigger availableNow), so the job's schedule
sets the latency. The checkpoint remembers the offsets; keep it as long as the table.

Sources:
- Kafka connector on Databricks, options and record schema (key, value, topic, partition, offset, timestamp):
  https://docs.databricks.com/aws/en/connect/streaming/kafka/
- MSK with IAM through a Unity Catalog service credential: set `databricks.serviceCredential` to the credential's name
  (Databricks Runtime 16.1 and above); with it the connector signs in with the credential's IAM role over SASL_SSL, so
  the kafka.sasl.* / kafka.security.protocol options of the aws-msk-iam-auth library are not set:
  https://docs.databricks.com/aws/en/connect/streaming/kafka/authentication
- trigger(availableNow=True), checkpointLocation, toTable:
  https://docs.databricks.com/aws/en/structured-streaming/triggers
  https://spark.apache.org/docs/latest/structured-streaming-kafka-integration.html
"""

import argparse
import re
import sys

THREE_PART_NAME = re.compile(r"^[A-Za-z0-9_]+\.[A-Za-z0-9_]+\.[A-Za-z0-9_]+$")
BROKER = re.compile(r"^[A-Za-z0-9.-]+:[0-9]{1,5}$")
CHECKPOINT_PREFIXES = ("/Volumes/", "s3://")


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Append the order events of an MSK topic to a bronze Delta table.")
    parser.add_argument("--bootstrap-servers", required=True, help="comma-separated IAM-auth brokers (host:port)")
    parser.add_argument("--topic", required=True, help="the Kafka topic with the order events")
    parser.add_argument("--service-credential", required=True, help="Unity Catalog service credential for MSK IAM")
    parser.add_argument("--table", required=True, help="target table as catalog.schema.table")
    parser.add_argument("--checkpoint", required=True, help="checkpoint location in a volume or external location")
    parser.add_argument(
        "--starting-offsets",
        default="earliest",
        choices=["earliest", "latest"],
        help="where the first run starts when the checkpoint is empty (default: earliest)",
    )
    args = parser.parse_args(argv)

    problems = []
    brokers = [b.strip() for b in args.bootstrap_servers.split(",") if b.strip()]
    if not brokers or not all(BROKER.match(b) for b in brokers):
        problems.append(f"--bootstrap-servers: {args.bootstrap_servers!r} is not a comma-separated list of host:port")
    if not THREE_PART_NAME.match(args.table):
        problems.append(f"--table: {args.table!r} is not a three-part name catalog.schema.table")
    if not args.checkpoint.startswith(CHECKPOINT_PREFIXES):
        problems.append(f"--checkpoint: {args.checkpoint!r} must be a /Volumes/ path or an s3:// URL governed by Unity Catalog")
    if problems:
        parser.error("; ".join(problems))
    args.bootstrap_servers = ",".join(brokers)
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)

    # Imported here so that argument errors and --help work without a Spark installation.
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    spark = SparkSession.builder.getOrCreate()
    messages = (
        spark.readStream.format("kafka")
        .option("kafka.bootstrap.servers", args.bootstrap_servers)
        .option("subscribe", args.topic)
        .option("databricks.serviceCredential", args.service_credential)
        .option("startingOffsets", args.starting_offsets)
        .load()
    )
    rows = messages.select(
        F.col("key").cast("string").alias("message_key"),
        F.col("value").cast("string").alias("message_value"),
        F.col("topic").alias("kafka_topic"),
        F.col("partition").alias("kafka_partition"),
        F.col("offset").alias("kafka_offset"),
        F.col("timestamp").alias("kafka_timestamp"),
        F.current_timestamp().alias("ingested_at"),
    )
    query = (
        rows.writeStream.format("delta")
        .outputMode("append")
        .option("checkpointLocation", args.checkpoint)
        .queryName(f"kafka_to_bronze:{args.topic}")
        .trigger(availableNow=True)
        .toTable(args.table)
    )
    query.awaitTermination()


if __name__ == "__main__":
    main()
