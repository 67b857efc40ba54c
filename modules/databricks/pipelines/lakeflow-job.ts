/**
 * A Lakeflow Job (`databricks_job`) that orchestrates pipeline updates and Python tasks, run as a service principal,
 * started by a file-arrival trigger, a table-update trigger or a schedule, with retries, timeouts, notifications and job permissions.
 */
import {
  Job,
  type JobConfig,
  type JobEnvironment,
  type JobJobCluster,
  type JobSchedule,
  type JobTask,
  type JobTrigger,
} from "@cdktf/provider-databricks/lib/job";
import type { Permissions } from "@cdktf/provider-databricks/lib/permissions";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { throwIfInvalidArguments, throwIfInvalidProps } from "../../core/validation";
import { ObjectPermissions } from "../object-permissions";
import { principalListProblems, principalProblems } from "../permission-access";
import type { Principal } from "../principal";
import { FORBIDDEN_SPARK_CONF, type AwsAvailability, type JobClusterPolicy, type UnityCatalogAccessMode } from "./job-cluster-policy";
import { emailProblems } from "./pipeline-settings";

/** Job permission levels (1.99 `databricks_permissions`, "Job usage"), lowest first. IS_OWNER is left to the creator. */
export type JobPermissionLevel = "CAN_VIEW" | "CAN_MANAGE_RUN" | "CAN_MANAGE";

const JOB_PERMISSION_LEVELS: readonly JobPermissionLevel[] = ["CAN_VIEW", "CAN_MANAGE_RUN", "CAN_MANAGE"];

/** The serverless environment version tasks get unless they say otherwise (Python 3.12, Databricks Connect 16.4). */
export const DEFAULT_ENVIRONMENT_VERSION = "3";

/** What every task may set: its key, what it waits for, and how it retries and times out. */
export interface LakeflowJobTaskBase {
  /** Unique key of the task in the job (letters, digits, `_` and `-`, at most 100). */
  readonly key: string;
  /**
   * Keys of the tasks that must succeed before this one runs.
   * @default - none: the task starts with the run
   */
  readonly dependsOn?: readonly string[];
  /**
   * Retries after a failed attempt (0 for none; infinite retries are refused).
   * @default 2
   */
  readonly maxRetries?: number;
  /**
   * Milliseconds between the start of a failed attempt and its retry.
   * @default 60000
   */
  readonly minRetryIntervalMillis?: number;
  /**
   * Whether an attempt that timed out is retried.
   * @default false
   */
  readonly retryOnTimeout?: boolean;
  /**
   * Seconds an attempt may run before it is stopped (a task without a timeout can hang a queued job forever).
   * @default 7200
   */
  readonly timeoutSeconds?: number;
  /**
   * What the task does.
   * @default - none
   */
  readonly description?: string;
}

/** A task that runs an update of a Lakeflow Declarative Pipeline (`pipeline_task`); the pipeline brings its compute. */
export interface LakeflowPipelineTask extends LakeflowJobTaskBase {
  readonly type: "pipeline";
  /** The pipeline's id (`databricks_pipeline.id`). */
  readonly pipelineId: string;
  /**
   * Recompute every table from scratch instead of an incremental update.
   * @default false
   */
  readonly fullRefresh?: boolean;
}

/**
 * A task that runs a Python file (`spark_python_task`, source WORKSPACE) on a job cluster (`jobClusterKey`) or on
 * serverless compute (`environmentKey`); exactly one of the two.
 */
export interface LakeflowPythonTask extends LakeflowJobTaskBase {
  readonly type: "python";
  /** Absolute workspace path of the file (`/Workspace/...`), or a `/Volumes/...` or `s3://` URI. */
  readonly pythonFile: string;
  /**
   * Command-line arguments (`sys.argv[1:]`).
   * @default - none
   */
  readonly parameters?: readonly string[];
  /**
   * The job cluster to run on (a key of `jobClusters`).
   * @default - none: set this or environmentKey
   */
  readonly jobClusterKey?: string;
  /**
   * The serverless environment to run in (a key of `environments`).
   * @default - none: set this or jobClusterKey
   */
  readonly environmentKey?: string;
}

/** A task of a {@link LakeflowJob}. */
export type LakeflowJobTask = LakeflowPipelineTask | LakeflowPythonTask;

