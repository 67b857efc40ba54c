"""AWS Glue job: normalize the ERP's CSV invoice exports into typed Parquet for the erp pipeline.

Arguments (besides JOB_NAME, which Glue passes):
    --source_path s3://<landing>/glue/raw/invoices/      CSV exports with a header row, delivered out of band
    --target_path s3://<landing>/glue/curated/invoices/  Parquet, partitioned by invoice_month=YYYY-MM

Job bookmarks (--job-bookmark-option job-bookmark-enable on the job) make every run read only the CSV files that
arrived since the last successful run: the source carries a transformation_ctx, and job.init / job.commit bracket the
run. Each output row carries the run time (normalized_at); the erp pipeline orders an invoice's versions by it, so a
run keeps one row per invoice (the paid one when an export holds both).

Expected CSV columns (names are matched case-insensitively, surrounding spaces ignored):
    invoice_id, customer_id, issued_on, due_on, amount, currency, paid_on
with ISO dates (yyyy-MM-dd) and a decimal point in amount. Values that do not parse become NULL and are counted by the
expectations of silver.erp_invoices, not dropped here.

Sources:
- Job bookmarks, transformation_ctx, job.init / job.commit:
  https://docs.aws.amazon.com/glue/latest/dg/programming-etl-connect-bookmarks.html
- getResolvedOptions: https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-extensions-get-resolved-options.html
- S3 connection options (paths, recurse, partitionKeys) and the CSV format (withHeader):
  https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect-s3-home.html
  https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-format-csv-home.html
- Parquet output: https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-format-parquet-home.html
"""

import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F

COLUMNS = ("invoice_id", "customer_id", "issued_on", "due_on", "amount", "currency", "paid_on")
DATE_FORMAT = "yyyy-MM-dd"


def canonical_columns(raw: DataFrame) -> DataFrame:
    """Rename the header's columns to lower case without surrounding spaces; fail naming any that are missing."""
    renamed = raw.toDF(*[c.strip().lower() for c in raw.columns])
    missing = [c for c in COLUMNS if c not in renamed.columns]
    if missing:
        raise ValueError(f"invoice export lacks column(s) {', '.join(missing)}; found {', '.join(renamed.columns)}")
    return renamed


def text(name: str):
    """The column as trimmed text, empty text as NULL."""
    trimmed = F.trim(F.col(name).cast("string"))
    return F.when(trimmed == "", None).otherwise(trimmed)


def typed(raw: DataFrame) -> DataFrame:
    """The export's columns with their types, the invoice month partition column and the run time."""
    return raw.select(
        text("invoice_id").alias("invoice_id"),
        text("customer_id").alias("customer_id"),
        F.to_date(text("issued_on"), DATE_FORMAT).alias("issued_on"),
        F.to_date(text("due_on"), DATE_FORMAT).alias("due_on"),
        text("amount").cast("decimal(18,2)").alias("amount"),
        F.upper(text("currency")).alias("currency"),
        F.to_date(text("paid_on"), DATE_FORMAT).alias("paid_on"),
    ).select(
        "*",
        F.coalesce(F.date_format("issued_on", "yyyy-MM"), F.lit("unknown")).alias("invoice_month"),
        F.current_timestamp().alias("normalized_at"),
    )


def one_row_per_invoice(invoices: DataFrame) -> DataFrame:
    """Keep one row per invoice id: the paid one, else the latest due date. Rows without an id pass through."""
    latest_first = Window.partitionBy("invoice_id").orderBy(F.col("paid_on").desc_nulls_last(), F.col("due_on").desc_nulls_last())
    keyed = invoices.where(F.col("invoice_id").isNotNull())
    deduplicated = keyed.withColumn("_rank", F.row_number().over(latest_first)).where(F.col("_rank") == 1).drop("_rank")
    return deduplicated.unionByName(invoices.where(F.col("invoice_id").isNull()))


def main() -> None:
    args = getResolvedOptions(sys.argv, ["JOB_NAME", "source_path", "target_path"])
    glue_context = GlueContext(SparkContext.getOrCreate())
    logger = glue_context.get_logger()
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)

    exports = glue_context.create_dynamic_frame.from_options(
        connection_type="s3",
        connection_options={"paths": [args["source_path"]], "recurse": True},
        format="csv",
        format_options={"withHeader": True, "separator": ","},
        transformation_ctx="raw_invoice_exports",
    )
    raw = exports.toDF()
    if not raw.columns or raw.rdd.isEmpty():
        logger.info(f"no new invoice exports under {args['source_path']}")
        job.commit()
        return

    # Cached so the row count and the write see the same rows with the same normalized_at.
    invoices = one_row_per_invoice(typed(canonical_columns(raw))).cache()
    rows = invoices.count()
    glue_context.write_dynamic_frame.from_options(
        frame=DynamicFrame.fromDF(invoices, glue_context, "curated_invoices"),
        connection_type="s3",
        connection_options={"path": args["target_path"], "partitionKeys": ["invoice_month"]},
        format="parquet",
        format_options={"compression": "snappy"},
        transformation_ctx="curated_invoices",
    )
    logger.info(f"normalized {rows} invoice rows into {args['target_path']}")
    job.commit()


if __name__ == "__main__":
    main()
