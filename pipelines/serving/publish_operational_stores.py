"""Publish gold.customer_order_summary to the operational stores: Amazon RDS for PostgreSQL and/or Amazon DynamoDB.

Runs as a Lakeflow Job spark_python_task on a classic job cluster in the workspace VPC (the RDS instance and the
DynamoDB gateway endpoint are reachable only there). That VPC is isolated, with no internet and so no PyPI: the task
uses only the standard library and what Databricks Runtime ships (PySpark, boto3, the Databricks SDK and the
PostgreSQL JDBC driver), and the job installs no library.

    publish_operational_stores.py --source-table main_prod.gold.customer_order_summary --region eu-west-1 \
        --service-credential main_prod_serving \
        [--rds-host orders.abc123.eu-west-1.rds.amazonaws.com --rds-port 5432 --rds-database serving \
         --rds-user lakehouse_publisher] [--dynamodb-table customer-order-summary] \
        [--rds-table public.customer_order_summary] [--rds-ca-bundle /Volumes/main_prod/serving/certs/global-bundle.pem]

Both stores are optional, at least one is required: --rds-host (which needs --rds-port, --rds-database and
--rds-user) writes RDS, --dynamodb-table writes DynamoDB.

Every run is a full sync: it upserts every row of the source table and then deletes what a previous run wrote and
this one did not (rows keep the run's `published_at`), so a customer that leaves the summary leaves the stores.

AWS access: no keys. The Unity Catalog service credential's IAM role is used through
dbutils.credentials.getServiceCredentialsProvider, a botocore session boto3 accepts (Databricks Runtime 15.4 and above,
dedicated or standard access mode): https://docs.databricks.com/aws/en/connect/unity-catalog/cloud-services/use-service-credentials
The role needs rds-db:connect on arn:aws:rds-db:<region>:<account>:dbuser:<DbiResourceId>/<rds-user> (RDS) and
dynamodb:DescribeTable, BatchWriteItem and Scan on the table (DynamoDB); the database user needs `GRANT rds_iam`,
CREATE on the target schema (for the target and the run's staging table) and ownership of the target.

RDS with IAM database authentication: the password is a token from rds.generate_db_auth_token, valid 15 minutes and
needed only to open a connection (each connection gets a fresh one); RDS accepts IAM tokens only over SSL:
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.Connecting.html
The connection is the PostgreSQL JDBC driver (org.postgresql.Driver) that Databricks Runtime bundles, the one its
PostgreSQL example uses without installing anything: https://docs.databricks.com/aws/en/connect/external-systems/postgresql
1. on the driver, a JDBC connection (java.sql.DriverManager through Py4J) creates an UNLOGGED staging table for this run;
2. Spark writes the source to it (df.write.format("jdbc"), append, a few connections from the executors);
3. the driver's connection, in one transaction, creates the target if missing, upserts the staging rows with
   INSERT ... SELECT ... ON CONFLICT DO UPDATE and deletes the stale rows, so readers see the old summary until the new
   one is complete: https://www.postgresql.org/docs/current/sql-insert.html#SQL-ON-CONFLICT
4. it drops the staging table and closes the connection, whatever happened.
Steps 1 and 3 reach the driver's JVM through Py4J (spark._jvm), which a dedicated (SINGLE_USER) cluster allows and
standard access mode does not, so the RDS part needs the job cluster in dedicated access mode (the DynamoDB part works
in both).
TLS: with --rds-ca-bundle (the RDS CA bundle, https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem, kept
in a volume because the job cluster has no internet egress) the JDBC URL has sslmode=verify-full&sslrootcert=<bundle>,
which checks the certificate chain and the host name, so nothing in the VPC can pose as the database and collect a
token. Without it sslmode=require still encrypts but does not authenticate the server; the run logs a warning:
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html
https://jdbc.postgresql.org/documentation/ssl/

DynamoDB: one item per customer_id (the table's hash key), with the per-currency figures in a map, written with
Table.batch_writer (which batches 25 items per BatchWriteItem and resends unprocessed ones):
https://boto3.amazonaws.com/v1/documentation/api/latest/guide/dynamodb.html#batch-writing
"""

