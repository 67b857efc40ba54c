"""Gunicorn settings for the Databricks Apps runtime.

The runtime sends traffic to the port in DATABRICKS_APP_PORT on all interfaces; gunicorn's own default
(127.0.0.1:8000) would not be reachable: https://docs.databricks.com/aws/en/dev-tools/databricks-apps/system-env
"""

import os

bind = f"0.0.0.0:{os.environ.get('DATABRICKS_APP_PORT', '8000')}"
workers = 2
# A model call can take tens of seconds; the default 30 s would kill a worker mid-answer.
timeout = 120
accesslog = "-"
