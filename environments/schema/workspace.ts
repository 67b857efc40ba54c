/**
 * The workspace section: the Databricks workspace and what the account holds for it (private access, log delivery,
 * identities, serverless egress). Network and encryption choices come from `network` and `encryption`. Cross-field
 * rules (required identities, stable keys, production settings) are in ../rules/workspace.ts.
 */
import { z } from "zod";

/** Keys of groups, principals and rules: checked in ../rules/workspace.ts, where the message can name the key. */
const identityKey = z.string();

const workspacePermission = z.enum(["ADMIN", "USER"]);

const group = z.strictObject({
  workspacePermission: workspacePermission
    .optional()
    .meta({ description: "The group's workspace assignment: ADMIN (workspace admin) or USER. Omitted: the group exists without workspace access." }),
});

const githubActions = z.strictObject({
  repository: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be "<owner>/<repository>"')
    .meta({ description: "The repository whose jobs may authenticate, as <owner>/<repository> on github.com." }),
  environment: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, "must be a GitHub environment name (letters, digits, _ . -)")
    .meta({ description: "The GitHub environment the deploying jobs run in (environment: in the workflow)." }),
  audiences: z.array(z.string().min(1)).min(1).optional().meta({
    description:
      "Token audiences the policy accepts. Omitted: the Databricks account id, written into the policy; the deploying job then exports DATABRICKS_TOKEN_AUDIENCE=<account id> for both provider levels (docs/deploying.md, Credentials).",
  }),
});

const oauthSecret = z.strictObject({
  lifetimeDays: z.number().int().min(2).max(730).default(90).meta({ description: "Days a secret is valid; more than rotationDays." }),
  rotationDays: z.number().int().min(1).max(729).default(60).meta({
    description: "Days after which the secret is replaced (on the next apply); less than lifetimeDays, so the stored secret never expires first.",
  }),
});

const servicePrincipal = z.strictObject({
  workspacePermission: workspacePermission.optional().meta({
    description: "The principal's workspace assignment: ADMIN (workspace admin) or USER. Omitted: the principal exists without workspace access.",
  }),
  memberOf: z.array(identityKey).default([]).meta({
    description:
      "Keys of workspace.groups the principal belongs to. The deployer of the workspace-level layers belongs to the group that owns Unity Catalog objects (platform-admins): only owners and metastore admins may create and grant them.",
  }),
  accountAdmin: z.boolean().default(false).meta({
    description:
      "Give the principal the Databricks account admin role: the deployer needs it for the account-level resources of the workspace and unity-catalog layers (metastore, assignments, identities). Keep it to the deployer.",
  }),
  usableBy: z.array(identityKey).default([]).meta({
    description:
      "Keys of other service principals given the Service Principal User role on this one, so they may run jobs as it (run_as): the deployer on the orchestrator, which restrictWorkspaceAdmins requires. Authoritative: replaces every other rule on the principal.",
  }),
  githubActions: githubActions.optional().meta({
    description:
      "Let GitHub Actions jobs of this repository and deployment environment authenticate as the principal with their OIDC token (a federation policy), so CI stores no Databricks secret. Omitted: no federation policy.",
  }),
  oauthSecret: oauthSecret.optional().meta({
    description:
      "Create an OAuth secret for the principal and keep it in AWS Secrets Manager (encrypted with the data key), for schedulers outside Databricks; it is replaced every rotationDays and expires after lifetimeDays. Omitted: no secret.",
  }),
  tokenSecret: z.boolean().default(false).meta({
    description:
      'Create an empty Secrets Manager secret (encrypted with the data key) for a Databricks token of the principal, in the shape {"username":"token","password":"<token>"} that tools signing in with a user name and password read (QuickSight). Its value is set outside Terraform (docs/layers/serving.md, "QuickSight\'s sign-in").',
  }),
});

const privateAccess = z.strictObject({
  publicAccessEnabled: z.boolean().default(false).meta({
    description:
      "Keep the workspace reachable from the internet besides PrivateLink (then unityCatalog.workspaceSecurity.ipAccessLists.allow must list the networks allowed). Production requires false.",
  }),
  level: z.enum(["ACCOUNT", "ENDPOINT"]).default("ENDPOINT").meta({
    description:
      "Which VPC endpoints may connect: ENDPOINT, only this workspace's own (its front end in network.frontEnd and its back-end REST endpoint); ACCOUNT, any endpoint registered in the Databricks account, another stage's included. Production requires ENDPOINT.",
  }),
});

const logDelivery = z.strictObject({
  auditLogs: z.boolean().default(true).meta({ description: "Deliver audit logs. Production requires them (unless alreadyExists)." }),
  billableUsage: z.boolean().default(true).meta({ description: "Deliver billable usage logs." }),
  scope: z.enum(["workspace", "account"]).default("workspace").meta({
    description:
      "workspace: deliver this workspace's logs only (workspace_ids_filter; each stage its own configuration, within Databricks' limit of two per workspace); this drops the account-level audit events: Unity Catalog (metastore, grants, credentials), Delta Sharing and the account console. account: no filter, so every workspace's events and the account-level ones. A Databricks account allows only two enabled account-level configurations per log type, so exactly one stage per Databricks account uses it: production, which validation requires to (unless alreadyExists), while the other stages keep the default.",
  }),
  alreadyExists: z.boolean().default(false).meta({
    description:
      "A delivery this app should not create already exists (configurations cannot be deleted, only disabled, and the account limit is two): nothing is created.",
  }),
});

