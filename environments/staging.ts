/**
 * staging: a production rehearsal in its own account. Isolated network with PrivateLink like prod, two AZs and
 * smaller ranges; customer-managed keys are not registered with Databricks (a staging choice, not a rule).
 */
import type { EnvironmentInput } from "./schema";

export const staging: EnvironmentInput = {
  name: "staging",
  production: false,
  project: { prefix: "lakehouse", owner: "data-platform", costCenter: "cc-1001" },
  aws: { accountId: "222222222222", region: "us-east-1" },
  databricks: { accountId: "3f2a9c4e-1b7d-4e5a-9c2f-6d8e0a1b2c3d" },
  state: { bucket: "lakehouse-tfstate-222222222222", region: "us-east-1" },
  encryption: { customerManagedKeys: false },
  network: {
    vpcCidr: "10.20.0.0/18",
    egress: "isolated",
    workspaceSubnets: [
      { cidr: "10.20.0.0/22", availabilityZone: "us-east-1a" },
      { cidr: "10.20.4.0/22", availabilityZone: "us-east-1b" },
    ],
    privateLink: {
      enabled: true,
      subnets: [
        { cidr: "10.20.63.0/27", availabilityZone: "us-east-1a" },
        { cidr: "10.20.63.32/27", availabilityZone: "us-east-1b" },
      ],
    },
  },
  tags: { "data-classification": "confidential" },
};
