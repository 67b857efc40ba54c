/**
 * The machine-learning platform of one environment: MLflow experiments in a workspace folder, Unity Catalog registered
 * models in the ml schema, a cluster policy for ML runtimes (CPU or GPU), and what data scientists may do with each.
 */
import { Grants, type GrantsGrant } from "@cdktf/provider-databricks/lib/grants";
import { MlflowExperiment } from "@cdktf/provider-databricks/lib/mlflow-experiment";
import { Permissions } from "@cdktf/provider-databricks/lib/permissions";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { RegisteredModel } from "@cdktf/provider-databricks/lib/registered-model";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { throwIfInvalidProps } from "../../core/validation";
import { PrincipalLevels } from "../object-permissions";
import { principalListProblems, principalProblems } from "../permission-access";
import type { Principal } from "../principal";
import { JobClusterPolicy } from "../pipelines/job-cluster-policy";
import { Privilege } from "../unity-catalog/privileges";

/** Permission levels on an MLflow experiment (1.99 permissions.md, "MLflow Experiment usage"), lowest first. */
export type ExperimentPermissionLevel = "CAN_READ" | "CAN_EDIT" | "CAN_MANAGE";

/** ML runtimes for CPU clusters (Databricks Runtime 16.4 LTS ML). */
export const DEFAULT_ML_CPU_SPARK_VERSIONS: readonly string[] = ["16.4.x-cpu-ml-scala2.12"];

/** ML runtimes for GPU clusters (Databricks Runtime 16.4 LTS ML, GPU). */
export const DEFAULT_ML_GPU_SPARK_VERSIONS: readonly string[] = ["16.4.x-gpu-ml-scala2.12"];

/** CPU instance types for ML clusters (local NVMe for the disk cache). */
export const DEFAULT_ML_CPU_NODE_TYPE_IDS: readonly string[] = ["m5d.xlarge", "m5d.2xlarge", "r5d.xlarge"];

/** GPU instance types for ML clusters (NVIDIA A10G, supported by the GPU ML runtime on AWS). */
export const DEFAULT_ML_GPU_NODE_TYPE_IDS: readonly string[] = ["g5.xlarge", "g5.2xlarge", "g5.4xlarge"];

/**
 * What a reader of a registered model may do: load and serve its versions (`EXECUTE`). Privileges on a model are
 * ALL_PRIVILEGES, APPLY_TAG, EXECUTE, MANAGE (1.99 grants.md, "Registered model grants").
 */
export const MODEL_READ: readonly Privilege[] = [Privilege.EXECUTE];

/** What a data scientist may do on a registered model: load it and tag it (versions are created by its owner). */
export const MODEL_USE: readonly Privilege[] = [Privilege.EXECUTE, Privilege.APPLY_TAG];

/** One Unity Catalog registered model. */
export interface MlRegisteredModel {
  /** The model's name in the ml schema (lowercase letters, digits and `_`). */
  readonly name: string;
  /**
   * What the model is for.
   * @default - none
   */
  readonly comment?: string;
}

/** Properties of {@link MlWorkspace}. */
export interface MlWorkspaceProps {
  /** The workspace-level Databricks provider. */
  readonly provider: DatabricksProvider;
  /** Absolute workspace folder the experiments live in, e.g. `/Shared/lakehouse/prod/ml` (no `/Workspace` prefix). */
  readonly experimentFolder: string;
  /**
   * Experiment names, created as `<experimentFolder>/<name>`.
   * @default - none
   */
  readonly experiments?: readonly string[];
  /** Catalog holding the ml schema. */
  readonly catalogName: string;
  /** The ml schema the models are registered in. */
  readonly schemaName: string;
  /**
   * Models to register in the ml schema.
   * @default - none
   */
  readonly models?: readonly MlRegisteredModel[];
  /**
   * Owner of every model: only the owner (or a holder of MANAGE) creates versions. A group or service principal,
   * e.g. the ML engineers group or the training job's service principal.
   * @default - the identity that applies Terraform
   */
  readonly modelOwner?: Principal;
  /**
   * Data scientists: CAN_EDIT on every experiment, EXECUTE and APPLY_TAG on every model, CAN_USE on the cluster policy.
   * @default - none
   */
  readonly dataScientists?: readonly Principal[];
  /**
   * Principals that may manage experiments (CAN_MANAGE), e.g. the platform team.
   * @default - none (workspace admins)
   */
  readonly experimentManagers?: readonly Principal[];
  /**
   * Principals that may only read experiments (CAN_READ) and load models (EXECUTE), e.g. a serving endpoint's owner.
   * @default - none
   */
  readonly readers?: readonly Principal[];
  /** Name of the ML cluster policy (1 to 100 characters). */
  readonly clusterPolicyName: string;
  /** Tags the policy fixes on every cluster (cost attribution); at least one. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Allow GPU clusters: the GPU ML runtime on GPU instances, with the standard engine (Photon has no GPU support).
   * @default false
   */
  readonly gpu?: boolean;
  /**
   * Runtimes the policy allows; the first is the default.
   * @default DEFAULT_ML_GPU_SPARK_VERSIONS with gpu, else DEFAULT_ML_CPU_SPARK_VERSIONS
   */
  readonly sparkVersions?: readonly string[];
  /**
   * Instance types the policy allows; the first is the default.
   * @default DEFAULT_ML_GPU_NODE_TYPE_IDS with gpu, else DEFAULT_ML_CPU_NODE_TYPE_IDS
   */
  readonly nodeTypeIds?: readonly string[];
  /**
   * Which clusters the policy governs: interactive (`all-purpose`) clusters in notebooks, or `job` clusters of
   * training jobs.
   * @default "all-purpose"
   */
  readonly clusterType?: "all-purpose" | "job";
  /**
   * Most workers an ML cluster may have.
   * @default 4
   */
  readonly maxWorkers?: number;
  /**
   * Keep experiments and models from being destroyed (`lifecycle.prevent_destroy`): deleting a model deletes every
   * version, deleting an experiment its runs.
   * @default true
   */
  readonly protect?: boolean;
}