const allowedBucket = z.strictObject({
  bucketName: z.string().min(3).max(63).meta({ description: "The bucket's name." }),
  region: z.string().min(1).meta({ description: "The bucket's AWS region." }),
});

const privateEndpointRule = z.strictObject({
  endpointService: z.string().min(1).meta({
    description:
      "com.amazonaws.vpce.<region>.vpce-svc-... (our endpoint service, with domainNames) or com.amazonaws.<region>.s3 (with resourceNames), in aws.region.",
  }),
  domainNames: z
    .array(z.string().min(1))
    .optional()
    .meta({ description: "DNS names behind our endpoint service (Kafka brokers, a private Git server, ...). Give these or resourceNames." }),
  resourceNames: z
    .array(z.string().min(3))
    .optional()
    .meta({ description: "S3 buckets in the workspace's region, reached through the S3 endpoint service. Give these or domainNames." }),
});

const serverlessEgress = z.strictObject({
  restrictionMode: z.enum(["RESTRICTED_ACCESS", "FULL_ACCESS"]).default("RESTRICTED_ACCESS").meta({
    description:
      "RESTRICTED_ACCESS: only Unity Catalog locations and the destinations below; FULL_ACCESS: anywhere (then allowedDomains and allowedBuckets must be empty). Production requires RESTRICTED_ACCESS.",
  }),
  enforcementMode: z
    .enum(["ENFORCED", "DRY_RUN"])
    .default("ENFORCED")
    .meta({ description: "ENFORCED blocks other destinations; DRY_RUN only logs them (to try a policy). Production requires ENFORCED." }),
  allowedDomains: z
    .array(z.string().regex(/^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a DNS name like pypi.org"))
    .default([])
    .meta({ description: "DNS names serverless compute may reach, e.g. pypi.org (*. for subdomains)." }),
  allowedBuckets: z
    .array(allowedBucket)
    .default([])
    .meta({ description: "S3 buckets, besides Unity Catalog locations, serverless compute may reach." }),
  privateEndpointRules: z
    .record(identityKey, privateEndpointRule)
    .default({})
    .meta({ description: "Private endpoints from serverless compute to our services (the NCC's private endpoint rules), by stable key." }),
});

export const workspaceSchema = z
  .strictObject({
    customDeploymentName: z.boolean().default(true).meta({
      description:
        "Use <prefix>-<stage> as the deployment name (the workspace URL's subdomain). Databricks must have enabled a deployment-name prefix on the account (ask your Databricks representative); set false to let Databricks choose.",
    }),
    provisioningTimeoutMinutes: z
      .number()
      .int()
      .min(20)
      .max(180)
      .default(60)
      .meta({ description: "Minutes Terraform waits for the workspace to be provisioned (it usually takes 5-10)." }),
    iamPropagationSeconds: z.number().int().min(10).max(300).default(30).meta({
      description:
        "Seconds waited between creating an IAM role and registering it with Databricks. IAM is eventually consistent: registering at once fails credential validation.",
    }),
    privateAccess: privateAccess.optional().meta({
      description:
        "Front-end access with PrivateLink, only with network.privateLink.enabled (omitted, the defaults below apply). Without public access, users and CI reach the workspace only through a registered VPC endpoint.",
    }),
    logDelivery: logDelivery.prefault({}).meta({ description: "Audit logs (JSON) and billable usage (CSV) delivered to the logs bucket." }),
    groups: z
      .record(identityKey, group)
      .default({
        "platform-admins": { workspacePermission: "ADMIN" },
        "data-engineers": { workspacePermission: "USER" },
        analysts: { workspacePermission: "USER" },
        "data-scientists": { workspacePermission: "USER" },
      })
      .meta({
        description:
          "Account groups by stable key (lowercase letters, digits and single hyphens, at most 40 characters); must include platform-admins, data-engineers, analysts and data-scientists, which later layers grant to.",
      }),
    servicePrincipals: z
      .record(identityKey, servicePrincipal)
      .default({
        deployer: { workspacePermission: "ADMIN", memberOf: ["platform-admins"], accountAdmin: true, usableBy: [], tokenSecret: false },
        orchestrator: {
          workspacePermission: "USER",
          memberOf: [],
          accountAdmin: false,
          usableBy: ["deployer"],
          oauthSecret: { lifetimeDays: 90, rotationDays: 60 },
          tokenSecret: false,
        },
      })
      .meta({ description: "Service principals by stable key; must include deployer (CI) and orchestrator (external schedulers)." }),
    serverlessEgress: serverlessEgress
      .prefault({})
      .meta({ description: "Egress of serverless compute (SQL warehouses, pipelines, Model Serving), which runs outside our VPC." }),
  })
  .prefault({});

export type WorkspaceConfig = z.output<typeof workspaceSchema>;
