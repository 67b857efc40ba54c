/**
 * The analysis concern: Amazon QuickSight and the Lakeview dashboard. QuickSight reads a warehouse as a service
 * principal whose token is kept in the workspace layer's token secret (set outside Terraform), through a VPC
 * connection in the private front end's subnets when the workspace has no public access. The dashboard (dashboards/)
 * is bound to a warehouse; its freshness alert runs on a schedule as the orchestrator and tells the configured
 * destination.
 */
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Fn, Token } from "cdktf";
import { CATALOG_PLACEHOLDER, DASHBOARDS_ROOT, FRESHNESS_VALUE_COLUMN, LAKEHOUSE_OVERVIEW, freshnessQuery } from "../../dashboards/manifest";
import { DNS_PORT, HTTPS_PORT } from "../../modules/aws/databricks-ports";
import { QuickSightDatabricksSource } from "../../modules/aws/quicksight-databricks-source";
import { LakeviewDashboard } from "../../modules/databricks/serving/lakeview-dashboard";
import type { SqlWarehouse } from "../../modules/databricks/serving/sql-warehouse";
import { join } from "node:path";
import type { ServingContext } from "./context";

/** Hours since a pipeline behind the dashboard last completed an update after which its gold tables count as stale. */
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
    // A token of QuickSight's service principal (the workspace layer's token secret, set outside Terraform):
    // QuickSight's Databricks connector signs in only with a user name and password (docs/layers/serving.md).
    credentialsSecretArn: Token.asString(Fn.lookup(workspace.servicePrincipalTokenSecretArns, spec.servicePrincipal)),
    // The token is a bearer credential: only QuickSight's role and the role every plan and apply of the environment
    // assumes (which creates the data source) may read it; a rule requires aws.assumeRoleArn with QuickSight, so the
    // policy names the same role whoever runs the plan, and nightly drift stays quiet.
    secretReaders: { alsoAllow: [config.aws.assumeRoleArn ?? ""] },
    userGroupArns: [`arn:aws:quicksight:${config.aws.region}:${config.aws.accountId}:group/default/${spec.groupName}`],
    ...(frontEnd
      ? {
          vpcConnection: {
            subnetIds: storage.frontEndEndpointSubnetIds,
            securityGroupIds: [frontEndAccess(ctx)],
            // QuickSight's network interfaces do not use the VPC's resolver: the front end's inbound resolver answers
            // the workspace's name with the front-end endpoint's private addresses (a rule requires it).
            dnsResolvers: storage.frontEndResolverIps,
          },
        }
      : {}),
  });
}

/**
 * A security group for QuickSight's network interfaces: HTTPS to the front-end endpoint and, with an inbound
 * resolver, DNS to it. QuickSight's network interfaces are not stateful, so replies need their own ingress rules
 * (QuickSight user guide, "Configuring the VPC security groups"); the endpoint and the resolver admit QuickSight's group.
 */
function frontEndAccess(ctx: ServingContext): string {
  const { stack, storage } = ctx;
  const group = new SecurityGroup(stack, "QuickSightSecurityGroup", {
    name: stack.naming.name("quicksight"),
    description: "QuickSight VPC connection: HTTPS to the workspace front-end endpoint, DNS to its inbound resolver",
    vpcId: Token.asString(Fn.lookup(storage.frontEnd, "vpc-id")),
  });
  const peers: { id: string; peer: string; what: string; protocol: "tcp" | "udp"; port: number }[] = [
    {
      id: "FrontEnd",
      peer: Token.asString(Fn.lookup(storage.frontEnd, "endpoint-security-group-id")),
      what: "the workspace front-end endpoint",
      protocol: "tcp",
      port: HTTPS_PORT,
    },
  ];
  if (stack.config.network.frontEnd?.inboundResolver) {
    const resolver = Token.asString(Fn.lookup(storage.frontEnd, "resolver-security-group-id"));
    peers.push({ id: "ResolverTcp", peer: resolver, what: "the front end's inbound resolver (DNS over TCP)", protocol: "tcp", port: DNS_PORT });
    peers.push({ id: "ResolverUdp", peer: resolver, what: "the front end's inbound resolver (DNS)", protocol: "udp", port: DNS_PORT });
  }
  for (const { id, peer, what, protocol, port } of peers) {
    new VpcSecurityGroupEgressRule(stack, `QuickSightTo${id}`, {
      securityGroupId: group.id,
      description: `Port ${port}/${protocol} to ${what}`,
      ipProtocol: protocol,
      fromPort: port,
      toPort: port,
      referencedSecurityGroupId: peer,
    });
    new VpcSecurityGroupIngressRule(stack, `QuickSightFrom${id}`, {
      securityGroupId: group.id,
      description: `Replies from ${what}`,
      ipProtocol: protocol,
      fromPort: 0,
      toPort: 65535,
      referencedSecurityGroupId: peer,
    });
    new VpcSecurityGroupIngressRule(stack, `${id}FromQuickSight`, {
      securityGroupId: peer,
      description: `Port ${port}/${protocol} from QuickSight's VPC connection`,
      ipProtocol: protocol,
      fromPort: port,
      toPort: port,
      referencedSecurityGroupId: group.id,
    });
  }
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
      query: freshnessQuery(catalog),
      valueColumn: FRESHNESS_VALUE_COLUMN,
      threshold: FRESHNESS_MAX_AGE_HOURS,
      valueLabel: "hours since the last completed pipeline update",
      destinationIds: [spec.alertDestinationId],
      quartzCronExpression: "0 0 * * * ?",
      runAs: principals.servicePrincipal(config.ingestion.runAs),
    },
  });
}
