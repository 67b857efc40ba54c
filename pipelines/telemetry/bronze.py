# Telemetry bronze: device readings from the Kinesis stream the IoT rule feeds, and the IoT rule's error records.
#
# Lakeflow Declarative Pipelines, Python interface (`from pyspark import pipelines as dp`, the module formerly `dlt`):
#   https://docs.databricks.com/aws/en/ldp/developer/python-ref
# Pipeline configuration read with spark.conf.get: https://docs.databricks.com/aws/en/ldp/parameters
# Kinesis source (record schema: partitionKey, data binary, stream, shardId, sequenceNumber, approximateArrivalTimestamp;
# options streamName, region, initialPosition; authentication with a Unity Catalog service credential through the
# `serviceCredential` option, Databricks Runtime 16.1 and above):
#   https://docs.databricks.com/aws/en/connect/streaming/kinesis
#   https://docs.databricks.com/aws/en/connect/streaming/kinesis/authentication
# Auto Loader (`cloudFiles`): https://docs.databricks.com/aws/en/ingestion/cloud-object-storage/auto-loader/
# IoT rule error action message format: https://docs.aws.amazon.com/iot/latest/developerguide/rule-error-handling.html
from pyspark import pipelines as dp
from pyspark.sql import functions as F
from pyspark.sql.types import ArrayType, DoubleType, StringType, StructField, StructType, TimestampType

# `spark` is the session the pipeline runtime provides to every source file.
BRONZE_SCHEMA = spark.conf.get("lakehouse.bronze_schema")  # noqa: F821
KINESIS_STREAM = spark.conf.get("lakehouse.kinesis_stream")  # noqa: F821
KINESIS_REGION = spark.conf.get("lakehouse.kinesis_region")  # noqa: F821
SERVICE_CREDENTIAL = spark.conf.get("lakehouse.service_credential")  # noqa: F821
IOT_ERRORS_PATH = spark.conf.get("lakehouse.iot_errors_path")  # noqa: F821

# The JSON document a device publishes (and the IoT rule forwards unchanged), for example
# {"device_id": "sensor-0042", "ts": "2025-05-01T12:00:00Z", "temperature": 21.4, "humidity": 48.0,
#  "battery": 87.5, "firmware": "1.4.2"}
TELEMETRY_SCHEMA = StructType(
    [
        StructField("device_id", StringType()),
        StructField("ts", TimestampType()),
        StructField("temperature", DoubleType()),
        StructField("humidity", DoubleType()),
        StructField("battery", DoubleType()),
        StructField("firmware", StringType()),
    ]
)

# What the IoT rule's S3 error action writes under iot-errors/: one JSON document per failed message.
IOT_ERROR_SCHEMA = StructType(
    [
        StructField("ruleName", StringType()),
        StructField("topic", StringType()),
        StructField("cloudwatchTraceId", StringType()),
        StructField("clientId", StringType()),
        StructField("base64OriginalPayload", StringType()),
        StructField(
            "failures",
            ArrayType(
                StructType(
                    [
                        StructField("failedAction", StringType()),
                        StructField("failedResource", StringType()),
                        StructField("errorMessage", StringType()),
                    ]
                )
            ),
        ),
    ]
)


@dp.table(
    name=f"{BRONZE_SCHEMA}.device_telemetry_raw",
    comment="Device readings as they arrived on the Kinesis stream: the raw JSON payload, its parsed fields and the record metadata.",
)
def device_telemetry_raw():
    records = (
        spark.readStream.format("kinesis")  # noqa: F821
        .option("streamName", KINESIS_STREAM)
        .option("region", KINESIS_REGION)
        .option("serviceCredential", SERVICE_CREDENTIAL)
        # The first update starts at the oldest retained record, so nothing the stream still holds is skipped.
        .option("initialPosition", "trim_horizon")
        .load()
    )
    payload = F.col("data").cast("string")
    parsed = F.from_json(payload, TELEMETRY_SCHEMA)
    return records.select(
        parsed["device_id"].alias("device_id"),
        parsed["ts"].alias("ts"),
        parsed["temperature"].alias("temperature"),
        parsed["humidity"].alias("humidity"),
        parsed["battery"].alias("battery"),
        parsed["firmware"].alias("firmware"),
        payload.alias("payload_json"),
        F.col("partitionKey").alias("partition_key"),
        F.col("shardId").alias("shard_id"),
        F.col("sequenceNumber").alias("sequence_number"),
        F.col("approximateArrivalTimestamp").alias("arrived_at"),
        F.current_timestamp().alias("ingested_at"),
    )


@dp.table(
    name=f"{BRONZE_SCHEMA}.iot_rule_errors",
    comment="Messages the IoT rule could not deliver to Kinesis, from its S3 error action, with the original payload decoded.",
)
def iot_rule_errors():
    errors = (
        spark.readStream.format("cloudFiles")  # noqa: F821
        .option("cloudFiles.format", "json")
        .schema(IOT_ERROR_SCHEMA)
        .load(IOT_ERRORS_PATH)
    )
    return errors.select(
        F.col("ruleName").alias("rule_name"),
        F.col("topic"),
        F.col("clientId").alias("client_id"),
        F.col("cloudwatchTraceId").alias("cloudwatch_trace_id"),
        F.unbase64(F.col("base64OriginalPayload")).cast("string").alias("original_payload"),
        F.col("failures"),
        F.col("_metadata.file_path").alias("source_file"),
        F.current_timestamp().alias("ingested_at"),
    )
