/**
 * A cluster policy for job clusters: Photon, a runtime allowlist, Unity Catalog access modes only, bounded workers
 * and instance types, forced cost tags, and no Spark settings or init scripts that could loosen security.
 */
import { ClusterPolicy } from "@cdktf/provider-databricks/lib/cluster-policy";
import type { Permissions } from "@cdktf/provider-databricks/lib/permissions";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { throwIfInvalidArguments, throwIfInvalidProps } from "../../core/validation";
import { ObjectPermissions } from "../object-permissions";
import { principalListProblems, principalProblems } from "../permission-access";
import type { Principal } from "../principal";
import { DEFAULT_JOB_NODE_TYPE_IDS, DEFAULT_LTS_SPARK_VERSIONS } from "../enums";

/** Unity Catalog access modes a job cluster may use: dedicated (single user) or standard (shared, isolated). */
export type UnityCatalogAccessMode = "SINGLE_USER" | "USER_ISOLATION";

/** Every access mode {@link UnityCatalogAccessMode} allows; NONE (no isolation) and the legacy modes are not among them. */
export const UNITY_CATALOG_ACCESS_MODES: readonly UnityCatalogAccessMode[] = ["SINGLE_USER", "USER_ISOLATION"];

/** How EC2 capacity is bought for the cluster's instances (`aws_attributes.availability`). */
export type AwsAvailability = "ON_DEMAND" | "SPOT" | "SPOT_WITH_FALLBACK";

const AWS_AVAILABILITIES: readonly AwsAvailability[] = ["ON_DEMAND", "SPOT", "SPOT_WITH_FALLBACK"];

/**
 * Which clusters a policy governs (the `cluster_type` virtual attribute): `job` clusters the job scheduler creates,
 * `dlt` clusters of pipelines, `all-purpose` interactive clusters (e.g. data scientists' ML clusters).
 */
export type PolicyClusterType = "job" | "dlt" | "all-purpose";

/** The engine pinned on job and all-purpose clusters (`runtime_engine`). Photon does not run on GPU instances. */
export type RuntimeEngine = "PHOTON" | "STANDARD";

/** EC2 GPU instance families (g4dn, g5, g6, p3, p4d, p5 ...): Photon does not support them. */
const GPU_INSTANCE_TYPE = /^(g\d|p\d)[a-z0-9-]*\./;

export { DEFAULT_JOB_NODE_TYPE_IDS, DEFAULT_LTS_SPARK_VERSIONS } from "../enums";

/**
 * Spark settings a job may not set, because each one loosens what Unity Catalog enforces: legacy table ACLs and
 * credential passthrough, language and process isolation, static S3 credentials (reads that bypass external
 * locations) and an external Hive metastore.
 */
export const FORBIDDEN_SPARK_CONF: readonly string[] = [
  "spark.databricks.acl.dfAclsEnabled",
  "spark.databricks.passthrough.enabled",
  "spark.databricks.repl.allowedLanguages",
  "spark.databricks.pyspark.enableProcessIsolation",
  "spark.hadoop.fs.s3a.access.key",
  "spark.hadoop.fs.s3a.secret.key",
  "spark.hadoop.fs.s3a.session.token",
  "spark.hadoop.fs.s3a.aws.credentials.provider",
  "spark.hadoop.javax.jdo.option.ConnectionURL",
  "spark.hadoop.javax.jdo.option.ConnectionUserName",
  "spark.hadoop.javax.jdo.option.ConnectionPassword",
];

/** Init script sources (`init_scripts.*.<source>.destination` in the policy language); all are forbidden. */
export const INIT_SCRIPT_SOURCES: readonly string[] = ["workspace", "volumes", "s3", "dbfs", "file"];

/**
 * Tags Databricks puts on every cluster's instances itself (and `Name`, which it sets on EC2); a custom tag of the
 * same key is refused.
 */