import argparse
import logging
import re
import sys
import uuid
from datetime import datetime, timezone
from decimal import Decimal
from urllib.parse import quote

LOG = logging.getLogger("publish_operational_stores")
THREE_PART_NAME = re.compile(r"^[A-Za-z0-9_]+\.[A-Za-z0-9_]+\.[A-Za-z0-9_]+$")
PG_TABLE_NAME = re.compile(r"^([a-z_][a-z0-9_]{0,62})\.([a-z_][a-z0-9_]{0,62})$")
PG_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
AWS_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-[0-9]$")
HOST_NAME = re.compile(r"^[A-Za-z0-9.-]+$")
DYNAMODB_TABLE = re.compile(r"^[A-Za-z0-9_.-]{3,255}$")
# ISO 4217 "no currency": the summary's row for a customer without orders has a NULL currency, and a key can't be NULL.
NO_CURRENCY = "XXX"
DEFAULT_RDS_TABLE = "public.customer_order_summary"
PG_DRIVER = "org.postgresql.Driver"
BATCH_ROWS = 1000
# Concurrent JDBC connections of the staging write (Spark coalesces to this many partitions).
WRITE_CONNECTIONS = 4
COLUMNS = ("customer_id", "name", "country", "segment", "currency", "orders", "lifetime_value", "first_order_at", "last_order_at")
# Options of each store, in the order of the help text; pipelines/serving/manifest.ts lists the same.
RDS_OPTIONS = ("--rds-host", "--rds-port", "--rds-database", "--rds-user")
DYNAMODB_OPTIONS = ("--dynamodb-table",)


def build_parser():
    parser = argparse.ArgumentParser(
        description="Publish the customer order summary to RDS for PostgreSQL and/or DynamoDB.",
        epilog="At least one store: --rds-host (with --rds-port, --rds-database and --rds-user) and/or --dynamodb-table.",
    )
    common = parser.add_argument_group("every run")
    common.add_argument("--source-table", required=True, help="gold table as catalog.schema.table")
    common.add_argument("--region", required=True, help="AWS region of RDS and DynamoDB")
    common.add_argument("--service-credential", required=True, help="Unity Catalog service credential for RDS and DynamoDB")
    rds = parser.add_argument_group("RDS for PostgreSQL (all four, or none to skip RDS)")
    rds.add_argument("--rds-host", help="RDS instance or cluster endpoint host name")
    rds.add_argument("--rds-port", type=int, help="RDS port, usually 5432")
    rds.add_argument("--rds-database", help="PostgreSQL database name")
    rds.add_argument("--rds-user", help="database user granted rds_iam")
    dynamodb = parser.add_argument_group("DynamoDB (omit to skip DynamoDB)")
    dynamodb.add_argument("--dynamodb-table", help="DynamoDB table with hash key customer_id (string)")
    optional = parser.add_argument_group("RDS options")
    optional.add_argument("--rds-table", help=f"target as schema.table (default: {DEFAULT_RDS_TABLE})")
    optional.add_argument("--rds-ca-bundle", help="path of the RDS CA bundle; with it TLS is verify-full, without it require")
    return parser