/** A job cluster (`job_cluster`), governed by a {@link JobClusterPolicy}; every value must be one the policy allows. */
export interface LakeflowJobCluster {
  /** Key tasks name in `jobClusterKey`. */
  readonly key: string;
  /** The policy the cluster is created under (`policy_id`, with the policy's defaults applied). */
  readonly policy: JobClusterPolicy;
  /**
   * Databricks Runtime version.
   * @default - the policy's default (its first allowed version)
   */
  readonly sparkVersion?: string;
  /**
   * Worker instance type.
   * @default - the policy's default
   */
  readonly nodeTypeId?: string;
  /**
   * Driver instance type.
   * @default - the policy's default driver type
   */
  readonly driverNodeTypeId?: string;
  /**
   * Fixed number of workers (conflicts with autoscale).
   * @default - the policy's fewest workers, when autoscale is not set
   */
  readonly numWorkers?: number;
  /**
   * Autoscaling bounds (conflicts with numWorkers).
   * @default - a fixed size
   */
  readonly autoscale?: {
    /** The fewest workers the cluster scales down to. */
    readonly minWorkers: number;
    /** The most workers the cluster scales up to. */
    readonly maxWorkers: number;
  };
  /**
   * Unity Catalog access mode. SINGLE_USER clusters are dedicated to the job's run-as service principal.
   * @default "SINGLE_USER"
   */
  readonly accessMode?: UnityCatalogAccessMode;
  /**
   * How instances past the first on-demand ones are bought.
   * @default - the policy's default
   */
  readonly availability?: AwsAvailability;
  /**
   * Instances bought on demand before `availability` applies (1 keeps the driver on demand).
   * @default 1
   */
  readonly firstOnDemand?: number;
  /**
   * Spark settings; none of {@link FORBIDDEN_SPARK_CONF}.
   * @default - none
   */
  readonly sparkConf?: Readonly<Record<string, string>>;
  /**
   * Tags on top of the policy's fixed tags (which the cluster always carries); a key the policy fixes is refused.
   * @default - the policy's tags only
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A serverless environment (`environment`) that Python tasks without a job cluster run in. */
export interface LakeflowJobEnvironment {
  /** Key tasks name in `environmentKey`. */
  readonly key: string;
  /**
   * Serverless environment version (an integer as a string).
   * @default DEFAULT_ENVIRONMENT_VERSION
   */
  readonly environmentVersion?: string;
  /**
   * pip requirement lines (a package with a pinned version, a wheel on a volume).
   * @default - none
   */
  readonly dependencies?: readonly string[];
}

/** A file-arrival trigger (`trigger.file_arrival`): a run starts when new files land under a path. */
export interface LakeflowJobFileArrival {
  /**
   * The path to watch, ending in `/`: a Unity Catalog volume path (`/Volumes/<catalog>/<schema>/<volume>/...`) or
   * the URL of (a path inside) an external location (`s3://bucket/prefix/`).
   */
  readonly url: string;
  /**
   * Seconds that must pass after a triggered run before the next (at least 60).
   * @default - no minimum
   */
  readonly minTimeBetweenTriggersSeconds?: number;
  /**
   * Seconds without new files before a run starts, so a batch lands first (at least 60).
   * @default - no wait
   */
  readonly waitAfterLastChangeSeconds?: number;
}

/**
 * A table-update trigger (`trigger.table_update`, 1.99 job.md): a run starts when the watched Unity Catalog tables
 * change, e.g. to refresh what is derived from a gold table right after it is refreshed.
 * @see https://docs.databricks.com/aws/en/jobs/trigger-table-update
 */
export interface LakeflowJobTableUpdate {
  /** Three-part names (`catalog.schema.table`) of the tables to watch; at least one. */
  readonly tableNames: readonly string[];
  /**
   * Start when any of the tables changed, or only once all of them have.
   * @default "ANY_UPDATED"
   */
  readonly condition?: "ANY_UPDATED" | "ALL_UPDATED";
  /**
   * Seconds that must pass after a triggered run before the next (at least 60).
   * @default - no minimum
   */
  readonly minTimeBetweenTriggersSeconds?: number;
  /**
   * Seconds without further changes before a run starts (at least 60).
   * @default - no wait
   */
  readonly waitAfterLastChangeSeconds?: number;
}

/** A schedule (`schedule`). */
export interface LakeflowJobSchedule {
  /** Quartz cron expression: seconds minutes hours day-of-month month day-of-week [year], `?` in one day field. */
  readonly quartzCronExpression: string;
  /** Java time zone id, e.g. `UTC` or `Europe/Berlin`. */
  readonly timezoneId: string;
}

/** Properties of {@link LakeflowJob}. */
export interface LakeflowJobProps {
  /** The workspace-level Databricks provider. */
  readonly provider: DatabricksProvider;
  /** Job name. */
  readonly name: string;
  /** The service principal the job runs as (`run_as.service_principal_name`): the orchestrator. */
  readonly runAs: Principal;
  /** The tasks; at least one. */
  readonly tasks: readonly LakeflowJobTask[];
  /**
   * Job clusters Python tasks may run on.
   * @default - none
   */
  readonly jobClusters?: readonly LakeflowJobCluster[];
  /**
   * Serverless environments Python tasks may run in.
   * @default - none
   */
  readonly environments?: readonly LakeflowJobEnvironment[];
  /**
   * Start a run when files arrive. Exactly one of fileArrival, tableUpdate and schedule is required.
   * @default - none
   */
  readonly fileArrival?: LakeflowJobFileArrival;
  /**
   * Start a run when tables change. Exactly one of fileArrival, tableUpdate and schedule is required.
   * @default - none
   */
  readonly tableUpdate?: LakeflowJobTableUpdate;
  /**
   * Start runs on a schedule. Exactly one of fileArrival, tableUpdate and schedule is required.
   * @default - none
   */
  readonly schedule?: LakeflowJobSchedule;
  /**
   * Deploy the trigger or schedule paused (`pause_status` PAUSED).
   * @default false
   */
  readonly paused?: boolean;
  /**
   * Runs that may be active at once; further runs wait in the queue.
   * @default 1
   */
  readonly maxConcurrentRuns?: number;
  /**
   * E-mail addresses told when a run fails.
   * @default - none
   */
  readonly emailOnFailure?: readonly string[];
  /**
   * E-mail addresses told when a run succeeds.
   * @default - none
   */
  readonly emailOnSuccess?: readonly string[];
  /**
   * E-mail addresses told when a run starts.
   * @default - none
   */
  readonly emailOnStart?: readonly string[];
  /**
   * Notification destination ids (webhook, Slack, ...) called when a run fails (at most 3).
   * @default - none
   */
  readonly webhookOnFailure?: readonly string[];
  /**
   * Notification destination ids called when a run succeeds (at most 3).
   * @default - none
   */
  readonly webhookOnSuccess?: readonly string[];
  /**
   * Notification destination ids called when a run starts (at most 3).
   * @default - none
   */
  readonly webhookOnStart?: readonly string[];
  /**
   * Who may see the job and its runs (`CAN_VIEW`).
   * @default - none
   */
  readonly viewers?: readonly Principal[];
  /**
   * Who may also start and cancel runs (`CAN_MANAGE_RUN`).
   * @default - none
   */
  readonly operators?: readonly Principal[];
  /**
   * Who may also change and delete the job (`CAN_MANAGE`).
   * @default - none (workspace admins always can)
   */
  readonly managers?: readonly Principal[];
  /**
   * Tags of the job; Databricks also puts them on the job's clusters, so a key a cluster policy fixes must keep the
   * policy's value.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * What the job does.
   * @default - none
   */
  readonly description?: string;
}

/**
 * A Lakeflow Job: tasks with their dependencies, compute (job clusters under a cluster policy, or serverless
 * environments), one trigger (file arrival or schedule), retries and timeouts on every task, notifications, queueing,
 * and `run_as` a service principal.
 *
 * Tasks and their dependencies are written in key order (the provider keeps `task` as an ordered list, so a stable
 * order keeps plans small). A job cluster takes the policy's id with `apply_policy_default_values`, Photon, the access
 * mode (SINGLE_USER clusters are dedicated to the run-as principal), auto-AZ and the policy's fixed tags; its values
 * are checked against the policy's allowlists before anything is created. Permissions go to one authoritative
 * `databricks_permissions` on the job (the creator stays owner).
 *
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/job
 * @see https://docs.databricks.com/aws/en/jobs/file-arrival-triggers
 * @example
 * const job = new LakeflowJob(this, "OrdersJob", {
 *   provider: workspace,
 *   name: "acme-prod-orders",
 *   runAs: servicePrincipal(orchestratorApplicationId),
 *   fileArrival: { url: "/Volumes/main_prod/bronze/landing/dms/orders/", waitAfterLastChangeSeconds: 120 },
 *   tasks: [{ type: "pipeline", key: "orders", pipelineId: orders.pipeline.id }],
 *   emailOnFailure: ["data-platform@acme.example"],
 *   viewers: [groupPrincipal("acme-prod-engineers")],
 * });
 */
export class LakeflowJob extends Construct {
  /** The `databricks_job` resource. */
  public readonly job: Job;
  /** The job id. */
  public readonly jobId: string;
  /** The job name. */
  public readonly name: string;
  /** The task keys, in the order written. */
  public readonly taskKeys: readonly string[];
  private readonly access: ObjectPermissions<JobPermissionLevel>;