/**
 * MLflow experiments, Unity Catalog registered models, an ML cluster policy, and the access of data scientists.
 *
 * - Each experiment is a `databricks_mlflow_experiment` named `<experimentFolder>/<name>` with one authoritative
 *   `databricks_permissions` (`experiment_id`): data scientists CAN_EDIT, managers CAN_MANAGE, readers CAN_READ.
 * - Each model is a `databricks_registered_model` in `<catalogName>.<schemaName>`, owned by `modelOwner`, with one
 *   authoritative `databricks_grants` (`model`): data scientists {@link MODEL_USE}, readers {@link MODEL_READ}.
 *   Registering versions also needs USE_CATALOG/USE_SCHEMA (and CREATE_MODEL for new models) on the ml schema, which
 *   the catalog's own grants give (SCHEMA_CREATE_MODELS).
 * - The cluster policy is a {@link JobClusterPolicy} for `all-purpose` clusters with ML runtimes: dedicated
 *   (SINGLE_USER) access, required auto-termination, the GPU ML runtime on GPU instances with the standard engine when
 *   `gpu` is set, Photon otherwise; data scientists may use it.
 *
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/mlflow_experiment
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/registered_model
 * @see https://docs.databricks.com/aws/en/machine-learning/manage-model-lifecycle/
 * @example
 * const ml = new MlWorkspace(this, "Ml", {
 *   provider: workspace,
 *   experimentFolder: "/Shared/lakehouse/prod/ml",
 *   experiments: ["churn"],
 *   catalogName: "lakehouse_prod",
 *   schemaName: "ml",
 *   models: [{ name: "churn_classifier" }],
 *   modelOwner: groupPrincipal("lakehouse-prod-ml-engineers"),
 *   dataScientists: [groupPrincipal("lakehouse-prod-data-scientists")],
 *   clusterPolicyName: "lakehouse-prod-ml",
 *   tags: { Project: "lakehouse", Environment: "prod" },
 *   gpu: true,
 * });
 */
export class MlWorkspace extends Construct {
  /** The experiments, by name (without the folder). */
  public readonly experiments: Readonly<Record<string, MlflowExperiment>>;
  /** The experiments' permissions, by name. */
  public readonly experimentPermissions: Readonly<Record<string, Permissions>>;
  /** The registered models, by name (without catalog and schema). */
  public readonly models: Readonly<Record<string, RegisteredModel>>;
  /** Full names (`<catalog>.<schema>.<model>`) of the registered models, in the order given. */
  public readonly modelFullNames: readonly string[];
  /** The models' grants, by name. */
  public readonly modelGrants: Readonly<Record<string, Grants>>;
  /** The ML cluster policy. */
  public readonly clusterPolicy: JobClusterPolicy;

