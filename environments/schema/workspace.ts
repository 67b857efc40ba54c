/**
 * The workspace section: the Databricks workspace and what the account holds for it (private access, log delivery,
 * identities, serverless egress). Network and encryption choices come from `network` and `encryption`.
 */
import { z } from "zod";
import { databricksShardName, PRIVATE_LINK_REGIONS } from "../../modules/aws/databricks-endpoint-services";
import type { EnvironmentConfig } from "./index";

/** Account groups every environment has; later layers grant to them by key. */
export const REQUIRED_GROUP_KEYS = ["platform-admins", "data-engineers", "analysts", "data-scientists"] as const;
/** Service principals every environment has: CI's deployer and the external schedulers' orchestrator. */
export const REQUIRED_SERVICE_PRINCIPAL_KEYS = ["deployer", "orchestrator"] as const;

/** Keys of groups, principals and rules: checked in workspaceProblems, where the message can name the key. */
const STABLE_KEY = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const STABLE_KEY_MAX_LENGTH = 40;
const identityKey = z.string();

/** ADMIN: workspace admin; USER: workspace user. */
const workspacePermission = z.enum(["ADMIN", "USER"]);

const group = z.strictObject({
  /** The group's assignment to the workspace; omit to create the group without workspace access. */
  workspacePermission: workspacePermission.optional(),
});

const servicePrincipal = z.strictObject({
  /** The principal's assignment to the workspace; omit to create it without workspace access. */
  workspacePermission: workspacePermission.optional(),
  /**
   * Keys of workspace.groups the principal belongs to. The deployer of the workspace-level layers belongs to the group
   * that owns Unity Catalog objects (platform-admins): only owners and metastore admins may create and grant them.
   */
  memberOf: z.array(identityKey).default([]),
  /**
   * Let GitHub Actions jobs of this repository and deployment environment authenticate as the principal with their
   * OIDC token (a federation policy), so CI stores no Databricks secret.
   */
  githubActions: z
    .strictObject({
      /** `<owner>/<repository>` on github.com. */
      repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be "<owner>/<repository>"'),
      /** The GitHub environment the deploying jobs run in (`environment:` in the workflow). */
      environment: z.string().regex(/^[A-Za-z0-9_.-]+$/, "must be a GitHub environment name (letters, digits, _ . -)"),
    })
    .optional(),
  /**
   * Create an OAuth secret for the principal and keep it in AWS Secrets Manager (encrypted with the data key), for
   * schedulers outside Databricks. The secret is replaced every `rotationDays` (on the next apply) and expires after
   * `lifetimeDays`.
   */
  oauthSecret: z
    .strictObject({
      lifetimeDays: z.number().int().min(2).max(730).default(90),
      rotationDays: z.number().int().min(1).max(729).default(60),
    })
    .optional(),
});

const privateEndpointRule = z.strictObject({
  /** `com.amazonaws.vpce.<region>.vpce-svc-...` (our endpoint service) or `com.amazonaws.<region>.s3`. */
  endpointService: z.string().min(1),
  /** DNS names behind our endpoint service (Kafka brokers, a private Git server, ...). */
  domainNames: z.array(z.string().min(1)).optional(),
  /** S3 buckets in the workspace's region, reached through the S3 endpoint service. */
  resourceNames: z.array(z.string().min(3)).optional(),
});

