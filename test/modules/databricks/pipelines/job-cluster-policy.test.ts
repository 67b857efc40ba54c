import { evaluateStack } from "../../../../modules/policy/engine";
import { resolveGuardrailSettings } from "../../../../modules/policy/settings";
import {
  DEFAULT_LTS_SPARK_VERSIONS,
  FORBIDDEN_SPARK_CONF,
  INIT_SCRIPT_SOURCES,
  JobClusterPolicy,
  type JobClusterPolicyProps,
  type UnityCatalogAccessMode,
} from "../../../../modules/databricks/pipelines/job-cluster-policy";
import { groupPrincipal, servicePrincipal, userPrincipal } from "../../../../modules/databricks/principal";
import { REQUIRED_TAG_KEYS } from "../../../../environments/tags";
import { synthesize } from "../../../synth-json";
import { ucStack } from "../unity-catalog/uc-fixture";

const TAGS = { environment: "prod", project: "acme", owner: "data-platform", "cost-center": "1234" };

function build(props: Partial<JobClusterPolicyProps> = {}) {
  const { stack, workspace } = ucStack();
  const policy = new JobClusterPolicy(stack, "JobClusters", { provider: workspace, name: "acme-prod-job-clusters", tags: TAGS, ...props });
  return { stack, policy };
}

type Element = Record<string, unknown>;

function synthesizedDefinition(props: Partial<JobClusterPolicyProps> = {}) {
  const { stack, policy } = build(props);
  const s = synthesize(stack);
  const block = s.resource("databricks_cluster_policy", "/JobClusters/Policy").block;
  return { s, policy, block, definition: JSON.parse(block.definition as string) as Record<string, Element> };
}

const STRICT = resolveGuardrailSettings({
  protectData: true,
  requiredTags: [...REQUIRED_TAG_KEYS],
  requirePrivateLink: true,
  requireCustomerManagedKeys: true,
});

