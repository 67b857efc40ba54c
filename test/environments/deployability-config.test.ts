/**
 * The config rules that keep a fresh account deployable (issue "The base platform on a fresh account"): a private
 * workspace has a way in, production allows only its own endpoints, CI is never locked out, the deployer's roles are
 * coherent, bucket names fit, and state is encrypted with our key.
 */
import { problemsOf, variantOf, type VariantInput } from "./variants";

type Input = VariantInput;

/** The config's front end; the tests that call it pick an environment that has one. */
function frontEndOf(c: Input): NonNullable<Input["network"]["frontEnd"]> {
  if (!c.network.frontEnd) throw new Error("this test needs an environment with a front end");
  return c.network.frontEnd;
}

const isProduction = (c: Input) => c.production && c.network.frontEnd !== undefined;
const isPublic = (c: Input) => !c.production && !c.network.privateLink.enabled;

const problems = problemsOf;

describe("reaching a private workspace", () => {
  it("refuses a workspace without public access and without a private front end: nobody could reach it", () => {
    const input = variantOf(isProduction, (c) => delete c.network.frontEnd);
    expect(problems(input)).toEqual([
      expect.stringMatching(/^environments\/test\.ts: network\.frontEnd: is missing but the workspace has no public access/),
    ]);
  });

  it('refuses the "ACCOUNT" private access level in production: another stage\'s endpoint would reach it', () => {
    const input = variantOf(isProduction, (c) => (c.workspace.privateAccess = { publicAccessEnabled: false, level: "ACCOUNT" }));
    expect(problems(input)).toEqual([
      expect.stringMatching(/workspace\.privateAccess\.level: "ACCOUNT" lets every VPC endpoint of the Databricks account/),
    ]);
  });

  it("refuses a transit VPC overlapping the workspace VPC, subnets outside it, and runners without their NAT subnet", () => {
    const input = variantOf(isProduction, (c) => {
      const frontEnd = frontEndOf(c);
      frontEnd.vpcCidr = c.network.vpcCidr;
      frontEnd.natSubnets = [];
    });
    const lines = problems(input);
    expect(lines).toContainEqual(expect.stringMatching(/network\.frontEnd\.vpcCidr: .* overlaps network\.vpcCidr/));
    expect(lines).toContainEqual(expect.stringMatching(/network\.frontEnd\.endpointSubnets\[0\]\.cidr: .* is outside network\.frontEnd\.vpcCidr/));
    expect(lines).toContainEqual(expect.stringMatching(/network\.frontEnd\.natSubnets: has 0 subnets; runners need exactly one NAT subnet/));
  });

  it("refuses a front end that serves nobody, and an inbound resolver without two subnets or client ranges", () => {
    const input = variantOf(isProduction, (c) => {
      const frontEnd = frontEndOf(c);
      frontEnd.clientCidrs = [];
      frontEnd.runnerSubnets = [];
      frontEnd.natSubnets = [];
      frontEnd.endpointSubnets = frontEnd.endpointSubnets.slice(0, 1);
      frontEnd.inboundResolver = true;
    });
    expect(problems(input)).toEqual([
      "environments/test.ts: network.frontEnd.clientCidrs: is empty and there are no runnerSubnets; nobody could reach the workspace through the front end",
      "environments/test.ts: network.frontEnd.inboundResolver: needs at least two endpointSubnets (a Route 53 Resolver endpoint takes two or more addresses)",
      "environments/test.ts: network.frontEnd.inboundResolver: needs clientCidrs (the on-premises DNS servers that forward to it)",
    ]);
  });

  it("refuses client ranges wider than /8: the front end is for VPN and Direct Connect ranges, not the internet", () => {
    const input = variantOf(isProduction, (c) => (frontEndOf(c).clientCidrs = ["0.0.0.0/0"]));
    expect(problems(input)).toEqual([expect.stringMatching(/network\.frontEnd\.clientCidrs\[0\]: 0\.0\.0\.0\/0 is wider than \/8/)]);
  });
});

