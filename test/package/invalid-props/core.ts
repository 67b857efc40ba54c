/** The invalid-props specification of modules/core's constructs. */
import { TerraformData } from "../../../modules/core/terraform-data";
import type { PropsSpecification } from "./case";

export const CORE_CASES: readonly PropsSpecification[] = [
  {
    construct: TerraformData,
    nothingToValidate: "its config is cdktf's own DataConfig (input, triggers, provisioners), which Terraform itself checks at plan",
  },
];