export const workspaceSchema = z
  .strictObject({
    /**
     * Use `<prefix>-<stage>` as the deployment name (the workspace URL's subdomain). Databricks must have enabled a
     * deployment-name prefix on the account (ask your Databricks representative); set false to let Databricks choose.
     */
    customDeploymentName: z.boolean().default(true),
    /** Minutes Terraform waits for the workspace to be provisioned (usually 5-10). */
    provisioningTimeoutMinutes: z.number().int().min(20).max(180).default(60),
    /**
     * Seconds waited between creating an IAM role and registering it with Databricks. IAM is eventually consistent;
     * registering at once fails credential validation.
     */
    iamPropagationSeconds: z.number().int().min(10).max(300).default(30),
    /**
     * Front-end access with PrivateLink (only with `network.privateLink.enabled`; defaults apply when omitted).
     * Without public access, users and CI reach the workspace only through a registered VPC endpoint.
     */
    privateAccess: z
      .strictObject({
        /** Keep the workspace reachable from the internet besides PrivateLink. Production requires false. */
        publicAccessEnabled: z.boolean().default(false),
        /** ACCOUNT: any VPC endpoint registered in the account may connect; ENDPOINT: only this workspace's. */
        level: z.enum(["ACCOUNT", "ENDPOINT"]).default("ACCOUNT"),
      })
      .optional(),
    /** Audit logs (JSON) and billable usage (CSV) delivered to the logs bucket. */
    logDelivery: z
      .strictObject({
        /** Deliver audit logs. Production requires audit logs (or `alreadyExists`). */
        auditLogs: z.boolean().default(true),
        /** Deliver billable usage logs. */
        billableUsage: z.boolean().default(true),
        /**
         * workspace: deliver this workspace's logs only (`workspace_ids_filter`; each stage its own configuration,
         * within Databricks' limit of two per workspace). Workspace-filtered delivery drops the account-level audit
         * events: Unity Catalog (metastore, grants, credentials), Delta Sharing and the account console.
         * account: no filter, so every workspace's events and the account-level ones. A Databricks account allows only
         * two enabled account-level configurations per log type, so exactly one stage per Databricks account should
         * use it: production, which validation requires to (unless `alreadyExists`), while the other stages keep the
         * default.
         */
        scope: z.enum(["workspace", "account"]).default("workspace"),
        /**
         * A delivery this app should not create already exists (configurations cannot be deleted, only disabled, and
         * the account limit is two): nothing is created.
         */
        alreadyExists: z.boolean().default(false),
      })
      .prefault({}),
    /** Account groups by stable key; must include platform-admins, data-engineers, analysts and data-scientists. */
    groups: z.record(identityKey, group).default({
      "platform-admins": { workspacePermission: "ADMIN" },
      "data-engineers": { workspacePermission: "USER" },
      analysts: { workspacePermission: "USER" },
      "data-scientists": { workspacePermission: "USER" },
    }),
    /** Service principals by stable key; must include deployer (CI) and orchestrator (external schedulers). */
    servicePrincipals: z.record(identityKey, servicePrincipal).default({
      deployer: { workspacePermission: "ADMIN", memberOf: ["platform-admins"] },
      orchestrator: { workspacePermission: "USER", memberOf: [], oauthSecret: { lifetimeDays: 90, rotationDays: 60 } },
    }),
    /** Egress of serverless compute (SQL warehouses, pipelines, Model Serving), which runs outside our VPC. */
    serverlessEgress: z
      .strictObject({
        /** RESTRICTED_ACCESS: only Unity Catalog locations and the destinations below; FULL_ACCESS: anywhere. */
        restrictionMode: z.enum(["RESTRICTED_ACCESS", "FULL_ACCESS"]).default("RESTRICTED_ACCESS"),
        /** ENFORCED blocks other destinations; DRY_RUN only logs them (to try a policy). */
        enforcementMode: z.enum(["ENFORCED", "DRY_RUN"]).default("ENFORCED"),
        /** DNS names serverless compute may reach, e.g. pypi.org. */
        allowedDomains: z.array(z.string().regex(/^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a DNS name like pypi.org")).default([]),
        /** Buckets (besides Unity Catalog locations) serverless compute may reach. */
        allowedBuckets: z.array(z.strictObject({ bucketName: z.string().min(3).max(63), region: z.string().min(1) })).default([]),
        /** Private endpoints from serverless compute to our services, by stable key. */
        privateEndpointRules: z.record(identityKey, privateEndpointRule).default({}),
      })
      .prefault({}),
  })
  .prefault({});

export type WorkspaceConfig = z.output<typeof workspaceSchema>;

interface PathlessProblem {
  readonly path: string;
  readonly message: string;
}

/** Cross-field rules of the workspace section. */
export function workspaceProblems(config: EnvironmentConfig): PathlessProblem[] {
  return [...identityProblems(config), ...accessProblems(config), ...logDeliveryProblems(config), ...egressProblems(config)];
}

function keyProblems(path: string, record: Readonly<Record<string, unknown>>): PathlessProblem[] {
  return Object.keys(record)
    .filter((key) => !STABLE_KEY.test(key) || key.length > STABLE_KEY_MAX_LENGTH)
    .map((key) => ({
      path: `${path}.${key}`,
      message: `"${key}" is not a stable key; use at most ${STABLE_KEY_MAX_LENGTH} lowercase letters, digits and single hyphens, like data-engineers`,
    }));
}

function identityProblems({ workspace }: EnvironmentConfig): PathlessProblem[] {
  const problems: PathlessProblem[] = [
    ...keyProblems("workspace.groups", workspace.groups),
    ...keyProblems("workspace.servicePrincipals", workspace.servicePrincipals),
    ...keyProblems("workspace.serverlessEgress.privateEndpointRules", workspace.serverlessEgress.privateEndpointRules),
  ];
  for (const key of REQUIRED_GROUP_KEYS.filter((k) => !(k in workspace.groups))) {
    problems.push({ path: `workspace.groups.${key}`, message: `is missing; every environment has the groups ${REQUIRED_GROUP_KEYS.join(", ")} (later layers grant to them)` });
  }
  for (const key of REQUIRED_SERVICE_PRINCIPAL_KEYS.filter((k) => !(k in workspace.servicePrincipals))) {
    problems.push({ path: `workspace.servicePrincipals.${key}`, message: `is missing; every environment has the service principals ${REQUIRED_SERVICE_PRINCIPAL_KEYS.join(", ")}` });
  }
  for (const [key, principal] of Object.entries(workspace.servicePrincipals)) {
    principal.memberOf.forEach((group, index) => {
      if (!(group in workspace.groups)) {
        problems.push({ path: `workspace.servicePrincipals.${key}.memberOf[${index}]`, message: `"${group}" is not a key of workspace.groups (${Object.keys(workspace.groups).join(", ")})` });
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

function accessProblems({ workspace, network, production, aws }: EnvironmentConfig): PathlessProblem[] {
  const problems: PathlessProblem[] = [];
  // Where other rules already require PrivateLink (isolated egress, production), enabling it is the fix they report.
  const privateLinkRequired = network.egress === "isolated" || production;
  if (workspace.privateAccess && !network.privateLink.enabled && !privateLinkRequired) {
    problems.push({ path: "workspace.privateAccess", message: "is set but PrivateLink is off, so there are no private access settings; remove it or enable network.privateLink" });
  }
  if (production && network.privateLink.enabled && (workspace.privateAccess?.publicAccessEnabled ?? false)) {
    problems.push({ path: "workspace.privateAccess.publicAccessEnabled", message: "production workspaces are reachable only through PrivateLink; set it to false" });
  }
  // Reported once: with PrivateLink on, the network rules already refuse a region Databricks does not serve.
  const reportedByNetwork = network.privateLink.enabled && !(PRIVATE_LINK_REGIONS as readonly string[]).includes(aws.region);
  if (!databricksShardName(aws.region) && !reportedByNetwork) {
    problems.push({ path: "aws.region", message: `the workspace's root bucket policy needs the Databricks shard of the region, and ${aws.region} has none known; choose a region where Databricks runs workspaces` });
  }
  return problems;
}

function logDeliveryProblems({ workspace, production }: EnvironmentConfig): PathlessProblem[] {
  const { auditLogs, alreadyExists, scope } = workspace.logDelivery;
  if (!production || alreadyExists) return [];
  if (!auditLogs) {
    return [{ path: "workspace.logDelivery.auditLogs", message: "production environments deliver audit logs; set it to true (or alreadyExists when a delivery exists)" }];
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

function egressProblems({ workspace, production, aws }: EnvironmentConfig): PathlessProblem[] {
  const egress = workspace.serverlessEgress;
  const problems: PathlessProblem[] = [];
  if (egress.restrictionMode === "FULL_ACCESS" && (egress.allowedDomains.length > 0 || egress.allowedBuckets.length > 0)) {
    problems.push({ path: "workspace.serverlessEgress.restrictionMode", message: "FULL_ACCESS allows every destination, so allowedDomains and allowedBuckets mean nothing; remove them or use RESTRICTED_ACCESS" });
  }
  if (production && (egress.restrictionMode !== "RESTRICTED_ACCESS" || egress.enforcementMode !== "ENFORCED")) {
    problems.push({ path: "workspace.serverlessEgress", message: "production environments restrict serverless egress; use restrictionMode RESTRICTED_ACCESS and enforcementMode ENFORCED" });
  }
  for (const [key, rule] of Object.entries(egress.privateEndpointRules)) {
    const path = `workspace.serverlessEgress.privateEndpointRules.${key}`;
    const domains = (rule.domainNames ?? []).length > 0;
    const buckets = (rule.resourceNames ?? []).length > 0;
    if (domains === buckets) {
      problems.push({ path, message: `give either domainNames (our endpoint service) or resourceNames (S3 buckets), not ${domains ? "both" : "neither"}` });
    } else if (buckets && rule.endpointService !== `com.amazonaws.${aws.region}.s3`) {
      problems.push({ path: `${path}.endpointService`, message: `${rule.endpointService} must be com.amazonaws.${aws.region}.s3 for bucket rules (buckets in the workspace's region)` });
    } else if (domains && !new RegExp(`^com\\.amazonaws\\.vpce\\.${aws.region}\\.vpce-svc-[0-9a-f]+$`).test(rule.endpointService)) {
      problems.push({ path: `${path}.endpointService`, message: `${rule.endpointService} is not an endpoint service of ${aws.region}, like com.amazonaws.vpce.${aws.region}.vpce-svc-0123456789abcdef0` });
    }
  }
  return problems;
}
