/**
 * The Lakeflow Connect concern: for each configured source, a Unity Catalog connection whose credentials come from
 * Secrets Manager at plan time, and a managed ingestion pipeline into the bronze schema; database sources also get a
 * gateway pipeline on classic compute in the workspace VPC, governed by a pipeline cluster policy.
 */
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import type { IngestionConfig } from "../../environments/schema/ingestion";
import { JobClusterPolicy } from "../../modules/databricks/pipelines/job-cluster-policy";
import { LakeflowConnectIngestion } from "../../modules/databricks/pipelines/lakeflow-connect-ingestion";
import { ConnectionCredentials } from "../../modules/databricks/unity-catalog/connection-credentials";
import { commonTags } from "../../environments/tags";
import type { IngestionContext } from "./context";

type ConnectSource = IngestionConfig["lakeflowConnect"]["sources"][number];

/** Ingestion by source key. */
export function createLakeflowConnect(ctx: IngestionContext): Readonly<Record<string, LakeflowConnectIngestion>> {
  const { stack, ingestion, principals } = ctx;
  const sources = ingestion.lakeflowConnect.sources;
  if (sources.length === 0) return {};
  const gatewayPolicy = sources.some((s) => s.type !== "SALESFORCE") ? createGatewayPolicy(ctx) : undefined;
  allowGatewaysToSources(ctx);
  const byName: Record<string, LakeflowConnectIngestion> = {};
  for (const source of sources) {
    const credentials = new ConnectionCredentials(stack, `ConnectCredentials-${source.name}`, { secretId: source.credentialsSecret });
    byName[source.name] = new LakeflowConnectIngestion(stack, `Connect-${source.name}`, {
      provider: ctx.workspaceProvider,
      name: stack.naming.name(`connect-${source.name}`),
      connectionName: stack.naming.unityCatalog(source.name),
      connectionType: source.type,
      connectionOptions: connectionOptions(source, credentials),
      destinationCatalog: ctx.unityCatalog.catalogName,
      destinationSchema: "bronze",
      tables: tablesOf(source),
      runAs: principals.servicePrincipal(ingestion.runAs),
      ...(gatewayPolicy && source.type !== "SALESFORCE" ? { gatewayPolicyId: gatewayPolicy.policyId } : {}),
      failureEmailRecipients: ingestion.jobs.notifications.onFailure,
      viewers: ingestion.viewers.map((group) => principals.group(group)),
      connectionOwner: principals.resolve(stack.config.unityCatalog.grants.owner).name,
      tags: { layer: "ingestion", source: source.name },
      protect: stack.config.dataProtection,
    });
  }
  return byName;
}

/** The connection's options: secrets as references into the Secrets Manager secret, never values. */
function connectionOptions(source: ConnectSource, credentials: ConnectionCredentials): Record<string, string> {
  if (source.type === "SALESFORCE")
    return {
      client_id: credentials.field("client_id"),
      client_secret: credentials.field("client_secret"),
      refresh_token: credentials.field("refresh_token"),
    };
  return { host: source.host, port: String(source.port), user: credentials.username, password: credentials.password };
}

function tablesOf(source: ConnectSource) {
  if (source.type === "SALESFORCE") return source.objects.map((object) => ({ sourceTable: object }));
  return source.tables.map((t) => ({ ...(t.catalog ? { sourceCatalog: t.catalog } : {}), sourceSchema: t.schema, sourceTable: t.table }));
}

/**
 * The gateways run on classic clusters in the workspace security group, whose egress stops at the VPC and the
 * Databricks ports: each database source's CIDRs are added on its port only.
 */
function allowGatewaysToSources(ctx: IngestionContext): void {
  for (const source of ctx.ingestion.lakeflowConnect.sources) {
    if (source.type === "SALESFORCE") continue;
    source.sourceCidrs.forEach((cidr, i) => {
      new VpcSecurityGroupEgressRule(ctx.stack, `Connect-${source.name}-Egress${i}`, {
        securityGroupId: ctx.storage.workspaceSecurityGroupId,
        description: `Lakeflow Connect gateway to ${source.name} (${source.type})`,
        ipProtocol: "tcp",
        fromPort: source.port,
        toPort: source.port,
        cidrIpv4: cidr,
      });
    });
  }
}

/** The gateways' cluster policy: bounded size, the instance types of job clusters, cost tags fixed. */
function createGatewayPolicy(ctx: IngestionContext): JobClusterPolicy {
  const { stack, ingestion, principals } = ctx;
  const policy = new JobClusterPolicy(stack, "GatewayClusterPolicy", {
    provider: ctx.workspaceProvider,
    name: stack.naming.name("ingestion-gateways"),
    clusterType: "dlt",
    // The environment's common tags, forced on every cluster (cost attribution, DBX-CLUSTER-POLICY).
    tags: commonTags(stack.config),
    nodeTypeIds: ingestion.clusterPolicy.nodeTypes,
    maxWorkers: ingestion.clusterPolicy.maxWorkers,
  });
  policy.grantUse(principals.servicePrincipal(ingestion.runAs));
  return policy;
}
