/**
 * The app concern: the lakehouse assistant (apps/), a Databricks App that answers questions with a Model Serving
 * endpoint (Bedrock behind AI Gateway) grounded on a Lakebase synced table. Its resources are bound at the least
 * privilege each allows (endpoint CAN_QUERY, database CAN_CONNECT_AND_CREATE, synced table SELECT); the warehouse
 * users may open it. Terraform uploads the source; `databricks apps deploy` starts it (provider 1.99 does not deploy).
 */
import { APPS_ROOT, LAKEHOUSE_ASSISTANT } from "../../apps/manifest";
import { DatabricksApp } from "../../modules/databricks/serving/databricks-app";
import type { LakebaseDatabase } from "../../modules/databricks/serving/lakebase";
import type { ModelServingEndpoint } from "../../modules/databricks/serving/model-serving-endpoint";
import type { SourceFolder } from "../shared/source-folder";
import type { ServingContext } from "./context";

export function createApp(
  ctx: ServingContext,
  folder: SourceFolder,
  endpoints: Readonly<Record<string, ModelServingEndpoint>>,
  lakebase: LakebaseDatabase | undefined,
): DatabricksApp | undefined {
  const spec = ctx.serving.app;
  if (!spec || !lakebase) return undefined;
  const { stack, principals } = ctx;
  const { resources } = LAKEHOUSE_ASSISTANT;
  return new DatabricksApp(stack, "App", {
    provider: ctx.workspaceProvider,
    name: stack.naming.name("assistant"),
    description: "Answers questions about customers with the lakehouse's model, grounded on Lakebase",
    sourceRoot: `${APPS_ROOT}/${LAKEHOUSE_ASSISTANT.folder}`,
    files: LAKEHOUSE_ASSISTANT.files,
    workspaceFolder: `${folder.path}/apps/${LAKEHOUSE_ASSISTANT.folder}`,
    servingEndpoints: [{ key: resources.servingEndpoint.key, endpointName: endpoints[spec.endpoint].endpointName }],
    databases: [{ key: resources.database.key, instanceName: lakebase.instanceName, databaseName: lakebase.databaseName }],
    tables: [{ key: resources.syncedTable.key, tableFullName: `${lakebase.catalogName}.public.${spec.syncedTable}` }],
    users: ctx.serving.warehouseUsers.map((g) => principals.group(g)),
    managers: [principals.group(stack.config.unityCatalog.grants.owner)],
  });
}
