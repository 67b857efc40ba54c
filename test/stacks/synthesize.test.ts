import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENVIRONMENTS, validateEnvironments } from "../../environments";
import { synthesizeLakehouse } from "../../stacks/synthesize";

const [dev] = validateEnvironments([ENVIRONMENTS.dev]);

function previousOutput(): string {
  const outdir = join(mkdtempSync(join(tmpdir(), "synth-")), "cdktf.out");
  mkdirSync(join(outdir, "stacks", "old"), { recursive: true });
  writeFileSync(join(outdir, "manifest.json"), "previous");
  return outdir;
}

describe("synthesizeLakehouse", () => {
  it("replaces the output folder with the new synthesis when it succeeds", () => {
    const outdir = previousOutput();
    synthesizeLakehouse([dev], { outdir });
    expect(readdirSync(join(outdir, "stacks"))).toContain("dev-network-storage");
    expect(readdirSync(join(outdir, "stacks"))).not.toContain("old");
    expect(JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")).stacks["dev-network-storage"]).toBeDefined();
    expect(readdirSync(join(outdir, ".."))).toEqual(["cdktf.out"]);
  });

  it("leaves the output folder as it was, and no staging folder, when the check fails", () => {
    const outdir = previousOutput();
    expect(() =>
      synthesizeLakehouse([dev], {
        outdir,
        check: () => {
          throw new Error("policy finding");
        },
      }),
    ).toThrow("policy finding");
    expect(readFileSync(join(outdir, "manifest.json"), "utf8")).toBe("previous");
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["old"]);
    expect(readdirSync(join(outdir, ".."))).toEqual(["cdktf.out"]);
  });

  it("writes nothing when there was no output folder and the check fails", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "synth-")), "cdktf.out");
    expect(() =>
      synthesizeLakehouse([dev], {
        outdir,
        check: () => {
          throw new Error("x");
        },
      }),
    ).toThrow("x");
    expect(existsSync(outdir)).toBe(false);
  });
});
