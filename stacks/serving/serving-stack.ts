/**
 * The serving layer: how people, applications and AI reach the data. Serverless SQL warehouses for analysts and BI,
 * Model Serving endpoints behind AI Gateway (Bedrock through an instance profile, other providers by secret
 * reference, custom models from the ml schema), Lakebase with synced gold tables, RDS for PostgreSQL and DynamoDB with
 * the job that publishes gold into them, the ML platform, QuickSight, a Lakeview dashboard with a freshness alert, and
 * the assistant app.
 *
 * Composition only: each concern maps config to construct props in its own file of this folder.
 */
import { Token } from "cdktf";
import type { Principal } from "../../modules/databricks/principal";
import type { Construct } from "constructs";
import { IngestionOutputs } from "../ingestion/outputs";
import { NetworkStorageOutputs } from "../network-storage/outputs";
import { backendOf } from "../shared/backend";
import type { LayerStackProps } from "../shared/layer-stack";
import { WorkspaceLayerStack } from "../shared/workspace-layer-stack";
import { timeProvider } from "../shared/providers";
import { createSourceFolder } from "../shared/source-folder";
import { UnityCatalogOutputs } from "../unity-catalog/outputs";
import { createDashboard, createQuickSight } from "./analysis";
import { createApp } from "./app";
import type { ServingContext } from "./context";
import { createLakebase, createLakebaseSync } from "./lakebase";
import { createMl } from "./ml";
import { createEndpoints, invocationUrl } from "./model-serving";
import { createOperationalStores } from "./operational-stores";
import { ServingOutputs } from "./outputs";
import { createWarehouses } from "./warehouses";

/** The serving stack of one environment (`<env>-serving`). */
export class ServingStack extends WorkspaceLayerStack {
  public readonly outputs: ServingOutputs;

  constructor(scope: Construct, props: LayerStackProps) {
    super(scope, "serving", props);
    const { config, workspace } = this;
    timeProvider(this);
    const ctx: ServingContext = {
      stack: this,
      serving: config.serving,
      workspaceProvider: this.workspaceProvider,
      storage: NetworkStorageOutputs.fromRemoteState(this, "network-storage", backendOf(config, "network-storage")),
      workspace,
      unityCatalog: UnityCatalogOutputs.fromRemoteState(this, "unity-catalog", backendOf(config, "unity-catalog")),
      ingestion: IngestionOutputs.fromRemoteState(this, "ingestion", backendOf(config, "ingestion")),
      principals: this.principals,
      workspaceId: Token.asNumber(workspace.workspaceId),
      owner: this.principals.resolve(config.unityCatalog.grants.owner).name,
    };
    const folder = createSourceFolder(this, {
      provider: this.workspaceProvider,
      servicePrincipalApplicationIds: workspace.servicePrincipalApplicationIds,
      readers: [this.principals.servicePrincipal(config.ingestion.runAs), ...config.ingestion.viewers.map((g) => this.principals.group(g))],
    });

    const warehouses = createWarehouses(ctx, (key) => this.warehouseClients(key));
    const ml = createMl(ctx);
    const endpoints = createEndpoints(ctx, () => [], ml);
    const lakebase = createLakebase(ctx);
    createLakebaseSync(ctx, lakebase);
    const stores = createOperationalStores(ctx, folder);
    const quicksight = createQuickSight(ctx, warehouses);
    const dashboard = createDashboard(ctx, warehouses);
    const app = createApp(ctx, folder, endpoints, lakebase);
    if (app) for (const key of [config.serving.app?.endpoint ?? ""]) endpoints[key]?.grantQuery(app.principal);

    const mapOf = <T>(items: Readonly<Record<string, T>>, value: (item: T) => string) =>
      Object.fromEntries(Object.entries(items).map(([key, item]) => [key, value(item)]));
    this.outputs = {
      warehouseIds: mapOf(warehouses, (w) => w.warehouseId),
      warehouseHttpPaths: mapOf(warehouses, (w) => w.httpPath),
      endpointNames: mapOf(endpoints, (e) => e.endpointName),
      endpointUrls: mapOf(endpoints, (e) => invocationUrl(ctx, e)),
      lakebase: lakebase ? { "instance-name": lakebase.instanceName, "read-write-dns": lakebase.readWriteDns, catalog: lakebase.catalogName } : {},
      rds: stores.rds
        ? { endpoint: stores.rds.endpoint, "master-secret-arn": stores.rds.masterUserSecretArn, database: stores.rds.databaseName }
        : {},
      dynamodbTables: mapOf(stores.dynamodbTables, (t) => t.tableName),
      dashboardIds: dashboard ? { "lakehouse-overview": dashboard.dashboardId } : {},
      appUrls: app ? { "lakehouse-assistant": app.url } : {},
      quicksightDataSources: quicksight ? { databricks: quicksight.dataSourceArn } : {},
    };
    ServingOutputs.publish(this, this.outputs);
  }

  /** Who else uses a warehouse: QuickSight's principal on its warehouse, the freshness alert's run-as on the dashboard's. */
  private warehouseClients(key: string): Principal[] {
    const { quicksight, dashboard } = this.config.serving;
    return [
      ...(quicksight?.warehouse === key ? [this.principals.servicePrincipal(quicksight.servicePrincipal)] : []),
      ...(dashboard?.warehouse === key ? [this.principals.servicePrincipal(this.config.ingestion.runAs)] : []),
    ];
  }
}
