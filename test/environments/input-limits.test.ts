/**
 * Limits AWS and Databricks enforce at apply time, refused here with their field (issue "Synth and the command-line
 * tools", items 10 and 11): tags, account ids, availability zones, and hardening that an override would switch off.
 */
import { ENVIRONMENTS } from "../../environments";
import { validateEnvironments } from "../../environments/validate";
import { MAX_EXTRA_TAGS } from "../../environments/tags";
import { problemsOf, variantOf, type VariantInput } from "./variants";

type Input = VariantInput;

const any = () => true;
const production = (c: Input) => c.production;
const withIpAccessLists = (c: Input) => (c.unityCatalog?.workspaceSecurity?.ipAccessLists?.allow?.length ?? 0) > 0;

const problems = problemsOf;

describe("tags", () => {
  it(`refuses more than ${MAX_EXTRA_TAGS} extra tags: with the required ones AWS allows 50 per resource`, () => {
    const input = variantOf(any, (c) => (c.tags = Object.fromEntries(Array.from({ length: MAX_EXTRA_TAGS + 1 }, (_, i) => [`tag-${i}`, "x"]))));
    expect(problems(input)).toEqual([
      `environments/test.ts: tags: has ${MAX_EXTRA_TAGS + 1} tags; at most ${MAX_EXTRA_TAGS} fit beside the required ones within AWS's 50 per resource`,
    ]);
  });

  it("refuses a tag key starting with aws: (reserved by AWS) and a blank one", () => {
    const input = variantOf(any, (c) => (c.tags = { "AWS:CreatedBy": "me", "  ": "x" }));
    expect(problems(input)).toEqual([
      expect.stringMatching(/^environments\/test\.ts: tags\.AWS:CreatedBy: .*starts with "aws:", which AWS reserves/),
      expect.stringMatching(/^environments\/test\.ts: tags\.  : .*is blank/),
    ]);
  });

  it("refuses a tag named like a required tag, which the required value would silently replace", () => {
    const input = variantOf(any, (c) => (c.tags = { owner: "someone-else" }));
    expect(problems(input)).toEqual([expect.stringMatching(/^environments\/test\.ts: tags\.owner: is a required tag, set from the config/)]);
  });

  it("refuses a Name tag, which the network constructs set on the resources they name", () => {
    const input = variantOf(any, (c) => (c.tags = { Name: "everything" }));
    expect(problems(input)).toEqual([expect.stringMatching(/^environments\/test\.ts: tags\.Name: is set by the constructs/)]);
  });

  it("refuses a blank owner or cost center", () => {
    const input = variantOf(any, (c) => {
      c.project.owner = "   ";
      c.project.costCenter = " ";
    });
    expect(problems(input)).toEqual([
      expect.stringMatching(/^environments\/test\.ts: project\.owner: .*is blank/),
      expect.stringMatching(/^environments\/test\.ts: project\.costCenter: .*is blank/),
    ]);
  });
});

describe("accounts and zones", () => {
  it("refuses an all-zero AWS account id, a placeholder", () => {
    const input = variantOf(any, (c) => (c.aws.accountId = "000000000000"));
    expect(problems(input)).toContainEqual(expect.stringMatching(/^environments\/test\.ts: aws\.accountId: .*is all zeros/));
  });

  it("refuses an availability zone no region has (letters after f)", () => {
    const input = variantOf(any, (c) => (c.network.workspaceSubnets[0].availabilityZone = `${c.aws.region}z`));
    expect(problems(input)).toContainEqual(expect.stringMatching(/network\.workspaceSubnets\[0\]\.availabilityZone: .*zones end in a to f/));
  });
});

describe("hardening an override could switch off", () => {
  it("refuses, in production, an override of a hardened admin setting", () => {
    const input = variantOf(
      production,
      (c) => (c.unityCatalog.workspaceSecurity.workspaceConf = { enableVerboseAuditLogs: "false", enableExportNotebook: "true" }),
    );
    expect(problems(input)).toEqual([
      'environments/test.ts: unityCatalog.workspaceSecurity.workspaceConf.enableVerboseAuditLogs: "false" switches off a hardened setting ("true"), which production keeps; remove the override',
      'environments/test.ts: unityCatalog.workspaceSecurity.workspaceConf.enableExportNotebook: "true" switches off a hardened setting ("false"), which production keeps; remove the override',
    ]);
  });

  it("accepts the same override outside production (a developer downloads results in dev)", () => {
    const input = variantOf(
      (c) => !c.production,
      (c) => (c.unityCatalog.workspaceSecurity.workspaceConf = { enableResultsDownloading: "true" }),
    );
    expect(problems(input)).toEqual([]);
  });

  it("refuses a token lifetime in workspaceConf (its own field is checked) and Terraform expressions as settings", () => {
    const input = variantOf(
      any,
      (c) => (c.unityCatalog.workspaceSecurity.workspaceConf = { maxTokenLifetimeDays: "0", enableWebTerminal: "${var.x}" }),
    );
    expect(problems(input)).toEqual([
      "environments/test.ts: unityCatalog.workspaceSecurity.workspaceConf.maxTokenLifetimeDays: is set here; use unityCatalog.workspaceSecurity.maxTokenLifetimeDays, which is checked (1 to 730 days)",
      'environments/test.ts: unityCatalog.workspaceSecurity.workspaceConf.enableWebTerminal: "${var.x}" is a Terraform expression; workspace settings are literal values',
    ]);
  });

  it("refuses turning IP access lists off while lists are configured, in any environment", () => {
    const input = variantOf(withIpAccessLists, (c) => (c.unityCatalog.workspaceSecurity.workspaceConf = { enableIpAccessLists: "false" }));
    expect(problems(input)).toEqual([
      'environments/test.ts: unityCatalog.workspaceSecurity.workspaceConf.enableIpAccessLists: "false" turns the configured IP access lists off (they would admit everyone); remove the override, or the lists',
    ]);
  });
});

describe("keys that name something are looked up as the config's own keys", () => {
  it.each(["toString", "constructor", "__proto__", "hasOwnProperty"])("refuses %s as a group a principal is a member of", (key) => {
    const input = variantOf(any, (c) => (c.workspace.servicePrincipals.deployer.memberOf = [key]));
    expect(problems(input)).toContainEqual(
      expect.stringMatching(new RegExp(`workspace\\.servicePrincipals\\.deployer\\.memberOf\\[0\\]: "${key}" is not a key of workspace\\.groups`)),
    );
  });

  it.each(["constructor", "toString", "__proto__"])("refuses %s as the group a sharing environment's metastore privileges go to", (key) => {
    const registered = Object.values(ENVIRONMENTS);
    const owner = registered.find((e) => ((e.input.unityCatalog?.metastore as { sharedWith?: unknown[] } | undefined)?.sharedWith?.length ?? 0) > 0);
    if (!owner) throw new Error("no registered environment shares its metastore");
    const changed = structuredClone(owner.input) as Input;
    const metastore = changed.unityCatalog.metastore as { sharedWith: { environment: string; group: string }[] };
    metastore.sharedWith = metastore.sharedWith.map((s) => ({ ...s, group: key }));
    const inputs = registered.map((e) => (e === owner ? { source: e.source, input: changed } : e));
    // Lowercase names pass the key pattern and are caught as not being the sharer's own group; others fail the pattern.
    expect(() => validateEnvironments(inputs)).toThrow(
      /unityCatalog\.metastore\.sharedWith\[0\]\.group: ("constructor" is not a key of .*workspace\.groups|must be a key of)/,
    );
  });
});
