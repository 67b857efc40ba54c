import { ENVIRONMENTS, validateEnvironments, type EnvironmentInput } from "../../environments";
import { ConfigError, formatProblem, validateEnvironment } from "../../environments/validate";

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

/** A deep copy of a registered stage's config, changed by `change`. */
function variant(stage: "dev" | "staging" | "prod", change: (config: Mutable<EnvironmentInput> & Record<string, unknown>) => void): unknown {
  const copy = structuredClone(ENVIRONMENTS[stage].input) as Mutable<EnvironmentInput> & Record<string, unknown>;
  change(copy);
  return copy;
}

/** The problem lines of a config, or [] when it is valid. */
function problems(input: unknown, source = "environments/test.ts"): string[] {
  const result = validateEnvironment(input, source);
  return "problems" in result ? result.problems.map(formatProblem) : [];
}

describe("the shipped environments", () => {
  it.each(Object.keys(ENVIRONMENTS))("%s is valid", (name) => {
    expect(problems(ENVIRONMENTS[name].input, ENVIRONMENTS[name].source)).toEqual([]);
  });

  it("differ the way real stages do: PrivateLink and customer-managed keys off in dev, on in prod", () => {
    const [dev, , prod] = validateEnvironments([ENVIRONMENTS.dev, ENVIRONMENTS.staging, ENVIRONMENTS.prod]);
    expect([dev.network.privateLink.enabled, dev.encryption.customerManagedKeys, dev.dataProtection]).toEqual([false, false, false]);
    expect([prod.network.privateLink.enabled, prod.encryption.customerManagedKeys, prod.dataProtection]).toEqual([true, true, true]);
    expect(prod.network.workspaceSubnets.length).toBeGreaterThan(dev.network.workspaceSubnets.length);
  });

  it("protects data unless a stage opts out explicitly", () => {
    const [staging] = validateEnvironments([ENVIRONMENTS.staging]);
    expect(ENVIRONMENTS.staging.input.dataProtection).toBeUndefined();
    expect(staging.dataProtection).toBe(true);
  });
});

describe("structural validation", () => {
  it("refuses an unknown field, naming its path, so a typo cannot pass silently", () => {
    const input = variant("dev", (c) => {
      (c.network as Record<string, unknown>).egres = "nat";
    });
    expect(problems(input)).toEqual([expect.stringMatching(/^environments\/test\.ts: network\.egres: unknown field/)]);
  });

  it("refuses an unknown top-level field", () => {
    expect(problems(variant("dev", (c) => (c.colour = "blue")))).toEqual([expect.stringMatching(/^environments\/test\.ts: colour: unknown field/)]);
  });

  it("reports a missing required field", () => {
    const input = variant("dev", (c) => delete (c as Partial<EnvironmentInput>).databricks);
    expect(problems(input)).toEqual(["environments/test.ts: databricks: is required"]);
  });

  it.each([
    [
      "an AWS account id that is not 12 digits",
      (c: Mutable<EnvironmentInput>) => (c.aws.accountId = "12345"),
      "aws.accountId: must be a 12-digit AWS account id",
    ],
    [
      "a Databricks account id that is not a UUID",
      (c: Mutable<EnvironmentInput>) => (c.databricks.accountId = "acct-1"),
      "databricks.accountId: must be a Databricks account id (a UUID)",
    ],
    ["an unknown region", (c: Mutable<EnvironmentInput>) => (c.aws.region = "us-east-9" as never), "aws.region: must be a known AWS region"],
    ["a malformed CIDR", (c: Mutable<EnvironmentInput>) => (c.network.vpcCidr = "10.0.0.0/33"), "network.vpcCidr: must be an IPv4 CIDR block"],
    [
      "a project prefix with capitals",
      (c: Mutable<EnvironmentInput>) => (c.project.prefix = "Lakehouse"),
      "project.prefix: must start with a lowercase letter",
    ],
    [
      "a project prefix too long for S3 names",
      (c: Mutable<EnvironmentInput>) => (c.project.prefix = "a".repeat(21)),
      "project.prefix: must be at most 20 characters",
    ],
    ["a stage name with an underscore", (c: Mutable<EnvironmentInput>) => (c.name = "dev_1"), "name: must start with a lowercase letter"],
    [
      "a state bucket that is not an S3 name",
      (c: Mutable<EnvironmentInput>) => (c.state.bucket = "My.Bucket"),
      "state.bucket: must be an S3 bucket name",
    ],
    [
      "an availability zone that is not one",
      (c: Mutable<EnvironmentInput>) => (c.network.workspaceSubnets[0].availabilityZone = "zone-a"),
      "network.workspaceSubnets[0].availabilityZone: must be an availability zone name",
    ],
    [
      "a role ARN that is not one",
      (c: Mutable<EnvironmentInput>) => (c.aws.assumeRoleArn = "deployer"),
      "aws.assumeRoleArn: must be an IAM role ARN",
    ],
    [
      "a retention of zero days",
      (c: Mutable<EnvironmentInput>) => (c.storage = { noncurrentVersionExpirationDays: 0 }),
      "storage.noncurrentVersionExpirationDays: Too small",
    ],
    ["an egress mode that does not exist", (c: Mutable<EnvironmentInput>) => (c.network.egress = "open" as never), "network.egress: Invalid option"],
  ])("refuses %s", (_, change, expected) => {
    expect(problems(variant("dev", change))).toEqual([expect.stringContaining(`environments/test.ts: ${expected}`)]);
  });
});

