/**
 * Validation of environment configs: structure (the zod schema) first, then the cross-field rules a schema
 * cannot express. Every problem is collected and reported at once, one line each, naming the source and the
 * field path.
 */
import type { z } from "zod";
import { cidrContains, cidrsOverlap, parseCidr, type Ipv4Range } from "../modules/core/cidr";
import { PRIVATE_LINK_REGIONS } from "../modules/aws/databricks-endpoint-services";
import { ENVIRONMENTS } from "./registry";
import { environmentSchema, type EnvironmentConfig } from "./schema";
import { workspaceProblems } from "./schema/workspace";
import { metastoreSharingProblems, unityCatalogProblems } from "./schema/unity-catalog";

/** One problem in one config: where it is and what is wrong. */
export interface ConfigProblem {
  /** The config's source: a file path such as environments/dev.ts, or a JSON file given on the command line. */
  readonly source: string;
  /** The field path, e.g. network.workspaceSubnets[1].cidr; empty for the config as a whole. */
  readonly path: string;
  readonly message: string;
}

/** Thrown when one or more configs are invalid; `message` holds one line per problem. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "ConfigError";
  }
}

/** `<source>: <path>: <message>`, the line a user sees. */
export function formatProblem(problem: ConfigProblem): string {
  return problem.path ? `${problem.source}: ${problem.path}: ${problem.message}` : `${problem.source}: ${problem.message}`;
}

/** Validates one config; returns the config with defaults applied, or the problems found. */
export function validateEnvironment(input: unknown, source: string): { config: EnvironmentConfig } | { problems: ConfigProblem[] } {
  // reportInput: issues carry the value received, which tells "missing" apart from "wrong type".
  const parsed = environmentSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    return { problems: parsed.error.issues.flatMap((issue) => describeIssue(issue).map((p) => ({ source, ...p }))) };
  }
  const problems = crossFieldProblems(parsed.data).map((p) => ({ source, ...p }));
  return problems.length > 0 ? { problems } : { config: parsed.data };
}

/**
 * Validates every config, then the rules that span environments (unique names, shared metastores). Throws one
 * ConfigError listing every problem of every config; returns the configs only when all are valid.
 */
export function validateEnvironments(inputs: readonly { source: string; input: unknown }[]): EnvironmentConfig[] {
  const problems: ConfigProblem[] = [];
  const configs: EnvironmentConfig[] = [];
  const sourceByName = new Map<string, string>();
  const valid: { source: string; config: EnvironmentConfig }[] = [];
  for (const { source, input } of inputs) {
    const result = validateEnvironment(input, source);
    if ("problems" in result) {
      problems.push(...result.problems);
      continue;
    }
    const first = sourceByName.get(result.config.name);
    if (first) {
      problems.push({ source, path: "name", message: `"${result.config.name}" is already the name of ${first}; environment names must be unique` });
    }
    sourceByName.set(result.config.name, source);
    configs.push(result.config);
    valid.push({ source, config: result.config });
  }
  problems.push(...crossEnvironmentProblems(valid));
  if (problems.length > 0) throw new ConfigError(problems);
  return configs;
}

/**
 * Rules between environments that share account-level Databricks objects: one Unity Catalog metastore per region
 * and Databricks account (schema/unity-catalog.ts), and one account-scope log delivery per Databricks account.
 */
function crossEnvironmentProblems(valid: readonly { source: string; config: EnvironmentConfig }[]): ConfigProblem[] {
  // Registered stages may be left out of a run (LAKEHOUSE_ENV=prod): a sharedWith entry naming one is not a typo.
  return [...metastoreSharingProblems(valid, Object.keys(ENVIRONMENTS)), ...accountScopeLogDeliveryProblems(valid)];
}

/**
 * Databricks allows two enabled account-level log deliveries per log type, and two stages delivering the whole
 * account's audit events would store every event twice: at most one environment per Databricks account creates an
 * account-scope delivery.
 */
function accountScopeLogDeliveryProblems(valid: readonly { source: string; config: EnvironmentConfig }[]): ConfigProblem[] {
  const first = new Map<string, { source: string; name: string }>();
  const problems: ConfigProblem[] = [];
  for (const { source, config } of valid) {
    const delivery = config.workspace.logDelivery;
    if (delivery.scope !== "account" || delivery.alreadyExists) continue;
    const owner = first.get(config.databricks.accountId);
    if (owner) {
      problems.push({
        source,
        path: "workspace.logDelivery.scope",
        message: `${owner.name} (${owner.source}) already delivers this Databricks account's logs at scope "account"; use scope "workspace" (or alreadyExists) here`,
      });
    } else first.set(config.databricks.accountId, { source, name: config.name });
  }
  return problems;
}

type PathlessProblem = Omit<ConfigProblem, "source">;

function crossFieldProblems(config: EnvironmentConfig): PathlessProblem[] {
  return [...networkProblems(config), ...productionProblems(config), ...workspaceProblems(config), ...unityCatalogProblems(config)];
}

interface NamedSubnet {
  readonly path: string;
  readonly cidr: string;
  readonly range: Ipv4Range;
  readonly availabilityZone: string;
}

