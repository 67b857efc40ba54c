import { ENVIRONMENTS, type EnvironmentInput } from "../../environments";
import { formatProblem, validateEnvironment } from "../../environments/validate";

type WorkspaceInput = NonNullable<EnvironmentInput["workspace"]>;
type Input = EnvironmentInput & { workspace: WorkspaceInput };

/** A deep copy of a registered stage's config, changed by `change`. */
function variant(stage: "dev" | "staging" | "prod", change: (config: Input) => void): unknown {
  const copy = structuredClone(ENVIRONMENTS[stage].input) as Input;
  copy.workspace ??= {};
  change(copy);
  return copy;
}

/**
 * The problem lines of a config about the fields these rules read (workspace.*, aws.*), or [] when there is none.
 * Other layers' rules that follow from the same change (a grant naming a removed group) are theirs to test.
 */
function problems(input: unknown): string[] {
  const result = validateEnvironment(input, "environments/test.ts");
  return "problems" in result ? result.problems.filter((p) => /^(workspace|aws)\./.test(p.path)).map(formatProblem) : [];
}

describe("the workspace section", () => {
  it("gets defaults when an environment omits it: the four groups, deployer and orchestrator, restricted egress, audit logs", () => {
    const input = structuredClone(ENVIRONMENTS.dev.input) as EnvironmentInput;
    delete input.workspace;
    const result = validateEnvironment(input, "environments/test.ts");
    if (!("config" in result)) throw new Error(result.problems.map(formatProblem).join("\n"));
    const { workspace } = result.config;
    expect(Object.keys(workspace.groups)).toEqual(["platform-admins", "data-engineers", "analysts", "data-scientists"]);
    expect(Object.keys(workspace.servicePrincipals)).toEqual(["deployer", "orchestrator"]);
    expect(workspace.serverlessEgress).toMatchObject({ restrictionMode: "RESTRICTED_ACCESS", enforcementMode: "ENFORCED" });
    expect(workspace.logDelivery).toEqual({ auditLogs: true, billableUsage: true, scope: "workspace", alreadyExists: false });
  });

  it("refuses an unknown field in it", () => {
    expect(problems(variant("dev", (c) => ((c.workspace as Record<string, unknown>).pricingTier = "PREMIUM")))).toEqual([
      expect.stringMatching(/^environments\/test\.ts: workspace\.pricingTier: unknown field/),
    ]);
  });

  it("refuses a group key that is not a stable identifier", () => {
    expect(problems(variant("prod", (c) => (c.workspace.groups = { ...c.workspace.groups, "Data Engineers": {} })))).toEqual([
      'environments/test.ts: workspace.groups.Data Engineers: "Data Engineers" is not a stable key; use at most 40 lowercase letters, digits and single hyphens, like data-engineers',
    ]);
  });
});

