import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { REPO_ROOT } from "../run-ts";
import { documents } from "./documented-commands";
import { brokenLinks, relativeLinksOf } from "./markdown-links";

const INDEX = join(REPO_ROOT, "docs", "README.md");

describe("brokenLinks", () => {
  it("names a missing file and a missing heading, and accepts a heading that exists, code blocks and URLs aside", () => {
    const folder = mkdtempSync(join(tmpdir(), "links-"));
    writeFileSync(join(folder, "other.md"), "# Other page\n\n## Private front end (prod): the runbook\n");
    const page = join(folder, "page.md");
    const fence = "`".repeat(3);
    writeFileSync(
      page,
      [
        "[ok](other.md#private-front-end-prod-the-runbook) [web](https://example.com/x.md)",
        "[gone](missing.md) [no heading](other.md#nowhere)",
        `${fence}md`,
        "[in code](not-checked.md)",
        fence,
      ].join("\n"),
    );
    expect(brokenLinks(page).map((line) => line.replace(/^.*page\.md: /, ""))).toEqual([
      "missing.md: no such file",
      "other.md#nowhere: no such heading",
    ]);
  });
});

describe("the README and docs/ as one set of pages", () => {
  it("link only to files and headings that exist", () => {
    const files = documents().map((d) => join(REPO_ROOT, d.file));
    expect(files).toContain(INDEX);
    expect(files.flatMap(brokenLinks)).toEqual([]);
  });

  it("have an index, docs/README.md, that links every page under docs/, and the README links the index", () => {
    const indexed = new Set(
      relativeLinksOf(readFileSync(INDEX, "utf8")).map((target) => relative(REPO_ROOT, resolve(join(REPO_ROOT, "docs"), target.split("#")[0]))),
    );
    const pages = documents()
      .map((d) => d.file)
      .filter((file) => file.startsWith("docs/") && file !== "docs/README.md");
    expect(pages.filter((page) => !indexed.has(page))).toEqual([]);
    expect(relativeLinksOf(readFileSync(join(REPO_ROOT, "README.md"), "utf8"))).toContain("docs/README.md");
  });
});
