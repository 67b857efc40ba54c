import { Fn, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { ENVIRONMENTS, validateEnvironments } from "../../../environments";
import { backendOf } from "../../../stacks/shared/backend";
import { defineLayerContract } from "../../../stacks/shared/layer-contract";
import { NetworkStorageOutputs } from "../../../stacks/network-storage/outputs";

interface ExampleOutputs {
  readonly vpcId: string;
  readonly subnetIds: string[];
  readonly groupIds: Record<string, string>;
}
const Example = defineLayerContract<ExampleOutputs>("network-storage", {
  vpcId: { kind: "string", description: "the VPC" },
  subnetIds: { kind: "list", description: "the subnets" },
  groupIds: { kind: "map", description: "the groups" },
});
const [dev] = validateEnvironments([ENVIRONMENTS.dev]);

describe("a layer contract", () => {
  it("names each output after its field in snake_case", () => {
    expect(["vpcId", "subnetIds", "groupIds"].map((f) => Example.outputName(f as keyof ExampleOutputs))).toEqual([
      "vpc_id",
      "subnet_ids",
      "group_ids",
    ]);
  });

  it("publishes one output per field with its description", () => {
    const json = JSON.parse(
      Testing.synthScope((scope) => Example.publish(scope, { vpcId: "vpc-1", subnetIds: ["a", "b"], groupIds: { admins: "1" } })),
    );
    expect(json.output).toEqual({
      vpc_id: { value: "vpc-1", description: "the VPC" },
      subnet_ids: { value: ["a", "b"], description: "the subnets" },
      group_ids: { value: { admins: "1" }, description: "the groups" },
    });
  });

  it("refuses to publish a contract with a field missing", () => {
    expect(() => Testing.synthScope((scope) => Example.publish(scope, { vpcId: "vpc-1", subnetIds: [] } as unknown as ExampleOutputs))).toThrow(
      'network-storage contract: field "groupIds" has no value; every field of the contract must be published',
    );
  });

  it("reads the fields back from the producer's S3 state as typed references", () => {
    const app = Testing.app();
    const consumer = new TerraformStack(app, "consumer");
    const outputs = Example.fromRemoteState(consumer, "network", backendOf(dev, "network-storage"));
    new TerraformOutput(consumer, "vpc", { value: outputs.vpcId });
    new TerraformOutput(consumer, "first_subnet", { value: Fn.element(outputs.subnetIds, 0) });
    new TerraformOutput(consumer, "groups", { value: outputs.groupIds });
    const json = JSON.parse(Testing.synth(consumer));

    expect(json.data.terraform_remote_state.network).toEqual({
      backend: "s3",
      config: {
        bucket: dev.state.bucket,
        key: "dev/network-storage.tfstate",
        region: dev.state.region,
        encrypt: true,
        kms_key_id: dev.state.kmsKeyArn,
      },
    });
    expect(json.output.vpc.value).toBe("${data.terraform_remote_state.network.outputs.vpc_id}");
    expect(json.output.first_subnet.value).toBe("${element(data.terraform_remote_state.network.outputs.subnet_ids, 0)}");
    expect(json.output.groups.value).toBe("${data.terraform_remote_state.network.outputs.group_ids}");
  });

  it("is the same definition on both sides for network-storage: every published name is read back", () => {
    const app = Testing.app();
    const consumer = new TerraformStack(app, "consumer");
    const outputs = NetworkStorageOutputs.fromRemoteState(consumer, "ns", backendOf(dev, "network-storage"));
    for (const [field, value] of Object.entries(outputs)) new TerraformOutput(consumer, field, { value });
    const json = JSON.parse(Testing.synth(consumer));
    for (const field of Object.keys(NetworkStorageOutputs.fields)) {
      expect(JSON.stringify(json.output[field].value)).toContain(`outputs.${NetworkStorageOutputs.outputName(field as keyof NetworkStorageOutputs)}`);
    }
  });
});