describe("JobClusterPolicy", () => {
  const { s, policy, block, definition } = synthesizedDefinition({
    users: [groupPrincipal("acme-prod-engineers"), servicePrincipal("7d0a3c2e-1111-2222-3333-444455556666")],
  });

  it("names the policy and writes the definition it exposes", () => {
    expect(block.name).toBe("acme-prod-job-clusters");
    expect(block.provider).toBe("databricks.workspace");
    expect(definition).toEqual(JSON.parse(JSON.stringify(policy.definition)));
  });

  it("applies only to job clusters and fixes Photon", () => {
    expect(definition.cluster_type).toEqual({ type: "fixed", value: "job" });
    expect(definition.runtime_engine).toEqual({ type: "fixed", value: "PHOTON", hidden: true });
  });

  it("governs pipeline clusters (a Lakeflow Connect gateway) with cluster_type dlt, leaving runtime, engine and access mode to the pipeline", () => {
    const dlt = synthesizedDefinition({ clusterType: "dlt" }).definition;
    expect(dlt.cluster_type).toEqual({ type: "fixed", value: "dlt" });
    for (const managedByThePipeline of ["runtime_engine", "spark_version", "data_security_mode"]) expect(dlt[managedByThePipeline]).toBeUndefined();
    // Still bounded and tagged like job clusters.
    expect(dlt.node_type_id).toEqual(definition.node_type_id);
    expect(dlt.num_workers).toEqual(definition.num_workers);
    expect(dlt["custom_tags.owner"]).toEqual({ type: "fixed", value: "data-platform" });
    expect(dlt["aws_attributes.instance_profile_arn"]).toEqual({ type: "forbidden", hidden: true });
  });

  it("allows only Unity Catalog access modes, SINGLE_USER by default, so NONE is impossible", () => {
    expect(definition.data_security_mode).toEqual({ type: "allowlist", values: ["SINGLE_USER"], defaultValue: "SINGLE_USER" });
    const both = synthesizedDefinition({ accessModes: ["USER_ISOLATION", "SINGLE_USER"] }).definition;
    expect(both.data_security_mode.values).toEqual(["USER_ISOLATION", "SINGLE_USER"]);
    expect(both.data_security_mode.values).not.toContain("NONE");
  });

  it("allows the LTS runtimes, the first as default", () => {
    expect(definition.spark_version).toEqual({ type: "allowlist", values: [...DEFAULT_LTS_SPARK_VERSIONS], defaultValue: "16.4.x-scala2.12" });
    expect(DEFAULT_LTS_SPARK_VERSIONS).toEqual(["16.4.x-scala2.12", "15.4.x-scala2.12"]);
    const own = synthesizedDefinition({ sparkVersions: ["15.4.x-scala2.12"] }).definition;
    expect(own.spark_version.values).toEqual(["15.4.x-scala2.12"]);
  });

  it("bounds auto-termination to a positive range", () => {
    expect(definition.autotermination_minutes).toEqual({ type: "range", minValue: 10, maxValue: 120, isOptional: true });
    const own = synthesizedDefinition({ autoTerminationMinutesMin: 15, autoTerminationMinutesMax: 30 }).definition;
    expect(own.autotermination_minutes).toMatchObject({ minValue: 15, maxValue: 30 });
  });

  it("allows only the given instance types, drivers defaulting to the worker types", () => {
    const own = synthesizedDefinition({ nodeTypeIds: ["r5d.xlarge", "r5d.2xlarge"], driverNodeTypeIds: ["m5d.large"] }).definition;
    expect(own.node_type_id).toEqual({ type: "allowlist", values: ["r5d.xlarge", "r5d.2xlarge"], defaultValue: "r5d.xlarge" });
    expect(own.driver_node_type_id).toEqual({ type: "allowlist", values: ["m5d.large"], defaultValue: "m5d.large" });
    expect(definition.driver_node_type_id.values).toEqual(definition.node_type_id.values);
  });

  it("bounds workers whether fixed or autoscaling", () => {
    const own = synthesizedDefinition({ minWorkers: 2, maxWorkers: 4 }).definition;
    for (const path of ["num_workers", "autoscale.min_workers", "autoscale.max_workers"]) {
      expect(own[path]).toEqual({ type: "range", minValue: 2, maxValue: 4, isOptional: true });
    }
  });

  it("fixes every tag it is given", () => {
    for (const [key, value] of Object.entries(TAGS)) expect(definition[`custom_tags.${key}`]).toEqual({ type: "fixed", value });
  });

  it("allows the given availabilities only", () => {
    expect(definition["aws_attributes.availability"]).toEqual({
      type: "allowlist",
      values: ["ON_DEMAND", "SPOT_WITH_FALLBACK"],
      defaultValue: "ON_DEMAND",
    });
    expect(synthesizedDefinition({ availabilities: ["SPOT_WITH_FALLBACK"] }).definition["aws_attributes.availability"].values).toEqual([
      "SPOT_WITH_FALLBACK",
    ]);
  });

  it("forbids security-loosening Spark settings, init scripts, instance profiles and pools, and encrypts local disks", () => {
    for (const key of FORBIDDEN_SPARK_CONF) expect(definition[`spark_conf.${key}`]).toMatchObject({ type: "forbidden" });
    expect(FORBIDDEN_SPARK_CONF).toEqual(expect.arrayContaining(["spark.hadoop.fs.s3a.secret.key", "spark.databricks.passthrough.enabled"]));
    for (const source of INIT_SCRIPT_SOURCES) expect(definition[`init_scripts.*.${source}.destination`]).toMatchObject({ type: "forbidden" });
    for (const path of ["aws_attributes.instance_profile_arn", "instance_pool_id", "driver_instance_pool_id"]) {
      expect(definition[path]).toMatchObject({ type: "forbidden" });
    }
    expect(definition.enable_local_disk_encryption).toMatchObject({ type: "fixed", value: true });
  });

  it("gives CAN_USE on the policy to the given group and service principal", () => {
    const permissions = s.resource("databricks_permissions", "/JobClusters/Permissions").block;
    expect(permissions.cluster_policy_id).toBe(s.ref("databricks_cluster_policy", "/JobClusters/Policy", "id"));
    expect(permissions.access_control).toEqual([
      { group_name: "acme-prod-engineers", permission_level: "CAN_USE" },
      { service_principal_name: "7d0a3c2e-1111-2222-3333-444455556666", permission_level: "CAN_USE" },
    ]);
  });

  it("adds later grants to the one permissions resource", () => {
    const { stack, policy: p } = build({ users: [groupPrincipal("acme-prod-engineers")] });
    const resource = p.grantUse(userPrincipal("ops@acme.example"));
    expect(resource).toBe(p.permissions);
    const all = Object.values(synthesize(stack).resources("databricks_permissions"));
    expect(all).toHaveLength(1);
    expect(all[0].access_control).toContainEqual({ user_name: "ops@acme.example", permission_level: "CAN_USE" });
  });

  it("creates no permissions resource when nobody is granted", () => {
    const { stack, policy: p } = build();
    expect(p.permissions).toBeUndefined();
    expect(synthesize(stack).resources("databricks_permissions")).toEqual({});
  });

  it("passes every guardrail on its resources, DBX-CLUSTER-POLICY included, with the environment's required tags", () => {
    const { stack } = build({ users: [groupPrincipal("acme-prod-engineers")] });
    const results = evaluateStack(stack, STRICT).filter((r) => r.path.startsWith("test/JobClusters/"));
    expect(results.filter((r) => r.ruleId === "DBX-CLUSTER-POLICY").map((r) => r.status)).toEqual(["pass"]);
    expect(results.filter((r) => r.status !== "pass")).toEqual([]);
  });

  it("fails DBX-CLUSTER-POLICY when a required tag is not fixed", () => {
    const { stack } = build({ tags: { project: "acme" } });
    const failures = evaluateStack(stack, STRICT).filter((r) => r.ruleId === "DBX-CLUSTER-POLICY" && r.status === "fail");
    expect(failures.map((f) => f.message)).toContainEqual(expect.stringMatching(/custom_tags\.cost-center/));
  });

  it("refuses NONE, empty allowlists, bad runtimes and instance types, inverted ranges and missing tags, naming each prop", () => {
    const bad = () =>
      build({
        accessModes: ["NONE" as UnityCatalogAccessMode],
        sparkVersions: [],
        nodeTypeIds: ["large"],
        driverNodeTypeIds: ["m5d.xlarge", "m5d.xlarge"],
        minWorkers: 5,
        maxWorkers: 2,
        autoTerminationMinutesMin: 0,
        tags: {},
      });
    expect(bad).toThrow(/accessModes\[0\]: "NONE" is not a Unity Catalog access mode/);
    expect(bad).toThrow(/sparkVersions: is empty/);
    expect(bad).toThrow(/nodeTypeIds\[0\]: "large" is not an EC2 instance type/);
    expect(bad).toThrow(/driverNodeTypeIds: m5d.xlarge given more than once/);
    expect(bad).toThrow(/minWorkers: 5 is above maxWorkers \(2\)/);
    expect(bad).toThrow(/autoTerminationMinutesMin: 0 is not a whole number from 10 to 10000/);
    expect(bad).toThrow(/tags: none given/);
  });

  it("refuses a runtime key that is not one, a reserved tag key and a grant to everyone", () => {
    const bad = () => build({ sparkVersions: ["16.4 LTS"], tags: { ...TAGS, Vendor: "acme" }, users: [groupPrincipal("users")] });
    expect(bad).toThrow(/sparkVersions\[0\]: "16.4 LTS" is not a runtime key/);
    expect(bad).toThrow(/tags.Vendor: is a tag Databricks sets itself/);
    expect(bad).toThrow(/users\[0\]: "users" is everyone in the workspace/);
  });

  it("refuses a name longer than 100 characters", () => {
    expect(() => build({ name: "p".repeat(101) })).toThrow(/name: "p+" must be 1 to 100 characters/);
  });
});
