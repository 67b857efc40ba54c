import { MlWorkspace, type MlWorkspaceProps } from "../../../../modules/databricks/serving/ml-workspace";
import { groupPrincipal, servicePrincipal } from "../../../../modules/databricks/principal";
import { synthesize } from "../../../synth-json";
import { guardrailFindings, pipelinesStack } from "../pipelines/pipelines-fixture";

const SCIENTISTS = groupPrincipal("lakehouse-prod-data-scientists");
const SERVING_OWNER = servicePrincipal("7d0a3c2e-1111-2222-3333-444455556666");

function build(props: Partial<MlWorkspaceProps> = {}) {
  const { stack, workspace } = pipelinesStack();
  const ml = new MlWorkspace(stack, "Ml", {
    provider: workspace,
    experimentFolder: "/Shared/lakehouse/prod/ml",
    experiments: ["churn", "demand"],
    catalogName: "lakehouse_prod",
    schemaName: "ml",
    models: [{ name: "churn_classifier", comment: "Churn" }],
    modelOwner: groupPrincipal("lakehouse-prod-ml-engineers"),
    dataScientists: [SCIENTISTS],
    experimentManagers: [groupPrincipal("lakehouse-prod-platform")],
    readers: [SERVING_OWNER],
    clusterPolicyName: "lakehouse-prod-ml",
    tags: { Project: "lakehouse" },
    ...props,
  });
  return { stack, ml, s: synthesize(stack) };
}

describe("MlWorkspace", () => {
  const { stack, ml, s } = build({ gpu: true });

  it("creates each experiment in the folder, protected, with data scientists CAN_EDIT", () => {
    const experiment = s.resource("databricks_mlflow_experiment", "/Ml/Experiment-churn").block;
    expect(experiment).toMatchObject({ name: "/Shared/lakehouse/prod/ml/churn", lifecycle: { prevent_destroy: true } });
    const permissions = s.resource("databricks_permissions", "/Ml/ExperimentPermissions-churn").block;
    expect(permissions.experiment_id).toBe(s.ref("databricks_mlflow_experiment", "/Ml/Experiment-churn", "id"));
    expect(permissions.access_control).toEqual([
      { service_principal_name: SERVING_OWNER.name, permission_level: "CAN_READ" },
      { group_name: SCIENTISTS.name, permission_level: "CAN_EDIT" },
      { group_name: "lakehouse-prod-platform", permission_level: "CAN_MANAGE" },
    ]);
    expect(Object.keys(ml.experiments)).toEqual(["churn", "demand"]);
  });

  it("registers each model in the ml schema with its owner and grants on the model by reference", () => {
    const model = s.resource("databricks_registered_model", "/Ml/Model-churn_classifier").block;
    expect(model).toMatchObject({
      catalog_name: "lakehouse_prod",
      schema_name: "ml",
      name: "churn_classifier",
      owner: "lakehouse-prod-ml-engineers",
      lifecycle: { prevent_destroy: true },
    });
    const grants = s.resource("databricks_grants", "/Ml/ModelGrants-churn_classifier").block;
    expect(grants.model).toBe(s.ref("databricks_registered_model", "/Ml/Model-churn_classifier", "id"));
    expect(grants.grant).toEqual([
      { principal: SCIENTISTS.name, privileges: ["EXECUTE", "APPLY_TAG"] },
      { principal: SERVING_OWNER.name, privileges: ["EXECUTE"] },
    ]);
    expect(ml.modelFullNames).toEqual(["lakehouse_prod.ml.churn_classifier"]);
  });

  it("makes a GPU ML policy for all-purpose clusters: GPU runtime and instances, standard engine, required auto-termination", () => {
    const definition = JSON.parse(s.resource("databricks_cluster_policy", "/Ml/ClusterPolicy/Policy").block.definition as string);
    expect(definition.cluster_type).toEqual({ type: "fixed", value: "all-purpose" });
    expect(definition.spark_version).toEqual({ type: "allowlist", values: ["16.4.x-gpu-ml-scala2.12"], defaultValue: "16.4.x-gpu-ml-scala2.12" });
    expect(definition.node_type_id.values).toEqual(["g5.xlarge", "g5.2xlarge", "g5.4xlarge"]);
    expect(definition.runtime_engine).toEqual({ type: "fixed", value: "STANDARD", hidden: true });
    expect(definition.data_security_mode.values).toEqual(["SINGLE_USER"]);
    expect(definition.autotermination_minutes).toEqual({ type: "range", minValue: 10, maxValue: 120, defaultValue: 10 });
    expect(definition["custom_tags.Project"]).toEqual({ type: "fixed", value: "lakehouse" });
    const permissions = s.resource("databricks_permissions", "/Ml/ClusterPolicy/Permissions").block;
    expect(permissions.access_control).toEqual([{ group_name: SCIENTISTS.name, permission_level: "CAN_USE" }]);
  });

  it("uses the CPU ML runtime with Photon unless GPU is asked for", () => {
    const cpu = build().s;
    const definition = JSON.parse(cpu.resource("databricks_cluster_policy", "/Ml/ClusterPolicy/Policy").block.definition as string);
    expect(definition.spark_version.values).toEqual(["16.4.x-cpu-ml-scala2.12"]);
    expect(definition.runtime_engine.value).toBe("PHOTON");
    expect(definition.node_type_id.values).not.toContain("g5.xlarge");
  });

  it("has no unsuppressed guardrail findings", () => {
    expect(guardrailFindings(stack)).toEqual([]);
  });

  it("refuses Photon on GPU instances", () => {
    expect(() => build({ gpu: false, nodeTypeIds: ["g5.xlarge"] })).toThrow(/runtimeEngine: PHOTON does not run on GPU instances \(g5.xlarge\)/);
  });

  it("refuses a bad folder, model and schema names, duplicates and grants to everyone", () => {
    expect(() =>
      build({
        experimentFolder: "Shared/ml/",
        experiments: ["churn", "churn"],
        models: [{ name: "Churn-Model" }],
        schemaName: "ML",
        dataScientists: [groupPrincipal("account users")],
      }),
    ).toThrow(
      /experimentFolder: "Shared\/ml\/"[\s\S]*experiments\[1\]: "churn" is given more than once[\s\S]*models\[0\]: "Churn-Model"[\s\S]*schemaName: "ML"[\s\S]*dataScientists\[0\]: "account users" is everyone/,
    );
  });
});
