import type { TerraformStack } from "cdktf";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { evaluateStack } from "../../../../modules/policy/engine";
import { resolveGuardrailSettings } from "../../../../modules/policy/settings";
import { JobClusterPolicy } from "../../../../modules/databricks/pipelines/job-cluster-policy";
import { LakeflowJob, type LakeflowJobProps, type LakeflowJobTask } from "../../../../modules/databricks/pipelines/lakeflow-job";
import { groupPrincipal, servicePrincipal, userPrincipal } from "../../../../modules/databricks/principal";
import { REQUIRED_TAG_KEYS } from "../../../../environments/tags";
import { synthesize, type Block } from "../../../synth-json";
import { ucStack } from "../unity-catalog/uc-fixture";

const ORCHESTRATOR = "7d0a3c2e-1111-2222-3333-444455556666";
const TAGS = { environment: "prod", project: "acme", owner: "data-platform", "cost-center": "1234" };
const KAFKA_ARGS = ["--bootstrap-servers", "b-1.msk:9098", "--topic", "orders", "--table", "main_prod.bronze.order_events_raw"];

/** The events job of the sample contract: the Kafka task on a job cluster, then the events pipeline. */
const TASKS: LakeflowJobTask[] = [
  { type: "pipeline", key: "events", pipelineId: "pipeline-events-id", dependsOn: ["kafka_to_bronze"], timeoutSeconds: 3600 },
  {
    type: "python",
    key: "kafka_to_bronze",
    pythonFile: "/Workspace/Shared/acme/pipelines/streaming/kafka_to_bronze.py",
    parameters: KAFKA_ARGS,
    jobClusterKey: "kafka",
    maxRetries: 3,
    minRetryIntervalMillis: 120_000,
    retryOnTimeout: true,
  },
];

interface Built {
  readonly stack: TerraformStack;
  readonly job: LakeflowJob;
  readonly policy: JobClusterPolicy;
}

function policyIn(stack: TerraformStack, workspace: DatabricksProvider): JobClusterPolicy {
  return new JobClusterPolicy(stack, "JobClusters", {
    provider: workspace,
    name: "acme-prod-job-clusters",
    tags: TAGS,
    accessModes: ["SINGLE_USER", "USER_ISOLATION"],
    availabilities: ["ON_DEMAND", "SPOT_WITH_FALLBACK"],
    maxWorkers: 4,
  });
}

function build(props: Partial<LakeflowJobProps> = {}, withCluster = true): Built {
  const { stack, workspace } = ucStack();
  const policy = policyIn(stack, workspace);
  const job = new LakeflowJob(stack, "EventsJob", {
    provider: workspace,
    name: "acme-prod-events",
    runAs: servicePrincipal(ORCHESTRATOR),
    tasks: TASKS,
    jobClusters: withCluster ? [{ key: "kafka", policy }] : [],
    fileArrival: { url: "/Volumes/main_prod/bronze/landing/dms/orders/", minTimeBetweenTriggersSeconds: 300, waitAfterLastChangeSeconds: 120 },
    ...props,
  });
  return { stack, job, policy };
}

function jobBlock(built: Built) {
  const s = synthesize(built.stack);
  return { s, job: s.resource("databricks_job", "/EventsJob/Job").block };
}

const tasksOf = (job: Block) => job.task as Record<string, unknown>[];
const taskOf = (job: Block, key: string) => tasksOf(job).find((t) => t.task_key === key) as Record<string, unknown>;