def parse_args(argv):
    parser = build_parser()
    args = parser.parse_args(argv)

    rds_given = [o for o in RDS_OPTIONS if getattr(args, o[2:].replace("-", "_")) is not None]
    args.publish_rds = bool(rds_given)
    args.publish_dynamodb = args.dynamodb_table is not None
    if not args.publish_rds and not args.publish_dynamodb:
        parser.error(
            "no store to publish to: give --rds-host (with --rds-port, --rds-database and --rds-user) and/or --dynamodb-table"
        )

    problems = []
    if args.publish_rds and len(rds_given) < len(RDS_OPTIONS):
        missing = [o for o in RDS_OPTIONS if o not in rds_given]
        problems.append(f"{', '.join(RDS_OPTIONS)} go together: missing {', '.join(missing)}")
    if not args.publish_rds:
        stray = [o for o in ("--rds-table", "--rds-ca-bundle") if getattr(args, o[2:].replace("-", "_")) is not None]
        if stray:
            problems.append(f"{', '.join(stray)} given without --rds-host: RDS options need the RDS store")
    if args.rds_table is None:
        args.rds_table = DEFAULT_RDS_TABLE

    if not THREE_PART_NAME.match(args.source_table):
        problems.append(f"--source-table: {args.source_table!r} is not a three-part name catalog.schema.table")
    if not AWS_REGION.match(args.region):
        problems.append(f"--region: {args.region!r} is not an AWS region")
    if args.rds_host is not None and not HOST_NAME.match(args.rds_host):
        problems.append(f"--rds-host: {args.rds_host!r} is not a host name")
    if args.rds_port is not None and not 1 <= args.rds_port <= 65535:
        problems.append(f"--rds-port: {args.rds_port} is not a port")
    if args.rds_database is not None and not PG_IDENTIFIER.match(args.rds_database):
        problems.append(f"--rds-database: {args.rds_database!r} is not a lower-case PostgreSQL identifier")
    if args.rds_user is not None and not PG_IDENTIFIER.match(args.rds_user):
        problems.append(f"--rds-user: {args.rds_user!r} is not a lower-case PostgreSQL identifier")
    if not PG_TABLE_NAME.match(args.rds_table):
        problems.append(f"--rds-table: {args.rds_table!r} is not schema.table in lower case")
    if args.dynamodb_table is not None and not DYNAMODB_TABLE.match(args.dynamodb_table):
        problems.append(f"--dynamodb-table: {args.dynamodb_table!r} is not a DynamoDB table name")
    if problems:
        parser.error("; ".join(problems))
    return args


def pg_sslmode(ca_bundle):
    if ca_bundle:
        return {"sslmode": "verify-full", "sslrootcert": ca_bundle}
    LOG.warning("no --rds-ca-bundle: TLS with sslmode=require encrypts but does not verify the server")
    return {"sslmode": "require"}


def jdbc_url(host, port, database, ca_bundle):
    """The PostgreSQL JDBC URL, TLS always on; the user and the IAM token go in the connection properties, not here."""
    query = "&".join(f"{key}={quote(value, safe='/')}" for key, value in pg_sslmode(ca_bundle).items())
    return f"jdbc:postgresql://{host}:{port}/{database}?{query}"


def quote_ident(*parts):
    """Double-quoted and dot-joined; every part must be a lower-case identifier, so nothing can break out of the quotes."""
    for part in parts:
        if not PG_IDENTIFIER.match(part):
            raise ValueError(f"{part!r} is not a lower-case PostgreSQL identifier")
    return ".".join(f'"{part}"' for part in parts)


def staging_table_name(table, run_id):
    """A table per run, next to the target: concurrent runs cannot mix, and 63 characters is PostgreSQL's limit."""
    return f"{table[:40]}_staging_{run_id}"[:63]


