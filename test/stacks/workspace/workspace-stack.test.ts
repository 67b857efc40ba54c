import { serverlessIngestionDomains } from "../../../environments/rules/ingestion";
import { Testing } from "cdktf";
import { ENVIRONMENTS, validateEnvironments, type EnvironmentConfig, type EnvironmentInput } from "../../../environments";
import { evaluateStack, resolveGuardrailSettings } from "../../../modules/policy";
import { buildLakehouse } from "../../../stacks/lakehouse";
import { REQUIRED_TAG_KEYS } from "../../../stacks/shared/layer-stack";
import { NetworkStorageStack } from "../../../stacks/network-storage/network-storage-stack";
import { WorkspaceOutputs } from "../../../stacks/workspace/outputs";
import { WorkspaceStack } from "../../../stacks/workspace/workspace-stack";
import { synthesize, type Block, type SynthesizedStack } from "../../synth-json";

// Each stage on its own: the rules between stages belong to other layers' tests.
const configs = Object.fromEntries(
  Object.values(ENVIRONMENTS)
    .map((e) => validateEnvironments([e])[0])
    .map((c) => [c.name, c]),
) as Record<string, EnvironmentConfig>;
const stacks: Record<string, WorkspaceStack> = {};
const synthesized: Record<string, SynthesizedStack> = {};
beforeAll(() => {
  for (const name of Object.keys(configs)) {
    stacks[name] = new WorkspaceStack(Testing.app(), { config: configs[name] });
    synthesized[name] = synthesize(stacks[name]);
  }
});

/** `${data.terraform_remote_state.network-storage.outputs.<name>}`: a value read from the network-storage layer. */
const fromNetworkStorage = (output: string) => `\${data.terraform_remote_state.network-storage.outputs.${output}}`;

/** A registered stage's config changed by `change`, validated. */
function variant(
  stage: "dev" | "staging" | "prod",
  change: (input: EnvironmentInput & { workspace: NonNullable<EnvironmentInput["workspace"]> }) => void,
): EnvironmentConfig {
  const input = structuredClone(ENVIRONMENTS[stage].input) as EnvironmentInput & { workspace: NonNullable<EnvironmentInput["workspace"]> };
  input.workspace ??= {};
  change(input);
  return validateEnvironments([{ source: `environments/${stage}.ts`, input }])[0];
}

function onlyBlock(s: SynthesizedStack, type: string): Block {
  const blocks = Object.values(s.resources(type));
  if (blocks.length !== 1) throw new Error(`expected one ${type}, found ${blocks.length}`);
  return blocks[0];
}