export const DATABRICKS_DEFAULT_TAG_KEYS: readonly string[] = ["Vendor", "Creator", "ClusterName", "ClusterId", "Name", "RunName", "JobId"];

/** One rule of a cluster policy definition (Databricks compute policy reference: policy types). */
export type PolicyElement =
  | { readonly type: "fixed"; readonly value: string | number | boolean; readonly hidden?: boolean }
  | { readonly type: "forbidden"; readonly hidden?: boolean }
  | {
      readonly type: "allowlist";
      readonly values: readonly (string | number)[];
      readonly defaultValue?: string | number;
      readonly isOptional?: boolean;
    }
  | {
      readonly type: "range";
      readonly minValue?: number;
      readonly maxValue?: number;
      readonly defaultValue?: number;
      readonly isOptional?: boolean;
      readonly hidden?: boolean;
    };

/** A cluster policy definition: attribute path to its rule. */
export type ClusterPolicyDefinition = Readonly<Record<string, PolicyElement>>;

/** Properties of {@link JobClusterPolicy}. */
export interface JobClusterPolicyProps {
  /** The workspace-level Databricks provider. */
  readonly provider: DatabricksProvider;
  /** Policy name, unique in the workspace (1 to 100 characters). */
  readonly name: string;
  /**
   * Tags every cluster of the policy carries, fixed (`custom_tags.<key>`): cost attribution that users cannot change.
   * Pass the environment's common tags; at least one is required.
   */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Which clusters the policy governs: `job` (job clusters) or `dlt` (the classic clusters of pipelines, such as a
   * Lakeflow Connect gateway), or `all-purpose` (interactive clusters, e.g. ML clusters of data scientists). Pipelines
   * choose their own runtime, engine and access mode, so a `dlt` policy pins none of those (Databricks, "Define limits
   * on pipeline compute"). An `all-purpose` policy makes `autotermination_minutes` required, since an idle interactive
   * cluster otherwise runs until someone stops it.
   * @default "job"
   */
  readonly clusterType?: PolicyClusterType;
  /**
   * The engine `job` and `all-purpose` clusters run (`runtime_engine`, fixed). Use STANDARD for ML runtimes on GPU
   * instances, which Photon does not support.
   * @default "PHOTON"
   */
  readonly runtimeEngine?: RuntimeEngine;
  /**
   * Databricks Runtime versions clusters may use (`spark_version` allowlist); the first is the default.
   * @default DEFAULT_LTS_SPARK_VERSIONS (16.4 LTS, 15.4 LTS)
   */
  readonly sparkVersions?: readonly string[];
  /**
   * Worker instance types (`node_type_id` allowlist); the first is the default.
   * @default DEFAULT_JOB_NODE_TYPE_IDS
   */
  readonly nodeTypeIds?: readonly string[];
  /**
   * Driver instance types (`driver_node_type_id` allowlist); the first is the default.
   * @default - the worker instance types
   */
  readonly driverNodeTypeIds?: readonly string[];
  /**
   * Unity Catalog access modes (`data_security_mode` allowlist); the first is the default. NONE is never allowed.
   * @default ["SINGLE_USER"]
   */
  readonly accessModes?: readonly UnityCatalogAccessMode[];
  /**
   * Fewest workers a cluster may have (`num_workers`, `autoscale.min_workers`).
   * @default 1
   */
  readonly minWorkers?: number;
  /**
   * Most workers a cluster may have (`num_workers`, `autoscale.max_workers`).
   * @default 8
   */
  readonly maxWorkers?: number;
  /**
   * How instances are bought (`aws_attributes.availability` allowlist); the first is the default.
   * @default ["ON_DEMAND", "SPOT_WITH_FALLBACK"]
   */
  readonly availabilities?: readonly AwsAvailability[];
  /**
   * Shortest idle time, in minutes, a cluster may set before it terminates (10 to 10000).
   * @default 10
   */
  readonly autoTerminationMinutesMin?: number;
  /**
   * Longest idle time, in minutes, a cluster may set before it terminates (10 to 10000).
   * @default 120
   */
  readonly autoTerminationMinutesMax?: number;
  /**
   * What the policy is for, shown in the policy list.
   * @default - a description of what the policy pins
   */
  readonly description?: string;
  /**
   * Principals that may create clusters with the policy (`CAN_USE`), e.g. the engineers group and the orchestrator.
   * More can be added with {@link JobClusterPolicy.grantUse}.
   * @default - none (only workspace admins)
   */
  readonly users?: readonly Principal[];
}

/**
 * A `databricks_cluster_policy` for job clusters, and who may use it.
 *
 * The definition is built in code: `cluster_type` fixed to `job` (the policy cannot make all-purpose or pipeline
 * clusters; `clusterType` chooses `dlt` or `all-purpose` instead), `runtime_engine` fixed to PHOTON (or STANDARD, for
 * GPU ML runtimes), `spark_version`, `node_type_id`, `driver_node_type_id`,
 * `data_security_mode` and `aws_attributes.availability` allowlists, worker counts in a range, every tag fixed,
 * local disk encryption on, instance pools and instance profiles forbidden (data access goes through Unity Catalog),
 * and the {@link FORBIDDEN_SPARK_CONF} settings and every init script forbidden.
 *
 * Auto-termination is a range with a positive minimum that is optional: the Jobs API has no
 * `autotermination_minutes` on job clusters (they end with their run), so a job cluster leaves it out, and any value
 * a cluster does give is bounded (guardrail DBX-CLUSTER-POLICY).
 *
 * `databricks_permissions` is authoritative: this construct owns the one resource on the policy, made on the first
 * grant.
 *
 * @see https://docs.databricks.com/aws/en/admin/clusters/policy-definition
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/cluster_policy
 * @example
 * const policy = new JobClusterPolicy(this, "JobClusterPolicy", {
 *   provider: workspace,
 *   name: "acme-prod-job-clusters",
 *   tags: { project: "acme", environment: "prod", owner: "data-platform", "cost-center": "1234" },
 *   users: [groupPrincipal("acme-prod-engineers"), servicePrincipal(orchestratorApplicationId)],
 * });
 */
export class JobClusterPolicy extends Construct {
  /** The `databricks_cluster_policy` resource. */
  public readonly policy: ClusterPolicy;
  /** The policy id, what a cluster's `policy_id` names. */
  public readonly policyId: string;
  /** The policy name. */
  public readonly name: string;
  /** The definition, as an object (the resource holds it as JSON). */
  public readonly definition: ClusterPolicyDefinition;
  /** Allowed runtimes; the first is the default. */
  public readonly sparkVersions: readonly string[];
  /** Allowed worker instance types; the first is the default. */
  public readonly nodeTypeIds: readonly string[];
  /** Allowed driver instance types; the first is the default. */
  public readonly driverNodeTypeIds: readonly string[];
  /** Allowed access modes; the first is the default. */
  public readonly accessModes: readonly UnityCatalogAccessMode[];
  /** Allowed capacity kinds; the first is the default. */
  public readonly availabilities: readonly AwsAvailability[];
  /** Fewest workers allowed. */
  public readonly minWorkers: number;
  /** Most workers allowed. */
  public readonly maxWorkers: number;
  /** The tags the policy fixes. */
  public readonly tags: Readonly<Record<string, string>>;
  private readonly access: ObjectPermissions<"CAN_USE">;

