/**
 * The base of every layer stack: one stack per layer and environment (`<env>-<layer>`), with its S3 backend, an
 * AWS provider for the environment's account and region with the common tags, and the naming function.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../../environments";
import { commonTags } from "../../environments/tags";
import { Naming } from "../../modules/core/naming";
import { configureBackend, stackId, type Layer } from "./backend";
import { bucketSuffixOf } from "./names";

/** The common tags and the required tag keys are defined with the config (environments/tags.ts). */
export { commonTags, REQUIRED_TAG_KEYS } from "../../environments/tags";

/** Props of every layer stack. */
export interface LayerStackProps {
  /** The validated environment config. */
  readonly config: EnvironmentConfig;
}

/** The stack's Terraform JSON, as `toTerraform()` returns it. */
type StackJson = ReturnType<TerraformStack["toTerraform"]>;

/** A layer of the lakehouse in one environment. */
export abstract class LayerStack extends TerraformStack {
  public readonly config: EnvironmentConfig;
  public readonly layer: Layer;
  public readonly naming: Naming;
  /** The AWS provider of the environment (default, unaliased). */
  public readonly awsProvider: AwsProvider;
  private validating = false;
  /** The JSON resolved while the stack was validated, for the synthesizer's `toTerraform()` that follows. */
  private resolvedWhileValidating: StackJson | undefined;

  protected constructor(scope: Construct, layer: Layer, props: LayerStackProps) {
    super(scope, stackId(props.config, layer));
    this.config = props.config;
    this.layer = layer;
    this.naming = new Naming(props.config.project.prefix, props.config.name, bucketSuffixOf(props.config));
    configureBackend(this, props.config, layer);
    this.awsProvider = new AwsProvider(this, "aws", {
      region: props.config.aws.region,
      // Guards against deploying a stage into the wrong account with the wrong credentials.
      allowedAccountIds: [props.config.aws.accountId],
      defaultTags: [{ tags: commonTags(props.config) }],
      ...(props.config.aws.assumeRoleArn
        ? { assumeRole: [{ roleArn: props.config.aws.assumeRoleArn, sessionName: `cdktf-${props.config.name}-${layer}` }] }
        : {}),
    });
  }

  /**
   * Validates the stack. The guardrails, one of its validations, resolve the whole stack to JSON; cdktf's synthesizer
   * calls `toTerraform()` right after the validations, with nothing between that changes the stack, to write that same
   * JSON. The JSON resolved while validating is handed to that one call, so the stack is resolved once per synth, not
   * twice (resolving was a third of each environment's cost; docs/performance.md).
   */
  public override runAllValidations(): void {
    this.resolvedWhileValidating = undefined;
    this.validating = true;
    try {
      super.runAllValidations();
    } finally {
      this.validating = false;
    }
  }

  /** The stack's Terraform JSON; the first call after a validation returns what the validation resolved. */
  public override toTerraform(): StackJson {
    const kept = this.resolvedWhileValidating;
    this.resolvedWhileValidating = undefined;
    if (kept !== undefined && !this.validating) return kept;
    const json = super.toTerraform();
    if (this.validating) this.resolvedWhileValidating = json;
    return json;
  }
}