describe.each(Object.keys(ENVIRONMENTS))("workspace in %s", (env) => {
  const s = () => synthesized[env];
  const config = () => configs[env];

  describe("providers and cross-stack wiring", () => {
    it("configures the account-level Databricks provider with an explicit account id and no credentials", () => {
      expect(s().json.provider?.databricks).toEqual([
        { alias: "account", host: "https://accounts.cloud.databricks.com", account_id: config().databricks.accountId },
      ]);
    });

    it("passes the account provider to every Databricks resource and data source", () => {
      const blocks = ["resource", "data"].flatMap((kind) =>
        Object.entries((s().json as Record<string, Record<string, Record<string, Block>>>)[kind] ?? {})
          .filter(([type]) => type.startsWith("databricks_"))
          .flatMap(([, byName]) => Object.values(byName)),
      );
      expect(blocks.length).toBeGreaterThan(20);
      expect(blocks.filter((b) => b.provider !== "databricks.account")).toEqual([]);
    });

    it("reads network-storage from its remote state, with the same backend settings", () => {
      expect(s().dataSources("terraform_remote_state")["network-storage"]).toMatchObject({
        backend: "s3",
        config: { bucket: config().state.bucket, key: `${env}/network-storage.tfstate`, region: config().state.region, encrypt: true },
      });
    });

    it("registers the VPC, subnets and security group of network-storage", () => {
      expect(onlyBlock(s(), "databricks_mws_networks")).toMatchObject({
        vpc_id: fromNetworkStorage("vpc_id"),
        subnet_ids: fromNetworkStorage("workspace_subnet_ids"),
        security_group_ids: [fromNetworkStorage("workspace_security_group_id")],
      });
    });

    it("keeps its own state under <env>/workspace.tfstate", () => {
      expect(s().json.terraform.backend?.s3).toMatchObject({ key: `${env}/workspace.tfstate`, encrypt: true, use_lockfile: true });
    });
  });

  describe("credentials", () => {
    it("trusts the Databricks control plane with the Databricks account id as external id", () => {
      const trusts = Object.values(s().dataSources("databricks_aws_assume_role_policy")).filter((t) => t.for_log_delivery === undefined);
      // No databricks_account_id override: the principal is the provider's default, arn:aws:iam::414351767826:root.
      expect(trusts).toEqual([expect.objectContaining({ external_id: config().databricks.accountId })]);
      expect(trusts[0].databricks_account_id).toBeUndefined();
    });

    it("uses the restricted customer-managed-VPC policy, scoped to the environment's VPC, security group, region and account", () => {
      expect(Object.values(s().dataSources("databricks_aws_crossaccount_policy"))).toEqual([
        expect.objectContaining({
          policy_type: "restricted",
          aws_account_id: config().aws.accountId,
          region: config().aws.region,
          vpc_id: fromNetworkStorage("vpc_id"),
          security_group_id: fromNetworkStorage("workspace_security_group_id"),
        }),
      ]);
    });

    it("names the role with the shared cross-account role name", () => {
      expect(s().resource("aws_iam_role", "/CrossAccount/Role").block.name).toBe(`lakehouse-${env}-databricks-cross-account`);
    });

    it("waits for IAM after the role before registering it", () => {
      const wait = s().resource("time_sleep", "/CrossAccount/IamPropagation");
      expect(wait.block.create_duration).toBe(`${config().workspace.iamPropagationSeconds}s`);
      expect(s().resource("databricks_mws_credentials", "/CrossAccount/Credentials").block.depends_on).toEqual([`time_sleep.${wait.name}`]);
    });
  });

  describe("root storage", () => {
    it("owns the root bucket's only policy, merging Databricks' policy with our TLS and write-limit statements", () => {
      const [policy] = Object.values(s().resources("aws_s3_bucket_policy"));
      expect(Object.keys(s().resources("aws_s3_bucket_policy"))).toHaveLength(1);
      expect(policy.bucket).toBe(fromNetworkStorage("root_bucket_name"));
      const [[docName, doc]] = Object.entries(s().dataSources("aws_iam_policy_document"));
      expect(policy.policy).toBe(`\${data.aws_iam_policy_document.${docName}.json}`);
      const [databricksName] = Object.keys(s().dataSources("databricks_aws_bucket_policy"));
      const [databricks, ours] = doc.source_policy_documents as string[];
      expect(databricks).toBe(`\${data.databricks_aws_bucket_policy.${databricksName}.json}`);
      expect(JSON.parse(ours).Statement.map((st: { Sid: string; Effect: string }) => [st.Sid, st.Effect])).toEqual([
        ["DenyInsecureTransport", "Deny"],
        ["DenyDatabricksWritesOutsideWorkspacePrefixes", "Deny"],
      ]);
      expect(JSON.parse(ours).Statement[0].Resource).toEqual([fromNetworkStorage("root_bucket_arn"), `${fromNetworkStorage("root_bucket_arn")}/*`]);
    });

    it("limits Databricks' bucket access to our Databricks account", () => {
      expect(Object.values(s().dataSources("databricks_aws_bucket_policy"))).toEqual([
        expect.objectContaining({ bucket: fromNetworkStorage("root_bucket_name"), databricks_e2_account_id: config().databricks.accountId }),
      ]);
    });
  });

  describe("the workspace", () => {
    const workspace = () => onlyBlock(s(), "databricks_mws_workspaces");

    it("references exactly this environment's credential, storage, network, private access settings and keys", () => {
      const privateLink = config().network.privateLink.enabled;
      const cmk = config().encryption.customerManagedKeys;
      const expected: Record<string, string> = {
        credentials_id: s().ref("databricks_mws_credentials", "/CrossAccount/Credentials", "credentials_id"),
        storage_configuration_id: s().ref("databricks_mws_storage_configurations", "/RootStorage/StorageConfiguration", "storage_configuration_id"),
        network_id: s().ref("databricks_mws_networks", "/Network/Network", "network_id"),
        ...(privateLink
          ? {
              private_access_settings_id: s().ref(
                "databricks_mws_private_access_settings",
                "/Network/PrivateAccessSettings",
                "private_access_settings_id",
              ),
            }
          : {}),
        ...(cmk
          ? {
              managed_services_customer_managed_key_id: s().ref(
                "databricks_mws_customer_managed_keys",
                "/Workspace/ManagedServicesKey",
                "customer_managed_key_id",
              ),
              storage_customer_managed_key_id: s().ref("databricks_mws_customer_managed_keys", "/Workspace/StorageKey", "customer_managed_key_id"),
            }
          : {}),
      };
      const idFields = Object.fromEntries(Object.entries(workspace()).filter(([k]) => k.endsWith("_id") && k !== "account_id"));
      expect(idFields).toEqual(expected);
    });

    it("is an ENTERPRISE workspace in the environment's region with a provisioning timeout and destroy protection as configured", () => {
      expect(workspace()).toMatchObject({
        pricing_tier: "ENTERPRISE",
        aws_region: config().aws.region,
        workspace_name: `lakehouse-${env}-workspace`,
        timeouts: { create: `${config().workspace.provisioningTimeoutMinutes}m` },
        lifecycle: { prevent_destroy: config().dataProtection },
      });
      expect(workspace().token).toBeUndefined();
    });

    it("takes its deployment name from the naming function when configured", () => {
      expect(workspace().deployment_name).toBe(config().workspace.customDeploymentName ? `lakehouse-${env}` : undefined);
    });

    it("registers the network-storage keys exactly when customer-managed keys are on", () => {
      const keys = Object.values(s().resources("databricks_mws_customer_managed_keys"));
      if (!config().encryption.customerManagedKeys) {
        expect(keys).toEqual([]);
        return;
      }
      expect(keys.map((k) => [k.use_cases, k.aws_key_info])).toEqual([
        [
          ["MANAGED_SERVICES"],
          { key_arn: fromNetworkStorage("managed_services_key_arn"), key_alias: fromNetworkStorage("managed_services_key_alias") },
        ],
        [["STORAGE"], { key_arn: fromNetworkStorage("workspace_storage_key_arn"), key_alias: fromNetworkStorage("workspace_storage_key_alias") }],
      ]);
    });

    it("lets the cross-account role use the storage key for EBS through EC2 exactly when customer-managed keys are on", () => {
      const extra = Object.entries(s().resources("aws_iam_role_policy")).filter(([name]) => name.startsWith("CrossAccount_AdditionalPolicy"));
      if (!config().encryption.customerManagedKeys) {
        expect(extra).toEqual([]);
        return;
      }
      expect(JSON.parse(extra[0][1].policy as string).Statement).toEqual([
        {
          Sid: "WorkspaceStorageKeyForEbs",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
          Resource: fromNetworkStorage("workspace_storage_key_arn"),
          Condition: { "ForAnyValue:StringLike": { "kms:ViaService": "ec2.*.amazonaws.com" } },
        },
      ]);
    });
  });

  describe("PrivateLink", () => {
    it("registers the back-end endpoints, the front end when there is one, and private access settings exactly when PrivateLink is on", () => {
      const endpoints = Object.values(s().resources("databricks_mws_vpc_endpoint"));
      const settings = Object.values(s().resources("databricks_mws_private_access_settings"));
      if (!config().network.privateLink.enabled) {
        expect([endpoints, settings, onlyBlock(s(), "databricks_mws_networks").vpc_endpoints]).toEqual([[], [], undefined]);
        return;
      }
      const frontEnd = config().network.frontEnd ? [`\${data.terraform_remote_state.network-storage.outputs.front_end["endpoint-id"]}`] : [];
      expect(endpoints.map((e) => e.aws_vpc_endpoint_id).sort()).toEqual(
        [...frontEnd, fromNetworkStorage("relay_vpc_endpoint_id"), fromNetworkStorage("workspace_vpc_endpoint_id")].sort(),
      );
      const access = config().workspace.privateAccess;
      expect(settings).toEqual([
        expect.objectContaining({
          region: config().aws.region,
          public_access_enabled: access?.publicAccessEnabled ?? false,
          private_access_level: access?.level ?? "ENDPOINT",
        }),
      ]);
    });

    it("lets only this workspace's own endpoints connect at ENDPOINT level: its front end and its back-end REST endpoint", () => {
      if (!config().network.privateLink.enabled || (config().workspace.privateAccess?.level ?? "ENDPOINT") !== "ENDPOINT") return;
      const allowed = onlyBlock(s(), "databricks_mws_private_access_settings").allowed_vpc_endpoint_ids;
      const front = config().network.frontEnd ? [s().ref("databricks_mws_vpc_endpoint", "/Network/FrontEndEndpoint-transit", "vpc_endpoint_id")] : [];
      expect(allowed).toEqual([...front, s().ref("databricks_mws_vpc_endpoint", "/Network/WorkspaceEndpoint", "vpc_endpoint_id")]);
    });

    it("in production, has no public access and a front end that people and CI reach it through", () => {
      if (!config().production) return;
      expect(onlyBlock(s(), "databricks_mws_private_access_settings")).toMatchObject({
        public_access_enabled: false,
        private_access_level: "ENDPOINT",
      });
      expect(s().resource("databricks_mws_vpc_endpoint", "/Network/FrontEndEndpoint-transit").block.provider).toBe("databricks.account");
    });
  });

  describe("log delivery", () => {
    it("delivers audit logs as JSON and billable usage as CSV to the logs bucket, at the configured scope", () => {
      const deliveries = Object.values(s().resources("databricks_mws_log_delivery"));
      expect(deliveries.map((d) => [d.log_type, d.output_format, d.delivery_path_prefix])).toEqual([
        ["AUDIT_LOGS", "JSON", "databricks/audit-logs"],
        ["BILLABLE_USAGE", "CSV", "databricks/billable-usage"],
      ]);
      const workspaceId = s().ref("databricks_mws_workspaces", "/Workspace/Workspace", "workspace_id");
      // prod delivers at account scope (account-level audit events included); dev and staging only their workspace's.
      expect(config().workspace.logDelivery.scope).toBe(env === "prod" ? "account" : "workspace");
      for (const d of deliveries) expect(d.workspace_ids_filter).toEqual(env === "prod" ? undefined : [workspaceId]);
      expect(s().resource("databricks_mws_storage_configurations", "/LogDelivery/StorageConfiguration").block.bucket_name).toBe(
        fromNetworkStorage("logs_bucket_name"),
      );
    });

    it("uses a log delivery role trusted only by Databricks' log delivery", () => {
      const trusts = Object.values(s().dataSources("databricks_aws_assume_role_policy")).filter((t) => t.for_log_delivery === true);
      expect(trusts).toEqual([expect.objectContaining({ external_id: config().databricks.accountId })]);
      expect(s().resource("aws_iam_role", "/LogDelivery/Role").block.name).toBe(`lakehouse-${env}-databricks-log-delivery`);
    });
  });

  describe("the metastore, before the workspace", () => {
    const workspace = () => s().resource("databricks_mws_workspaces", "/Workspace/Workspace");

    it("creates the region's metastore (owned by the admin group, no root storage) or checks the shared one, on the account provider", () => {
      const metastore = config().unityCatalog.metastore;
      if (metastore.mode === "create") {
        expect(s().resource("databricks_metastore", "/Metastore/Metastore").block).toMatchObject({
          provider: "databricks.account",
          region: config().aws.region,
          owner: `lakehouse-${env}-${metastore.owner}`,
          force_destroy: false,
          lifecycle: { prevent_destroy: config().dataProtection },
          depends_on: [`databricks_group.${s().resource("databricks_group", `/Identities/Group-${metastore.owner}`).name}`],
        });
        expect(s().resource("databricks_metastore", "/Metastore/Metastore").block.storage_root).toBeUndefined();
      } else {
        expect(s().resources("databricks_metastore")).toEqual({});
        expect(Object.keys(s().dataSources("databricks_metastore")).length + Object.keys(s().dataSources("databricks_metastores")).length).toBe(1);
      }
    });

    it("sets the metastore's Delta Sharing scope and recipient token lifetime where the environment creates it", () => {
      const sharing = config().collaboration.deltaSharing;
      if (config().unityCatalog.metastore.mode !== "create") return;
      const block = s().resource("databricks_metastore", "/Metastore/Metastore").block;
      expect({
        scope: block.delta_sharing_scope,
        lifetime: block.delta_sharing_recipient_token_lifetime_in_seconds,
        organization: block.delta_sharing_organization_name,
      }).toEqual({
        scope: sharing?.scope,
        lifetime: sharing ? sharing.recipientTokenLifetimeDays * 86_400 : undefined,
        organization: sharing?.organizationName,
      });
    });

    it("makes the workspace wait for the metastore, so Databricks never creates a regional metastore of its own", () => {
      const metastore = config().unityCatalog.metastore;
      const dependency =
        metastore.mode === "create" ? "databricks_metastore" : metastore.metastoreId ? "data.databricks_metastores" : "data.databricks_metastore";
      expect(workspace().block.depends_on).toEqual([expect.stringMatching(new RegExp(`^${dependency.replace(".", "\\.")}\\.Metastore_`))]);
    });

    it("hands the workspace URL to later layers only after a readiness wait that runs when the workspace is created", () => {
      expect(s().resource("time_sleep", "/Workspace/Ready").block).toMatchObject({
        create_duration: "60s",
        triggers: {
          workspace_id: `\${databricks_mws_workspaces.${workspace().name}.workspace_id}`,
          workspace_url: `\${databricks_mws_workspaces.${workspace().name}.workspace_url}`,
        },
      });
      expect(s().resource("time_sleep", "/Workspace/Ready").block.depends_on).toBeUndefined();
    });
  });

  describe("the deployer's roles", () => {
    const deployer = () => s().ref("databricks_service_principal", "/Identities/ServicePrincipal-deployer", "id");
    const appId = (key: string) => s().ref("databricks_service_principal", `/Identities/ServicePrincipal-${key}`, "application_id");

    it("gives the deployer the account admin role it needs for the metastore, assignments and identities", () => {
      expect(Object.values(s().resources("databricks_service_principal_role"))).toEqual([
        expect.objectContaining({ provider: "databricks.account", role: "account_admin", service_principal_id: deployer() }),
      ]);
    });

    it("lets the deployer run jobs as the orchestrator (Service Principal User), as restrictWorkspaceAdmins requires", () => {
      expect(s().resource("databricks_access_control_rule_set", "/Identities/RuleSet-orchestrator").block).toMatchObject({
        provider: "databricks.account",
        name: `accounts/${config().databricks.accountId}/servicePrincipals/${appId("orchestrator")}/ruleSets/default`,
        grant_rules: [{ role: "roles/servicePrincipal.user", principals: [`servicePrincipals/${appId("deployer")}`] }],
      });
    });

    it("accepts GitHub tokens only for the audiences in the policy: the Databricks account id unless configured", () => {
      const github = config().workspace.servicePrincipals.deployer.githubActions;
      if (!github) return;
      expect(s().resource("databricks_service_principal_federation_policy", "/Identities/GithubActionsFederation-deployer").block).toMatchObject({
        oidc_policy: { audiences: github.audiences ?? [config().databricks.accountId] },
      });
    });
  });

  describe("identities", () => {
    it("makes the deployer a member of platform-admins, the owner of Unity Catalog objects, so it can deploy the next layers", () => {
      expect(Object.values(s().resources("databricks_group_member"))).toEqual([
        expect.objectContaining({
          group_id: s().ref("databricks_group", "/Identities/Group-platform-admins", "id"),
          member_id: s().ref("databricks_service_principal", "/Identities/ServicePrincipal-deployer", "id"),
        }),
      ]);
    });

    it("protects the groups from destroy exactly when the environment protects data", () => {
      for (const group of Object.values(s().resources("databricks_group")))
        expect(group.lifecycle).toEqual({ prevent_destroy: config().dataProtection });
    });

    it("creates the configured groups under their shared display names", () => {
      const names = Object.values(s().resources("databricks_group"))
        .map((g) => g.display_name)
        .sort();
      expect(names).toEqual(
        Object.keys(config().workspace.groups)
          .map((k) => `lakehouse-${env}-${k}`)
          .sort(),
      );
    });

    it("leaves the workspace permission assignments to the unity-catalog layer (they need the metastore assignment)", () => {
      expect(s().resources("databricks_mws_permission_assignment")).toEqual({});
      expect(Object.keys(s().resources("time_sleep")).filter((name) => name.startsWith("WorkspaceReady"))).toEqual([]);
    });

    it("lets GitHub Actions of the stage's environment authenticate as the deployer", () => {
      expect(s().resource("databricks_service_principal_federation_policy", "/Identities/GithubActionsFederation-deployer").block).toMatchObject({
        service_principal_id: s().ref("databricks_service_principal", "/Identities/ServicePrincipal-deployer", "id"),
        oidc_policy: { issuer: "https://token.actions.githubusercontent.com", subject: `repo:data-platform/lakehouse:environment:${env}` },
      });
    });

    it("keeps the orchestrator's OAuth secret in Secrets Manager, encrypted with the data key, and in no output", () => {
      expect(s().resource("aws_secretsmanager_secret", "/OAuthSecret-orchestrator/Secret").block).toMatchObject({
        name: `lakehouse/${env}/databricks/orchestrator-oauth`,
        kms_key_id: fromNetworkStorage("data_key_arn"),
      });
      const secret = s().ref("databricks_service_principal_secret", "/OAuthSecret-orchestrator/OAuthSecret", "secret").slice(2, -1);
      expect(s().resource("aws_secretsmanager_secret_version", "/OAuthSecret-orchestrator/SecretValue").block.secret_string).toContain(secret);
      const outputs = JSON.stringify(s().json.output);
      expect(outputs).not.toContain("databricks_service_principal_secret");
      expect(outputs).not.toContain("aws_secretsmanager_secret_version");
      expect(s().json.output?.orchestrator_secret_arn.value).toBe(s().ref("aws_secretsmanager_secret", "/OAuthSecret-orchestrator/Secret", "arn"));
    });
  });

  describe("serverless egress", () => {
    it("binds an NCC of the workspace's region to the workspace", () => {
      expect(onlyBlock(s(), "databricks_mws_network_connectivity_config")).toMatchObject({
        region: config().aws.region,
        name: `lakehouse-${env}-ncc`,
      });
      expect(onlyBlock(s(), "databricks_mws_ncc_binding")).toMatchObject({
        network_connectivity_config_id: s().ref(
          "databricks_mws_network_connectivity_config",
          "/ServerlessEgress/Ncc",
          "network_connectivity_config_id",
        ),
        workspace_id: s().ref("databricks_mws_workspaces", "/Workspace/Workspace", "workspace_id"),
      });
    });

    it("restricts serverless egress to the configured destinations with a policy id of at most 32 characters, bound to the workspace", () => {
      const egress = config().workspace.serverlessEgress;
      const policy = onlyBlock(s(), "databricks_account_network_policy");
      expect((policy.network_policy_id as string).length).toBeLessThanOrEqual(32);
      expect(policy.egress).toEqual({
        network_access: {
          restriction_mode: egress.restrictionMode,
          policy_enforcement: { enforcement_mode: egress.enforcementMode },
          allowed_internet_destinations: expectedDomains(config()).map((destination) => ({ destination, internet_destination_type: "DNS_NAME" })),
          allowed_storage_destinations: [],
        },
      });
      expect(onlyBlock(s(), "databricks_workspace_network_option")).toMatchObject({
        network_policy_id: s().ref("databricks_account_network_policy", "/ServerlessEgress/NetworkPolicy", "network_policy_id"),
        workspace_id: s().ref("databricks_mws_workspaces", "/Workspace/Workspace", "workspace_id"),
      });
    });
  });

  describe("guardrails", () => {
    it("reports no finding, with the environment's settings and no suppression", () => {
      const settings = resolveGuardrailSettings({
        protectData: config().dataProtection,
        requiredTags: [...REQUIRED_TAG_KEYS],
        requirePrivateLink: config().network.privateLink.enabled,
        requireCustomerManagedKeys: config().encryption.customerManagedKeys,
        auditLogDeliveryExists: config().workspace.logDelivery.alreadyExists,
        awsAccountIds: [config().aws.accountId],
      });
      const results = evaluateStack(stacks[env], settings);
      expect(results.length).toBeGreaterThan(100);
      expect(results.filter((r) => r.status !== "pass").map((r) => `${r.ruleId} ${r.address ?? r.path}: ${r.message}`)).toEqual([]);
    });
  });

  describe("typed outputs", () => {
    it("publishes every contract field under its fixed name, with a description", () => {
      const outputs = s().json.output ?? {};
      const names = Object.keys(WorkspaceOutputs.fields).map((f) => WorkspaceOutputs.outputName(f as keyof WorkspaceOutputs));
      expect(Object.keys(outputs).sort()).toEqual(names.sort());
      for (const [field, definition] of Object.entries(WorkspaceOutputs.fields)) {
        expect(outputs[WorkspaceOutputs.outputName(field as keyof WorkspaceOutputs)].description).toBe(definition.description);
      }
    });

    it("wires the URL, id, identity maps and configuration ids to the resources that produce them", () => {
      const o = s().json.output ?? {};
      const ref = (type: string, path: string, attr: string) => s().ref(type, path, attr);
      // The URL comes through the readiness wait, so the layers that use it start only once a new workspace answers.
      expect(o.workspace_url.value).toBe(`\${time_sleep.${s().resource("time_sleep", "/Workspace/Ready").name}.triggers.workspace_url}`);
      const metastore = config().unityCatalog.metastore;
      expect(o.metastore_id.value).toBe(
        metastore.mode === "create"
          ? ref("databricks_metastore", "/Metastore/Metastore", "metastore_id")
          : (metastore.metastoreId ??
              `\${data.databricks_metastore.${s().dataSource("databricks_metastore", "/Metastore/Existing").name}.metastore_id}`),
      );
      expect(o.workspace_id.value).toBe(ref("databricks_mws_workspaces", "/Workspace/Workspace", "workspace_id"));
      expect(o.credentials_id.value).toBe(ref("databricks_mws_credentials", "/CrossAccount/Credentials", "credentials_id"));
      expect(o.network_connectivity_config_id.value).toBe(
        ref("databricks_mws_network_connectivity_config", "/ServerlessEgress/Ncc", "network_connectivity_config_id"),
      );
      expect(o.group_names.value).toEqual(Object.fromEntries(Object.keys(config().workspace.groups).map((k) => [k, `lakehouse-${env}-${k}`])));
      expect(o.group_ids.value).toEqual(
        Object.fromEntries(Object.keys(config().workspace.groups).map((k) => [k, ref("databricks_group", `/Identities/Group-${k}`, "id")])),
      );
      expect(o.service_principal_names.value).toEqual(
        Object.fromEntries(Object.keys(config().workspace.servicePrincipals).map((k) => [k, `lakehouse-${env}-${k}`])),
      );
      expect(o.service_principal_ids.value).toEqual(
        Object.fromEntries(
          Object.keys(config().workspace.servicePrincipals).map((k) => [
            k,
            ref("databricks_service_principal", `/Identities/ServicePrincipal-${k}`, "id"),
          ]),
        ),
      );
      expect(o.service_principal_application_ids.value).toEqual(
        Object.fromEntries(
          Object.keys(config().workspace.servicePrincipals).map((k) => [
            k,
            ref("databricks_service_principal", `/Identities/ServicePrincipal-${k}`, "application_id"),
          ]),
        ),
      );
      expect(o.private_access_settings_id.value).toBe(
        config().network.privateLink.enabled
          ? ref("databricks_mws_private_access_settings", "/Network/PrivateAccessSettings", "private_access_settings_id")
          : "",
      );
    });
  });
});