def pg_statements(schema, table, staging, published_at):
    """The SQL of an RDS run: the staging table Spark fills, then the upsert and the stale-row delete, one transaction."""
    target = quote_ident(schema, table)
    stage = quote_ident(schema, staging)
    # published_at is this run's datetime, formatted here: no outside text reaches the literal.
    run_time = f"TIMESTAMPTZ '{published_at.astimezone(timezone.utc).isoformat()}'"
    columns = (*COLUMNS, "published_at")
    column_list = ", ".join(f'"{c}"' for c in columns)
    selected = [f'COALESCE("currency", \'{NO_CURRENCY}\')' if c == "currency" else f'"{c}"' for c in COLUMNS]
    updates = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in columns if c not in ("customer_id", "currency"))
    return {
        "create_staging": (
            f"CREATE UNLOGGED TABLE {stage} ("
            " customer_id text NOT NULL, name text, country text, segment text, currency text,"
            " orders bigint NOT NULL, lifetime_value numeric(38, 2) NOT NULL,"
            " first_order_at timestamptz, last_order_at timestamptz)"
        ),
        "create_target": (
            f"CREATE TABLE IF NOT EXISTS {target} ("
            " customer_id text NOT NULL, name text, country text, segment text, currency text NOT NULL,"
            " orders bigint NOT NULL, lifetime_value numeric(38, 2) NOT NULL,"
            " first_order_at timestamptz, last_order_at timestamptz, published_at timestamptz NOT NULL,"
            " PRIMARY KEY (customer_id, currency))"
        ),
        "upsert": (
            f"INSERT INTO {target} ({column_list})"
            f" SELECT {', '.join(selected)}, {run_time} FROM {stage}"
            f" ON CONFLICT (customer_id, currency) DO UPDATE SET {updates}"
        ),
        "delete_stale": f'DELETE FROM {target} WHERE "published_at" < {run_time}',
        "drop_staging": f"DROP TABLE IF EXISTS {stage}",
    }


def publish_to_rds(spark, source, args, boto3_session, published_at):
    rds = boto3_session.client("rds", region_name=args.region)

    def token():
        # Valid 15 minutes, checked only when a connection opens: each connection gets its own.
        return rds.generate_db_auth_token(
            DBHostname=args.rds_host, Port=args.rds_port, DBUsername=args.rds_user, Region=args.region
        )

    url = jdbc_url(args.rds_host, args.rds_port, args.rds_database, args.rds_ca_bundle)
    schema, table = PG_TABLE_NAME.match(args.rds_table).groups()
    staging = staging_table_name(table, uuid.uuid4().hex[:12])
    sql = pg_statements(schema, table, staging, published_at)

    # Py4J reaches the driver's JVM only on a dedicated (SINGLE_USER) cluster; standard access mode (Spark Connect) has none.
    jvm = getattr(spark, "_jvm", None)
    if jvm is None:
        raise RuntimeError(
            "publishing to RDS opens a JDBC connection on the driver's JVM: run on a dedicated (SINGLE_USER) cluster"
        )
    props = jvm.java.util.Properties()
    props.setProperty("user", args.rds_user)
    props.setProperty("password", token())
    props.setProperty("ApplicationName", "lakehouse-publish")
    props.setProperty("connectTimeout", "30")
    connection = jvm.java.sql.DriverManager.getConnection(url, props)
    try:
        execute(connection, sql["create_staging"])

        # The executors write the staging table over TLS with the same URL; append keeps the types created above.
        (
            source.coalesce(WRITE_CONNECTIONS)
            .write.format("jdbc")
            .option("driver", PG_DRIVER)
            .option("url", url)
            .option("dbtable", f"{schema}.{staging}")
            .option("user", args.rds_user)
            .option("password", token())
            .option("batchsize", BATCH_ROWS)
            .option("numPartitions", WRITE_CONNECTIONS)
            .option("reWriteBatchedInserts", "true")
            .option("ApplicationName", "lakehouse-publish")
            .mode("append")
            .save()
        )

        # One transaction: readers see the old summary until the new one is complete.
        connection.setAutoCommit(False)
        try:
            execute(connection, sql["create_target"])
            upserted = execute(connection, sql["upsert"])
            deleted = execute(connection, sql["delete_stale"])
            connection.commit()
        except Exception:
            try:
                connection.rollback()
            except Exception:
                LOG.exception("rollback failed; closing the connection ends the transaction")
            raise
    finally:
        try:
            if not connection.isClosed():
                connection.setAutoCommit(True)
                execute(connection, sql["drop_staging"])
        except Exception:
            # The run's own error, if any, matters more than a leftover staging table.
            LOG.exception("could not drop the staging table %s.%s; drop it by hand", schema, staging)
        finally:
            connection.close()
    LOG.info("RDS %s: upserted %d rows, deleted %d stale rows", args.rds_table, upserted, deleted)
    return upserted


