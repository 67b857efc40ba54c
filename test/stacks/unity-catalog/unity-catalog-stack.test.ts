import { Testing } from "cdktf";
import { ENVIRONMENTS, validateEnvironments, type EnvironmentConfig, type EnvironmentInput } from "../../../environments";
import { UNIFORM_TABLE_PROPERTIES } from "../../../modules/databricks/unity-catalog/medallion-catalog";
import { ALL_USERS_PRINCIPALS, SCHEMA_CREATE_MODELS, SCHEMA_READ, SCHEMA_WRITE } from "../../../modules/databricks/unity-catalog/privileges";
import { evaluateStack, resolveGuardrailSettings } from "../../../modules/policy";
import { buildLakehouse } from "../../../stacks/lakehouse";
import { REQUIRED_TAG_KEYS } from "../../../stacks/shared/layer-stack";
import { accountGroupName } from "../../../stacks/shared/names";
import { UnityCatalogOutputs } from "../../../stacks/unity-catalog/outputs";
import { UnityCatalogStack } from "../../../stacks/unity-catalog/unity-catalog-stack";
import { Naming } from "../../../modules/core/naming";
import { synthesize, type Block, type SynthesizedStack } from "../../synth-json";
import { asList, statement, statementsOf } from "../../modules/databricks/unity-catalog/uc-fixture";

const configs = Object.fromEntries(validateEnvironments(Object.values(ENVIRONMENTS)).map((c) => [c.name, c])) as Record<string, EnvironmentConfig>;
const stacks: Record<string, UnityCatalogStack> = {};
const synthesized: Record<string, SynthesizedStack> = {};
beforeAll(() => {
  for (const name of Object.keys(configs)) {
    stacks[name] = new UnityCatalogStack(Testing.app(), { config: configs[name] });
    synthesized[name] = synthesize(stacks[name]);
  }
});

const fromNetworkStorage = (output: string) => `\${data.terraform_remote_state.network-storage.outputs.${output}}`;
const fromWorkspace = (output: string) => `\${data.terraform_remote_state.workspace.outputs.${output}}`;
/** One entry of a map output of the workspace layer, as `Fn.lookup(map, key)` renders it: `map.key` or `map["key-with-hyphens"]`. */
const fromWorkspaceMap = (output: string, key: string) =>
  fromWorkspace(/^[_a-zA-Z][_a-zA-Z0-9]*$/.test(key) ? `${output}.${key}` : `${output}["${key}"]`);

/** Every block of every Databricks resource and data source, with its address. */
function databricksBlocks(s: SynthesizedStack): { address: string; block: Block }[] {
  return (["resource", "data"] as const).flatMap((kind) =>
    Object.entries((s.json[kind] ?? {}) as Record<string, Record<string, Block>>)
      .filter(([type]) => type.startsWith("databricks_"))
      .flatMap(([type, byName]) =>
        Object.entries(byName).map(([name, block]) => ({ address: `${kind === "data" ? "data." : ""}${type}.${name}`, block })),
      ),
  );
}

