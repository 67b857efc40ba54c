import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformStack } from "cdktf";
import { describeRule } from "../fixtures";

function vpc(stack: TerraformStack): Vpc {
  return new Vpc(stack, "vpc", { cidrBlock: "10.20.0.0/18", enableDnsHostnames: true, enableDnsSupport: true });
}

function group(stack: TerraformStack, v: Vpc): SecurityGroup {
  return new SecurityGroup(stack, "workspace-sg", { vpcId: v.id, description: "workspace" });
}

describeRule({
  rule: "NET-VPC-FLOW-LOGS",
  passes: [
    {
      name: "a VPC with a flow log",
      build: (s) => {
        const v = vpc(s);
        new FlowLog(s, "flow-log", { vpcId: v.id, trafficType: "ALL", logDestinationType: "s3", logDestination: "arn:aws:s3:::lakehouse-logs" });
      },
    },
  ],
  fails: [{ name: "a VPC without flow logs", build: (s) => void vpc(s), message: /the VPC has no aws_flow_log/ }],
});

describeRule({
  rule: "NET-NO-PUBLIC-INGRESS",
  passes: [
    {
      name: "ingress only from the group itself and the VPC CIDR (followed through the reference)",
      build: (s) => {
        const v = vpc(s);
        new SecurityGroup(s, "sg", {
          vpcId: v.id,
          ingress: [
            { fromPort: 0, toPort: 65535, protocol: "tcp", selfAttribute: true },
            { fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: [v.cidrBlock] },
          ],
        });
      },
    },
    {
      name: "standalone rules from a private CIDR and an egress rule to anywhere",
      build: (s) => {
        const sg = group(s, vpc(s));
        new VpcSecurityGroupIngressRule(s, "in", {
          securityGroupId: sg.id,
          ipProtocol: "tcp",
          fromPort: 5432,
          toPort: 5432,
          cidrIpv4: "10.20.0.0/18",
        });
        new SecurityGroupRule(s, "out", {
          type: "egress",
          securityGroupId: sg.id,
          protocol: "-1",
          fromPort: 0,
          toPort: 0,
          cidrBlocks: ["0.0.0.0/0"],
        });
        new SecurityGroupRule(s, "in-rule", {
          type: "ingress",
          securityGroupId: sg.id,
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrBlocks: ["10.20.0.0/18"],
        });
      },
    },
  ],
  fails: [
    {
      name: "an inline ingress block from 0.0.0.0/0",
      build: (s) => void new SecurityGroup(s, "sg", { ingress: [{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }] }),
      message: /ingress is allowed from 0\.0\.0\.0\/0/,
    },
    {
      name: "an aws_security_group_rule ingress from ::/0",
      build: (s) =>
        void new SecurityGroupRule(s, "rule", {
          type: "ingress",
          securityGroupId: "sg-1",
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          ipv6CidrBlocks: ["::/0"],
        }),
      message: /ingress is allowed from ::\/0/,
    },
    {
      name: "an aws_vpc_security_group_ingress_rule from 0.0.0.0/0",
      build: (s) => void new VpcSecurityGroupIngressRule(s, "rule", { securityGroupId: "sg-1", ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }),
      message: /ingress is allowed from 0\.0\.0\.0\/0/,
    },
    {
      name: "an ingress CIDR from a variable, which cannot be resolved",
      build: (s) =>
        void new VpcSecurityGroupIngressRule(s, "rule", {
          securityGroupId: "sg-1",
          ipProtocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrIpv4: "${var.cidr}",
        }),
      message: /ingress CIDR \$\{var\.cidr\} cannot be resolved at synth/,
    },
  ],
  skips: [
    {
      name: "an egress-only standalone rule",
      build: (s) =>
        void new SecurityGroupRule(s, "rule", {
          type: "egress",
          securityGroupId: "sg-1",
          protocol: "-1",
          fromPort: 0,
          toPort: 0,
          cidrBlocks: ["0.0.0.0/0"],
        }),
    },
  ],
});

describeRule({
  rule: "NET-DEFAULT-SG-CLOSED",
  passes: [
    {
      name: "a VPC whose default security group is managed with no rules",
      build: (s) => void new DefaultSecurityGroup(s, "default-sg", { vpcId: vpc(s).id }),
    },
  ],
  fails: [
    {
      name: "a VPC whose default security group is left unmanaged",
      build: (s) => void vpc(s),
      message: /the VPC's default security group is not managed/,
    },
    {
      name: "a default security group with egress rules",
      build: (s) =>
        void new DefaultSecurityGroup(s, "default-sg", {
          vpcId: vpc(s).id,
          egress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }],
        }),
      message: /the default security group has egress rules/,
    },
    {
      name: "a standalone rule attached to the VPC's default security group",
      build: (s) => {
        const v = vpc(s);
        new DefaultSecurityGroup(s, "default-sg", { vpcId: v.id });
        new VpcSecurityGroupEgressRule(s, "out", { securityGroupId: v.defaultSecurityGroupId, ipProtocol: "-1", cidrIpv4: "10.0.0.0/8" });
      },
      message: /the rule is attached to a default security group/,
    },
  ],
});