describe("workspace variations", () => {
  it("creates no log delivery when one already exists", () => {
    const s = synthesize(new WorkspaceStack(Testing.app(), { config: variant("prod", (c) => (c.workspace.logDelivery = { alreadyExists: true })) }));
    for (const type of ["databricks_mws_log_delivery", "databricks_mws_credentials"]) {
      expect(Object.keys(s.resources(type)).filter((n) => n.startsWith("LogDelivery"))).toEqual([]);
    }
  });

  it("delivers for every workspace of the account at account scope", () => {
    const s = synthesize(new WorkspaceStack(Testing.app(), { config: variant("dev", (c) => (c.workspace.logDelivery = { scope: "account" })) }));
    for (const d of Object.values(s.resources("databricks_mws_log_delivery"))) expect(d.workspace_ids_filter).toBeUndefined();
  });

  it("adds private endpoint rules and allowed buckets from config", () => {
    const config = variant("prod", (c) => {
      c.workspace.serverlessEgress = {
        allowedBuckets: [{ bucketName: "partner-drop", region: "us-east-1" }],
        privateEndpointRules: { landing: { endpointService: "com.amazonaws.us-east-1.s3", resourceNames: ["lakehouse-prod-landing"] } },
      };
    });
    const s = synthesize(new WorkspaceStack(Testing.app(), { config }));
    expect(s.resource("databricks_mws_ncc_private_endpoint_rule", "/ServerlessEgress/PrivateEndpoint-landing").block).toMatchObject({
      endpoint_service: "com.amazonaws.us-east-1.s3",
      resource_names: ["lakehouse-prod-landing"],
    });
    expect(
      (onlyBlock(s, "databricks_account_network_policy").egress as { network_access: Record<string, unknown> }).network_access
        .allowed_storage_destinations,
    ).toEqual([{ bucket_name: "partner-drop", region: "us-east-1", storage_destination_type: "AWS_S3" }]);
  });
});

