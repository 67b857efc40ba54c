/**
 * Cross-field rules of the workspace section: the identities every environment has, stable keys, private access,
 * log delivery and serverless egress as production requires them; and, across environments, one account-scope log
 * delivery per Databricks account.
 */
import { databricksShardName, PRIVATE_LINK_REGIONS } from "../../modules/aws/databricks-endpoint-services";
import type { EnvironmentConfig } from "../schema";
import type { ConfigProblem, FieldProblem, SourcedConfig } from "./problem";

/** Account groups every environment has; later layers grant to them by key. */
export const REQUIRED_GROUP_KEYS = ["platform-admins", "data-engineers", "analysts", "data-scientists"] as const;
/** Service principals every environment has: CI's deployer and the external schedulers' orchestrator. */
export const REQUIRED_SERVICE_PRINCIPAL_KEYS = ["deployer", "orchestrator"] as const;

/** Keys of groups, principals and egress rules; checked here rather than in the schema, so the message can name the key. */
const STABLE_KEY = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const STABLE_KEY_MAX_LENGTH = 40;

/** Cross-field rules of the workspace section. */
export function workspaceProblems(config: EnvironmentConfig): FieldProblem[] {
  return [...identityProblems(config), ...accessProblems(config), ...logDeliveryProblems(config), ...egressProblems(config)];
}

function keyProblems(path: string, record: Readonly<Record<string, unknown>>): FieldProblem[] {
  return Object.keys(record)
    .filter((key) => !STABLE_KEY.test(key) || key.length > STABLE_KEY_MAX_LENGTH)
    .map((key) => ({
      path: `${path}.${key}`,
      message: `"${key}" is not a stable key; use at most ${STABLE_KEY_MAX_LENGTH} lowercase letters, digits and single hyphens, like data-engineers`,
    }));
}

function identityProblems({ workspace, unityCatalog }: EnvironmentConfig): FieldProblem[] {
  const problems: FieldProblem[] = [
    ...keyProblems("workspace.groups", workspace.groups),
    ...keyProblems("workspace.servicePrincipals", workspace.servicePrincipals),
    ...keyProblems("workspace.serverlessEgress.privateEndpointRules", workspace.serverlessEgress.privateEndpointRules),
  ];
  for (const key of REQUIRED_GROUP_KEYS.filter((k) => !Object.hasOwn(workspace.groups, k))) {
    problems.push({
      path: `workspace.groups.${key}`,
      message: `is missing; every environment has the groups ${REQUIRED_GROUP_KEYS.join(", ")} (later layers grant to them)`,
    });
  }
  for (const key of REQUIRED_SERVICE_PRINCIPAL_KEYS.filter((k) => !Object.hasOwn(workspace.servicePrincipals, k))) {
    problems.push({
      path: `workspace.servicePrincipals.${key}`,
      message: `is missing; every environment has the service principals ${REQUIRED_SERVICE_PRINCIPAL_KEYS.join(", ")}`,
    });
  }
  // With workspace admins restricted, only a Service Principal User of the orchestrator may make it a job's run_as.
  const orchestrator = Object.hasOwn(workspace.servicePrincipals, "orchestrator") ? workspace.servicePrincipals.orchestrator : undefined;
  const deployerRunsAs = orchestrator?.usableBy.includes("deployer") ?? true;
  if (unityCatalog.workspaceSecurity.restrictWorkspaceAdmins && !deployerRunsAs) {
    problems.push({
      path: "workspace.servicePrincipals.orchestrator.usableBy",
      message:
        'does not include "deployer", but restrictWorkspaceAdmins is on: the deployer could not set the orchestrator as the run_as of the jobs it deploys; add "deployer"',
    });
  }
  for (const [key, principal] of Object.entries(workspace.servicePrincipals)) {
    principal.usableBy.forEach((user, index) => {
      if (!Object.hasOwn(workspace.servicePrincipals, user) || user === key) {
        problems.push({
          path: `workspace.servicePrincipals.${key}.usableBy[${index}]`,
          message: `"${user}" is not another key of workspace.servicePrincipals (${Object.keys(workspace.servicePrincipals).join(", ")})`,
        });
      }
    });
    principal.memberOf.forEach((group, index) => {
      if (!Object.hasOwn(workspace.groups, group)) {
        problems.push({
          path: `workspace.servicePrincipals.${key}.memberOf[${index}]`,
          message: `"${group}" is not a key of workspace.groups (${Object.keys(workspace.groups).join(", ")})`,
        });
      }
    });
    const secret = principal.oauthSecret;
    if (secret && secret.rotationDays >= secret.lifetimeDays) {
      problems.push({
        path: `workspace.servicePrincipals.${key}.oauthSecret.rotationDays`,
        message: `${secret.rotationDays} is not less than lifetimeDays ${secret.lifetimeDays}; the stored secret would expire before it is replaced`,
      });
    }
  }
  return problems;
}

