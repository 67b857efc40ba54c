/**
 * Cross-field rules of tags: the extra tags may not name a required tag (the required value would silently win), and
 * with the required set and what constructs add they stay within AWS's 50 tags per resource.
 */
import type { EnvironmentConfig } from "../schema";
import { CONSTRUCT_TAG_KEYS, MAX_EXTRA_TAGS, REQUIRED_TAG_KEYS } from "../tags";
import type { FieldProblem } from "./problem";

export function tagProblems({ tags }: EnvironmentConfig): FieldProblem[] {
  const problems: FieldProblem[] = Object.keys(tags)
    .filter((key) => (CONSTRUCT_TAG_KEYS as readonly string[]).includes(key))
    .map((key) => ({
      path: `tags.${key}`,
      message: `is set by the constructs on the resources they name (a ${key} tag per resource); remove it from tags`,
    }));
  problems.push(
    ...Object.keys(tags)
      .filter((key) => (REQUIRED_TAG_KEYS as readonly string[]).includes(key))
      .map((key) => ({
        path: `tags.${key}`,
        message: `is a required tag, set from the config (${REQUIRED_TAG_KEYS.join(", ")}: name, project.prefix, project.owner, project.costCenter); change it there and remove it from tags`,
      })),
  );
  const count = Object.keys(tags).length;
  if (count > MAX_EXTRA_TAGS) {
    problems.push({
      path: "tags",
      message: `has ${count} tags; at most ${MAX_EXTRA_TAGS} fit beside the required ones within AWS's 50 per resource`,
    });
  }
  return problems;
}
