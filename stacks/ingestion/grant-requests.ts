/**
 * What the ingestion layer asks of the unity-catalog layer's securables (docs/decisions/0005-one-grant-plan.md): the
 * principal pipelines and jobs run as writes the layers its pipelines publish into, and reads the landing files.
 * Engineers see runs through permissions on the pipelines and jobs (this layer's own objects); analysts get nothing
 * here.
 */
import type { EnvironmentConfig } from "../../environments";
import type { GrantRequest } from "../shared/grant-request";
import { enabledPipelines } from "./sample-pipelines";

/** The ingestion layer's requests: none when the environment runs no pipeline, job or connector. */
export function ingestionGrantRequests(config: EnvironmentConfig): GrantRequest[] {
  const { ingestion } = config;
  const pipelines = enabledPipelines(ingestion);
  const runsSomething = pipelines.length > 0 || ingestion.lakeflowConnect.sources.length > 0 || ingestion.msk !== undefined;
  if (!runsSomething) return [];
  const principal = ingestion.runAs;
  const requestedBy = "ingestion";
  const writes = new Set<"bronze" | "silver" | "gold">(["bronze"]);
  for (const pipeline of pipelines) {
    if (pipeline.publishes.silver.length > 0) writes.add("silver");
    if (pipeline.publishes.gold.length > 0) writes.add("gold");
  }
  return [
    ...[...writes].map((target): GrantRequest => ({ target, access: "write", principal, requestedBy })),
    { target: "landing", access: "read-files", principal, requestedBy },
  ];
}
