/**
 * Required tags on every taggable AWS resource, from the provider's default_tags or the resource's own tags.
 */
import { isExpression } from "../expressions";
import { RulePack } from "../pack";
import { attributeNames } from "../provider-schema";
import { fail, PASS, ResourceRule, SKIP } from "../rule";
import { blockOf, show } from "../values";
import { aws } from "./anchors";

type TagMap = Record<string, unknown>;

/** A tag map, or the expression that hides it. */
function tagsOf(value: unknown): TagMap | string {
  if (isExpression(value)) {
    return value;
  }
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as TagMap) : {};
}

const requiredTags: ResourceRule = {
  id: "TAGS-REQUIRED",
  pack: "tags",
  scope: "resource",
  severity: "low",
  title: "Every taggable AWS resource carries the required tags",
  rationale: "Tags attribute cost, ownership and environment; untagged resources are orphans nobody can account for",
  anchors: [aws("Tagging best practices: required tags through default_tags")],
  appliesTo: ["aws_*"],
  appliesWhen: "requiredTags is not empty",
  fix: "set the tags in the AWS provider's default_tags (or on the resource's tags)",
  notes:
    "A resource type is taggable if its provider class has a tags attribute. The resource's provider (its provider meta-argument, else the default aws provider) supplies default_tags.",
  check: (block, ctx) => {
    const required = ctx.settings.requiredTags;
    if (required.length === 0 || !attributeNames("resource", block.type, ctx.declarations.providerPackages)?.has("tags")) {
      return SKIP;
    }
    const provider = ctx.model.providerOf(block, "aws");
    const defaults = tagsOf(blockOf(provider?.attrs.default_tags)?.tags);
    const own = tagsOf(block.attrs.tags);
    const hidden = [defaults, own].find((t): t is string => typeof t === "string");
    if (hidden !== undefined) {
      return fail(`tags are ${show(hidden)}, which cannot be resolved at synth`);
    }
    const effective = { ...(defaults as TagMap), ...(own as TagMap) };
    const missing = required.filter((key) => effective[key] === undefined || effective[key] === null || effective[key] === "");
    return missing.length === 0 ? PASS : fail(`the resource lacks required tag${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
  },
};

/** The tags pack. */
export const TAGS_PACK: RulePack = {
  name: "tags",
  description: "Required tags on AWS resources",
  rules: [requiredTags],
};
