/**
 * Settings every `databricks_pipeline` built here shares (release channel, run_as, failure notifications, tags) and
 * the checks on them, named once for the declarative and the Lakeflow Connect pipelines; the Unity Catalog name and
 * e-mail checks serve the job and the service credential too.
 */
import type { PipelineNotification, PipelineRunAs } from "@cdktf/provider-databricks/lib/pipeline";
import { Token } from "cdktf";
import type { Principal } from "../principal";

/** Release channels of the pipeline runtime (provider v1.99 docs/resources/pipeline.md, `channel`). */
export const PIPELINE_CHANNELS = ["CURRENT", "PREVIEW"] as const;

/** One release channel. */
export type PipelineChannel = (typeof PIPELINE_CHANNELS)[number];

/**
 * The alerts that mean an update or a flow failed (provider v1.99 docs/resources/pipeline.md, notification block);
 * `on-update-success` is left out on purpose.
 */
export const PIPELINE_FAILURE_ALERTS: readonly string[] = ["on-update-failure", "on-update-fatal-failure", "on-flow-failure"];

/** Most tags a pipeline takes (v1.99 docs: forwarded to its compute as cluster tags, "a maximum of 25"). */
export const PIPELINE_MAX_TAGS = 25;

/** The `run_as` block: a service principal by application id, or a user by e-mail. */
export function runAsOf(principal: Principal): PipelineRunAs {
  return principal.kind === "user" ? { userName: principal.name } : { servicePrincipalName: principal.name };
}

/** One notification block e-mailing `recipients` on every failure alert, or nothing. */
export function failureNotifications(recipients: readonly string[] | undefined): { notification?: PipelineNotification[] } {
  if (!recipients || recipients.length === 0) return {};
  return { notification: [{ emailRecipients: [...recipients], alerts: [...PIPELINE_FAILURE_ALERTS] }] };
}

/** The props every pipeline construct here checks alike. */
export interface CommonPipelineSettings {
  readonly name: string;
  readonly runAs: Principal;
  readonly channel?: string;
  readonly failureEmailRecipients?: string[];
  readonly tags?: Record<string, string>;
  readonly owner?: Principal;
}

/** Problems with the shared props: name, run_as, channel (named `channelProp` in messages), notifications, tags, owner. */
export function commonPipelineProblems(props: CommonPipelineSettings, channelProp = "channel"): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(props.name) && props.name.trim().length === 0) problems.push("name: is empty; name the pipeline");
  if (props.runAs.kind === "group") {
    problems.push(`runAs: "${props.runAs.name}" is a group; a pipeline runs as a service principal (application id) or a user`);
  } else if (!Token.isUnresolved(props.runAs.name) && props.runAs.name.trim().length === 0) {
    problems.push("runAs: the principal's name is empty; give the service principal's application id");
  }
  if (props.channel !== undefined && !(PIPELINE_CHANNELS as readonly string[]).includes(props.channel)) {
    problems.push(`${channelProp}: "${props.channel}" is not a release channel; use ${PIPELINE_CHANNELS.join(" or ")}`);
  }
  problems.push(...emailProblems("failureEmailRecipients", props.failureEmailRecipients));
  const tagCount = Object.keys(props.tags ?? {}).length;
  if (tagCount > PIPELINE_MAX_TAGS) problems.push(`tags: ${tagCount} given; a pipeline takes at most ${PIPELINE_MAX_TAGS}`);
  if (props.owner?.kind === "group") problems.push(`owner: "${props.owner.name}" is a group; a pipeline's owner must be a user or service principal`);
  return problems;
}

/** Why `value` is not a bare Unity Catalog name (no period, space, slash or control character), or undefined. */
export function ucNameProblem(prop: string, value: string, hint: string): string | undefined {
  if (Token.isUnresolved(value)) return undefined;
  if (value.length === 0) return `${prop}: is empty; ${hint}`;
  if (/[.\s/\p{Cc}]/u.test(value)) return `${prop}: "${value}" is not a bare Unity Catalog name (no periods, spaces or slashes); ${hint}`;
  return undefined;
}

/** An e-mail address, loosely: `name@domain.tld` without spaces. */
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Problems with e-mail addresses given as `prop`: each must look like `name@domain.tld` (tokens are accepted). */
export function emailProblems(prop: string, addresses: readonly string[] | undefined): string[] {
  return (addresses ?? []).flatMap((address, i) =>
    Token.isUnresolved(address) || EMAIL.test(address) ? [] : [`${prop}[${i}]: "${address}" is not an e-mail address`],
  );
}
