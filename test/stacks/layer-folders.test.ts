/**
 * The shape every layer folder keeps (docs/contributing.md): a short composition file, the contract in its own
 * file, and imports of other layers only through their contracts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LAYERS } from "../../stacks/shared/backend";
import { REPO_ROOT } from "../run-ts";

const STACKS = join(REPO_ROOT, "stacks");
const MAX_COMPOSITION_LINES = 150;
const built = LAYERS.filter((layer) => readdirSync(STACKS).includes(layer));

/** Relative imports of a file, resolved to paths under stacks/ (e.g. "workspace/outputs"). */
function stackImports(folder: string, file: string): string[] {
  const source = readFileSync(join(STACKS, folder, file), "utf8");
  return [...source.matchAll(/from "(\.\.?\/[^"]+)"/g)].map((m) => join(folder, m[1])).filter((path) => !path.startsWith(".."));
}

describe("layer folders", () => {
  it("exist for the first three layers at least", () => {
    expect(built).toEqual(expect.arrayContaining(["network-storage", "workspace", "unity-catalog"]));
  });

  describe.each(built.map((layer) => [layer]))("stacks/%s/", (layer) => {
    const files = readdirSync(join(STACKS, layer));

    it(`has its stack as composition only (<layer>-stack.ts, at most ${MAX_COMPOSITION_LINES} lines) and its contract in outputs.ts`, () => {
      expect(files).toEqual(expect.arrayContaining([`${layer}-stack.ts`, "outputs.ts"]));
      const lines = readFileSync(join(STACKS, layer, `${layer}-stack.ts`), "utf8").split("\n").length;
      expect(lines).toBeLessThanOrEqual(MAX_COMPOSITION_LINES);
      expect(readFileSync(join(STACKS, layer, "outputs.ts"), "utf8")).toContain(`defineLayerContract`);
    });

    it("reads other layers only through their contracts (outputs.ts)", () => {
      for (const file of files) {
        for (const target of stackImports(layer, file)) {
          const [folder] = target.split("/");
          if (folder === layer || folder === "shared" || !LAYERS.includes(folder as (typeof LAYERS)[number])) continue;
          expect(`${file} imports ${target}`).toBe(`${file} imports ${folder}/outputs`);
        }
      }
    });
  });
});