describe("the workspace layer among the others", () => {
  it("deploys after network-storage in every environment", () => {
    const stacks = buildLakehouse(Testing.app(), Object.values(configs));
    for (const { networkStorage, workspace } of stacks) expect(workspace.dependencies).toContain(networkStorage);
  });

  it("gets a storage key policy from network-storage that names the role this stack creates", () => {
    const prod = configs.prod;
    const keys = synthesize(new NetworkStorageStack(Testing.app(), { config: prod }));
    const roleName = synthesized.prod.resource("aws_iam_role", "/CrossAccount/Role").block.name;
    const policy = JSON.parse(keys.resource("aws_kms_key", "/WorkspaceStorageKey/Key").block.policy as string);
    const ebs = policy.Statement.find((st: { Sid: string }) => st.Sid === "DatabricksClusterEbsVolumes");
    expect(ebs.Condition.ArnEquals).toEqual({ "aws:PrincipalArn": `arn:aws:iam::${prod.aws.accountId}:role/${roleName}` });
    const managed = JSON.parse(keys.resource("aws_kms_key", "/ManagedServicesKey/Key").block.policy as string);
    expect(managed.Statement.map((st: { Sid: string }) => st.Sid)).toEqual(["KeyAdministration", "DatabricksManagedServices"]);
  });

  it("gives the root bucket's key only the control plane's bucket statements without customer-managed keys (no role, no EBS)", () => {
    const keys = synthesize(new NetworkStorageStack(Testing.app(), { config: configs.dev }));
    const policy = JSON.parse(keys.resource("aws_kms_key", "/WorkspaceStorageKey/Key").block.policy as string);
    expect(policy.Statement.map((st: { Sid: string }) => st.Sid)).toEqual([
      "KeyAdministration",
      "DatabricksWorkspaceStorage",
      "DatabricksWorkspaceStorageGrants",
    ]);
    expect(JSON.stringify(policy)).not.toContain("databricks-cross-account");
  });
});

/** The configured domains, and those serverless ingestion reaches (Kinesis, Salesforce) under restricted egress. */
function expectedDomains(config: EnvironmentConfig): string[] {
  return [...new Set([...config.workspace.serverlessEgress.allowedDomains, ...serverlessIngestionDomains(config)])];
}
