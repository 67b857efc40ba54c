"""Lakehouse assistant: answers a question about customers from rows of a Lakebase synced table, with a chat model.

A Databricks App (Flask under gunicorn). It runs as the app's service principal, which the Databricks SDK picks up from
the runtime's DATABRICKS_HOST / DATABRICKS_CLIENT_ID / DATABRICKS_CLIENT_SECRET without any code here:
https://docs.databricks.com/aws/en/dev-tools/databricks-apps/auth

1. It reads grounding rows from the synced copy of gold.customer_order_summary in Lakebase (Postgres). The app's
   `database` resource makes the service principal a Postgres role (named by its client id) and sets PGHOST, PGPORT,
   PGDATABASE, PGUSER and PGSSLMODE; the password is a short-lived OAuth token of the same principal, fetched for each
   new connection: https://docs.databricks.com/aws/en/dev-tools/databricks-apps/lakebase
2. It sends the question and the rows to the Model Serving endpoint (Amazon Bedrock behind AI Gateway, so the gateway's
   rate limits, guardrails and inference tables apply) through the SDK's serving_endpoints.query with chat messages:
   https://docs.databricks.com/aws/en/machine-learning/model-serving/score-foundation-models

Configuration comes from app.yaml env entries bound to app resources (valueFrom): SERVING_ENDPOINT (endpoint name),
LAKEBASE_HOST (database host) and SYNCED_TABLE (the synced table's Unity Catalog name, catalog.schema.table; in
Postgres the table is schema.table in the database the catalog registers). No secret is in the code or in app.yaml.
"""

import logging
import os
import re
from dataclasses import dataclass
from decimal import Decimal

import psycopg
from databricks.sdk import WorkspaceClient
from databricks.sdk.service.serving import ChatMessage, ChatMessageRole
from flask import Flask, jsonify, request
from psycopg import sql
from psycopg.rows import dict_row

LOG = logging.getLogger("lakehouse-assistant")
THREE_PART_NAME = re.compile(r"^[A-Za-z0-9_]+\.([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)$")
CUSTOMER_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_QUESTION_CHARS = 2000
GROUNDING_ROWS = 20
COLUMNS = ("customer_id", "name", "country", "segment", "currency", "orders", "lifetime_value", "first_order_at", "last_order_at")
SYSTEM_PROMPT = (
    "You answer questions about customers of the lakehouse sample domain. Use only the rows given below, which come "
    "from the customer order summary (one row per customer and currency). If the rows do not contain the answer, say "
    "so. Quote amounts with their currency. Keep the answer short."
)


@dataclass(frozen=True)
class Settings:
    serving_endpoint: str
    pg_host: str
    pg_port: int
    pg_database: str
    pg_user: str
    pg_sslmode: str
    pg_schema: str
    pg_table: str


def load_settings(env=os.environ):
    """Reads and checks the environment; raises ValueError naming every missing or malformed variable."""
    problems = []

    def required(name):
        value = env.get(name, "").strip()
        if not value:
            problems.append(f"{name} is not set (bind it to an app resource in app.yaml)")
        return value

    endpoint = required("SERVING_ENDPOINT")
    table = required("SYNCED_TABLE")
    # valueFrom: database resolves to the host; PGHOST is the runtime's own copy of it for the first database resource.
    host = env.get("LAKEBASE_HOST", "").strip() or required("PGHOST")
    database = required("PGDATABASE")
    user = required("PGUSER")
    match = THREE_PART_NAME.match(table)
    if table and not match:
        problems.append(f"SYNCED_TABLE: {table!r} is not a three-part name catalog.schema.table")
    if problems:
        raise ValueError("; ".join(problems))
    return Settings(
        serving_endpoint=endpoint,
        pg_host=host,
        pg_port=int(env.get("PGPORT", "5432")),
        pg_database=database,
        pg_user=user,
        # Lakebase accepts only TLS connections; the runtime sets PGSSLMODE=require.
        pg_sslmode=env.get("PGSSLMODE", "require"),
        pg_schema=match.group(1),
        pg_table=match.group(2),
    )


def grounding_query(settings, customer_id):
    """The rows for one customer, or the top customers by lifetime value; identifiers quoted, values as parameters."""
    columns = sql.SQL(", ").join(sql.Identifier(c) for c in COLUMNS)
    table = sql.Identifier(settings.pg_schema, settings.pg_table)
    if customer_id:
        query = sql.SQL("SELECT {} FROM {} WHERE customer_id = %s ORDER BY currency LIMIT %s").format(columns, table)
        return query, (customer_id, GROUNDING_ROWS)
    query = sql.SQL("SELECT {} FROM {} ORDER BY lifetime_value DESC NULLS LAST LIMIT %s").format(columns, table)
    return query, (GROUNDING_ROWS,)