  constructor(scope: Construct, id: string, props: MlWorkspaceProps) {
    super(scope, id);
    throwIfInvalidProps(this, mlProblems(props));
    const protect = props.protect ?? true;
    const experiments: Record<string, MlflowExperiment> = {};
    const experimentPermissions: Record<string, Permissions> = {};
    for (const name of props.experiments ?? []) {
      const experiment = new MlflowExperiment(this, `Experiment-${name}`, {
        provider: props.provider,
        name: `${props.experimentFolder}/${name}`,
        lifecycle: { preventDestroy: protect },
      });
      experiments[name] = experiment;
      const accessControl = experimentAccess(props);
      if (accessControl.length > 0) {
        experimentPermissions[name] = new Permissions(this, `ExperimentPermissions-${name}`, {
          provider: props.provider,
          experimentId: experiment.id,
          accessControl,
        });
      }
    }
    this.experiments = experiments;
    this.experimentPermissions = experimentPermissions;
    const models: Record<string, RegisteredModel> = {};
    const modelGrants: Record<string, Grants> = {};
    for (const spec of props.models ?? []) {
      const model = new RegisteredModel(this, `Model-${spec.name}`, {
        provider: props.provider,
        catalogName: props.catalogName,
        schemaName: props.schemaName,
        name: spec.name,
        ...(spec.comment ? { comment: spec.comment } : {}),
        ...(props.modelOwner ? { owner: props.modelOwner.name } : {}),
        lifecycle: { preventDestroy: protect },
      });
      models[spec.name] = model;
      const grant = modelGrantsOf(props);
      // The model's id is its full name (1.99 registered_model.md), so the grants wait for the model.
      if (grant.length > 0)
        modelGrants[spec.name] = new Grants(this, `ModelGrants-${spec.name}`, { provider: props.provider, model: model.id, grant });
    }
    this.models = models;
    this.modelGrants = modelGrants;
    this.modelFullNames = (props.models ?? []).map((m) => `${props.catalogName}.${props.schemaName}.${m.name}`);
    this.clusterPolicy = new JobClusterPolicy(this, "ClusterPolicy", {
      provider: props.provider,
      name: props.clusterPolicyName,
      tags: props.tags,
      clusterType: props.clusterType ?? "all-purpose",
      runtimeEngine: props.gpu ? "STANDARD" : "PHOTON",
      sparkVersions: props.sparkVersions ?? (props.gpu ? DEFAULT_ML_GPU_SPARK_VERSIONS : DEFAULT_ML_CPU_SPARK_VERSIONS),
      nodeTypeIds: props.nodeTypeIds ?? (props.gpu ? DEFAULT_ML_GPU_NODE_TYPE_IDS : DEFAULT_ML_CPU_NODE_TYPE_IDS),
      // ML runtimes with GPUs and the feature store client need dedicated (single user) access.
      accessModes: ["SINGLE_USER"],
      minWorkers: 0,
      maxWorkers: props.maxWorkers ?? 4,
      description: `ML clusters: ${props.gpu ? "GPU" : "CPU"} ML runtimes, dedicated access, auto-termination, fixed tags`,
      users: props.dataScientists,
    });
  }
}

/** The experiment ACL: each principal once, at the highest level given. */
function experimentAccess(props: MlWorkspaceProps) {
  return new PrincipalLevels<ExperimentPermissionLevel>({ ranking: ["CAN_READ", "CAN_EDIT", "CAN_MANAGE"] })
    .addAll(props.readers, "CAN_READ")
    .addAll(props.dataScientists, "CAN_EDIT")
    .addAll(props.experimentManagers, "CAN_MANAGE")
    .accessControl();
}

/** The model grants: data scientists MODEL_USE, readers MODEL_READ, merged per principal. */
function modelGrantsOf(props: MlWorkspaceProps): GrantsGrant[] {
  const privileges = new Map<string, Set<Privilege>>();
  const add = (principals: readonly Principal[] | undefined, granted: readonly Privilege[]) => {
    for (const principal of principals ?? []) {
      const set = privileges.get(principal.name) ?? new Set<Privilege>();
      for (const privilege of granted) set.add(privilege);
      privileges.set(principal.name, set);
    }
  };
  add(props.dataScientists, MODEL_USE);
  add(props.readers, MODEL_READ);
  return [...privileges].map(([principal, set]) => ({ principal, privileges: [...set] }));
}

const UC_NAME = /^[a-z0-9_]{1,255}$/;
const EXPERIMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,99}$/;

function mlProblems(props: MlWorkspaceProps): string[] {
  const problems: string[] = [];
  const folder = props.experimentFolder;
  if (!Token.isUnresolved(folder) && (!folder.startsWith("/") || folder.endsWith("/") || folder.includes("//") || folder.startsWith("/Workspace/"))) {
    problems.push(`experimentFolder: "${folder}" must be an absolute workspace path without /Workspace prefix or trailing /, e.g. /Shared/ml`);
  }
  const unique = (prop: string, names: readonly string[], pattern: RegExp, what: string) => {
    names.forEach((name, i) => {
      if (!pattern.test(name)) problems.push(`${prop}[${i}]: "${name}" ${what}`);
      if (names.indexOf(name) !== i) problems.push(`${prop}[${i}]: "${name}" is given more than once`);
    });
  };
  unique(
    "experiments",
    props.experiments ?? [],
    EXPERIMENT_NAME,
    "must be 1 to 100 letters, digits, spaces, _ . or -, starting with a letter or digit",
  );
  unique(
    "models",
    (props.models ?? []).map((m) => m.name),
    UC_NAME,
    "is not a Unity Catalog name (lowercase letters, digits, _)",
  );
  for (const prop of ["catalogName", "schemaName"] as const) {
    const value = props[prop];
    if (!Token.isUnresolved(value) && !UC_NAME.test(value))
      problems.push(`${prop}: "${value}" is not a Unity Catalog name (lowercase letters, digits, _)`);
  }
  if (props.modelOwner) problems.push(...principalProblems("modelOwner", props.modelOwner));
  problems.push(
    ...principalListProblems({ dataScientists: props.dataScientists, experimentManagers: props.experimentManagers, readers: props.readers }),
  );
  return problems;
}
