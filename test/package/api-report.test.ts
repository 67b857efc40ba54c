/**
 * The checked-in API report (api/databricks-lakehouse-aws.api.md) matches the library's public API: the report is
 * regenerated in memory from the declarations the build would emit and compared with the file. A failure means the
 * public API changed: review the difference, run `npm run api-report`, and record the change in CHANGELOG.md with the
 * version it calls for.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { API_REPORT_PATH, renderApiReport } from "../../scripts/api-report";
import { REPO_ROOT } from "../run-ts";

describe("the API report", () => {
  it("matches the public API of every entry point (else run: npm run api-report)", () => {
    const current = renderApiReport();
    const committed = readFileSync(API_REPORT_PATH, "utf8");
    if (current !== committed) {
      const a = committed.split("\n");
      const b = current.split("\n");
      const first = b.findIndex((line, i) => line !== a[i]);
      throw new Error(
        `${relative(REPO_ROOT, API_REPORT_PATH)} is out of date: the public API changed (first difference at line ${first + 1}: ` +
          `report has ${JSON.stringify(a[first])}, the API has ${JSON.stringify(b[first])}). Review the change, then run: npm run api-report`,
      );
    }
  });

  it("lists every entry point of package.json exports", () => {
    const pkg = JSON.parse(readFileSync(`${REPO_ROOT}/package.json`, "utf8")) as { name: string; exports: Record<string, unknown> };
    const report = readFileSync(API_REPORT_PATH, "utf8");
    for (const subpath of Object.keys(pkg.exports).filter((s) => s !== "./package.json")) {
      expect(report).toContain(`### \`${subpath === "." ? pkg.name : `${pkg.name}/${subpath.slice(2)}`}\``);
    }
  });
});