def execute(connection, statement_sql):
    """Runs one statement on a java.sql.Connection and returns its update count, closing the statement."""
    statement = connection.createStatement()
    try:
        statement.execute(statement_sql)
        return statement.getUpdateCount()
    finally:
        statement.close()


def dynamodb_items(rows, published_at):
    """One item per customer: the customer's attributes and a map of per-currency figures, in row order."""
    current = None
    for row in rows:
        if current is not None and current["customer_id"] != row["customer_id"]:
            yield current
            current = None
        if current is None:
            current = {
                "customer_id": row["customer_id"],
                "name": row["name"],
                "country": row["country"],
                "segment": row["segment"],
                "orders": 0,
                "by_currency": {},
                "published_at": published_at.isoformat(),
            }
        current["orders"] += int(row["orders"])
        if row["currency"]:
            current["by_currency"][row["currency"]] = {
                "orders": int(row["orders"]),
                # DynamoDB numbers are Decimal in boto3; float is rejected.
                "lifetime_value": Decimal(str(row["lifetime_value"])),
                "first_order_at": row["first_order_at"].isoformat() if row["first_order_at"] else None,
                "last_order_at": row["last_order_at"].isoformat() if row["last_order_at"] else None,
            }
    if current is not None:
        yield current


def without_nulls(item):
    """DynamoDB has no use for NULL attributes; dropping them keeps items small."""
    if isinstance(item, dict):
        return {k: without_nulls(v) for k, v in item.items() if v is not None}
    return item


def publish_to_dynamodb(rows, args, boto3_session, published_at):
    from boto3.dynamodb.conditions import Attr

    table = boto3_session.resource("dynamodb", region_name=args.region).Table(args.dynamodb_table)
    written = 0
    # overwrite_by_pkeys: a key twice in one batch would fail the BatchWriteItem call.
    with table.batch_writer(overwrite_by_pkeys=["customer_id"]) as writer:
        for item in dynamodb_items(rows(), published_at):
            writer.put_item(Item=without_nulls(item))
            written += 1

    stale = 0
    scan = {
        "ProjectionExpression": "customer_id",
        "FilterExpression": Attr("published_at").lt(published_at.isoformat()),
    }
    with table.batch_writer() as writer:
        while True:
            page = table.scan(**scan)
            for key in page.get("Items", []):
                writer.delete_item(Key={"customer_id": key["customer_id"]})
                stale += 1
            if "LastEvaluatedKey" not in page:
                break
            scan["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    LOG.info("DynamoDB %s: wrote %d items, deleted %d stale items", args.dynamodb_table, written, stale)
    return written


def main(argv=None):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = parse_args(sys.argv[1:] if argv is None else argv)

    # Imported here so that argument errors and --help work without Spark, boto3 or the Databricks runtime.
    import boto3
    from databricks.sdk.runtime import dbutils
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.getOrCreate()
    boto3_session = boto3.Session(
        botocore_session=dbutils.credentials.getServiceCredentialsProvider(args.service_credential),
        region_name=args.region,
    )
    published_at = datetime.now(timezone.utc)
    source = spark.table(args.source_table).select(*COLUMNS)

    if args.publish_rds:
        publish_to_rds(spark, source, args, boto3_session, published_at)
    if args.publish_dynamodb:
        ordered = source.orderBy("customer_id", "currency")

        def rows():
            # One row per customer and currency, streamed to the driver a partition at a time, never collected whole.
            return (r.asDict() for r in ordered.toLocalIterator())

        publish_to_dynamodb(rows, args, boto3_session, published_at)


if __name__ == "__main__":
    main()