describe("LakeflowJob", () => {
  const built = build({
    emailOnFailure: ["data-platform@acme.example"],
    emailOnSuccess: ["audit@acme.example"],
    webhookOnFailure: ["fb99f3dc-a0a0-11ed-a8fc-0242ac120002"],
    viewers: [groupPrincipal("acme-prod-engineers"), groupPrincipal("acme-prod-analysts-leads")],
    operators: [groupPrincipal("acme-prod-oncall")],
    managers: [groupPrincipal("acme-prod-platform-admins")],
    tags: { pipeline: "events" },
  });
  const { s, job } = jobBlock(built);

  it("runs as the orchestrator service principal, one run at a time, queued", () => {
    expect(job.run_as).toEqual({ service_principal_name: ORCHESTRATOR });
    expect(job.max_concurrent_runs).toBe(1);
    expect(job.queue).toEqual({ enabled: true });
    expect(job.name).toBe("acme-prod-events");
    expect(job.provider).toBe("databricks.workspace");
  });

  it("starts on file arrival under the landing volume path, unpaused, with no schedule", () => {
    expect(job.trigger).toEqual({
      pause_status: "UNPAUSED",
      file_arrival: {
        url: "/Volumes/main_prod/bronze/landing/dms/orders/",
        min_time_between_triggers_seconds: 300,
        wait_after_last_change_seconds: 120,
      },
    });
    expect(job.schedule).toBeUndefined();
  });

  it("writes the tasks in key order, the pipeline waiting for the Kafka task", () => {
    expect(built.job.taskKeys).toEqual(["events", "kafka_to_bronze"]);
    expect(tasksOf(job).map((t) => t.task_key)).toEqual(["events", "kafka_to_bronze"]);
    expect(taskOf(job, "events")).toMatchObject({
      pipeline_task: { pipeline_id: "pipeline-events-id", full_refresh: false },
      depends_on: [{ task_key: "kafka_to_bronze" }],
    });
    expect(taskOf(job, "kafka_to_bronze").depends_on).toBeUndefined();
  });

  it("runs the Python file from the workspace with its arguments on the job cluster", () => {
    expect(taskOf(job, "kafka_to_bronze")).toMatchObject({
      job_cluster_key: "kafka",
      spark_python_task: {
        python_file: "/Workspace/Shared/acme/pipelines/streaming/kafka_to_bronze.py",
        parameters: KAFKA_ARGS,
        source: "WORKSPACE",
      },
    });
    expect(taskOf(job, "events").job_cluster_key).toBeUndefined();
  });

  it("gives every task retries and a timeout, defaults where the task says nothing", () => {
    expect(taskOf(job, "kafka_to_bronze")).toMatchObject({
      max_retries: 3,
      min_retry_interval_millis: 120000,
      retry_on_timeout: true,
      timeout_seconds: 7200,
    });
    expect(taskOf(job, "events")).toMatchObject({ max_retries: 2, min_retry_interval_millis: 60000, retry_on_timeout: false, timeout_seconds: 3600 });
  });

  it("binds the job cluster to the policy id with its defaults, Photon, a dedicated access mode and the policy's tags", () => {
    const [cluster] = job.job_cluster as { job_cluster_key: string; new_cluster: Record<string, unknown> }[];
    expect(cluster.job_cluster_key).toBe("kafka");
    expect(cluster.new_cluster).toEqual({
      policy_id: s.ref("databricks_cluster_policy", "/JobClusters/Policy", "policy_id"),
      apply_policy_default_values: true,
      spark_version: "16.4.x-scala2.12",
      node_type_id: "m5d.xlarge",
      driver_node_type_id: "m5d.xlarge",
      num_workers: 1,
      data_security_mode: "SINGLE_USER",
      single_user_name: ORCHESTRATOR,
      runtime_engine: "PHOTON",
      enable_local_disk_encryption: true,
      aws_attributes: { availability: "ON_DEMAND", first_on_demand: 1, zone_id: "auto" },
      custom_tags: TAGS,
    });
  });

  it("notifies by e-mail and webhook, without alerts for skipped or cancelled runs", () => {
    expect(job.email_notifications).toEqual({ on_failure: ["data-platform@acme.example"], on_success: ["audit@acme.example"] });
    expect(job.webhook_notifications).toEqual({ on_failure: [{ id: "fb99f3dc-a0a0-11ed-a8fc-0242ac120002" }] });
    expect(job.notification_settings).toEqual({ no_alert_for_skipped_runs: true, no_alert_for_canceled_runs: true });
    expect(job.tags).toEqual({ pipeline: "events" });
  });

  it("gives viewers CAN_VIEW, operators CAN_MANAGE_RUN and managers CAN_MANAGE on the job", () => {
    const permissions = s.resource("databricks_permissions", "/EventsJob/Permissions").block;
    expect(permissions.job_id).toBe(s.ref("databricks_job", "/EventsJob/Job", "id"));
    expect(permissions.access_control).toEqual([
      { group_name: "acme-prod-engineers", permission_level: "CAN_VIEW" },
      { group_name: "acme-prod-analysts-leads", permission_level: "CAN_VIEW" },
      { group_name: "acme-prod-oncall", permission_level: "CAN_MANAGE_RUN" },
      { group_name: "acme-prod-platform-admins", permission_level: "CAN_MANAGE" },
    ]);
  });

  it("keeps only a principal's highest level, in one permissions resource", () => {
    const b = build({ viewers: [groupPrincipal("acme-prod-engineers")], managers: [groupPrincipal("acme-prod-engineers")] });
    expect(b.job.grantView(groupPrincipal("acme-prod-engineers"))).toBe(b.job.permissions);
    b.job.grantManageRun(userPrincipal("ops@acme.example"));
    const all = Object.values(synthesize(b.stack).resources("databricks_permissions")).filter((p) => p.job_id !== undefined);
    expect(all).toHaveLength(1);
    expect(all[0].access_control).toEqual([
      { group_name: "acme-prod-engineers", permission_level: "CAN_MANAGE" },
      { user_name: "ops@acme.example", permission_level: "CAN_MANAGE_RUN" },
    ]);
  });

  it("runs on a schedule instead, paused when asked", () => {
    const { job: scheduled } = jobBlock(
      build({ fileArrival: undefined, schedule: { quartzCronExpression: "0 15 2 * * ?", timezoneId: "Europe/Berlin" }, paused: true }),
    );
    expect(scheduled.schedule).toEqual({ quartz_cron_expression: "0 15 2 * * ?", timezone_id: "Europe/Berlin", pause_status: "PAUSED" });
    expect(scheduled.trigger).toBeUndefined();
  });

  it("runs when tables change instead, on any of them by default", () => {
    const tables = ["lakehouse_prod.gold.customer_order_summary", "lakehouse_prod.gold.daily_revenue"];
    const { job: watching } = jobBlock(build({ fileArrival: undefined, tableUpdate: { tableNames: tables, minTimeBetweenTriggersSeconds: 300 } }));
    expect(watching.trigger).toEqual({
      pause_status: "UNPAUSED",
      table_update: { table_names: tables, condition: "ANY_UPDATED", min_time_between_triggers_seconds: 300 },
    });
    expect(watching.schedule).toBeUndefined();
  });

  it("runs a Python task serverless in an environment", () => {
    const { job: serverless } = jobBlock(
      build(
        {
          tasks: [{ type: "python", key: "compact", pythonFile: "/Workspace/Shared/acme/compact.py", environmentKey: "default" }],
          environments: [{ key: "default", dependencies: ["boto3==1.35.0"] }],
        },
        false,
      ),
    );
    expect(serverless.environment).toEqual([{ environment_key: "default", spec: { environment_version: "3", dependencies: ["boto3==1.35.0"] } }]);
    expect(taskOf(serverless, "compact")).toMatchObject({ environment_key: "default" });
    expect(taskOf(serverless, "compact").job_cluster_key).toBeUndefined();
    expect(serverless.job_cluster).toBeUndefined();
  });

  it("uses autoscaling and explicit values the policy allows", () => {
    const { stack, workspace } = ucStack();
    const policy = policyIn(stack, workspace);
    new LakeflowJob(stack, "EventsJob", {
      provider: workspace,
      name: "acme-prod-events",
      runAs: servicePrincipal(ORCHESTRATOR),
      tasks: TASKS,
      jobClusters: [
        { key: "kafka", policy, autoscale: { minWorkers: 1, maxWorkers: 4 }, accessMode: "USER_ISOLATION", availability: "SPOT_WITH_FALLBACK" },
      ],
      schedule: { quartzCronExpression: "0 0 * ? * MON-FRI", timezoneId: "UTC" },
    });
    const cluster = (synthesize(stack).resource("databricks_job", "/EventsJob/Job").block.job_cluster as { new_cluster: Block }[])[0].new_cluster;
    expect(cluster).toMatchObject({ autoscale: { min_workers: 1, max_workers: 4 }, data_security_mode: "USER_ISOLATION" });
    expect(cluster.num_workers).toBeUndefined();
    expect(cluster.single_user_name).toBeUndefined();
    expect(cluster.aws_attributes).toMatchObject({ availability: "SPOT_WITH_FALLBACK" });
  });

  it("passes every guardrail on the job, its policy and their permissions", () => {
    const settings = resolveGuardrailSettings({
      protectData: true,
      requiredTags: [...REQUIRED_TAG_KEYS],
      requirePrivateLink: true,
      requireCustomerManagedKeys: true,
    });
    const results = evaluateStack(built.stack, settings).filter((r) => /^test\/(EventsJob|JobClusters)\//.test(r.path));
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.status !== "pass")).toEqual([]);
  });

  describe("refuses", () => {
    it("a job without tasks", () => {
      expect(() => build({ tasks: [] })).toThrow(/tasks: none given; a job needs at least one task/);
    });

    it("a task depending on an unknown task, on itself, or in a cycle", () => {
      const unknown: LakeflowJobTask[] = [{ ...TASKS[0], dependsOn: ["kafka"] }, TASKS[1]];
      expect(() => build({ tasks: unknown })).toThrow(/tasks\[0\]\.dependsOn\[0\]: "kafka" is not a task of this job/);
      const self: LakeflowJobTask[] = [{ ...TASKS[0], dependsOn: ["events"] }, TASKS[1]];
      expect(() => build({ tasks: self })).toThrow(/tasks\[0\]\.dependsOn\[0\]: task "events" depends on itself/);
      const cycle: LakeflowJobTask[] = [TASKS[0], { ...TASKS[1], dependsOn: ["events"] }];
      expect(() => build({ tasks: cycle })).toThrow(/tasks: the dependencies form a cycle \(events -> kafka_to_bronze -> events\)/);
    });

    it("duplicate task keys", () => {
      expect(() => build({ tasks: [TASKS[1], { ...TASKS[1] }] })).toThrow(/tasks: key "kafka_to_bronze" used more than once/);
    });

    it("two triggers, none, and a table-update trigger without well-formed tables", () => {
      const schedule = { quartzCronExpression: "0 0 3 * * ?", timezoneId: "UTC" };
      expect(() => build({ schedule })).toThrow(/fileArrival, schedule: 2 given; a job starts in one way only/);
      expect(() => build({ fileArrival: undefined })).toThrow(/fileArrival, tableUpdate, schedule: none given/);
      expect(() => build({ fileArrival: undefined, tableUpdate: { tableNames: [] } })).toThrow(/tableUpdate.tableNames: none given/);
      expect(() => build({ fileArrival: undefined, tableUpdate: { tableNames: ["gold.daily_revenue"], waitAfterLastChangeSeconds: 10 } })).toThrow(
        /tableUpdate.tableNames\[0\]: "gold.daily_revenue" is not a three-part name[\s\S]*tableUpdate.waitAfterLastChangeSeconds/,
      );
    });

    it("a Python task with no compute, with both kinds, or naming compute that is not defined", () => {
      const bare: LakeflowJobTask = { type: "python", key: "kafka_to_bronze", pythonFile: "/Workspace/x.py" };
      expect(() => build({ tasks: [bare] })).toThrow(/tasks\[0\]: python task "kafka_to_bronze" has no compute; set jobClusterKey/);
      const both: LakeflowJobTask = { ...bare, jobClusterKey: "kafka", environmentKey: "default" };
      expect(() => build({ tasks: [both] })).toThrow(/tasks\[0\]: python task "kafka_to_bronze" sets both jobClusterKey and environmentKey/);
      const missing: LakeflowJobTask = { ...bare, jobClusterKey: "spark" };
      expect(() => build({ tasks: [missing] })).toThrow(/tasks\[0\]\.jobClusterKey: "spark" is not a key of jobClusters \(kafka\)/);
      const relative: LakeflowJobTask = { ...bare, pythonFile: "streaming/kafka_to_bronze.py", jobClusterKey: "kafka" };
      expect(() => build({ tasks: [relative] })).toThrow(
        /tasks\[0\]\.pythonFile: "streaming\/kafka_to_bronze.py" must be an absolute workspace path/,
      );
    });

    it("a run-as that is not a service principal", () => {
      expect(() => build({ runAs: groupPrincipal("acme-prod-engineers") })).toThrow(
        /runAs: is a group \("acme-prod-engineers"\); jobs run as the orchestrator/,
      );
    });

    it("infinite retries and a missing timeout", () => {
      expect(() => build({ tasks: [{ ...TASKS[1], maxRetries: -1, timeoutSeconds: 0 }] })).toThrow(
        /tasks\[0\]\.maxRetries: -1 is not a whole number from 0 to 100/,
      );
      expect(() => build({ tasks: [{ ...TASKS[1], timeoutSeconds: 0 }] })).toThrow(/tasks\[0\]\.timeoutSeconds: 0 is not a whole number from 1/);
    });

    it("a file-arrival URL that is not a directory of a volume or external location, and too short waits", () => {
      const bad = () => build({ fileArrival: { url: "/dbfs/landing", minTimeBetweenTriggersSeconds: 10 } });
      expect(bad).toThrow(/fileArrival.url: "\/dbfs\/landing" is neither a volume path/);
      expect(bad).toThrow(/fileArrival.url: "\/dbfs\/landing" must end with "\/"/);
      expect(bad).toThrow(/fileArrival.minTimeBetweenTriggersSeconds: 10 is not a whole number from 60/);
      expect(() => build({ fileArrival: { url: "s3://acme-prod-landing/dms/" } })).not.toThrow();
    });

    it("a Quartz expression of the wrong shape and an unknown time zone", () => {
      const schedule =
        (quartzCronExpression: string, timezoneId = "UTC") =>
        () =>
          build({ fileArrival: undefined, schedule: { quartzCronExpression, timezoneId } });
      expect(schedule("0 3 * * *")).toThrow(/schedule.quartzCronExpression: "0 3 \* \* \*" is not a Quartz expression/);
      expect(schedule("0 0 3 * * *")).toThrow(/must have "\?" in exactly one of day-of-month and day-of-week/);
      expect(schedule("0 0 3 * * ?", "Berlin time")).toThrow(/schedule.timezoneId: "Berlin time" is not a Java time zone id/);
    });

    it("job cluster values the policy does not allow", () => {
      const bad = () => {
        const { stack, workspace } = ucStack();
        const policy = policyIn(stack, workspace);
        return new LakeflowJob(stack, "EventsJob", {
          provider: workspace,
          name: "acme-prod-events",
          runAs: servicePrincipal(ORCHESTRATOR),
          tasks: TASKS,
          jobClusters: [
            {
              key: "kafka",
              policy,
              sparkVersion: "13.3.x-scala2.12",
              nodeTypeId: "p4d.24xlarge",
              numWorkers: 10,
              sparkConf: { "spark.hadoop.fs.s3a.secret.key": "x" },
              tags: { project: "other" },
            },
          ],
          fileArrival: { url: "/Volumes/main_prod/bronze/landing/" },
          tags: { "cost-center": "9999" },
        });
      };
      expect(bad).toThrow(/jobClusters\[0\]\.sparkVersion: "13.3.x-scala2.12" is not allowed by policy acme-prod-job-clusters/);
      expect(bad).toThrow(/jobClusters\[0\]\.nodeTypeId: "p4d.24xlarge" is not allowed/);
      expect(bad).toThrow(/jobClusters\[0\]\.numWorkers: 10 is not a whole number from 1 to 4/);
      expect(bad).toThrow(/jobClusters\[0\]\.sparkConf.spark.hadoop.fs.s3a.secret.key: loosens Unity Catalog security/);
      expect(bad).toThrow(/jobClusters\[0\]\.tags.project: policy acme-prod-job-clusters fixes this tag/);
      expect(bad).toThrow(/tags.cost-center: "9999" differs from "1234"/);
    });

    it("bad notifications and grants to everyone", () => {
      const bad = () =>
        build({
          emailOnFailure: ["not-an-address"],
          webhookOnFailure: ["a", "b", "c", "d"],
          viewers: [groupPrincipal("account users")],
        });
      expect(bad).toThrow(/emailOnFailure\[0\]: "not-an-address" is not an e-mail address/);
      expect(bad).toThrow(/webhookOnFailure: 4 destinations; Databricks allows at most 3/);
      expect(bad).toThrow(/viewers\[0\]: "account users" is everyone in the workspace/);
    });
  });
});
