/**
 * The README shows docs/prod.svg (and docs/prod.html, written with it): they must be what `npm run diagram -- --env prod --out docs/` draws from prod as the
 * code synthesizes it now, so a change to prod's stacks that changes the picture fails until it is regenerated.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diagramFiles, readModels } from "../../../scripts/diagram/draw";
import { synthesizeIfNeeded } from "../../../scripts/diagram/synthesize-if-needed";
import { REPO_ROOT } from "../../run-ts";

describe("the README's picture, docs/prod.svg", () => {
  it("is what the diagram command draws from prod now (regenerate: npm run diagram -- --env prod --out docs/)", async () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "committed-picture-")), "out");
    await synthesizeIfNeeded(outdir, ["prod"], () => undefined);
    const files = await diagramFiles(readModels(outdir, ["prod"]), false);
    expect(files.map((file) => file.name)).toEqual(["prod.svg", "prod.html"]);
    const stale = files.filter((file) => file.text !== readFileSync(join(REPO_ROOT, "docs", file.name), "utf8")).map((file) => `docs/${file.name}`);
    expect(stale).toEqual([]);
  }, 120_000);
});
