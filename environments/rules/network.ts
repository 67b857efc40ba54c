/**
 * Cross-field rules of the network section: every subnet inside the VPC, in aws.region and overlapping no other;
 * workspace subnets as Databricks requires them; egress and PrivateLink consistent with each other.
 */
import { PRIVATE_LINK_REGIONS } from "../../modules/aws/databricks-endpoint-services";
import { AWS_CIDR_PREFIX, WORKSPACE_SUBNET_PREFIX } from "../../modules/aws/network-limits";
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
  if (vpc.prefixLength < AWS_CIDR_PREFIX.min || vpc.prefixLength > AWS_CIDR_PREFIX.max) {
    problems.push({
      path: "network.vpcCidr",
      message: `${network.vpcCidr} has netmask /${vpc.prefixLength}; AWS allows /${AWS_CIDR_PREFIX.min} to /${AWS_CIDR_PREFIX.max} for a VPC`,
    });
  }

  const lists = [
    { path: "network.workspaceSubnets", subnets: network.workspaceSubnets },
    { path: "network.publicSubnets", subnets: network.publicSubnets },
    { path: "network.privateLink.subnets", subnets: network.privateLink.subnets },
  ];
  const all = checkSubnets(lists, { path: "network.vpcCidr", cidr: network.vpcCidr, range: vpc }, aws.region, problems, AWS_CIDR_PREFIX);

  problems.push(...workspaceSubnetProblems(all.filter((s) => s.path.startsWith("network.workspaceSubnets"))));
  problems.push(
    ...onePerZone(
      all.filter((s) => s.path.startsWith("network.privateLink.subnets")),
      "PrivateLink",
    ),
  );
  problems.push(...egressProblems(config));
  problems.push(...frontEndProblems(config, vpc));
  return problems;
}

/**
 * The private front end: a transit VPC apart from the workspace VPC, its subnets inside it and in the region, someone
 * to serve (client ranges or runners), runners with their NAT subnet, and the resolver's needs.
 */