  constructor(scope: Construct, id: string, props: LakeflowJobProps) {
    super(scope, id);
    throwIfInvalidProps(this, jobProblems(props));
    this.name = props.name;
    const tasks = [...props.tasks].sort((a, b) => compareKeys(a.key, b.key));
    this.taskKeys = tasks.map((t) => t.key);
    this.job = new Job(this, "Job", jobConfig(props, tasks));
    this.jobId = this.job.id;
    this.access = new ObjectPermissions(this, "Permissions", {
      provider: props.provider,
      object: { jobId: this.job.id },
      ranking: JOB_PERMISSION_LEVELS,
    });
    for (const p of props.viewers ?? []) this.grant(p, "CAN_VIEW");
    for (const p of props.operators ?? []) this.grant(p, "CAN_MANAGE_RUN");
    for (const p of props.managers ?? []) this.grant(p, "CAN_MANAGE");
  }

  /** Lets `principal` see the job and its runs (`CAN_VIEW`). */
  public grantView(principal: Principal): Permissions {
    return this.grant(principal, "CAN_VIEW");
  }

  /** Lets `principal` see, start and cancel runs (`CAN_MANAGE_RUN`). */
  public grantManageRun(principal: Principal): Permissions {
    return this.grant(principal, "CAN_MANAGE_RUN");
  }