describe("network rules", () => {
  it("fails if a workspace subnet lies outside the VPC range", () => {
    const input = variant("dev", (c) => (c.network.workspaceSubnets[1].cidr = "10.99.0.0/24"));
    expect(problems(input)).toEqual([
      "environments/test.ts: network.workspaceSubnets[1].cidr: 10.99.0.0/24 is outside network.vpcCidr 10.10.0.0/20; choose a range inside it",
    ]);
  });

  it("fails if two subnets overlap, naming both", () => {
    const input = variant("dev", (c) => (c.network.workspaceSubnets[1].cidr = "10.10.1.0/24"));
    expect(problems(input)).toEqual([
      "environments/test.ts: network.workspaceSubnets[1].cidr: 10.10.1.0/24 overlaps workspaceSubnets[0] (10.10.0.0/23); choose a range outside it",
    ]);
  });

  it("fails if a public subnet overlaps a workspace subnet", () => {
    const input = variant("dev", (c) => (c.network.publicSubnets = [{ cidr: "10.10.2.0/28", availabilityZone: "us-west-2a" }]));
    expect(problems(input)).toEqual([
      expect.stringContaining("network.publicSubnets[0].cidr: 10.10.2.0/28 overlaps workspaceSubnets[1] (10.10.2.0/23)"),
    ]);
  });

  it("fails if a CIDR has host bits set", () => {
    const input = variant("dev", (c) => (c.network.workspaceSubnets[0].cidr = "10.10.0.5/23"));
    expect(problems(input)).toEqual([
      expect.stringContaining('network.workspaceSubnets[0].cidr: "10.10.0.5/23" has host bits set; the network address for /23 is 10.10.0.0/23'),
    ]);
  });

  it.each([
    ["/26", "10.10.0.0/26"],
    ["/16", "10.10.0.0/16"],
  ])("fails if a workspace subnet is a %s (Databricks accepts /17 to /25)", (size, cidr) => {
    const input = variant("dev", (c) => {
      c.network.vpcCidr = "10.10.0.0/15";
      c.network.workspaceSubnets[0].cidr = cidr;
      c.network.workspaceSubnets[1].cidr = "10.11.0.0/24";
      c.network.publicSubnets = [{ cidr: "10.11.255.0/28", availabilityZone: "us-west-2a" }];
    });
    // Both subnets fit only in a VPC wider than AWS allows, which is reported too (next test).
    expect(problems(input)).toEqual([
      "environments/test.ts: network.vpcCidr: 10.10.0.0/15 has netmask /15; AWS allows /16 to /28 for a VPC",
      `environments/test.ts: network.workspaceSubnets[0].cidr: ${cidr} is a ${size}; Databricks workspace subnets must be /17 to /25`,
    ]);
  });

  it.each(["0.0.0.0/0", "10.0.0.0/8", "10.10.0.0/29"])(
    "fails if the VPC is %s: AWS allows /16 to /28, as synth would (one validation path)",
    (cidr) => {
      const input = variant("dev", (c) => (c.network.vpcCidr = cidr));
      expect(problems(input)).toContainEqual(
        expect.stringMatching(
          new RegExp(`^environments/test\\.ts: network\\.vpcCidr: ${cidr.replace(/\./g, "\\.")} has netmask /\\d+; AWS allows /16 to /28 for a VPC$`),
        ),
      );
    },
  );

  it("fails if a PrivateLink subnet is a /32, which synth would refuse", () => {
    const input = variant("prod", (c) => (c.network.privateLink.subnets = [{ cidr: "10.30.255.0/32", availabilityZone: "us-east-1a" }]));
    expect(problems(input)).toContainEqual(
      "environments/test.ts: network.privateLink.subnets[0].cidr: 10.30.255.0/32 has netmask /32; use /16 to /28",
    );
  });

  it("fails if two workspace subnets share an availability zone", () => {
    const input = variant("dev", (c) => (c.network.workspaceSubnets[1].availabilityZone = "us-west-2a"));
    expect(problems(input)).toEqual([
      "environments/test.ts: network.workspaceSubnets[1].availabilityZone: us-west-2a already has a workspace subnet (workspaceSubnets[0]); use one subnet per availability zone",
      "environments/test.ts: network.workspaceSubnets: Databricks needs workspace subnets in at least two distinct availability zones",
    ]);
  });

  it("fails with fewer than two workspace subnets", () => {
    const input = variant("dev", (c) => c.network.workspaceSubnets.pop());
    expect(problems(input)).toEqual(["environments/test.ts: network.workspaceSubnets: needs at least two subnets in distinct availability zones"]);
  });

  it("fails if a subnet's zone is outside the region", () => {
    const input = variant("dev", (c) => (c.network.workspaceSubnets[1].availabilityZone = "eu-west-1b"));
    expect(problems(input)).toEqual([
      "environments/test.ts: network.workspaceSubnets[1].availabilityZone: eu-west-1b is not in aws.region us-west-2; use us-west-2a, us-west-2b, ...",
    ]);
  });

  it("fails if NAT egress has no public subnet", () => {
    const input = variant("dev", (c) => (c.network.publicSubnets = []));
    expect(problems(input)).toEqual([expect.stringContaining('network.publicSubnets: egress "nat" needs at least one public subnet')]);
  });

  it("fails if an isolated network has public subnets", () => {
    const input = variant("staging", (c) => (c.network.publicSubnets = [{ cidr: "10.20.62.0/28", availabilityZone: "us-east-1a" }]));
    expect(problems(input)).toEqual([expect.stringContaining('network.publicSubnets: egress "isolated" has no internet path')]);
  });

  it("fails if an isolated network has no PrivateLink", () => {
    const input = variant("staging", (c) => (c.network.privateLink = { enabled: false }));
    expect(problems(input)).toEqual([expect.stringContaining('network.privateLink.enabled: egress "isolated" needs PrivateLink')]);
  });

  it("fails if PrivateLink is on in a region where Databricks does not offer it", () => {
    const input = variant("dev", (c) => {
      c.aws.region = "af-south-1";
      c.network.workspaceSubnets.forEach((s, i) => (s.availabilityZone = `af-south-1${"ab"[i]}`));
      c.network.publicSubnets = [{ cidr: "10.10.15.0/28", availabilityZone: "af-south-1a" }];
      c.network.privateLink = { enabled: true, subnets: [{ cidr: "10.10.14.0/28", availabilityZone: "af-south-1a" }] };
    });
    expect(problems(input)).toEqual([
      expect.stringMatching(/network\.privateLink\.enabled: Databricks offers PrivateLink in .*us-east-1.*, not in aws\.region af-south-1$/),
    ]);
  });

  it("fails if PrivateLink is on without subnets", () => {
    const input = variant("prod", (c) => (c.network.privateLink.subnets = []));
    expect(problems(input)).toEqual([expect.stringContaining("network.privateLink.subnets: PrivateLink needs at least one subnet")]);
  });

  it("fails if PrivateLink subnets are given while PrivateLink is off", () => {
    const input = variant(
      "dev",
      (c) => (c.network.privateLink = { enabled: false, subnets: [{ cidr: "10.10.14.0/28", availabilityZone: "us-west-2a" }] }),
    );
    expect(problems(input)).toEqual([expect.stringContaining("network.privateLink.subnets: subnets are given but PrivateLink is off")]);
  });
});