/** Addresses a block depends on: `depends_on` entries and `${type.name...}` references. */
function directDependencies(block: Block): string[] {
  const text = JSON.stringify({ ...block, "//": undefined });
  const refs = [...text.matchAll(/\$\{(?:[a-z]+\()*((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)/g)].map((m) => m[1]);
  return [...new Set([...((block.depends_on as string[] | undefined) ?? []), ...refs])];
}

/** Every address `address` depends on, directly or not. */
function closure(s: SynthesizedStack, address: string, seen = new Set<string>()): Set<string> {
  const [first, ...rest] = address.split(".");
  const [type, name] = first === "data" ? rest : [first, rest[0]];
  const block = (first === "data" ? s.dataSources(type) : s.resources(type))[name];
  for (const dep of block ? directDependencies(block) : []) {
    if (!seen.has(dep)) {
      seen.add(dep);
      closure(s, dep, seen);
    }
  }
  return seen;
}

const TRUST_POLICY = "databricks_aws_unity_catalog_assume_role_policy";
const UC_MASTER_ROLE_ARN = "arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL";

/** The grant list of the `databricks_grants` at a construct path suffix. */
function grantsAt(s: SynthesizedStack, pathSuffix: string): { principal: string; privileges: string[] }[] {
  return s.resource("databricks_grants", pathSuffix).block.grant as { principal: string; privileges: string[] }[];
}

/** The principal name the stack uses for a config key. */
function principalOf(config: EnvironmentConfig, key: string): string {
  if (key in config.workspace.servicePrincipals) return fromWorkspace(`service_principal_application_ids.${key}`);
  return accountGroupName(new Naming(config.project.prefix, config.name), key);
}

/** A registered stage changed by `change`, validated alone. */
function variant(stage: "dev" | "staging" | "prod", change: (input: EnvironmentInput) => EnvironmentInput): EnvironmentConfig {
  return validateEnvironments([{ source: `environments/${stage}.ts`, input: change(structuredClone(ENVIRONMENTS[stage].input)) }])[0];
}

describe.each(Object.keys(ENVIRONMENTS))("unity-catalog in %s", (env) => {
  const s = () => synthesized[env];
  const config = () => configs[env];
  const uc = () => configs[env].unityCatalog;
  const group = (key: string) => principalOf(config(), key);

  describe("providers and cross-stack wiring", () => {
    it("points the workspace-level provider at the workspace URL from the workspace layer's state", () => {
      expect(s().json.provider?.databricks).toEqual([
        { alias: "account", host: "https://accounts.cloud.databricks.com", account_id: config().databricks.accountId },
        { alias: "workspace", host: fromWorkspace("workspace_url") },
      ]);
    });

    it("passes a provider to every Databricks block: the account one only for the metastore assignment, the workspace permission assignments and the checks of sharing environments", () => {
      const blocks = databricksBlocks(s());
      const account = blocks.filter((b) => b.block.provider === "databricks.account").map((b) => b.address.replace(/\.[^.]+$/, ""));
      expect(blocks.filter((b) => b.block.provider !== "databricks.account" && b.block.provider !== "databricks.workspace")).toEqual([]);
      const shares = uc().metastore.mode === "create" && (uc().metastore as { sharedWith: unknown[] }).sharedWith.length > 0;
      expect(new Set(account)).toEqual(
        new Set([
          "databricks_metastore_assignment",
          "databricks_mws_permission_assignment",
          ...(shares ? ["data.databricks_service_principals"] : []),
        ]),
      );
    });

    it("reads network-storage and workspace from their remote states", () => {
      const states = s().dataSources("terraform_remote_state");
      expect(states["network-storage"]).toMatchObject({
        backend: "s3",
        config: { key: `${env}/network-storage.tfstate`, bucket: config().state.bucket },
      });
      expect(states.workspace).toMatchObject({ backend: "s3", config: { key: `${env}/workspace.tfstate`, bucket: config().state.bucket } });
    });

    it("makes every workspace-level resource wait for the metastore assignment", () => {
      const wait = `time_sleep.${s().resource("time_sleep", "/Metastore/AssignmentWait").name}`;
      // databricks_aws_unity_catalog_policy renders JSON from its arguments, with no call to the workspace.
      const workspaceLevel = databricksBlocks(s()).filter(
        (b) => b.block.provider === "databricks.workspace" && !b.address.startsWith("data.databricks_aws_unity_catalog_policy."),
      );
      expect(workspaceLevel.length).toBeGreaterThan(30);
      expect(workspaceLevel.filter((b) => !closure(s(), b.address).has(wait)).map((b) => b.address)).toEqual([]);
    });

    it("makes every workspace-level resource wait for the deployer's workspace assignment (it deploys this layer)", () => {
      const deployer = `databricks_mws_permission_assignment.${s().resource("databricks_mws_permission_assignment", "/WorkspaceAssignments/ServicePrincipal-deployer").name}`;
      const workspaceLevel = databricksBlocks(s()).filter(
        (b) => b.block.provider === "databricks.workspace" && !b.address.startsWith("data.databricks_aws_unity_catalog_policy."),
      );
      expect(workspaceLevel.filter((b) => !closure(s(), b.address).has(deployer)).map((b) => b.address)).toEqual([]);
    });
  });

  describe("metastore", () => {
    it("creates no metastore: the workspace layer makes (or checks) it before the workspace", () => {
      expect(s().resources("databricks_metastore")).toEqual({});
      expect(s().dataSources("databricks_metastore")).toEqual({});
    });

    it("assigns the metastore the workspace layer made or checked to the workspace, both from its contract", () => {
      expect(s().resource("databricks_metastore_assignment", "/Metastore/Assignment").block).toMatchObject({
        workspace_id: fromWorkspace("workspace_id"),
        metastore_id: fromWorkspace("metastore_id"),
      });
    });

    it("assigns each group and service principal to the workspace with its configured permission, after the metastore assignment", () => {
      const metastoreAssignment = `databricks_metastore_assignment.${s().resource("databricks_metastore_assignment", "/Metastore/Assignment").name}`;
      const settleWait = `time_sleep.${s().resource("time_sleep", "/Metastore/AssignmentWait").name}`;
      const { groups, servicePrincipals } = config().workspace;
      const expected = (kind: string, output: string, specs: Record<string, { workspacePermission?: string }>) =>
        Object.entries(specs)
          .filter(([, spec]) => spec.workspacePermission !== undefined)
          .map(([key, spec]) => ({
            path: `/WorkspaceAssignments/${kind}-${key}`,
            principalId: fromWorkspaceMap(output, key),
            permission: spec.workspacePermission,
          }));
      const all = [...expected("Group", "group_ids", groups), ...expected("ServicePrincipal", "service_principal_ids", servicePrincipals)];
      expect(all.length).toBeGreaterThanOrEqual(6);
      for (const { path, principalId, permission } of all) {
        const { block } = s().resource("databricks_mws_permission_assignment", path);
        expect(block).toMatchObject({
          workspace_id: fromWorkspace("workspace_id"),
          principal_id: principalId,
          permissions: [permission],
          provider: "databricks.account",
        });
        expect(block.depends_on).toEqual(expect.arrayContaining([metastoreAssignment, settleWait]));
      }
      expect(Object.keys(s().resources("databricks_mws_permission_assignment"))).toHaveLength(all.length);
    });

    it("grants each environment listed in sharedWith its metastore privileges (non-authoritative, through the workspace, after the assignment)", () => {
      const { metastore } = uc();
      const grants = Object.values(s().resources("databricks_grant")).filter((g) => g.metastore !== undefined);
      expect(Object.values(s().resources("databricks_grants")).filter((g) => g.metastore !== undefined)).toEqual([]);
      if (metastore.mode !== "create" || metastore.sharedWith.length === 0) {
        expect(grants).toEqual([]);
        return;
      }
      const assignment = `databricks_metastore_assignment.${s().resource("databricks_metastore_assignment", "/Metastore/Assignment").name}`;
      const settleWait = `time_sleep.${s().resource("time_sleep", "/Metastore/AssignmentWait").name}`;
      expect(grants).toHaveLength(metastore.sharedWith.length);
      for (const { environment, group: key } of metastore.sharedWith) {
        const principal = accountGroupName(new Naming(config().project.prefix, environment), key);
        const { block } = s().resource("databricks_grant", `/Metastore/Grant-${principal}`);
        expect(block).toMatchObject({
          provider: "databricks.workspace",
          metastore: fromWorkspace("metastore_id"),
          principal,
          privileges: ["CREATE_CATALOG", "CREATE_CONNECTION", "CREATE_EXTERNAL_LOCATION", "CREATE_SERVICE_CREDENTIAL", "CREATE_STORAGE_CREDENTIAL"],
        });
        expect(block.depends_on).toEqual(expect.arrayContaining([assignment, settleWait]));
        expect(new Set(block.depends_on as string[]).size).toBe((block.depends_on as string[]).length);
        // The plan stops first, naming what to deploy, when the sharing environment's workspace layer is not there.
        const check = s().dataSource("databricks_service_principals", `/Deployed-${environment}`);
        expect(block.depends_on).toContain(`data.databricks_service_principals.${check.name}`);
        expect(check.block).toMatchObject({
          provider: "databricks.account",
          display_name_contains: `${config().project.prefix}-${environment}-deployer`,
          lifecycle: {
            postcondition: [
              {
                condition: "${try(length(self.application_ids), 0) > 0}",
                error_message: expect.stringContaining(
                  `deploy ${environment}-workspace first, then this unity-catalog layer, then ${environment}-unity-catalog`,
                ),
              },
            ],
          },
        });
      }
    });

    it("makes the first catalog the workspace's default namespace", () => {
      const first = uc().catalogs[0].name;
      expect(s().resource("databricks_default_namespace_setting", "/DefaultNamespace").block.namespace).toEqual({
        value: s().ref("databricks_catalog", `/Catalog-${first}/Catalog`, "name"),
      });
    });
  });

  describe("workspace settings", () => {
    it("sets the token lifetime and turns IP access lists on exactly when the config has lists", () => {
      const conf = s().resource("databricks_workspace_conf", "/WorkspaceHardening/WorkspaceConf").block.custom_config as Record<string, string>;
      const lists = [...uc().workspaceSecurity.ipAccessLists.allow, ...uc().workspaceSecurity.ipAccessLists.block];
      expect(conf.maxTokenLifetimeDays).toBe(String(uc().workspaceSecurity.maxTokenLifetimeDays));
      expect(conf.enableIpAccessLists).toBe(lists.length > 0 ? "true" : undefined);
      expect(Object.values(s().resources("databricks_ip_access_list")).map((l) => [l.label, l.ip_addresses])).toEqual(
        lists.map((l) => [l.label, l.cidrs]),
      );
    });

    it("applies the compliance security profile, monitoring and cluster updates as configured", () => {
      const security = uc().workspaceSecurity;
      const csp = Object.values(s().resources("databricks_compliance_security_profile_workspace_setting"));
      expect(csp.map((c) => c.compliance_security_profile_workspace)).toEqual(
        security.complianceSecurityProfile ? [{ is_enabled: true, compliance_standards: security.complianceSecurityProfile }] : [],
      );
      expect(Object.keys(s().resources("databricks_enhanced_security_monitoring_workspace_setting"))).toHaveLength(
        security.enhancedSecurityMonitoring ? 1 : 0,
      );
      expect(Object.keys(s().resources("databricks_automatic_cluster_update_workspace_setting"))).toHaveLength(
        security.automaticClusterUpdate ? 1 : 0,
      );
      expect(Object.keys(s().resources("databricks_restrict_workspace_admins_setting"))).toHaveLength(security.restrictWorkspaceAdmins ? 1 : 0);
    });

    it("disables legacy access and the DBFS root", () => {
      expect(Object.values(s().resources("databricks_disable_legacy_access_setting")).map((b) => b.disable_legacy_access)).toEqual([{ value: true }]);
      expect(Object.values(s().resources("databricks_disable_legacy_dbfs_setting")).map((b) => b.disable_legacy_dbfs)).toEqual([{ value: true }]);
    });
  });

  describe("storage credential", () => {
    const roleName = () => `${config().project.prefix}-${env}-uc-data-access`;

    it("names the role by the ARN built from its fixed name", () => {
      expect(s().resource("databricks_storage_credential", "/StorageCredential/Credential").block.aws_iam_role).toEqual({
        role_arn: `arn:aws:iam::${config().aws.accountId}:role/${roleName()}`,
      });
    });

    it("trusts the Unity Catalog master role and itself, with the credential's external id", () => {
      const credential = s().resource("databricks_storage_credential", "/StorageCredential/Credential").name;
      const trust = s().dataSource(TRUST_POLICY, "/StorageCredential/Role/TrustPolicy");
      const role = s().resource("aws_iam_role", "/StorageCredential/Role/Role").block;
      expect(trust.block).toMatchObject({
        provider: "databricks.workspace",
        aws_account_id: config().aws.accountId,
        role_name: roleName(),
        external_id: `\${databricks_storage_credential.${credential}.aws_iam_role[0].external_id}`,
        unity_catalog_iam_arn: UC_MASTER_ROLE_ARN,
      });
      expect(role.name).toBe(trust.block.role_name);
      expect(role.assume_role_policy).toBe(`\${data.${TRUST_POLICY}.${trust.name}.json}`);
    });

    const permissions = () => s().dataSource("aws_iam_policy_document", "/StorageCredential/Permissions");
    /** Statements of the policy JSON documents this stack writes itself (not the data sources' references). */
    const ownStatements = () =>
      [...(permissions().block.source_policy_documents as string[]), ...(permissions().block.override_policy_documents as string[])]
        .filter((d) => !d.startsWith("${"))
        .flatMap((d) => statementsOf({ d }, "d"));

    it("takes the read-write buckets' permissions from one databricks_aws_unity_catalog_policy each, with the data key", () => {
      // The lakehouse buckets of network-storage; a catalog's dedicated bucket has its own key (tested below).
      const policies = Object.values(s().dataSources("databricks_aws_unity_catalog_policy")).filter((p) =>
        String(p.bucket_name).includes("network-storage"),
      );
      expect(policies.map((p) => ({ ...p, "//": undefined }))).toEqual(
        ["unity_catalog_bucket_name", "medallion_bucket_name"].map((bucket) => ({
          provider: "databricks.workspace",
          aws_account_id: config().aws.accountId,
          bucket_name: fromNetworkStorage(bucket),
          kms_name: fromNetworkStorage("data_key_arn"),
          role_name: roleName(),
          "//": undefined,
        })),
      );
    });

    it("merges them into the role's one policy through aws_iam_policy_document, with our file-event statements last", () => {
      const names = Object.keys(s().dataSources("databricks_aws_unity_catalog_policy"));
      const overrides = permissions().block.override_policy_documents as string[];
      expect(overrides.slice(0, names.length)).toEqual(names.map((n) => `\${data.databricks_aws_unity_catalog_policy.${n}.json}`));
      expect(overrides).toHaveLength(names.length + 1);
      expect(statementsOf({ d: overrides[names.length] }, "d").map((p) => p.Sid)).toEqual([
        "ManagedFileEventsSetupStatement",
        "ManagedFileEventsListStatement",
        "ManagedFileEventsTeardownStatement",
      ]);
      const role = s().ref("aws_iam_role", "/StorageCredential/Role/Role", "id");
      expect(Object.values(s().resources("aws_iam_role_policy")).filter((p) => p.role === role)).toHaveLength(1);
      expect(s().resource("aws_iam_role_policy", "/StorageCredential/Role/Policy").block.policy).toBe(
        `\${data.aws_iam_policy_document.${permissions().name}.json}`,
      );
    });

    it("only reads the landing zone: get and list with decrypt, never put or delete, and file events on it alone", () => {
      const landing = fromNetworkStorage("landing_bucket_name");
      const own = ownStatements();
      expect(statement(own, "ReadOnlyObjects")).toMatchObject({
        Action: ["s3:GetObject", "s3:GetObjectVersion"],
        Resource: `arn:aws:s3:::${landing}/*`,
      });
      expect(statement(own, "ReadOnlyBuckets")).toMatchObject({
        Action: ["s3:ListBucket", "s3:GetBucketLocation"],
        Resource: `arn:aws:s3:::${landing}`,
      });
      expect(statement(own, "ReadOnlyKey")).toMatchObject({ Action: "kms:Decrypt", Resource: fromNetworkStorage("data_key_arn") });
      const onLanding = own.filter((p) => asList(p.Resource).some((r) => r.startsWith(`arn:aws:s3:::${landing}`)));
      expect(
        onLanding.flatMap((p) => asList(p.Action)).filter((a) => ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"].includes(a)),
      ).toEqual([]);
      const queues = ["sqs", "sns"].map((service) => `arn:aws:${service}:${config().aws.region}:${config().aws.accountId}:csms-*`);
      expect(statement(own, "ManagedFileEventsSetupStatement").Resource).toEqual([`arn:aws:s3:::${landing}`, ...queues]);
      expect(Object.values(s().dataSources("databricks_aws_unity_catalog_policy")).map((p) => p.bucket_name)).not.toContain(landing);
    });

    it("creates the external locations only after IAM has propagated", () => {
      const wait = `time_sleep.${s().resource("time_sleep", "/StorageCredential/Role/PropagationWait").name}`;
      for (const location of Object.values(s().resources("databricks_external_location"))) expect(location.depends_on).toContain(wait);
    });
  });

  describe("external locations", () => {
    const location = (id: string) => s().resource("databricks_external_location", `/StorageCredential/${id}/Location`).block;

    it("covers the Unity Catalog bucket, each medallion prefix and the landing zone, isolated to the workspace", () => {
      expect(location("CatalogStorage").url).toBe(`s3://${fromNetworkStorage("unity_catalog_bucket_name")}/`);
      for (const layer of ["Bronze", "Silver", "Gold"]) {
        expect(location(layer)).toMatchObject({
          url: `s3://${fromNetworkStorage("medallion_bucket_name")}/${layer.toLowerCase()}/`,
          read_only: false,
        });
      }
      expect(location("Landing").url).toBe(`s3://${fromNetworkStorage("landing_bucket_name")}/`);
      for (const block of Object.values(s().resources("databricks_external_location"))) expect(block.isolation_mode).toBe("ISOLATION_MODE_ISOLATED");
    });

    it("makes the landing location read-only with file events for Auto Loader", () => {
      expect(location("Landing")).toMatchObject({ read_only: true, enable_file_events: true, file_event_queue: { managed_sqs: {} } });
    });

    it("states SSE-KMS with the data key on every location over the lakehouse buckets, the read-only landing one included", () => {
      const sseKms = { sse_encryption_details: { algorithm: "AWS_SSE_KMS", aws_kms_key_arn: fromNetworkStorage("data_key_arn") } };
      expect(location("Landing").encryption_details).toEqual(sseKms);
      const all = Object.values(s().resources("databricks_external_location"));
      const locations = all.filter((b) => !b["//"]?.metadata.path.includes("/CatalogStorage-"));
      expect(locations).toHaveLength(5);
      expect(all).toHaveLength(5 + uc().catalogs.filter((c) => c.dedicatedKey).length);
      for (const block of locations) expect(block.encryption_details).toEqual(sseKms);
    });

    it("lets bronze writers and pipelines read the landing files", () => {
      const { grants } = uc();
      expect(grantsAt(s(), "/StorageCredential/Landing/Grants/Grants")).toEqual(
        [...new Set([...grants.bronze.write, ...grants.pipelines])].map((k) => ({ principal: group(k), privileges: ["READ_FILES"] })),
      );
    });
  });

  describe("medallion catalogs", () => {
    it("puts each catalog without a dedicated key on its own prefix of the Unity Catalog bucket, isolated and bound to this workspace", () => {
      for (const c of uc().catalogs.filter((catalog) => !catalog.dedicatedKey)) {
        const name = `${config().project.prefix}_${env.replace(/-/g, "_")}_${c.name}`;
        expect(s().resource("databricks_catalog", `/Catalog-${c.name}/Catalog`).block).toMatchObject({
          name,
          storage_root: `s3://${fromNetworkStorage("unity_catalog_bucket_name")}/${name}`,
          isolation_mode: "ISOLATED",
          owner: group(uc().grants.owner),
          lifecycle: { prevent_destroy: config().dataProtection },
        });
        expect(s().resource("databricks_workspace_binding", `/Catalog-${c.name}/Binding0`).block).toMatchObject({
          workspace_id: fromWorkspace("workspace_id"),
          securable_type: "catalog",
        });
      }
    });

    it("gives bronze, silver and gold managed storage under their medallion prefixes", () => {
      for (const c of uc().catalogs) {
        const name = `${config().project.prefix}_${env.replace(/-/g, "_")}_${c.name}`;
        for (const layer of ["bronze", "silver", "gold"]) {
          const id = layer.charAt(0).toUpperCase() + layer.slice(1);
          expect(s().resource("databricks_schema", `/Catalog-${c.name}/${id}/Schema`).block.storage_root).toBe(
            `s3://${fromNetworkStorage("medallion_bucket_name")}/${layer}/${name}/${layer}`,
          );
        }
      }
    });

    it("grants each layer's schemas to its writers (and the pipelines) and readers, as the config says", () => {
      const { grants } = uc();
      for (const c of uc().catalogs) {
        const schemas: [string, "bronze" | "silver" | "gold"][] = [
          ["Bronze", "bronze"],
          ["Silver", "silver"],
          ["Gold", "gold"],
          ...c.domainSchemas.map((d) => [`Schema-${d.name}`, d.layer] as [string, "bronze" | "silver" | "gold"]),
        ];
        for (const [id, layer] of schemas) {
          const writers = [...new Set([...grants[layer].write, ...grants.pipelines])];
          const expected = [
            ...writers.map((k) => ({ principal: group(k), privileges: [...SCHEMA_WRITE] })),
            ...grants[layer].read.map((k) => ({ principal: group(k), privileges: [...SCHEMA_READ] })),
          ];
          expect(grantsAt(s(), `/Catalog-${c.name}/${id}/Grants/Grants`)).toEqual(expected);
        }
        if (c.mlSchema)
          expect(grantsAt(s(), `/Catalog-${c.name}/Ml/Grants/Grants`)).toEqual(
            grants.ml.createModels.map((k) => ({ principal: group(k), privileges: [...SCHEMA_CREATE_MODELS] })),
          );
      }
    });

    it("lets exactly the principals granted in a catalog use it", () => {
      const { grants } = uc();
      const everyone = new Set(
        [
          ...["bronze", "silver", "gold"].flatMap((l) => [...grants[l as "gold"].write, ...grants[l as "gold"].read]),
          ...grants.pipelines,
          ...grants.ml.createModels,
          ...grants.ml.read,
        ].map(group),
      );
      for (const c of uc().catalogs) {
        const catalogGrants = grantsAt(s(), `/Catalog-${c.name}/Grants/Grants`);
        expect(new Set(catalogGrants.map((g) => g.principal))).toEqual(everyone);
        for (const g of catalogGrants) expect(g.privileges).toEqual(["USE_CATALOG"]);
      }
    });

    it("has the landing volume over the catalog's landing prefix, and the configured managed volumes", () => {
      for (const c of uc().catalogs) {
        const name = `${config().project.prefix}_${env.replace(/-/g, "_")}_${c.name}`;
        if (c.landingVolume) {
          expect(s().resource("databricks_volume", `/Catalog-${c.name}/Bronze/LandingVolume`).block).toMatchObject({
            name: "landing",
            volume_type: "EXTERNAL",
            storage_location: `s3://${fromNetworkStorage("landing_bucket_name")}/${name}/`,
          });
        }
        for (const v of c.volumes)
          expect(s().resource("databricks_volume", `/Volume-${v.name}`).block).toMatchObject({ name: v.name, volume_type: "MANAGED" });
      }
    });

    it("records UniForm on gold and publishes the table properties pipelines set", () => {
      for (const c of uc().catalogs) {
        expect(s().resource("databricks_schema", `/Catalog-${c.name}/Gold/Schema`).block.properties).toEqual(
          c.uniformGold
            ? { "lakehouse.default-table-properties": "delta.enableIcebergCompatV2=true,delta.universalFormat.enabledFormats=iceberg" }
            : undefined,
        );
      }
      expect(s().json.output?.gold_table_properties.value).toEqual({
        "delta.enableIcebergCompatV2": "true",
        "delta.universalFormat.enabledFormats": "iceberg",
      });
      expect(UNIFORM_TABLE_PROPERTIES).toEqual(s().json.output?.gold_table_properties.value);
    });

    it("grants nothing to everyone in the account", () => {
      const principals = [
        ...Object.values(s().resources("databricks_grants")).flatMap((g) => (g.grant as { principal: string }[]).map((x) => x.principal)),
        ...Object.values(s().resources("databricks_grant")).map((g) => g.principal as string),
      ];
      expect(principals.length).toBeGreaterThan(10);
      expect(principals.filter((p) => ALL_USERS_PRINCIPALS.includes(p.trim().toLowerCase()))).toEqual([]);
    });
  });

  describe("dedicated catalog storage", () => {
    it("gives each catalog with dedicatedKey its own bucket and key, its own external location, and its managed storage there", () => {
      const dedicated = uc().catalogs.filter((c) => c.dedicatedKey);
      expect(Object.keys(s().resources("aws_s3_bucket"))).toHaveLength(dedicated.length);
      for (const catalog of dedicated) {
        const component = `catalog-${catalog.name.replace(/_/g, "-")}`;
        const bucket = s().resource("aws_s3_bucket", `/CatalogBucket-${catalog.name}/Bucket`);
        expect(bucket.block.bucket).toBe(`${config().project.prefix}-${env}-${component}-${config().aws.accountId}`);
        const keyArn = s().ref("aws_kms_key", `/CatalogKey-${catalog.name}/Key`, "arn");
        expect(s().resource("aws_s3_bucket_server_side_encryption_configuration", `/CatalogBucket-${catalog.name}/Encryption`).block).toMatchObject({
          rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: keyArn } }],
        });
        // The credential's role may use that key for that bucket (its own databricks_aws_unity_catalog_policy).
        const policy = Object.values(s().dataSources("databricks_aws_unity_catalog_policy")).find(
          (p) => p.bucket_name === s().ref("aws_s3_bucket", `/CatalogBucket-${catalog.name}/Bucket`, "bucket"),
        );
        expect(policy?.kms_name).toBe(keyArn);
        const location = s().resource("databricks_external_location", `/CatalogStorage-${catalog.name}/Location`);
        expect(location.block).toMatchObject({
          url: `s3://${s().ref("aws_s3_bucket", `/CatalogBucket-${catalog.name}/Bucket`, "bucket")}/`,
          encryption_details: { sse_encryption_details: { algorithm: "AWS_SSE_KMS", aws_kms_key_arn: keyArn } },
        });
        const created = s().resource("databricks_catalog", `/Catalog-${catalog.name}/Catalog`).block;
        expect(created.storage_root).toBe(
          `s3://${s().ref("aws_s3_bucket", `/CatalogBucket-${catalog.name}/Bucket`, "bucket")}/${config().project.prefix}_${env.replace(/-/g, "_")}_${catalog.name}`,
        );
        expect(created.depends_on).toContain(`databricks_external_location.${location.name}`);
      }
    });
  });

  describe("system tables", () => {
    it("grants nothing on system tables in a stage that shares another's metastore", () => {
      const shared = uc().metastore.mode === "existing";
      expect(Object.keys(s().resources("databricks_grant")).some((n) => n.startsWith("SystemTables"))).toBe(!shared);
    });

    it("enables the configured system schemas and lets the readers read the configured ones", () => {
      const { systemTables } = uc();
      expect(Object.values(s().resources("databricks_system_schema")).map((b) => b.schema)).toEqual(systemTables.enable);
      const grants = Object.values(s().resources("databricks_grant")).filter((g) => g.metastore === undefined);
      expect(grants.map((g) => g.catalog ?? g.schema)).toEqual(
        systemTables.readers.flatMap(() => ["system", ...systemTables.read.map((r) => `system.${r}`)]),
      );
      expect(new Set(grants.map((g) => g.principal))).toEqual(new Set(systemTables.readers.map(group)));
    });
  });

  describe("federation", () => {
    it("reads every connection secret by reference: no literal user or password", () => {
      for (const connection of Object.values(s().resources("databricks_connection"))) {
        const options = connection.options as Record<string, string>;
        for (const key of ["user", "password"].filter((k) => k in options)) {
          expect(options[key]).toMatch(
            /^\$\{sensitive\(jsondecode\(data\.aws_secretsmanager_secret_version\.[^.]+\.secret_string\)\.(username|password)\)\}$/,
          );
        }
      }
      expect(JSON.stringify(s().json)).not.toMatch(/_plaintext|"password":\s*"[^$]/);
    });

    it("federates Redshift exactly when configured, from the warehouse created here or the given host and secret", () => {
      const rs = uc().redshift;
      const connections = Object.values(s().resources("databricks_connection")).filter((c) => c.connection_type === "REDSHIFT");
      expect(connections).toHaveLength(rs ? 1 : 0);
      if (!rs) return;
      const [secret] = Object.values(s().dataSources("aws_secretsmanager_secret_version"));
      if (rs.serverless) {
        expect((connections[0].options as Record<string, string>).host).toBe(
          s().ref("aws_redshiftserverless_workgroup", "/RedshiftWarehouse/Workgroup", "endpoint[0].address"),
        );
        // The federation reads a read-only user's secret, never the warehouse's Redshift-managed admin secret.
        expect(secret.secret_id).toBe(rs.credentialsSecret);
        expect(JSON.stringify(s().json.data)).not.toContain("admin_password_secret_arn");
        expect(s().resource("aws_redshiftserverless_workgroup", "/RedshiftWarehouse/Workgroup").block).toMatchObject({
          publicly_accessible: false,
          subnet_ids: fromNetworkStorage("workspace_subnet_ids"),
        });
        expect(s().resource("aws_redshiftserverless_namespace", "/RedshiftWarehouse/Namespace").block.kms_key_id).toBe(
          fromNetworkStorage("data_key_arn"),
        );
        expect(Object.values(s().resources("aws_vpc_security_group_ingress_rule")).map((r) => r.referenced_security_group_id)).toEqual([
          fromNetworkStorage("workspace_security_group_id"),
        ]);
      } else {
        expect((connections[0].options as Record<string, string>).host).toBe(rs.host);
        expect(secret.secret_id).toBe(rs.credentialsSecret);
      }
      expect(rs.credentialsSecret).toBe(`lakehouse/${env}/redshift/federation-reader`);
      expect(grantsAt(s(), "/Redshift/Federation/CatalogGrants/Grants").map((g) => g.principal)).toEqual(rs.readers.map(group));
    });

    it("federates Glue through a service credential with authorized paths in the landing bucket", () => {
      const glue = uc().glue;
      expect(Object.keys(s().resources("databricks_credential"))).toHaveLength(glue ? 1 : 0);
      if (!glue) return;
      const credential = s().resource("databricks_credential", "/Glue/ServiceCredential");
      expect(credential.block.purpose).toBe("SERVICE");
      const trust = s().dataSource(TRUST_POLICY, "/Glue/Role/TrustPolicy");
      const role = s().resource("aws_iam_role", "/Glue/Role/Role").block;
      expect(trust.block).toMatchObject({
        provider: "databricks.workspace",
        aws_account_id: config().aws.accountId,
        role_name: role.name,
        external_id: `\${databricks_credential.${credential.name}.aws_iam_role[0].external_id}`,
        unity_catalog_iam_arn: UC_MASTER_ROLE_ARN,
      });
      expect(role.assume_role_policy).toBe(`\${data.${TRUST_POLICY}.${trust.name}.json}`);
      expect(s().resource("databricks_catalog", "/Glue/Federation/Catalog").block.options).toEqual({
        authorized_paths: glue.landingPrefixes.map((p) => `s3://${fromNetworkStorage("landing_bucket_name")}/${p}`).join(","),
      });
      expect(grantsAt(s(), "/Glue/Federation/CatalogGrants/Grants").map((g) => g.principal)).toEqual(glue.readers.map(group));
    });
  });

  describe("contract and guardrails", () => {
    it("publishes every field of the contract as a fixed-name output", () => {
      const names = Object.keys(UnityCatalogOutputs.fields).map((f) => UnityCatalogOutputs.outputName(f as keyof UnityCatalogOutputs));
      expect(Object.keys(s().json.output ?? {}).sort()).toEqual([...names].sort());
      expect(s().json.output?.landing_volume_path.value).toBe(
        `/Volumes/${config().project.prefix}_${env.replace(/-/g, "_")}_${uc().catalogs[0].name}/bronze/landing`,
      );
    });

    it("passes every guardrail without a suppression", () => {
      const settings = resolveGuardrailSettings({
        protectData: config().dataProtection,
        requiredTags: [...REQUIRED_TAG_KEYS],
        requirePrivateLink: config().network.privateLink.enabled,
        requireCustomerManagedKeys: config().encryption.customerManagedKeys,
        awsAccountIds: [config().aws.accountId],
      });
      expect(evaluateStack(stacks[env], settings).filter((r) => r.status !== "pass")).toEqual([]);
    });
  });
});

describe("unity-catalog variations", () => {
  it("grants prod's metastore privileges to staging's platform admins, and to nobody in dev or staging", () => {
    const metastoreGrants = (env: string) => Object.values(synthesized[env].resources("databricks_grant")).filter((g) => g.metastore !== undefined);
    expect(metastoreGrants("prod").map((g) => g.principal)).toEqual(["lakehouse-staging-platform-admins"]);
    expect(metastoreGrants("dev")).toEqual([]);
    expect(metastoreGrants("staging")).toEqual([]);
  });

  it("assigns no group or service principal that the config gives no workspace permission", () => {
    const config = variant("staging", (input) => ({
      ...input,
      workspace: {
        ...input.workspace,
        groups: {
          "platform-admins": { workspacePermission: "ADMIN" },
          "data-engineers": {},
          analysts: { workspacePermission: "USER" },
          "data-scientists": {},
        },
        servicePrincipals: { ...input.workspace?.servicePrincipals, orchestrator: { usableBy: ["deployer"] } },
      },
    }));
    const s = synthesize(new UnityCatalogStack(Testing.app(), { config }));
    const assigned = Object.values(s.resources("databricks_mws_permission_assignment")).map((b) => [b.principal_id, b.permissions]);
    expect(assigned).toEqual([
      [fromWorkspaceMap("group_ids", "platform-admins"), ["ADMIN"]],
      [fromWorkspaceMap("group_ids", "analysts"), ["USER"]],
      [fromWorkspaceMap("service_principal_ids", "deployer"), ["ADMIN"]],
    ]);
  });

  it("federates an external Hive metastore with credentials from Secrets Manager", () => {
    const config = variant("prod", (input) => ({
      ...input,
      unityCatalog: {
        ...input.unityCatalog,
        hiveMetastore: { host: "hms.internal.example.com", database: "metastore", credentialsSecret: "lakehouse/prod/hive-metastore" },
      },
    }));
    const s = synthesize(new UnityCatalogStack(Testing.app(), { config }));
    const connection = s.resource("databricks_connection", "/HiveMetastore/Connection").block;
    const secret = Object.entries(s.dataSources("aws_secretsmanager_secret_version")).find(
      ([, b]) => b.secret_id === "lakehouse/prod/hive-metastore",
    );
    expect(secret).toBeDefined();
    expect(connection).toMatchObject({
      connection_type: "HIVE_METASTORE",
      options: {
        host: "hms.internal.example.com",
        port: "3306",
        database: "metastore",
        db_type: "MYSQL",
        version: "2.3",
        password: `\${sensitive(jsondecode(data.aws_secretsmanager_secret_version.${secret?.[0]}.secret_string).password)}`,
      },
    });
    expect(s.resource("databricks_catalog", "/HiveMetastore/Catalog").block.options).toEqual({
      authorized_paths: `s3://${fromNetworkStorage("landing_bucket_name")}/hive/`,
    });
  });

  it("builds no federation, no landing volume and no UniForm record when the config leaves them out", () => {
    const config = variant("dev", (input) => ({
      ...input,
      unityCatalog: {
        ...input.unityCatalog,
        glue: undefined,
        catalogs: [{ name: "main", landingVolume: false, mlSchema: false, uniformGold: false }],
      },
      // Nothing delivers to the landing zone without the landing volume.
      ingestion: undefined,
    }));
    const s = synthesize(new UnityCatalogStack(Testing.app(), { config }));
    expect(s.resources("databricks_connection")).toEqual({});
    expect(s.resources("databricks_volume")).toEqual({});
    expect(s.resource("databricks_schema", "/Catalog-main/Gold/Schema").block.properties).toBeUndefined();
    expect(s.json.output?.landing_volume_path.value).toBe("");
    expect(s.json.output?.ml_schema_name.value).toBe("");
  });

  it("is built after network-storage and workspace in the lakehouse composition", () => {
    const [stacksOfDev] = buildLakehouse(Testing.app(), [configs.dev]);
    expect(stacksOfDev.unityCatalog.dependencies).toEqual([stacksOfDev.networkStorage, stacksOfDev.workspace]);
  });
});