  /** Lets `principal` change and delete the job (`CAN_MANAGE`). */
  public grantManage(principal: Principal): Permissions {
    return this.grant(principal, "CAN_MANAGE");
  }

  /** The `databricks_permissions` resource, once something is granted. */
  public get permissions(): Permissions | undefined {
    return this.access.resource;
  }

  /**
   * Grants `level` to `principal`, keeping only its highest level (Databricks returns only the highest, so listing
   * two would drift); returns the job's permissions resource.
   */
  private grant(principal: Principal, level: JobPermissionLevel): Permissions {
    throwIfInvalidArguments(this, principalProblems("principal", principal));
    return this.access.grant(principal, level);
  }
}

/** Orders keys the way Terraform diffs read best: plain code-unit order, independent of locale. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function jobConfig(props: LakeflowJobProps, tasks: readonly LakeflowJobTask[]): JobConfig {
  const pauseStatus = props.paused ? "PAUSED" : "UNPAUSED";
  return {
    provider: props.provider,
    name: props.name,
    ...(props.description ? { description: props.description } : {}),
    runAs: { servicePrincipalName: props.runAs.name },
    maxConcurrentRuns: props.maxConcurrentRuns ?? 1,
    queue: { enabled: true },
    task: tasks.map((t) => taskConfig(t)),
    ...(props.jobClusters?.length ? { jobCluster: props.jobClusters.map((c) => jobClusterConfig(c, props)) } : {}),
    ...(props.environments?.length ? { environment: props.environments.map(environmentConfig) } : {}),
    ...(props.fileArrival ? { trigger: fileArrivalTrigger(props.fileArrival, pauseStatus) } : {}),
    ...(props.tableUpdate ? { trigger: tableUpdateTrigger(props.tableUpdate, pauseStatus) } : {}),
    ...(props.schedule ? { schedule: scheduleConfig(props.schedule, pauseStatus) } : {}),
    ...notificationConfig(props),
    ...(props.tags && Object.keys(props.tags).length > 0 ? { tags: { ...props.tags } } : {}),
  };
}

function taskConfig(task: LakeflowJobTask): JobTask {
  const dependsOn = [...(task.dependsOn ?? [])].sort(compareKeys).map((taskKey) => ({ taskKey }));
  const common: JobTask = {
    taskKey: task.key,
    ...(task.description ? { description: task.description } : {}),
    ...(dependsOn.length > 0 ? { dependsOn } : {}),
    maxRetries: task.maxRetries ?? 2,
    minRetryIntervalMillis: task.minRetryIntervalMillis ?? 60_000,
    retryOnTimeout: task.retryOnTimeout ?? false,
    timeoutSeconds: task.timeoutSeconds ?? 7200,
  };
  if (task.type === "pipeline") {
    return { ...common, pipelineTask: { pipelineId: task.pipelineId, fullRefresh: task.fullRefresh ?? false } };
  }
  return {
    ...common,
    sparkPythonTask: { pythonFile: task.pythonFile, source: "WORKSPACE", ...(task.parameters ? { parameters: [...task.parameters] } : {}) },
    ...(task.jobClusterKey ? { jobClusterKey: task.jobClusterKey } : {}),
    ...(task.environmentKey ? { environmentKey: task.environmentKey } : {}),
  };
}

function jobClusterConfig(cluster: LakeflowJobCluster, props: LakeflowJobProps): JobJobCluster {
  const { policy } = cluster;
  const accessMode = cluster.accessMode ?? "SINGLE_USER";
  const size = cluster.autoscale
    ? { autoscale: { minWorkers: cluster.autoscale.minWorkers, maxWorkers: cluster.autoscale.maxWorkers } }
    : { numWorkers: cluster.numWorkers ?? policy.minWorkers };
  return {
    jobClusterKey: cluster.key,
    newCluster: {
      policyId: policy.policyId,
      applyPolicyDefaultValues: true,
      sparkVersion: cluster.sparkVersion ?? policy.sparkVersions[0],
      nodeTypeId: cluster.nodeTypeId ?? policy.nodeTypeIds[0],
      driverNodeTypeId: cluster.driverNodeTypeId ?? policy.driverNodeTypeIds[0],
      ...size,
      dataSecurityMode: accessMode,
      // A dedicated (single user) cluster belongs to the identity that runs on it.
      ...(accessMode === "SINGLE_USER" ? { singleUserName: props.runAs.name } : {}),
      runtimeEngine: "PHOTON",
      enableLocalDiskEncryption: true,
      awsAttributes: {
        availability: cluster.availability ?? policy.availabilities[0],
        firstOnDemand: cluster.firstOnDemand ?? 1,
        // Auto-AZ: Databricks picks the zone with free IPs in the workspace subnets and retries elsewhere on capacity errors.
        zoneId: "auto",
      },
      ...(cluster.sparkConf ? { sparkConf: { ...cluster.sparkConf } } : {}),
      customTags: { ...policy.tags, ...cluster.tags },
    },
  };
}

function environmentConfig(environment: LakeflowJobEnvironment): JobEnvironment {
  return {
    environmentKey: environment.key,
    // `client` is deprecated in 1.99 ("Use environment_version instead").
    spec: {
      environmentVersion: environment.environmentVersion ?? DEFAULT_ENVIRONMENT_VERSION,
      ...(environment.dependencies ? { dependencies: [...environment.dependencies] } : {}),
    },
  };
}

function fileArrivalTrigger(fileArrival: LakeflowJobFileArrival, pauseStatus: string): JobTrigger {
  return {
    pauseStatus,
    fileArrival: {
      url: fileArrival.url,
      ...(fileArrival.minTimeBetweenTriggersSeconds !== undefined
        ? { minTimeBetweenTriggersSeconds: fileArrival.minTimeBetweenTriggersSeconds }
        : {}),
      ...(fileArrival.waitAfterLastChangeSeconds !== undefined ? { waitAfterLastChangeSeconds: fileArrival.waitAfterLastChangeSeconds } : {}),
    },
  };
}

function tableUpdateTrigger(tableUpdate: LakeflowJobTableUpdate, pauseStatus: string): JobTrigger {
  return {
    pauseStatus,
    tableUpdate: {
      tableNames: [...tableUpdate.tableNames],
      condition: tableUpdate.condition ?? "ANY_UPDATED",
      ...(tableUpdate.minTimeBetweenTriggersSeconds !== undefined
        ? { minTimeBetweenTriggersSeconds: tableUpdate.minTimeBetweenTriggersSeconds }
        : {}),
      ...(tableUpdate.waitAfterLastChangeSeconds !== undefined ? { waitAfterLastChangeSeconds: tableUpdate.waitAfterLastChangeSeconds } : {}),
    },
  };
}

function scheduleConfig(schedule: LakeflowJobSchedule, pauseStatus: string): JobSchedule {
  return { quartzCronExpression: schedule.quartzCronExpression, timezoneId: schedule.timezoneId, pauseStatus };
}

function notificationConfig(props: LakeflowJobProps): Partial<JobConfig> {
  const emails = { onFailure: props.emailOnFailure, onSuccess: props.emailOnSuccess, onStart: props.emailOnStart };
  const hooks = { onFailure: props.webhookOnFailure, onSuccess: props.webhookOnSuccess, onStart: props.webhookOnStart };
  const emailEntries = Object.entries(emails).filter(([, v]) => v && v.length > 0);
  const hookEntries = Object.entries(hooks).filter(([, v]) => v && v.length > 0);
  if (emailEntries.length === 0 && hookEntries.length === 0) return {};
  return {
    ...(emailEntries.length > 0 ? { emailNotifications: Object.fromEntries(emailEntries.map(([k, v]) => [k, [...(v ?? [])]])) } : {}),
    ...(hookEntries.length > 0
      ? { webhookNotifications: Object.fromEntries(hookEntries.map(([k, v]) => [k, (v ?? []).map((id) => ({ id }))])) }
      : {}),
    // Queued runs are not skipped, and a cancelled run was stopped on purpose: neither is worth an alert.
    notificationSettings: { noAlertForSkippedRuns: true, noAlertForCanceledRuns: true },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Validation

const KEY = /^[\w-]{1,100}$/;
/** Java time zone ids: UTC/GMT, Etc/..., or Area/Location[/Sub]. */
const TIMEZONE = /^(UTC|GMT|Etc\/[A-Za-z0-9+-]+|[A-Z][A-Za-z_-]+(\/[A-Za-z0-9_+-]+){1,2})$/;
const QUARTZ_FIELD = /^[0-9A-Za-z*?/,#-]+$/;
/** Notification destinations per event (Jobs API: at most 3). */
const MAX_WEBHOOKS = 3;

function jobProblems(props: LakeflowJobProps): string[] {
  const clusterKeys = new Set((props.jobClusters ?? []).map((c) => c.key));
  const environmentKeys = new Set((props.environments ?? []).map((e) => e.key));
  return [
    ...(Token.isUnresolved(props.name) || props.name.trim().length > 0 ? [] : ["name: is empty; name the job"]),
    ...runAsProblems(props.runAs),
    ...taskListProblems(props.tasks),
    ...props.tasks.flatMap((t, i) => taskProblems(t, `tasks[${i}]`, clusterKeys, environmentKeys)),
    ...duplicateKeyProblems("jobClusters", props.jobClusters ?? []),
    ...(props.jobClusters ?? []).flatMap((c, i) => clusterProblems(c, `jobClusters[${i}]`)),
    ...duplicateKeyProblems("environments", props.environments ?? []),
    ...(props.environments ?? []).flatMap((e, i) => environmentProblems(e, `environments[${i}]`)),
    ...triggerProblems(props),
    ...integerProblems("maxConcurrentRuns", props.maxConcurrentRuns, 1, 1000),
    ...notificationProblems(props),
    ...jobTagProblems(props),
    ...principalListProblems({ viewers: props.viewers, operators: props.operators, managers: props.managers }),
  ];
}

function runAsProblems(runAs: Principal): string[] {
  if (runAs.kind !== "service-principal") {
    return [`runAs: is a ${runAs.kind} ("${runAs.name}"); jobs run as the orchestrator service principal (servicePrincipal(applicationId))`];
  }
  return principalProblems("runAs", runAs);
}

/** At least one task, unique keys, known dependencies and no cycle. */
function taskListProblems(tasks: readonly LakeflowJobTask[]): string[] {
  if (tasks.length === 0) return ["tasks: none given; a job needs at least one task"];
  const keys = new Set(tasks.map((t) => t.key));
  const problems = duplicateKeyProblems("tasks", tasks);
  tasks.forEach((task, i) =>
    (task.dependsOn ?? []).forEach((dep, j) => {
      if (dep === task.key) problems.push(`tasks[${i}].dependsOn[${j}]: task "${task.key}" depends on itself`);
      else if (!keys.has(dep)) problems.push(`tasks[${i}].dependsOn[${j}]: "${dep}" is not a task of this job; use one of ${[...keys].join(", ")}`);
    }),
  );
  const cycle = dependencyCycle(tasks);
  if (cycle) problems.push(`tasks: the dependencies form a cycle (${cycle.join(" -> ")}); no task of it could ever start`);
  return problems;
}

/** A cycle of task keys through dependsOn (self-dependencies are reported elsewhere), or undefined. */
function dependencyCycle(tasks: readonly LakeflowJobTask[]): string[] | undefined {
  const deps = new Map(tasks.map((t) => [t.key, (t.dependsOn ?? []).filter((d) => d !== t.key)]));
  const state = new Map<string, "visiting" | "done">();
  const visit = (key: string, path: string[]): string[] | undefined => {
    if (state.get(key) === "done" || !deps.has(key)) return undefined;
    if (state.get(key) === "visiting") return [...path.slice(path.indexOf(key)), key];
    state.set(key, "visiting");
    for (const dep of deps.get(key) ?? []) {
      const cycle = visit(dep, [...path, key]);
      if (cycle) return cycle;
    }
    state.set(key, "done");
    return undefined;
  };
  for (const key of deps.keys()) {
    const cycle = visit(key, []);
    if (cycle) return cycle;
  }
  return undefined;
}

function taskProblems(task: LakeflowJobTask, at: string, clusterKeys: ReadonlySet<string>, environmentKeys: ReadonlySet<string>): string[] {
  const problems = [
    ...(KEY.test(task.key) ? [] : [`${at}.key: "${task.key}" must be 1 to 100 letters, digits, _ or -`]),
    ...integerProblems(`${at}.maxRetries`, task.maxRetries, 0, 100),
    ...integerProblems(`${at}.minRetryIntervalMillis`, task.minRetryIntervalMillis, 0, 86_400_000),
    ...integerProblems(`${at}.timeoutSeconds`, task.timeoutSeconds, 1, 172_800),
  ];
  if (task.type === "python") problems.push(...pythonTaskProblems(task, at, clusterKeys, environmentKeys));
  return problems;
}

function pythonTaskProblems(task: LakeflowPythonTask, at: string, clusterKeys: ReadonlySet<string>, environmentKeys: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(task.pythonFile) && !/^(\/|s3:\/\/)/.test(task.pythonFile)) {
    problems.push(`${at}.pythonFile: "${task.pythonFile}" must be an absolute workspace path (/Workspace/...), a /Volumes/ path or an s3:// URI`);
  }
  if (task.jobClusterKey && task.environmentKey) {
    problems.push(`${at}: python task "${task.key}" sets both jobClusterKey and environmentKey; choose a job cluster or serverless`);
  } else if (!task.jobClusterKey && !task.environmentKey) {
    problems.push(`${at}: python task "${task.key}" has no compute; set jobClusterKey (a job cluster) or environmentKey (serverless)`);
  }
  if (task.jobClusterKey && !clusterKeys.has(task.jobClusterKey)) {
    problems.push(`${at}.jobClusterKey: "${task.jobClusterKey}" is not a key of jobClusters (${[...clusterKeys].join(", ") || "none defined"})`);
  }
  if (task.environmentKey && !environmentKeys.has(task.environmentKey)) {
    problems.push(
      `${at}.environmentKey: "${task.environmentKey}" is not a key of environments (${[...environmentKeys].join(", ") || "none defined"})`,
    );
  }
  return problems;
}

function duplicateKeyProblems(prop: string, items: readonly { readonly key: string }[]): string[] {
  const keys = items.map((i) => i.key);
  const duplicates = [...new Set(keys.filter((k, i) => keys.indexOf(k) !== i))];
  return duplicates.length > 0 ? [`${prop}: key ${duplicates.map((d) => `"${d}"`).join(", ")} used more than once; keys must be unique`] : [];
}

/** The cluster's values are ones its policy allows, so the run does not fail at cluster creation. */
function clusterProblems(cluster: LakeflowJobCluster, at: string): string[] {
  const { policy } = cluster;
  const problems = KEY.test(cluster.key) ? [] : [`${at}.key: "${cluster.key}" must be 1 to 100 letters, digits, _ or -`];
  const allowed = (prop: string, value: string | undefined, values: readonly string[]) => {
    if (value !== undefined && !Token.isUnresolved(value) && !values.includes(value)) {
      problems.push(`${at}.${prop}: "${value}" is not allowed by policy ${policy.name}; use one of ${values.join(", ")}`);
    }
  };
  allowed("sparkVersion", cluster.sparkVersion, policy.sparkVersions);
  allowed("nodeTypeId", cluster.nodeTypeId, policy.nodeTypeIds);
  allowed("driverNodeTypeId", cluster.driverNodeTypeId, policy.driverNodeTypeIds);
  allowed("accessMode", cluster.accessMode ?? "SINGLE_USER", policy.accessModes);
  allowed("availability", cluster.availability, policy.availabilities);
  if (cluster.numWorkers !== undefined && cluster.autoscale) problems.push(`${at}: sets both numWorkers and autoscale; choose one`);
  const bounds = [policy.minWorkers, policy.maxWorkers] as const;
  problems.push(...integerProblems(`${at}.numWorkers`, cluster.numWorkers, ...bounds));
  problems.push(...integerProblems(`${at}.autoscale.minWorkers`, cluster.autoscale?.minWorkers, ...bounds));
  problems.push(...integerProblems(`${at}.autoscale.maxWorkers`, cluster.autoscale?.maxWorkers, ...bounds));
  if (cluster.autoscale && cluster.autoscale.minWorkers > cluster.autoscale.maxWorkers) {
    problems.push(`${at}.autoscale: minWorkers ${cluster.autoscale.minWorkers} is above maxWorkers ${cluster.autoscale.maxWorkers}`);
  }
  problems.push(...integerProblems(`${at}.firstOnDemand`, cluster.firstOnDemand, 0, 10000));
  for (const key of Object.keys(cluster.sparkConf ?? {})) {
    if (FORBIDDEN_SPARK_CONF.includes(key)) problems.push(`${at}.sparkConf.${key}: loosens Unity Catalog security and the policy forbids it`);
  }
  for (const key of Object.keys(cluster.tags ?? {})) {
    if (key in policy.tags) problems.push(`${at}.tags.${key}: policy ${policy.name} fixes this tag; leave it to the policy`);
  }
  return problems;
}

function environmentProblems(environment: LakeflowJobEnvironment, at: string): string[] {
  const problems = KEY.test(environment.key) ? [] : [`${at}.key: "${environment.key}" must be 1 to 100 letters, digits, _ or -`];
  if (environment.environmentVersion !== undefined && !/^\d+$/.test(environment.environmentVersion)) {
    problems.push(`${at}.environmentVersion: "${environment.environmentVersion}" is not a version number like "3"`);
  }
  return problems;
}

/** Exactly one of fileArrival, tableUpdate and schedule, each well formed. */
function triggerProblems(props: LakeflowJobProps): string[] {
  const given = (["fileArrival", "tableUpdate", "schedule"] as const).filter((key) => props[key] !== undefined);
  if (given.length > 1) return [`${given.join(", ")}: ${given.length} given; a job starts in one way only`];
  if (props.fileArrival) return fileArrivalProblems(props.fileArrival);
  if (props.tableUpdate) return tableUpdateProblems(props.tableUpdate);
  if (props.schedule) return scheduleProblems(props.schedule);
  return ["fileArrival, tableUpdate, schedule: none given; set one so the job runs without a person"];
}

function tableUpdateProblems(tableUpdate: LakeflowJobTableUpdate): string[] {
  const problems: string[] = [];
  if (tableUpdate.tableNames.length === 0) problems.push("tableUpdate.tableNames: none given; name the tables whose changes start a run");
  tableUpdate.tableNames.forEach((name, i) => {
    if (!Token.isUnresolved(name) && !/^[^.\s]+\.[^.\s]+\.[^.\s]+$/.test(name))
      problems.push(`tableUpdate.tableNames[${i}]: "${name}" is not a three-part name (catalog.schema.table)`);
  });
  problems.push(...integerProblems("tableUpdate.minTimeBetweenTriggersSeconds", tableUpdate.minTimeBetweenTriggersSeconds, 60, 86_400 * 7));
  problems.push(...integerProblems("tableUpdate.waitAfterLastChangeSeconds", tableUpdate.waitAfterLastChangeSeconds, 60, 86_400 * 7));
  return problems;
}

function fileArrivalProblems(fileArrival: LakeflowJobFileArrival): string[] {
  const problems: string[] = [];
  const { url } = fileArrival;
  if (!Token.isUnresolved(url)) {
    if (!/^(\/Volumes\/[^/]+\/[^/]+\/[^/]+\/|s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/)/.test(url)) {
      problems.push(
        `fileArrival.url: "${url}" is neither a volume path (/Volumes/<catalog>/<schema>/<volume>/...) nor an s3:// external location URL`,
      );
    }
    if (!url.endsWith("/")) problems.push(`fileArrival.url: "${url}" must end with "/" (the trigger watches a directory)`);
  }
  problems.push(...integerProblems("fileArrival.minTimeBetweenTriggersSeconds", fileArrival.minTimeBetweenTriggersSeconds, 60, 86_400 * 7));
  problems.push(...integerProblems("fileArrival.waitAfterLastChangeSeconds", fileArrival.waitAfterLastChangeSeconds, 60, 86_400 * 7));
  return problems;
}

function scheduleProblems(schedule: LakeflowJobSchedule): string[] {
  const problems: string[] = [];
  const expression = schedule.quartzCronExpression;
  if (!Token.isUnresolved(expression)) {
    const fields = expression.trim().split(/\s+/);
    if (fields.length < 6 || fields.length > 7 || !fields.every((f) => QUARTZ_FIELD.test(f))) {
      problems.push(
        `schedule.quartzCronExpression: "${expression}" is not a Quartz expression (seconds minutes hours day-of-month month day-of-week [year])`,
      );
    } else if ((fields[3] === "?") === (fields[5] === "?")) {
      problems.push(`schedule.quartzCronExpression: "${expression}" must have "?" in exactly one of day-of-month and day-of-week`);
    }
  }
  if (!Token.isUnresolved(schedule.timezoneId) && !TIMEZONE.test(schedule.timezoneId)) {
    problems.push(`schedule.timezoneId: "${schedule.timezoneId}" is not a Java time zone id like UTC or Europe/Berlin`);
  }
  return problems;
}

function notificationProblems(props: LakeflowJobProps): string[] {
  const problems: string[] = [];
  for (const prop of ["emailOnFailure", "emailOnSuccess", "emailOnStart"] as const) {
    problems.push(...emailProblems(prop, props[prop]));
  }
  for (const prop of ["webhookOnFailure", "webhookOnSuccess", "webhookOnStart"] as const) {
    const ids = props[prop] ?? [];
    if (ids.length > MAX_WEBHOOKS) problems.push(`${prop}: ${ids.length} destinations; Databricks allows at most ${MAX_WEBHOOKS} per event`);
    ids.forEach((id, i) => {
      if (!Token.isUnresolved(id) && id.trim().length === 0) problems.push(`${prop}[${i}]: is empty; give a notification destination id`);
    });
  }
  return problems;
}

/** Job tags land on the job's clusters: one a cluster policy fixes must keep the policy's value. */
function jobTagProblems(props: LakeflowJobProps): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(props.tags ?? {})) {
    for (const cluster of props.jobClusters ?? []) {
      const fixed = cluster.policy.tags[key];
      if (fixed !== undefined && fixed !== value && !Token.isUnresolved(value) && !Token.isUnresolved(fixed)) {
        problems.push(`tags.${key}: "${value}" differs from "${fixed}", which policy ${cluster.policy.name} fixes for job cluster ${cluster.key}`);
      }
    }
  }
  return problems;
}

function integerProblems(prop: string, value: number | undefined, min: number, max: number): string[] {
  if (value === undefined || Token.isUnresolved(value)) return [];
  return Number.isInteger(value) && value >= min && value <= max ? [] : [`${prop}: ${value} is not a whole number from ${min} to ${max}`];
}
