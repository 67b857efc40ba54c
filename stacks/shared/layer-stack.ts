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

/** A layer of the lakehouse in one environment. */
export abstract class LayerStack extends TerraformStack {
  public readonly config: EnvironmentConfig;
  public readonly layer: Layer;
  public readonly naming: Naming;
  /** The AWS provider of the environment (default, unaliased). */
  public readonly awsProvider: AwsProvider;

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
}