  constructor(scope: Construct, id: string, props: JobClusterPolicyProps) {
    super(scope, id);
    const settings = resolveSettings(props);
    throwIfInvalidProps(this, policyProblems(props, settings));
    this.name = props.name;
    this.sparkVersions = settings.sparkVersions;
    this.nodeTypeIds = settings.nodeTypeIds;
    this.driverNodeTypeIds = settings.driverNodeTypeIds;
    this.accessModes = settings.accessModes;
    this.availabilities = settings.availabilities;
    this.minWorkers = settings.minWorkers;
    this.maxWorkers = settings.maxWorkers;
    this.tags = { ...props.tags };
    this.definition = jobClusterPolicyDefinition(settings, props.tags);
    this.policy = new ClusterPolicy(this, "Policy", {
      provider: props.provider,
      name: props.name,
      description: props.description ?? defaultDescription(settings),
      definition: JSON.stringify(this.definition),
    });
    this.policyId = this.policy.policyId;
    this.access = new ObjectPermissions(this, "Permissions", { provider: props.provider, object: { clusterPolicyId: this.policy.id } });
    for (const principal of props.users ?? []) this.grantUse(principal);
  }

  /** Lets `principal` create clusters with this policy (`CAN_USE`); returns the policy's permissions resource. */
  public grantUse(principal: Principal): Permissions {
    throwIfInvalidArguments(this, principalProblems("principal", principal));
    return this.access.grant(principal, "CAN_USE");
  }