describe("CI reaching a workspace behind IP access lists", () => {
  it("requires the CI egress ranges where the workspace is reachable from the internet", () => {
    const input = variantOf(isPublic, (c) => (c.unityCatalog.workspaceSecurity.ipAccessLists.ciEgressCidrs = []));
    expect(problems(input)).toEqual([
      expect.stringMatching(/ipAccessLists\.ciEgressCidrs: is empty but the workspace is reachable from the internet/),
    ]);
  });

  it("refuses CI egress that no allow entry admits or that a block entry refuses: the deploy would lock CI out", () => {
    const notAllowed = variantOf(isPublic, (c) => (c.unityCatalog.workspaceSecurity.ipAccessLists.ciEgressCidrs = ["192.0.2.0/28"]));
    expect(problems(notAllowed)).toEqual([
      expect.stringMatching(/ciEgressCidrs\[0\]: 192\.0\.2\.0\/28 is in no allow entry; CI could not reach the workspace/),
    ]);
    const blocked = variantOf(isPublic, (c) => {
      const lists = c.unityCatalog.workspaceSecurity.ipAccessLists;
      lists.block = [{ label: "blocked", cidrs: [lists.ciEgressCidrs[0]] }];
    });
    expect(problems(blocked)).toEqual([expect.stringMatching(/ciEgressCidrs\[0\]: .* overlaps a block entry/)]);
  });
});

describe("the deployer's roles", () => {
  it("refuses usableBy naming a principal that does not exist, or the principal itself", () => {
    const input = variantOf(isPublic, (c) => {
      const principals = c.workspace.servicePrincipals;
      principals.orchestrator = { ...principals.orchestrator, usableBy: ["toString", "orchestrator"] };
    });
    expect(problems(input)).toEqual([
      expect.stringMatching(/workspace\.servicePrincipals\.orchestrator\.usableBy\[0\]: "toString" is not another key/),
      expect.stringMatching(/workspace\.servicePrincipals\.orchestrator\.usableBy\[1\]: "orchestrator" is not another key/),
    ]);
  });

  it("requires the deployer to be a user of the orchestrator where workspace admins are restricted (jobs run as the orchestrator)", () => {
    const input = variantOf(
      (c) => c.unityCatalog.workspaceSecurity.restrictWorkspaceAdmins === true,
      (c) => {
        const principals = c.workspace.servicePrincipals;
        principals.orchestrator = { ...principals.orchestrator, usableBy: [] };
      },
    );
    expect(problems(input)).toEqual([
      expect.stringMatching(/workspace\.servicePrincipals\.orchestrator\.usableBy: does not include "deployer", but restrictWorkspaceAdmins is on/),
    ]);
  });
});

describe("names and state", () => {
  it("refuses a bucket suffix that makes the longest bucket name exceed S3's 63 characters", () => {
    const input = variantOf(isPublic, (c) => (c.storage = { ...c.storage, bucketNameSuffix: "a-very-long-suffix-x" }));
    const prefixed = structuredClone(input) as Input;
    prefixed.project.prefix = "a-long-project-name"; // 19 characters, and a 12-character stage: 68 in all
    prefixed.name = "integration1";
    expect(problems(prefixed)).toEqual([
      expect.stringMatching(/^environments\/test\.ts: storage\.bucketNameSuffix: bucket names would not fit S3's rules: .* at most 63/),
    ]);
  });

  it("refuses a catalog name too long for its dedicated bucket, naming that catalog", () => {
    const input = variantOf(isPublic, (c) => {
      c.unityCatalog.catalogs = [{ ...c.unityCatalog.catalogs[0], name: "a_catalog_name_of_forty_characters_xxxx", dedicatedKey: true }];
    });
    expect(problems(input)).toEqual([
      expect.stringMatching(/^environments\/test\.ts: unityCatalog\.catalogs\[0\]\.name: bucket names would not fit S3's rules/),
    ]);
  });

  it("refuses a state key that is not a KMS key or alias ARN", () => {
    const input = variantOf(isPublic, (c) => (c.state.kmsKeyArn = "alias/terraform"));
    expect(problems(input)).toEqual([expect.stringMatching(/state\.kmsKeyArn: must be a KMS key or alias ARN/)]);
  });
});