function accessProblems({ workspace, network, production, aws }: EnvironmentConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
  // Where other rules already require PrivateLink (isolated egress, production), enabling it is the fix they report.
  const privateLinkRequired = network.egress === "isolated" || production;
  if (workspace.privateAccess && !network.privateLink.enabled && !privateLinkRequired) {
    problems.push({
      path: "workspace.privateAccess",
      message: "is set but PrivateLink is off, so there are no private access settings; remove it or enable network.privateLink",
    });
  }
  if (production && network.privateLink.enabled && (workspace.privateAccess?.publicAccessEnabled ?? false)) {
    problems.push({
      path: "workspace.privateAccess.publicAccessEnabled",
      message: "production workspaces are reachable only through PrivateLink; set it to false",
    });
  }
  if (production && network.privateLink.enabled && workspace.privateAccess?.level === "ACCOUNT") {
    problems.push({
      path: "workspace.privateAccess.level",
      message: '"ACCOUNT" lets every VPC endpoint of the Databricks account (another stage\'s included) reach a production workspace; use "ENDPOINT"',
    });
  }
  // Without public access only registered endpoints reach the workspace: people and CI need the private front end.
  const privateOnly = network.privateLink.enabled && !(workspace.privateAccess?.publicAccessEnabled ?? false);
  const privateLinkOffered = (PRIVATE_LINK_REGIONS as readonly string[]).includes(aws.region);
  if (privateOnly && privateLinkOffered && !network.frontEnd) {
    problems.push({
      path: "network.frontEnd",
      message:
        "is missing but the workspace has no public access, so no person and no CI could reach it; configure the private front end, or set workspace.privateAccess.publicAccessEnabled to true with IP access lists",
    });
  }
  // Reported once: with PrivateLink on, the network rules already refuse a region Databricks does not serve.
  const reportedByNetwork = network.privateLink.enabled && !(PRIVATE_LINK_REGIONS as readonly string[]).includes(aws.region);
  if (!databricksShardName(aws.region) && !reportedByNetwork) {
    problems.push({
      path: "aws.region",
      message: `the workspace's root bucket policy needs the Databricks shard of the region, and ${aws.region} has none known; choose a region where Databricks runs workspaces`,
    });
  }
  return problems;
}

function logDeliveryProblems({ workspace, production }: EnvironmentConfig): FieldProblem[] {
  const { auditLogs, alreadyExists, scope } = workspace.logDelivery;
  if (!production || alreadyExists) return [];
  if (!auditLogs) {
    return [
      {
        path: "workspace.logDelivery.auditLogs",
        message: "production environments deliver audit logs; set it to true (or alreadyExists when a delivery exists)",
      },
    ];
  }
  if (scope !== "account") {
    return [
      {
        path: "workspace.logDelivery.scope",
        message: `"${scope}" drops account-level audit events (Unity Catalog, Delta Sharing, account console); production delivers audit logs at scope "account" (the only stage of the Databricks account that does: two enabled account-level configurations per log type are allowed)`,
      },
    ];
  }
  return [];
}

function egressProblems({ workspace, production, aws }: EnvironmentConfig): FieldProblem[] {
  const egress = workspace.serverlessEgress;
  const problems: FieldProblem[] = [];
  if (egress.restrictionMode === "FULL_ACCESS" && (egress.allowedDomains.length > 0 || egress.allowedBuckets.length > 0)) {
    problems.push({
      path: "workspace.serverlessEgress.restrictionMode",
      message: "FULL_ACCESS allows every destination, so allowedDomains and allowedBuckets mean nothing; remove them or use RESTRICTED_ACCESS",
    });
  }
  if (production && (egress.restrictionMode !== "RESTRICTED_ACCESS" || egress.enforcementMode !== "ENFORCED")) {
    problems.push({
      path: "workspace.serverlessEgress",
      message: "production environments restrict serverless egress; use restrictionMode RESTRICTED_ACCESS and enforcementMode ENFORCED",
    });
  }
  for (const [key, rule] of Object.entries(egress.privateEndpointRules)) {
    const path = `workspace.serverlessEgress.privateEndpointRules.${key}`;
    const domains = (rule.domainNames ?? []).length > 0;
    const buckets = (rule.resourceNames ?? []).length > 0;
    if (domains === buckets) {
      problems.push({
        path,
        message: `give either domainNames (our endpoint service) or resourceNames (S3 buckets), not ${domains ? "both" : "neither"}`,
      });
    } else if (buckets && rule.endpointService !== `com.amazonaws.${aws.region}.s3`) {
      problems.push({
        path: `${path}.endpointService`,
        message: `${rule.endpointService} must be com.amazonaws.${aws.region}.s3 for bucket rules (buckets in the workspace's region)`,
      });
    } else if (domains && !new RegExp(`^com\\.amazonaws\\.vpce\\.${aws.region}\\.vpce-svc-[0-9a-f]+$`).test(rule.endpointService)) {
      problems.push({
        path: `${path}.endpointService`,
        message: `${rule.endpointService} is not an endpoint service of ${aws.region}, like com.amazonaws.vpce.${aws.region}.vpce-svc-0123456789abcdef0`,
      });
    }
  }
  return problems;
}

/**
 * Databricks allows two enabled account-level log deliveries per log type, and two stages delivering the whole
 * account's audit events would store every event twice: at most one environment per Databricks account creates an
 * account-scope delivery.
 */
export function accountScopeLogDeliveryProblems(valid: readonly SourcedConfig[]): ConfigProblem[] {
  const first = new Map<string, { source: string; name: string }>();
  const problems: ConfigProblem[] = [];
  for (const { source, config } of valid) {
    const delivery = config.workspace.logDelivery;
    if (delivery.scope !== "account" || delivery.alreadyExists) continue;
    const owner = first.get(config.databricks.accountId);
    if (owner) {
      problems.push({
        source,
        path: "workspace.logDelivery.scope",
        message: `${owner.name} (${owner.source}) already delivers this Databricks account's logs at scope "account"; use scope "workspace" (or alreadyExists) here`,
      });
    } else first.set(config.databricks.accountId, { source, name: config.name });
  }
  return problems;
}
