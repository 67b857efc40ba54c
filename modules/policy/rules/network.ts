/**
 * Network rules: flow logs, no ingress from the whole internet, closed default security groups.
 */
import { isExpression, referencesIn } from "../expressions";
import { RulePack } from "../pack";
import { fail, PASS, ResourceRule, RuleContext, SKIP, unresolved } from "../rule";
import { Block } from "../synth-model";
import { Outcome } from "../types";
import { blocksOf, isSet, stringsOf } from "../values";
import { cis, fsbp, sra } from "./anchors";
import { allProblems } from "./common";

/** CIDRs that mean "anywhere". */
const ANYWHERE = ["0.0.0.0/0", "::/0"];

const flowLogs: ResourceRule = {
  id: "NET-VPC-FLOW-LOGS",
  pack: "network",
  scope: "resource",
  severity: "medium",
  title: "Every VPC has flow logs",
  rationale: "Flow logs are the only record of which addresses the compute plane talked to, for detection and incident response",
  anchors: [fsbp("EC2.6"), cis("3.7")],
  appliesTo: ["aws_vpc"],
  fix: "add an aws_flow_log with vpc_id set to the VPC (traffic_type ALL)",
  check: (vpc, ctx) => (ctx.model.referrers("aws_flow_log", "vpc_id", vpc).length > 0 ? PASS : fail("the VPC has no aws_flow_log")),
};

const noPublicIngress: ResourceRule = {
  id: "NET-NO-PUBLIC-INGRESS",
  pack: "network",
  scope: "resource",
  severity: "critical",
  title: "No security group allows ingress from 0.0.0.0/0 or ::/0",
  rationale: "The compute plane has no public entry point; an open ingress rule exposes clusters, databases and brokers to the internet",
  anchors: [fsbp("EC2.18"), fsbp("EC2.53"), fsbp("EC2.54"), cis("5.2"), cis("5.3"), sra("isolated network: no 0.0.0.0/0 rule")],
  appliesTo: ["aws_security_group", "aws_default_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  fix: "allow ingress only from the security groups, prefix lists or CIDRs that need it",
  notes:
    "Covers inline ingress blocks, aws_security_group_rule (type ingress) and aws_vpc_security_group_ingress_rule; a CIDR given by a reference is followed to a literal in the stack, else it is a finding.",
  check: (block, ctx) => {
    switch (block.type) {
      case "aws_security_group_rule":
        if (isExpression(block.attrs.type)) {
          return unresolved("type", block.attrs.type);
        }
        return block.attrs.type === "ingress" ? cidrOutcome(ctx, [block.attrs.cidr_blocks, block.attrs.ipv6_cidr_blocks]) : SKIP;
      case "aws_vpc_security_group_ingress_rule":
        return cidrOutcome(ctx, [block.attrs.cidr_ipv4, block.attrs.cidr_ipv6]);
      default:
        return inlineIngressOutcome(block, ctx);
    }
  },
};

function inlineIngressOutcome(group: Block, ctx: RuleContext): Outcome {
  const ingress = group.attrs.ingress;
  if (isExpression(ingress) || blocksOf(group.attrs.dynamic).some((d) => d.ingress !== undefined)) {
    return fail("ingress is built by an expression or dynamic block, which cannot be resolved at synth");
  }
  return cidrOutcome(
    ctx,
    blocksOf(ingress).flatMap((rule) => [rule.cidr_blocks, rule.ipv6_cidr_blocks]),
  );
}

function cidrOutcome(ctx: RuleContext, values: readonly unknown[]): Outcome {
  const problems = values
    .flatMap((v) => (isExpression(v) ? [v] : stringsOf(v)))
    .map((raw) => {
      const cidr = ctx.model.resolve(raw);
      if (isExpression(cidr)) {
        return `ingress CIDR ${cidr} cannot be resolved at synth`;
      }
      return typeof cidr === "string" && ANYWHERE.includes(cidr) ? `ingress is allowed from ${cidr}` : undefined;
    });
  return allProblems(problems);
}

const defaultGroupClosed: ResourceRule = {
  id: "NET-DEFAULT-SG-CLOSED",
  pack: "network",
  scope: "resource",
  severity: "high",
  title: "Every VPC's default security group is managed and has no rules",
  rationale:
    "Anything launched without a security group lands in the default group; AWS's default rules let it talk to everything in that group and anywhere out",
  anchors: [fsbp("EC2.2"), cis("5.4")],
  appliesTo: [
    "aws_vpc",
    "aws_default_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
  ],
  fix: "add an aws_default_security_group for the VPC with no ingress and no egress blocks, and attach no rules to it",
  check: (block, ctx) => {
    if (block.type === "aws_vpc") {
      return ctx.model.referrers("aws_default_security_group", "vpc_id", block).length > 0
        ? PASS
        : fail("the VPC's default security group is not managed, so it keeps AWS's default allow rules");
    }
    if (block.type === "aws_default_security_group") {
      return defaultGroupRulesOutcome(block);
    }
    return targetsDefaultGroup(block.attrs.security_group_id) ? fail("the rule is attached to a default security group") : SKIP;
  },
};

function defaultGroupRulesOutcome(group: Block): Outcome {
  const { ingress, egress } = group.attrs;
  if (isExpression(ingress) || isExpression(egress)) {
    return fail("the default security group's rules are built by an expression, which cannot be resolved at synth");
  }
  const open = [isSet(blocksOf(ingress)) ? "ingress" : "", isSet(blocksOf(egress)) ? "egress" : ""].filter((x) => x !== "");
  return open.length === 0 ? PASS : fail(`the default security group has ${open.join(" and ")} rules`);
}

function targetsDefaultGroup(groupId: unknown): boolean {
  return (
    typeof groupId === "string" &&
    referencesIn(groupId).some(
      (r) => r.root === "aws_default_security_group" || (r.root === "aws_vpc" && r.traversal[1] === "default_security_group_id"),
    )
  );
}

/** The network pack. */
export const NETWORK_PACK: RulePack = {
  name: "network",
  description: "VPC flow logs and security groups",
  rules: [flowLogs, noPublicIngress, defaultGroupClosed],
};
