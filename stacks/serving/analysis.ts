/**
 * The analysis concern: Amazon QuickSight and the Lakeview dashboard. QuickSight reads a warehouse as a service
 * principal whose OAuth secret the workspace layer stores, through a VPC connection in the private front end's
 * subnets when the workspace has no public access. The dashboard (dashboards/) is bound to a warehouse, its freshness
 * alert runs on a schedule as the orchestrator and tells the configured destination.
 */
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Fn, Token } from "cdktf";
import { CATALOG_PLACEHOLDER, DASHBOARDS_ROOT, LAKEHOUSE_OVERVIEW } from "../../dashboards/manifest";
import { HTTPS_PORT } from "../../modules/aws/databricks-ports";
import { QuickSightDatabricksSource } from "../../modules/aws/quicksight-databricks-source";
import { LakeviewDashboard } from "../../modules/databricks/serving/lakeview-dashboard";
import type { SqlWarehouse } from "../../modules/databricks/serving/sql-warehouse";
import { join } from "node:path";
import type { ServingContext } from "./context";

/** Hours after which the gold tables count as stale. */
export const FRESHNESS_MAX_AGE_HOURS = 26;

export function createQuickSight(ctx: ServingContext, warehouses: Readonly<Record<string, SqlWarehouse>>): QuickSightDatabricksSource | undefined {
  const spec = ctx.serving.quicksight;
  if (!spec) return undefined;
  const { stack, storage, workspace } = ctx;
  const { config } = stack;
  const warehouse = warehouses[spec.warehouse];
  const frontEnd = config.network.frontEnd !== undefined && !(config.workspace.privateAccess?.publicAccessEnabled ?? false);
  return new QuickSightDatabricksSource(stack, "QuickSight", {
    dataSourceId: stack.naming.name("databricks"),
    name: `Lakehouse ${config.name}`,
    host: Fn.replace(workspace.workspaceUrl, "https://", ""),
    sqlEndpointPath: warehouse.httpPath,
    credentialsSecretArn: Token.asString(Fn.lookup(workspace.servicePrincipalSecretArns, spec.servicePrincipal)),
    userGroupArns: [`arn:aws:quicksight:${config.aws.region}:${config.aws.accountId}:group/default/${spec.groupName}`],
    ...(frontEnd ? { vpcConnection: { subnetIds: storage.frontEndEndpointSubnetIds, securityGroupIds: [frontEndAccess(ctx)] } } : {}),
  });
}

/** A security group for QuickSight's network interfaces, admitted by the front-end endpoint on 443 only. */
function frontEndAccess(ctx: ServingContext): string {
  const { stack, storage } = ctx;
  const endpointGroup = Token.asString(Fn.lookup(storage.frontEnd, "endpoint-security-group-id"));
  const group = new SecurityGroup(stack, "QuickSightSecurityGroup", {
    name: stack.naming.name("quicksight"),
    description: "QuickSight VPC connection: HTTPS to the workspace front-end endpoint only",
    vpcId: Token.asString(Fn.lookup(storage.frontEnd, "vpc-id")),
  });
  new VpcSecurityGroupEgressRule(stack, "QuickSightToFrontEnd", {
    securityGroupId: group.id,
    description: "HTTPS to the workspace front-end endpoint",
    ipProtocol: "tcp",
    fromPort: HTTPS_PORT,
    toPort: HTTPS_PORT,
    referencedSecurityGroupId: endpointGroup,
  });
  // QuickSight's network interfaces are not stateful: replies from the endpoint need their own rule (QuickSight user
  // guide, "Configuring the VPC security groups").
  new VpcSecurityGroupIngressRule(stack, "QuickSightFromFrontEnd", {
    securityGroupId: group.id,
    description: "Replies from the workspace front-end endpoint",
    ipProtocol: "tcp",
    fromPort: 0,
    toPort: 65535,
    referencedSecurityGroupId: endpointGroup,
  });
  new VpcSecurityGroupIngressRule(stack, "FrontEndFromQuickSight", {
    securityGroupId: endpointGroup,
    description: "HTTPS from QuickSight's VPC connection",
    ipProtocol: "tcp",
    fromPort: HTTPS_PORT,
    toPort: HTTPS_PORT,
    referencedSecurityGroupId: group.id,
  });
  return group.id;
}

export function createDashboard(ctx: ServingContext, warehouses: Readonly<Record<string, SqlWarehouse>>): LakeviewDashboard | undefined {
  const spec = ctx.serving.dashboard;
  if (!spec) return undefined;
  const { stack, principals } = ctx;
  const { config } = stack;
  // The catalog by name (the unity-catalog layer names it the same way), so the dashboard's tables are checked at synth.
  const catalog = stack.naming.unityCatalog(config.unityCatalog.catalogs[0].name);
  return new LakeviewDashboard(stack, "Dashboard", {
    provider: ctx.workspaceProvider,
    displayName: `${LAKEHOUSE_OVERVIEW.displayName} (${config.name})`,
    dashboardFile: join(DASHBOARDS_ROOT, LAKEHOUSE_OVERVIEW.file),
    replacements: { [CATALOG_PLACEHOLDER]: catalog },
    allowedTables: LAKEHOUSE_OVERVIEW.tables.map((t) => `${catalog}.${t}`),
    warehouseId: warehouses[spec.warehouse].warehouseId,
    parentPath: `/Shared/${stack.naming.name("dashboards")}`,
    readers: config.serving.warehouseUsers.map((g) => principals.group(g)),
    managers: [principals.group(config.unityCatalog.grants.owner)],
    freshness: {
      tableFullName: `${catalog}.gold.daily_revenue`,
      timestampColumn: "order_date",
      maxAgeMinutes: FRESHNESS_MAX_AGE_HOURS * 60,
      destinationIds: [spec.alertDestinationId],
      quartzCronExpression: "0 0 * * * ?",
      runAs: principals.servicePrincipal(config.ingestion.runAs),
    },
  });
}
