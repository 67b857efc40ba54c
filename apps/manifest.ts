/**
 * The Databricks Apps of the serving layer, described for the stack: which files each app deploys and which app
 * resources its app.yaml binds. The stack uploads the files, creates the `databricks_app` with one resource per entry
 * below (the resource `name` is the key that app.yaml's `valueFrom` names) and grants the permissions listed;
 * test/apps checks this description against app.yaml, so neither can drift from the other.
 *
 * @see apps/README.md
 * @see https://docs.databricks.com/aws/en/dev-tools/databricks-apps/environment-variables (valueFrom per resource type)
 */
import { join } from "node:path";

/** One app resource: the key app.yaml's `valueFrom` names, the env var it fills and the permission the app gets. */
export interface AppResourceBinding {
  /** Resource key (`databricks_app.resources[].name`), referenced by `valueFrom` in app.yaml. */
  readonly key: string;
  /** The environment variable app.yaml fills from the resource. */
  readonly env: string;
  /** The permission the app's service principal gets on the resource. */
  readonly permission: string;
}

/** A Unity Catalog securable bound to an app (`databricks_app.resources[].uc_securable`). */
export interface AppUcSecurableBinding extends AppResourceBinding {
  readonly securableType: "TABLE" | "VOLUME";
}

/** One Databricks App under apps/. */
export interface AppDescription {
  /** Folder under apps/, also the app's source code path. */
  readonly folder: string;
  /** Files the app deploys, relative to its folder. */
  readonly files: readonly string[];
  readonly resources: {
    /** The Model Serving endpoint; valueFrom resolves to the endpoint name. */
    readonly servingEndpoint: AppResourceBinding;
    /** The Lakebase database; valueFrom resolves to the host, and the runtime sets PGHOST, PGDATABASE, PGUSER, PGPORT, PGSSLMODE. */
    readonly database: AppResourceBinding;
    /** The synced table the app reads; valueFrom resolves to its full name catalog.schema.table. */
    readonly syncedTable: AppUcSecurableBinding;
    /** A SQL warehouse, for apps that query Delta tables directly (this one reads Lakebase instead). */
    readonly warehouse?: AppResourceBinding;
  };
  /** The gold table whose synced copy the app reads (bare `gold.<table>`; the stack adds the catalog). */
  readonly groundingTable: string;
}

/** Absolute path of apps/. */
export const APPS_ROOT: string = join(__dirname);

/**
 * The lakehouse assistant: a Flask app that answers questions about customers with the Bedrock-backed serving endpoint,
 * grounded on rows of the Lakebase synced copy of gold.customer_order_summary.
 */
export const LAKEHOUSE_ASSISTANT: AppDescription = {
  folder: "lakehouse-assistant",
  files: ["app.py", "app.yaml", "gunicorn.conf.py", "requirements.txt"],
  resources: {
    // Permissions as documented for databricks_app resources (provider 1.99.0 docs/resources/app.md).
    servingEndpoint: { key: "serving-endpoint", env: "SERVING_ENDPOINT", permission: "CAN_QUERY" },
    database: { key: "database", env: "LAKEBASE_HOST", permission: "CAN_CONNECT_AND_CREATE" },
    syncedTable: { key: "synced-table", env: "SYNCED_TABLE", permission: "SELECT", securableType: "TABLE" },
  },
  groundingTable: "gold.customer_order_summary",
};

/** The apps, by folder. */
export const APPS: readonly AppDescription[] = [LAKEHOUSE_ASSISTANT];
