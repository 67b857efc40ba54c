import { readFileSync } from "fs";
import { ALL_RULES, RULE_PACKS } from "../../modules/policy/catalog";
import { POLICY_DOC_PATH, renderPolicyDoc } from "../../scripts/policy-docs";
import { CATALOG_WITH_RESTAPI } from "../modules/policy/restapi-pack";

describe("docs/policy.md", () => {
  const committed = readFileSync(POLICY_DOC_PATH, "utf8");

  it("is the generator's current output (run: npm run policy-docs)", () => {
    expect(committed).toBe(renderPolicyDoc());
  });

  it("documents every rule with its rationale and anchors", () => {
    for (const rule of ALL_RULES) {
      const section = committed.split(`### ${rule.id}\n`)[1]?.split("\n### ")[0] ?? "";
      expect(section).toContain(`**Why:** ${rule.rationale}.`);
      for (const anchor of rule.anchors) {
        expect(section).toContain(`${anchor.source} ${anchor.id}`);
      }
    }
  });

  it("explains how to suppress a rule", () => {
    expect(committed).toContain("## Suppressing a rule");
    expect(committed).toMatch(/suppressRule\(scratchBucket, "S3-NO-FORCE-DESTROY", "[^"]{10,}"\)/);
  });

  it("explains how a rule rolls out as a warning and what packs declare", () => {
    expect(committed).toContain("## Rolling out a rule");
    expect(committed).toContain('`rollout: "warn"`');
    expect(committed).toContain("## What packs declare");
    expect(committed).toContain("- **Declares data-holding:** `aws_s3_bucket`");
    expect(committed).toContain("`purge_on_delete` on `databricks_database_instance` (databricks)");
  });
});

describe("docs/policy.md of a catalogue with another provider's pack", () => {
  const doc = renderPolicyDoc(CATALOG_WITH_RESTAPI);
  const section = (id: string) => doc.split(`### ${id}\n`)[1]?.split("\n### ")[0] ?? "";

  it("marks a rule rolling out as a warning, in the index and in its section", () => {
    expect(doc).toContain("| [RESTAPI-CLEAN-ROOM-BODY](#restapi-clean-room-body) | medium (warns while rolling out) |");
    expect(section("RESTAPI-CLEAN-ROOM-BODY")).toContain(
      "- **Rollout:** warns while it rolls out: a failure is reported (status `warn`) and does not fail synth",
    );
    expect(section("S3-VERSIONING")).not.toContain("**Rollout:**");
  });

  it("writes out a matcher's type, description and attribute conditions", () => {
    expect(section("RESTAPI-CLEAN-ROOM-BODY")).toContain(
      "- **Inspects:** `restapi_object` (clean rooms) where `path matches /^\\/api\\/2\\.0\\/clean-rooms(\\/|$)/`",
    );
  });

  it("lists the new pack's declarations where the data-protection rules apply", () => {
    // Right after the last data-holding declaration of the shipped packs: the databricks pack's last resource type.
    const last = [...RULE_PACKS].reverse().find((pack) => (pack.dataHolding ?? []).length > 0);
    const type = last?.dataHolding?.at(-1);
    expect({ pack: last?.name, type }).toEqual({ pack: "databricks", type: expect.stringMatching(/^databricks_[a-z_]+$/) });
    expect(section("DATA-PREVENT-DESTROY")).toMatch(
      new RegExp(`\`${String(type)}\` \\(databricks\\), \`restapi_object\` \\(clean rooms\\) where \`[^\`]+\` \\(restapi\\)$`, "m"),
    );
    expect(section("DATA-NO-FORCE-DESTROY")).toContain("`force_destroy` on `restapi_object` (clean rooms) where");
  });
});