function frontEndProblems({ network, aws, production }: EnvironmentConfig, workspaceVpc: Ipv4Range): FieldProblem[] {
  const frontEnd = network.frontEnd;
  if (!frontEnd) return [];
  const path = "network.frontEnd";
  const problems: FieldProblem[] = [];
  // Where other rules already require PrivateLink (isolated egress, production), enabling it is the fix they report.
  const privateLinkRequired = network.egress === "isolated" || production;
  if (!network.privateLink.enabled && !privateLinkRequired)
    problems.push({
      path,
      message: "is set but PrivateLink is off; the front end registers a PrivateLink endpoint, so enable network.privateLink or remove it",
    });
  const transit = parseCidr(frontEnd.vpcCidr);
  if (typeof transit === "string") return [...problems, { path: `${path}.vpcCidr`, message: transit }];
  if (transit.prefixLength < 16 || transit.prefixLength > 26)
    problems.push({ path: `${path}.vpcCidr`, message: `${frontEnd.vpcCidr} has netmask /${transit.prefixLength}; a VPC is /16 to /26` });
  if (cidrsOverlap(transit, workspaceVpc))
    problems.push({
      path: `${path}.vpcCidr`,
      message: `${frontEnd.vpcCidr} overlaps network.vpcCidr ${network.vpcCidr}; the transit VPC needs its own range`,
    });
  const lists = (["endpointSubnets", "runnerSubnets", "natSubnets"] as const).map((kind) => ({ path: `${path}.${kind}`, subnets: frontEnd[kind] }));
  const all = checkSubnets(lists, { path: `${path}.vpcCidr`, cidr: frontEnd.vpcCidr, range: transit }, aws.region, problems, { min: 24, max: 28 });
  problems.push(
    ...onePerZone(
      all.filter((s) => s.path.startsWith(`${path}.endpointSubnets`)),
      "front-end endpoint",
    ),
  );
  const runners = frontEnd.runnerSubnets.length > 0;
  if (runners && frontEnd.natSubnets.length !== 1) {
    problems.push({
      path: `${path}.natSubnets`,
      message: `has ${frontEnd.natSubnets.length} subnets; runners need exactly one NAT subnet for their egress to GitHub and the Databricks account API`,
    });
  }
  if (!runners && frontEnd.natSubnets.length > 0)
    problems.push({ path: `${path}.natSubnets`, message: "is set without runnerSubnets; nothing would use the NAT gateway, so remove it" });
  if (frontEnd.clientCidrs.length === 0 && !runners)
    problems.push({
      path: `${path}.clientCidrs`,
      message: "is empty and there are no runnerSubnets; nobody could reach the workspace through the front end",
    });
  frontEnd.clientCidrs.forEach((cidr, i) => {
    const range = parseCidr(cidr);
    if (typeof range === "string") problems.push({ path: `${path}.clientCidrs[${i}]`, message: range });
    else if (range.prefixLength < 8)
      problems.push({
        path: `${path}.clientCidrs[${i}]`,
        message: `${cidr} is wider than /8; name the VPN or Direct Connect ranges, not the internet`,
      });
  });
  if (frontEnd.inboundResolver && frontEnd.endpointSubnets.length < 2) {
    problems.push({
      path: `${path}.inboundResolver`,
      message: "needs at least two endpointSubnets (a Route 53 Resolver endpoint takes two or more addresses)",
    });
  }
  if (frontEnd.inboundResolver && frontEnd.clientCidrs.length === 0) {
    problems.push({ path: `${path}.inboundResolver`, message: "needs clientCidrs (the on-premises DNS servers that forward to it)" });
  }
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
    if (subnet.range.prefixLength < WORKSPACE_SUBNET_PREFIX.min || subnet.range.prefixLength > WORKSPACE_SUBNET_PREFIX.max) {
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

/**
 * Every subnet of `lists` in the region, inside the VPC, overlapping no other (and within `netmask` when given);
 * appends the problems and returns the subnets that parsed.
 */
function checkSubnets(
  lists: readonly { path: string; subnets: readonly { cidr: string; availabilityZone: string }[] }[],
  vpc: { path: string; cidr: string; range: Ipv4Range },
  region: string,
  problems: FieldProblem[],
  netmask?: { min: number; max: number },
): NamedSubnet[] {
  const all: NamedSubnet[] = [];
  const section = vpc.path.slice(0, vpc.path.lastIndexOf(".") + 1);
  for (const { path, subnets } of lists) {
    subnets.forEach((subnet, index) => {
      const subnetPath = `${path}[${index}]`;
      const range = parseCidr(subnet.cidr);
      if (typeof range === "string") {
        problems.push({ path: `${subnetPath}.cidr`, message: range });
        return;
      }
      if (!subnet.availabilityZone.startsWith(region) || subnet.availabilityZone.length !== region.length + 1) {
        problems.push({
          path: `${subnetPath}.availabilityZone`,
          message: `${subnet.availabilityZone} is not in aws.region ${region}; use ${region}a, ${region}b, ...`,
        });
      }
      if (netmask && (range.prefixLength < netmask.min || range.prefixLength > netmask.max)) {
        problems.push({
          path: `${subnetPath}.cidr`,
          message: `${subnet.cidr} has netmask /${range.prefixLength}; use /${netmask.min} to /${netmask.max}`,
        });
      }
      if (!cidrContains(vpc.range, range)) {
        problems.push({ path: `${subnetPath}.cidr`, message: `${subnet.cidr} is outside ${vpc.path} ${vpc.cidr}; choose a range inside it` });
      }
      for (const other of all) {
        if (cidrsOverlap(other.range, range)) {
          problems.push({
            path: `${subnetPath}.cidr`,
            message: `${subnet.cidr} overlaps ${other.path.slice(section.length)} (${other.cidr}); choose a range outside it`,
          });
        }
      }
      all.push({ path: subnetPath, cidr: subnet.cidr, range, availabilityZone: subnet.availabilityZone });
    });
  }
  return all;
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
