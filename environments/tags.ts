/**
 * The tags every AWS resource of an environment carries (through the AWS provider's default_tags, and Databricks'
 * custom_tags), and the limits AWS puts on them. Data only, so config validation and the stacks share one definition.
 */
import type { EnvironmentConfig } from "./schema";

/** Tag keys every AWS resource carries, from the config's name and project fields. */
export const REQUIRED_TAG_KEYS = ["environment", "project", "owner", "cost-center"] as const;

/** AWS allows 50 user tags on a resource (Tagging AWS resources, "Tag naming limits and requirements"). */
export const AWS_MAX_TAGS_PER_RESOURCE = 50;

/**
 * Tags our constructs add on top of the common set (the `Name` tag of network resources): a config may not set them
 * (a construct's value would replace it on some resources and not others), and they count against the limit.
 */
export const CONSTRUCT_TAG_KEYS = ["Name"] as const;
export const CONSTRUCT_TAG_ALLOWANCE = CONSTRUCT_TAG_KEYS.length;

/** The most extra tags a config may set: the limit, less the required set and what constructs add. */
export const MAX_EXTRA_TAGS = AWS_MAX_TAGS_PER_RESOURCE - REQUIRED_TAG_KEYS.length - CONSTRUCT_TAG_ALLOWANCE;

/** The common tags of an environment: the config's extra tags, then the required set (validation keeps them apart). */
export function commonTags(config: EnvironmentConfig): Record<string, string> {
  return {
    ...config.tags,
    environment: config.name,
    project: config.project.prefix,
    owner: config.project.owner,
    "cost-center": config.project.costCenter,
  };
}