def read_rows(workspace, settings, customer_id):
    # A new token per connection: OAuth tokens expire after an hour, and the app opens one connection per request.
    password = workspace.config.oauth_token().access_token
    with psycopg.connect(
        host=settings.pg_host,
        port=settings.pg_port,
        dbname=settings.pg_database,
        user=settings.pg_user,
        password=password,
        sslmode=settings.pg_sslmode,
        connect_timeout=10,
        application_name="lakehouse-assistant",
        row_factory=dict_row,
    ) as connection:
        connection.read_only = True
        query, params = grounding_query(settings, customer_id)
        return connection.execute(query, params).fetchall()


def format_rows(rows):
    def cell(value):
        if value is None:
            return ""
        if isinstance(value, Decimal):
            return format(value, "f")
        return str(value)

    header = " | ".join(COLUMNS)
    lines = [" | ".join(cell(row[c]) for c in COLUMNS) for row in rows]
    return "\n".join([header, *lines]) if lines else "(no rows)"


def ask_model(workspace, settings, question, rows):
    response = workspace.serving_endpoints.query(
        name=settings.serving_endpoint,
        messages=[
            ChatMessage(role=ChatMessageRole.SYSTEM, content=f"{SYSTEM_PROMPT}\n\nRows:\n{format_rows(rows)}"),
            ChatMessage(role=ChatMessageRole.USER, content=question),
        ],
        max_tokens=512,
        temperature=0.1,
    )
    return response.choices[0].message.content


def parse_question(payload):
    """Returns (question, customer_id, problems) from a JSON or form body."""
    question = str(payload.get("question", "")).strip()
    customer_id = str(payload.get("customer_id", "") or "").strip() or None
    problems = []
    if not question:
        problems.append("question: required")
    elif len(question) > MAX_QUESTION_CHARS:
        problems.append(f"question: longer than {MAX_QUESTION_CHARS} characters")
    if customer_id and not CUSTOMER_ID.match(customer_id):
        problems.append("customer_id: letters, digits, '_' and '-' only, at most 64")
    return question, customer_id, problems


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lakehouse assistant</title></head>
<body style="font-family: sans-serif; max-width: 48rem; margin: 2rem auto">
<h1>Lakehouse assistant</h1>
<form id="ask">
  <p><label>Question<br><textarea name="question" rows="3" cols="70" required></textarea></label></p>
  <p><label>Customer id (optional) <input name="customer_id"></label></p>
  <p><button type="submit">Ask</button></p>
</form>
<pre id="answer" style="white-space: pre-wrap"></pre>
<script>
document.getElementById("ask").addEventListener("submit", async (event) => {
  event.preventDefault();
  const body = Object.fromEntries(new FormData(event.target));
  const answer = document.getElementById("answer");
  answer.textContent = "...";
  const response = await fetch("api/ask", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
  const result = await response.json();
  answer.textContent = response.ok ? result.answer + "\\n\\n(" + result.rows + " rows)" : result.error;
});
</script>
</body></html>
"""


def create_app(settings=None, workspace=None):
    settings = settings or load_settings()
    workspace = workspace or WorkspaceClient()
    app = Flask(__name__)

    @app.get("/")
    def index():
        return PAGE

    @app.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    @app.post("/api/ask")
    def ask():
        question, customer_id, problems = parse_question(request.get_json(silent=True) or request.form)
        if problems:
            return jsonify(error="; ".join(problems)), 400
        try:
            rows = read_rows(workspace, settings, customer_id)
            answer = ask_model(workspace, settings, question, rows)
        except Exception:  # noqa: BLE001 - the user gets a generic error; the log keeps the details
            LOG.exception("answering failed")
            return jsonify(error="the assistant could not answer; see the app logs"), 502
        return jsonify(answer=answer, rows=len(rows), customer_id=customer_id)

    return app


logging.basicConfig(level=logging.INFO)

if __name__ == "__main__":
    create_app().run(host="0.0.0.0", port=int(os.environ.get("DATABRICKS_APP_PORT", "8000")))
else:
    # gunicorn imports app:app.
    app = create_app()
