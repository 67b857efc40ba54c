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

/** dev and prod as the code synthesizes them now, in a temporary output folder (synthesized once for the suite). */
const outdir = join(mkdtempSync(join(tmpdir(), "committed-picture-")), "out");
beforeAll(() => synthesizeIfNeeded(outdir, ["dev", "prod"], () => undefined), 120_000);

describe("the pictures of the shipped stages", () => {
  const absent = (env: string) =>
    readModels(outdir, [env])[0]
      .components.filter((component) => !component.present)
      .map((component) => component.id)
      .sort();

  it("grey out in dev what its config leaves out (the services that bill by the hour or need a real source)", () => {
    expect(absent("dev")).toEqual(
      [
        "appflow",
        "apps",
        "clean-rooms",
        "dashboards",
        "dms",
        "dynamodb",
        "hive-metastore",
        "lakebase",
        "lakeflow-connect",
        "marketplace",
        "msk",
        "operational-sources",
        "quicksight",
        "rds",
        "redshift",
        "structured-streaming",
      ].sort(),
    );
  });

  it("grey out in prod only the Hive metastore, which no stage federates", () => {
    expect(absent("prod")).toEqual(["hive-metastore"]);
  });
});

describe("the README's picture, docs/prod.svg", () => {
  it("is what the diagram command draws from prod now (regenerate: npm run diagram -- --env prod --out docs/)", async () => {
    const files = await diagramFiles(readModels(outdir, ["prod"]), false);
    expect(files.map((file) => file.name)).toEqual(["prod.svg", "prod.html"]);
    const stale = files.filter((file) => file.text !== readFileSync(join(REPO_ROOT, "docs", file.name), "utf8")).map((file) => `docs/${file.name}`);
    expect(stale).toEqual([]);
  });
});