function networkProblems(config: EnvironmentConfig): PathlessProblem[] {
  const { network, aws } = config;
  const problems: PathlessProblem[] = [];
  const vpc = parseCidr(network.vpcCidr);
  if (typeof vpc === "string") return [{ path: "network.vpcCidr", message: vpc }];

  const lists = [
    { path: "network.workspaceSubnets", subnets: network.workspaceSubnets },
    { path: "network.publicSubnets", subnets: network.publicSubnets },
    { path: "network.privateLink.subnets", subnets: network.privateLink.subnets },
  ];
  const all: NamedSubnet[] = [];
  for (const { path, subnets } of lists) {
    subnets.forEach((subnet, index) => {
      const subnetPath = `${path}[${index}]`;
      const range = parseCidr(subnet.cidr);
      if (typeof range === "string") {
        problems.push({ path: `${subnetPath}.cidr`, message: range });
        return;
      }
      if (!subnet.availabilityZone.startsWith(aws.region) || subnet.availabilityZone.length !== aws.region.length + 1) {
        problems.push({ path: `${subnetPath}.availabilityZone`, message: `${subnet.availabilityZone} is not in aws.region ${aws.region}; use ${aws.region}a, ${aws.region}b, ...` });
      }
      if (!cidrContains(vpc, range)) {
        problems.push({ path: `${subnetPath}.cidr`, message: `${subnet.cidr} is outside network.vpcCidr ${network.vpcCidr}; choose a range inside it` });
      }
      for (const other of all) {
        if (cidrsOverlap(other.range, range)) {
          problems.push({ path: `${subnetPath}.cidr`, message: `${subnet.cidr} overlaps ${other.path.replace(/^network\./, "")} (${other.cidr}); choose a range outside it` });
        }
      }
      all.push({ path: subnetPath, cidr: subnet.cidr, range, availabilityZone: subnet.availabilityZone });
    });
  }

  problems.push(...workspaceSubnetProblems(all.filter((s) => s.path.startsWith("network.workspaceSubnets"))));
  problems.push(...onePerZone(all.filter((s) => s.path.startsWith("network.privateLink.subnets")), "PrivateLink"));

  if (network.egress === "nat" && network.publicSubnets.length === 0) {
    problems.push({ path: "network.publicSubnets", message: 'egress "nat" needs at least one public subnet for the NAT gateway; add one or use egress "isolated"' });
  }
  if (network.egress === "isolated" && network.publicSubnets.length > 0) {
    problems.push({ path: "network.publicSubnets", message: 'egress "isolated" has no internet path, so public subnets are not allowed; remove them or use egress "nat"' });
  }
  if (network.egress === "isolated" && !network.privateLink.enabled) {
    problems.push({ path: "network.privateLink.enabled", message: 'egress "isolated" needs PrivateLink: without it clusters cannot reach the control plane; set it to true or use egress "nat"' });
  }
  if (network.privateLink.enabled) {
    if (!(PRIVATE_LINK_REGIONS as readonly string[]).includes(aws.region)) {
      problems.push({ path: "network.privateLink.enabled", message: `Databricks offers PrivateLink in ${PRIVATE_LINK_REGIONS.join(", ")}, not in aws.region ${aws.region}` });
    }
    if (network.privateLink.subnets.length === 0) {
      problems.push({ path: "network.privateLink.subnets", message: "PrivateLink needs at least one subnet for its interface endpoints; add one per availability zone" });
    }
  } else if (network.privateLink.subnets.length > 0) {
    problems.push({ path: "network.privateLink.subnets", message: "subnets are given but PrivateLink is off; remove them or set privateLink.enabled to true" });
  }
  return problems;
}

/** Databricks: /17 to /25 (satisfies both the provider docs and the current Databricks docs), one subnet per AZ, two AZs or more. */
function workspaceSubnetProblems(subnets: readonly NamedSubnet[]): PathlessProblem[] {
  const problems: PathlessProblem[] = [];
  for (const subnet of subnets) {
    if (subnet.range.prefixLength < 17 || subnet.range.prefixLength > 25) {
      problems.push({ path: `${subnet.path}.cidr`, message: `${subnet.cidr} is a /${subnet.range.prefixLength}; Databricks workspace subnets must be /17 to /25` });
    }
  }
  problems.push(...onePerZone(subnets, "workspace"));
  const zones = new Set(subnets.map((s) => s.availabilityZone));
  if (subnets.length >= 2 && zones.size < 2) {
    problems.push({ path: "network.workspaceSubnets", message: "Databricks needs workspace subnets in at least two distinct availability zones" });
  }
  return problems;
}

function onePerZone(subnets: readonly NamedSubnet[], kind: string): PathlessProblem[] {
  const byZone = new Map<string, string>();
  const problems: PathlessProblem[] = [];
  for (const subnet of subnets) {
    const first = byZone.get(subnet.availabilityZone);
    if (first) {
      problems.push({ path: `${subnet.path}.availabilityZone`, message: `${subnet.availabilityZone} already has a ${kind} subnet (${first.replace(/^network\./, "")}); use one subnet per availability zone` });
    } else byZone.set(subnet.availabilityZone, subnet.path);
  }
  return problems;
}

/** A production environment runs with the controls the Security Reference Architecture requires. */
function productionProblems(config: EnvironmentConfig): PathlessProblem[] {
  if (!config.production) return [];
  const required: [boolean, string, string][] = [
    [config.dataProtection, "dataProtection", "production environments must protect data; set it to true"],
    [config.network.privateLink.enabled, "network.privateLink.enabled", "production environments must use PrivateLink; set it to true"],
    [config.encryption.customerManagedKeys, "encryption.customerManagedKeys", "production environments must use customer-managed keys; set it to true"],
  ];
  return required.filter(([ok]) => !ok).map(([, path, message]) => ({ path, message }));
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), "");
}

/** One problem per zod issue, except unknown keys: one per key, at the key's own path. */
function describeIssue(issue: z.core.$ZodIssue): PathlessProblem[] {
  const path = formatPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      path: path ? `${path}.${key}` : key,
      message: "unknown field; check its spelling against environments/schema (unknown fields are refused so a typo cannot pass silently)",
    }));
  }
  if (issue.code === "invalid_type" && issue.input === undefined) return [{ path, message: "is required" }];
  return [{ path, message: issue.message }];
}