describe("production rules", () => {
  it.each([
    ["dataProtection", (c: Mutable<EnvironmentInput>) => (c.dataProtection = false), "production environments must protect data"],
    [
      "encryption.customerManagedKeys",
      (c: Mutable<EnvironmentInput>) => (c.encryption.customerManagedKeys = false),
      "production environments must use customer-managed keys",
    ],
  ])("fails if production turns %s off", (path, change, message) => {
    expect(problems(variant("prod", change))).toEqual([`environments/test.ts: ${path}: ${message}; set it to true`]);
  });

  it("fails if production has no PrivateLink", () => {
    const input = variant("prod", (c) => {
      c.network.egress = "nat";
      c.network.publicSubnets = [{ cidr: "10.30.254.0/28", availabilityZone: "us-east-1a" }];
      c.network.privateLink = { enabled: false };
    });
    expect(problems(input)).toEqual([
      "environments/test.ts: network.privateLink.enabled: production environments must use PrivateLink; set it to true",
    ]);
  });
});

describe("validateEnvironments", () => {
  it("reports every problem of every config in one error, one line each", () => {
    const bad = (source: string) => ({ source, input: variant("dev", (c) => (c.aws.accountId = "1")) });
    expect(() => validateEnvironments([bad("a.json"), ENVIRONMENTS.staging, bad("b.json")])).toThrow(
      new ConfigError([
        { source: "a.json", path: "aws.accountId", message: "must be a 12-digit AWS account id" },
        { source: "b.json", path: "aws.accountId", message: "must be a 12-digit AWS account id" },
      ]),
    );
  });

  it("fails if two environments share a name", () => {
    const copy = { source: "environments/copy.ts", input: ENVIRONMENTS.dev.input };
    expect(() => validateEnvironments([ENVIRONMENTS.dev, copy])).toThrow(
      'environments/copy.ts: name: "dev" is already the name of environments/dev.ts; environment names must be unique',
    );
  });
});

describe("type errors", () => {
  it("say what was received rather than calling a present field missing", () => {
    const input = variant("dev", (c) => ((c as Record<string, unknown>).production = "yes"));
    expect(problems(input)).toEqual(["environments/test.ts: production: Invalid input: expected boolean, received string"]);
  });
});

describe("rules across environments", () => {
  it("refuses a second account-scope log delivery for one Databricks account", () => {
    const staging = {
      source: "environments/staging.ts",
      input: variant("staging", (c) => (c.workspace = { ...c.workspace, logDelivery: { auditLogs: true, scope: "account" } })),
    };
    expect(() => validateEnvironments([ENVIRONMENTS.prod, staging])).toThrow(
      'environments/staging.ts: workspace.logDelivery.scope: prod (environments/prod.ts) already delivers this Databricks account\'s logs at scope "account"; use scope "workspace" (or alreadyExists) here',
    );
  });
});