  /** The `databricks_permissions` resource, once something is granted. */
  public get permissions(): Permissions | undefined {
    return this.access.resource;
  }
}

/** The props with every default filled in. */
interface PolicySettings {
  readonly clusterType: PolicyClusterType;
  readonly runtimeEngine: RuntimeEngine;
  readonly sparkVersions: readonly string[];
  readonly nodeTypeIds: readonly string[];
  readonly driverNodeTypeIds: readonly string[];
  readonly accessModes: readonly UnityCatalogAccessMode[];
  readonly availabilities: readonly AwsAvailability[];
  readonly minWorkers: number;
  readonly maxWorkers: number;
  readonly autoTerminationMin: number;
  readonly autoTerminationMax: number;
}

function resolveSettings(props: JobClusterPolicyProps): PolicySettings {
  const nodeTypeIds = props.nodeTypeIds ?? DEFAULT_JOB_NODE_TYPE_IDS;
  return {
    clusterType: props.clusterType ?? "job",
    runtimeEngine: props.runtimeEngine ?? "PHOTON",
    sparkVersions: props.sparkVersions ?? DEFAULT_LTS_SPARK_VERSIONS,
    nodeTypeIds,
    driverNodeTypeIds: props.driverNodeTypeIds ?? nodeTypeIds,
    accessModes: props.accessModes ?? ["SINGLE_USER"],
    availabilities: props.availabilities ?? ["ON_DEMAND", "SPOT_WITH_FALLBACK"],
    minWorkers: props.minWorkers ?? 1,
    maxWorkers: props.maxWorkers ?? 8,
    autoTerminationMin: props.autoTerminationMinutesMin ?? 10,
    autoTerminationMax: props.autoTerminationMinutesMax ?? 120,
  };
}

/** An allowlist whose first value is the default. */
function allowlist(values: readonly (string | number)[]): PolicyElement {
  return { type: "allowlist", values: [...values], defaultValue: values[0] };
}

/** The policy definition for `settings` with `tags` fixed. */
function jobClusterPolicyDefinition(settings: PolicySettings, tags: Readonly<Record<string, string>>): ClusterPolicyDefinition {
  const workers: PolicyElement = { type: "range", minValue: settings.minWorkers, maxValue: settings.maxWorkers, isOptional: true };
  const definition: Record<string, PolicyElement> = {
    // Virtual attribute: the policy applies only to clusters the job scheduler creates (values all-purpose, job, dlt).
    cluster_type: { type: "fixed", value: settings.clusterType },
    // Pipelines manage their runtime, engine and access mode themselves; job and all-purpose clusters are pinned.
    ...(settings.clusterType !== "dlt"
      ? {
          runtime_engine: { type: "fixed", value: settings.runtimeEngine, hidden: true },
          spark_version: allowlist(settings.sparkVersions),
          data_security_mode: allowlist(settings.accessModes),
        }
      : {}),
    node_type_id: allowlist(settings.nodeTypeIds),
    driver_node_type_id: allowlist(settings.driverNodeTypeIds),
    // Either fixed size or autoscaling; whichever a cluster uses is bounded.
    num_workers: workers,
    "autoscale.min_workers": workers,
    "autoscale.max_workers": workers,
    // Job clusters have no autotermination_minutes in the Jobs API, hence optional; a value given must be positive.
    // All-purpose clusters must set one (default the shortest), or an idle interactive cluster runs on.
    autotermination_minutes:
      settings.clusterType === "all-purpose"
        ? { type: "range", minValue: settings.autoTerminationMin, maxValue: settings.autoTerminationMax, defaultValue: settings.autoTerminationMin }
        : { type: "range", minValue: settings.autoTerminationMin, maxValue: settings.autoTerminationMax, isOptional: true },
    "aws_attributes.availability": allowlist(settings.availabilities),
    // Data access goes through Unity Catalog credentials, not an instance profile.
    "aws_attributes.instance_profile_arn": { type: "forbidden", hidden: true },
    // Pools would bring their own instance types, outside the allowlists.
    instance_pool_id: { type: "forbidden", hidden: true },
    driver_instance_pool_id: { type: "forbidden", hidden: true },
    enable_local_disk_encryption: { type: "fixed", value: true, hidden: true },
  };
  for (const key of FORBIDDEN_SPARK_CONF) definition[`spark_conf.${key}`] = { type: "forbidden", hidden: true };
  for (const source of INIT_SCRIPT_SOURCES) definition[`init_scripts.*.${source}.destination`] = { type: "forbidden", hidden: true };
  for (const [key, value] of Object.entries(tags)) definition[`custom_tags.${key}`] = { type: "fixed", value };
  return definition;
}

function defaultDescription(settings: PolicySettings): string {
  if (settings.clusterType === "dlt") return `Pipeline clusters: ${settings.minWorkers}-${settings.maxWorkers} workers, fixed tags, no init scripts`;
  const kind = settings.clusterType === "job" ? "Job clusters" : "All-purpose clusters";
  const engine = settings.runtimeEngine === "PHOTON" ? "Photon" : "standard engine";
  return (
    `${kind}: ${engine}, ${settings.sparkVersions.join(" or ")}, ${settings.accessModes.join(" or ")} access, ` +
    `${settings.minWorkers}-${settings.maxWorkers} workers, fixed tags, no init scripts`
  );
}

const SPARK_VERSION = /^\d+\.\d+\.x(-[a-z0-9-]+)?-scala\d+\.\d+$/;
/** Characters Databricks keeps in tags (others are dropped): letters, digits, spaces and + - = . _ : / @. */
const TAG_TEXT = /^[\p{L}\p{N} +\-=._:/@]*$/u;

function policyProblems(props: JobClusterPolicyProps, s: PolicySettings): string[] {
  return [
    ...nameProblems(props.name),
    ...listProblems("sparkVersions", s.sparkVersions, (v) => (SPARK_VERSION.test(v) ? undefined : "is not a runtime key like 16.4.x-scala2.12")),
    ...listProblems("nodeTypeIds", s.nodeTypeIds, instanceTypeProblem),
    ...listProblems("driverNodeTypeIds", s.driverNodeTypeIds, instanceTypeProblem),
    ...listProblems("accessModes", s.accessModes, (v) =>
      UNITY_CATALOG_ACCESS_MODES.includes(v) ? undefined : `is not a Unity Catalog access mode; use ${UNITY_CATALOG_ACCESS_MODES.join(" or ")}`,
    ),
    ...listProblems("availabilities", s.availabilities, (v) =>
      AWS_AVAILABILITIES.includes(v) ? undefined : `is not an availability; use ${AWS_AVAILABILITIES.join(", ")}`,
    ),
    ...rangeProblems("minWorkers", s.minWorkers, "maxWorkers", s.maxWorkers, 0, 10000),
    ...rangeProblems("autoTerminationMinutesMin", s.autoTerminationMin, "autoTerminationMinutesMax", s.autoTerminationMax, 10, 10000),
    ...tagProblems(props.tags),
    ...engineProblems(s),
    ...principalListProblems({ users: props.users }),
  ];
}

/** A known cluster type and engine, and no Photon on GPU instances. */
function engineProblems(s: PolicySettings): string[] {
  const problems: string[] = [];
  if (!(["job", "dlt", "all-purpose"] as const).includes(s.clusterType)) {
    problems.push(`clusterType: "${String(s.clusterType)}" is not a cluster type; use job, dlt or all-purpose`);
  }
  if (s.runtimeEngine !== "PHOTON" && s.runtimeEngine !== "STANDARD") {
    problems.push(`runtimeEngine: "${String(s.runtimeEngine)}" is not an engine; use PHOTON or STANDARD`);
  }
  if (s.clusterType !== "dlt" && s.runtimeEngine === "PHOTON") {
    const gpu = [...new Set([...s.nodeTypeIds, ...s.driverNodeTypeIds])].filter((t) => !Token.isUnresolved(t) && GPU_INSTANCE_TYPE.test(t));
    if (gpu.length > 0) problems.push(`runtimeEngine: PHOTON does not run on GPU instances (${gpu.join(", ")}); set runtimeEngine "STANDARD"`);
  }
  return problems;
}

function nameProblems(name: string): string[] {
  if (Token.isUnresolved(name)) return [];
  return name.length >= 1 && name.length <= 100 ? [] : [`name: "${name}" must be 1 to 100 characters`];
}

function instanceTypeProblem(value: string): string | undefined {
  return /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/.test(value) ? undefined : "is not an EC2 instance type like m5d.xlarge";
}

/** A non-empty list without duplicates whose every value passes `check`. */
function listProblems<T extends string>(prop: string, values: readonly T[], check: (value: T) => string | undefined): string[] {
  if (values.length === 0) return [`${prop}: is empty; allow at least one value`];
  const problems = values.flatMap((v, i) => {
    const problem = Token.isUnresolved(v) ? undefined : check(v);
    return problem ? [`${prop}[${i}]: "${v}" ${problem}`] : [];
  });
  const duplicates = values.filter((v, i) => values.indexOf(v) !== i);
  if (duplicates.length > 0) problems.push(`${prop}: ${[...new Set(duplicates)].join(", ")} given more than once`);
  return problems;
}

function rangeProblems(minProp: string, min: number, maxProp: string, max: number, floor: number, ceiling: number): string[] {
  const problems: string[] = [];
  for (const [prop, value] of [
    [minProp, min],
    [maxProp, max],
  ] as const) {
    if (!Number.isInteger(value) || value < floor || value > ceiling)
      problems.push(`${prop}: ${value} is not a whole number from ${floor} to ${ceiling}`);
  }
  if (problems.length === 0 && min > max) problems.push(`${minProp}: ${min} is above ${maxProp} (${max})`);
  return problems;
}

function tagProblems(tags: Readonly<Record<string, string>>): string[] {
  const entries = Object.entries(tags);
  if (entries.length === 0) return ["tags: none given; the policy must fix at least one tag (cost attribution)"];
  return entries.flatMap(([key, value]) => {
    const problems: string[] = [];
    if (DATABRICKS_DEFAULT_TAG_KEYS.includes(key)) problems.push(`tags.${key}: is a tag Databricks sets itself; choose another key`);
    if (key.length === 0 || key.length > 127 || !TAG_TEXT.test(key)) {
      problems.push(`tags.${key}: the key must be 1 to 127 letters, digits, spaces or + - = . _ : / @`);
    }
    if (!Token.isUnresolved(value) && (value.length > 255 || !TAG_TEXT.test(value))) {
      problems.push(`tags.${key}: "${value}" must be at most 255 letters, digits, spaces or + - = . _ : / @`);
    }
    return problems;
  });
}