describe("workspace cross-field rules", () => {
  it("requires the four standard groups", () => {
    expect(problems(variant("dev", (c) => (c.workspace.groups = { "platform-admins": { workspacePermission: "ADMIN" }, "ml-ops": {} })))).toEqual([
      "environments/test.ts: workspace.groups.data-engineers: is missing; every environment has the groups platform-admins, data-engineers, analysts, data-scientists (later layers grant to them)",
      "environments/test.ts: workspace.groups.analysts: is missing; every environment has the groups platform-admins, data-engineers, analysts, data-scientists (later layers grant to them)",
      "environments/test.ts: workspace.groups.data-scientists: is missing; every environment has the groups platform-admins, data-engineers, analysts, data-scientists (later layers grant to them)",
    ]);
  });

  it("requires the deployer and orchestrator service principals", () => {
    expect(problems(variant("dev", (c) => (c.workspace.servicePrincipals = { deployer: {} })))).toEqual([
      "environments/test.ts: workspace.servicePrincipals.orchestrator: is missing; every environment has the service principals deployer, orchestrator",
    ]);
  });

  it("refuses membership of a group that is not configured", () => {
    const input = variant(
      "dev",
      (c) => (c.workspace.servicePrincipals = { ...c.workspace.servicePrincipals, deployer: { workspacePermission: "ADMIN", memberOf: ["admins"] } }),
    );
    expect(problems(input)).toEqual([
      'environments/test.ts: workspace.servicePrincipals.deployer.memberOf[0]: "admins" is not a key of workspace.groups (platform-admins, data-engineers, analysts, data-scientists)',
    ]);
  });

  it("refuses a secret rotation period that outlives the secret", () => {
    const input = variant(
      "dev",
      (c) => (c.workspace.servicePrincipals = { deployer: {}, orchestrator: { oauthSecret: { lifetimeDays: 30, rotationDays: 30 } } }),
    );
    expect(problems(input)).toEqual([
      "environments/test.ts: workspace.servicePrincipals.orchestrator.oauthSecret.rotationDays: 30 is not less than lifetimeDays 30; the stored secret would expire before it is replaced",
    ]);
  });

  it("refuses private access settings without PrivateLink", () => {
    expect(problems(variant("dev", (c) => (c.workspace.privateAccess = { publicAccessEnabled: true })))).toEqual([
      "environments/test.ts: workspace.privateAccess: is set but PrivateLink is off, so there are no private access settings; remove it or enable network.privateLink",
    ]);
  });

  it("refuses public access to a production workspace", () => {
    expect(problems(variant("prod", (c) => (c.workspace.privateAccess = { publicAccessEnabled: true })))).toEqual([
      "environments/test.ts: workspace.privateAccess.publicAccessEnabled: production workspaces are reachable only through PrivateLink; set it to false",
    ]);
  });

  it("refuses a region without a known Databricks shard", () => {
    const input = variant("dev", (c) => {
      c.aws.region = "af-south-1";
      c.network.workspaceSubnets = c.network.workspaceSubnets.map((s, i) => ({ ...s, availabilityZone: `af-south-1${"ab"[i]}` }));
      c.network.publicSubnets = (c.network.publicSubnets ?? []).map((s) => ({ ...s, availabilityZone: "af-south-1a" }));
    });
    expect(problems(input)).toEqual([
      "environments/test.ts: aws.region: the workspace's root bucket policy needs the Databricks shard of the region, and af-south-1 has none known; choose a region where Databricks runs workspaces",
    ]);
  });

  it("requires audit logs in production unless a delivery already exists", () => {
    expect(problems(variant("prod", (c) => (c.workspace.logDelivery = { auditLogs: false })))).toEqual([
      "environments/test.ts: workspace.logDelivery.auditLogs: production environments deliver audit logs; set it to true (or alreadyExists when a delivery exists)",
    ]);
    expect(problems(variant("prod", (c) => (c.workspace.logDelivery = { auditLogs: false, alreadyExists: true })))).toEqual([]);
  });

  it("requires production to deliver audit logs at account scope unless a delivery already exists", () => {
    expect(problems(variant("prod", (c) => (c.workspace.logDelivery = { scope: "workspace" })))).toEqual([
      'environments/test.ts: workspace.logDelivery.scope: "workspace" drops account-level audit events (Unity Catalog, Delta Sharing, account console); production delivers audit logs at scope "account" (the only stage of the Databricks account that does: two enabled account-level configurations per log type are allowed)',
    ]);
    expect(problems(variant("prod", (c) => (c.workspace.logDelivery = { scope: "workspace", alreadyExists: true })))).toEqual([]);
    expect(problems(variant("staging", (c) => (c.workspace.logDelivery = { scope: "workspace" })))).toEqual([]);
  });

  it("refuses allowed destinations with full egress access", () => {
    expect(
      problems(variant("dev", (c) => (c.workspace.serverlessEgress = { restrictionMode: "FULL_ACCESS", allowedDomains: ["pypi.org"] }))),
    ).toEqual([
      "environments/test.ts: workspace.serverlessEgress.restrictionMode: FULL_ACCESS allows every destination, so allowedDomains and allowedBuckets mean nothing; remove them or use RESTRICTED_ACCESS",
    ]);
  });

  it("requires restricted, enforced serverless egress in production", () => {
    expect(problems(variant("prod", (c) => (c.workspace.serverlessEgress = { enforcementMode: "DRY_RUN" })))).toEqual([
      "environments/test.ts: workspace.serverlessEgress: production environments restrict serverless egress; use restrictionMode RESTRICTED_ACCESS and enforcementMode ENFORCED",
    ]);
  });

  it("checks each private endpoint rule's targets and endpoint service", () => {
    const input = variant("prod", (c) => {
      c.workspace.serverlessEgress = {
        privateEndpointRules: {
          neither: { endpointService: "com.amazonaws.us-east-1.s3" },
          bucket: { endpointService: "com.amazonaws.us-west-2.s3", resourceNames: ["lakehouse-prod-landing"] },
          kafka: { endpointService: "com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0", domainNames: ["kafka.example.com"] },
        },
      };
    });
    expect(problems(input)).toEqual([
      "environments/test.ts: workspace.serverlessEgress.privateEndpointRules.neither: give either domainNames (our endpoint service) or resourceNames (S3 buckets), not neither",
      "environments/test.ts: workspace.serverlessEgress.privateEndpointRules.bucket.endpointService: com.amazonaws.us-west-2.s3 must be com.amazonaws.us-east-1.s3 for bucket rules (buckets in the workspace's region)",
      "environments/test.ts: workspace.serverlessEgress.privateEndpointRules.kafka.endpointService: com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0 is not an endpoint service of us-east-1, like com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
    ]);
  });
});
