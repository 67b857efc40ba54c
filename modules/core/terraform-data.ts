/**
 * Terraform's built-in `terraform_data` resource (Terraform 1.4 and later): provisioners and replace triggers that
 * belong to no provider's resource.
 */
import { anyToHclTerraform, anyToTerraform, hashMapper, hashMapperHcl, TerraformResource, type DataConfig } from "cdktf";
import type { Construct } from "constructs";

/**
 * A `terraform_data` resource, synthesized exactly as cdktf's `DataResource` synthesizes it, without the validation
 * `DataResource` adds: that one runs `terraform version` in a child process for every such resource on every synth
 * (0.3 s each), and fails the synth on a machine without terraform on PATH, though synthesizing needs no terraform.
 * Terraform itself refuses `terraform_data` below 1.4, and every stack pins `required_version`, checked at init.
 *
 * @see https://developer.hashicorp.com/terraform/language/resources/terraform-data
 * @example
 * new TerraformData(this, "StartFlow", {
 *   triggersReplace: { flow_arn: flow.arn },
 *   provisioners: [{ type: "local-exec", command: "aws appflow start-flow --flow-name $FLOW", environment: { FLOW: flow.name } }],
 * });
 */
export class TerraformData extends TerraformResource {
  /** The resource type in Terraform. */
  public static readonly tfResourceType = "terraform_data";

  private readonly storedInput: DataConfig["input"];
  private readonly replaceTriggers: DataConfig["triggersReplace"];

  constructor(scope: Construct, id: string, config: DataConfig = {}) {
    super(scope, id, {
      terraformResourceType: TerraformData.tfResourceType,
      terraformGeneratorMetadata: { providerName: "terraform" },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    this.storedInput = config.input;
    this.replaceTriggers = config.triggersReplace;
  }

  /** The resource's id (a UUID Terraform assigns at create). */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {
      input: hashMapper(anyToTerraform)(this.storedInput),
      triggers_replace: hashMapper(anyToTerraform)(this.replaceTriggers),
    };
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return {
      input: hashMapperHcl(anyToHclTerraform)(this.storedInput),
      triggers_replace: hashMapperHcl(anyToHclTerraform)(this.replaceTriggers),
    };
  }
}
