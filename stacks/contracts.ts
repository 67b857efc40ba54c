/**
 * The layer contracts, as the package exports them (`<package>/contracts`; re-exports only): each layer's outputs
 * interface and its typed accessor, so that another team's app reads a deployed layer's outputs from its remote state
 * with the same names and types the layer publishes, and `defineLayerContract` for contracts of its own.
 *
 * @example
 * import { NetworkStorageOutputs } from "databricks-lakehouse-aws/contracts";
 * const network = NetworkStorageOutputs.fromRemoteState(this, "lakehouse-network", {
 *   bucket: "acme-terraform-state", key: "prod/network-storage.tfstate", region: "us-west-2",
 * });
 * new SomethingInTheVpc(this, "Thing", { vpcId: network.vpcId, subnetIds: network.workspaceSubnetIds });
 */
export * from "./shared/layer-contract";
export * from "./network-storage/outputs";
export * from "./workspace/outputs";
export * from "./unity-catalog/outputs";
export * from "./ingestion/outputs";
export * from "./serving/outputs";
export * from "./collaboration/outputs";
