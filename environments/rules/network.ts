/**
 * Cross-field rules of the network section: every subnet inside the VPC, in aws.region and overlapping no other;
 * workspace subnets as Databricks requires them; egress and PrivateLink consistent with each other.
 */
import { PRIVATE_LINK_REGIONS } from "../../modules/aws/databricks-endpoint-services";
import { cidrContains, cidrsOverlap, parseCidr, type Ipv4Range } from "../../modules/core/cidr";
import type { EnvironmentConfig } from "../schema";
import type { FieldProblem } from "./problem";

interface NamedSubnet {
  readonly path: string;
  readonly cidr: string;
  readonly range: Ipv4Range;
  readonly availabilityZone: string;
}

/** Cross-field rules of the network section. */
export function networkProblems(config: EnvironmentConfig): FieldProblem[] {
  const { network, aws } = config;
  const problems: FieldProblem[] = [];
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
        problems.push({
          path: `${subnetPath}.availabilityZone`,
          message: `${subnet.availabilityZone} is not in aws.region ${aws.region}; use ${aws.region}a, ${aws.region}b, ...`,
        });
      }
      if (!cidrContains(vpc, range)) {
        problems.push({
          path: `${subnetPath}.cidr`,
          message: `${subnet.cidr} is outside network.vpcCidr ${network.vpcCidr}; choose a range inside it`,
        });
      }
      for (const other of all) {
        if (cidrsOverlap(other.range, range)) {
          problems.push({
            path: `${subnetPath}.cidr`,
            message: `${subnet.cidr} overlaps ${other.path.replace(/^network\./, "")} (${other.cidr}); choose a range outside it`,
          });
        }
      }
      all.push({ path: subnetPath, cidr: subnet.cidr, range, availabilityZone: subnet.availabilityZone });
    });
  }

  problems.push(...workspaceSubnetProblems(all.filter((s) => s.path.startsWith("network.workspaceSubnets"))));
  problems.push(
    ...onePerZone(
      all.filter((s) => s.path.startsWith("network.privateLink.subnets")),
      "PrivateLink",
    ),
  );
  problems.push(...egressProblems(config));
  return problems;
}

/** Egress and PrivateLink: NAT needs public subnets, isolation needs PrivateLink, PrivateLink needs its region and subnets. */
function egressProblems({ network, aws }: EnvironmentConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (network.egress === "nat" && network.publicSubnets.length === 0) {
    problems.push({
      path: "network.publicSubnets",
      message: 'egress "nat" needs at least one public subnet for the NAT gateway; add one or use egress "isolated"',
    });
  }
  if (network.egress === "isolated" && network.publicSubnets.length > 0) {
    problems.push({
      path: "network.publicSubnets",
      message: 'egress "isolated" has no internet path, so public subnets are not allowed; remove them or use egress "nat"',
    });
  }
  if (network.egress === "isolated" && !network.privateLink.enabled) {
    problems.push({
      path: "network.privateLink.enabled",
      message: 'egress "isolated" needs PrivateLink: without it clusters cannot reach the control plane; set it to true or use egress "nat"',
    });
  }
  if (network.privateLink.enabled) {
    if (!(PRIVATE_LINK_REGIONS as readonly string[]).includes(aws.region)) {
      problems.push({
        path: "network.privateLink.enabled",
        message: `Databricks offers PrivateLink in ${PRIVATE_LINK_REGIONS.join(", ")}, not in aws.region ${aws.region}`,
      });
    }
    if (network.privateLink.subnets.length === 0) {
      problems.push({
        path: "network.privateLink.subnets",
        message: "PrivateLink needs at least one subnet for its interface endpoints; add one per availability zone",
      });
    }
  } else if (network.privateLink.subnets.length > 0) {
    problems.push({
      path: "network.privateLink.subnets",
      message: "subnets are given but PrivateLink is off; remove them or set privateLink.enabled to true",
    });
  }
  return problems;
}

/** Databricks: /17 to /25 (satisfies both the provider docs and the current Databricks docs), one subnet per AZ, two AZs or more. */
function workspaceSubnetProblems(subnets: readonly NamedSubnet[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const subnet of subnets) {
    if (subnet.range.prefixLength < 17 || subnet.range.prefixLength > 25) {
      problems.push({
        path: `${subnet.path}.cidr`,
        message: `${subnet.cidr} is a /${subnet.range.prefixLength}; Databricks workspace subnets must be /17 to /25`,
      });
    }
  }
  problems.push(...onePerZone(subnets, "workspace"));
  const zones = new Set(subnets.map((s) => s.availabilityZone));
  if (subnets.length >= 2 && zones.size < 2) {
    problems.push({ path: "network.workspaceSubnets", message: "Databricks needs workspace subnets in at least two distinct availability zones" });
  }
  return problems;
}

function onePerZone(subnets: readonly NamedSubnet[], kind: string): FieldProblem[] {
  const byZone = new Map<string, string>();
  const problems: FieldProblem[] = [];
  for (const subnet of subnets) {
    const first = byZone.get(subnet.availabilityZone);
    if (first) {
      problems.push({
        path: `${subnet.path}.availabilityZone`,
        message: `${subnet.availabilityZone} already has a ${kind} subnet (${first.replace(/^network\./, "")}); use one subnet per availability zone`,
      });
    } else byZone.set(subnet.availabilityZone, subnet.path);
  }
  return problems;
}
