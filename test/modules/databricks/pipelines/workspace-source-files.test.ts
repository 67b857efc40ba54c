import { writeFileSync } from "node:fs";
import { TerraformOutput } from "cdktf";
import { join } from "node:path";
import { WorkspaceSourceFiles, type WorkspaceSourceFilesProps } from "../../../../modules/databricks/pipelines/workspace-source-files";
import { synthesize } from "../../../synth-json";
import { guardrailFindings, pipelinesStack, sourceFolder } from "./pipelines-fixture";

const BRONZE = "CREATE OR REFRESH STREAMING TABLE ${lakehouse.bronze_schema}.orders_cdc AS SELECT * FROM STREAM read_files('x');\n";
const SILVER_PY = "from pyspark import pipelines as dp\n";

function build(
  props: Partial<WorkspaceSourceFilesProps> = {},
  root = sourceFolder({ "orders/bronze.sql": BRONZE, "telemetry/bronze.py": SILVER_PY }),
) {
  const { stack, workspace } = pipelinesStack();
  const sources = new WorkspaceSourceFiles(stack, "Sources", {
    provider: workspace,
    sourceRoot: root,
    files: ["orders/bronze.sql", "telemetry/bronze.py"],
    workspaceFolder: "/Shared/lakehouse/prod/pipelines",
    ...props,
  });
  return { stack, sources, root };
}

function contentOf(stack: ReturnType<typeof build>["stack"], pathSuffix: string): string {
  return synthesize(stack).resource("databricks_workspace_file", pathSuffix).block.content_base64 as string;
}

describe("WorkspaceSourceFiles", () => {
  const { stack, sources } = build();
  new TerraformOutput(stack, "orders_path", { value: sources.pathOf("orders/bronze.sql") });
  const s = synthesize(stack);

  it("uploads each file to its relative path under the folder, with the content read at synth", () => {
    const orders = s.resource("databricks_workspace_file", "/Sources/orders--bronze.sql").block;
    expect(orders).toMatchObject({ provider: "databricks.workspace", path: "/Shared/lakehouse/prod/pipelines/orders/bronze.sql" });
    expect(Buffer.from(orders.content_base64 as string, "base64").toString()).toBe(BRONZE);
    expect(orders.source).toBeUndefined();
    const telemetry = s.resource("databricks_workspace_file", "/Sources/telemetry--bronze.py").block;
    expect(Buffer.from(telemetry.content_base64 as string, "base64").toString()).toBe(SILVER_PY);
  });

  it("gives each file's path as a reference to its upload, by relative name", () => {
    expect(Object.keys(sources.paths)).toEqual(["orders/bronze.sql", "telemetry/bronze.py"]);
    // A reference to the resource's path attribute, so users wait for the upload.
    expect(s.json.output?.orders_path.value).toBe(s.ref("databricks_workspace_file", "/Sources/orders--bronze.sql", "path"));
  });

  it("changes content_base64 when a file changes, and only that file's", () => {
    const first = build();
    const before = contentOf(first.stack, "/Sources/orders--bronze.sql");
    writeFileSync(join(first.root, "orders/bronze.sql"), BRONZE.replace("orders_cdc", "orders_changes"));
    const second = build({}, first.root);
    expect(contentOf(second.stack, "/Sources/orders--bronze.sql")).not.toBe(before);
    expect(contentOf(second.stack, "/Sources/telemetry--bronze.py")).toBe(contentOf(first.stack, "/Sources/telemetry--bronze.py"));
  });

  it("passes the guardrails", () => {
    expect(guardrailFindings(stack)).toEqual([]);
  });

  it("refuses a missing file, naming it", () => {
    expect(() => build({ files: ["orders/bronze.sql", "orders/silver.sql"] })).toThrow(
      /files\[1\]: "orders\/silver\.sql" does not exist \(looked for .*orders\/silver\.sql\)/,
    );
  });

  it("refuses unclean or absolute names, duplicates, a directory, a relative root and a bad folder, naming each prop", () => {
    expect(() =>
      build({ files: ["../secrets.txt", "/etc/passwd", "orders/bronze.sql", "orders/bronze.sql", "orders"], workspaceFolder: "Shared/x/" }),
    ).toThrow(
      /workspaceFolder: "Shared\/x\/" is not absolute.*\n.*files\[0\]: "\.\.\/secrets\.txt" is not a clean relative path.*\n.*files\[1\]: "\/etc\/passwd" is absolute.*\n.*files\[3\]: "orders\/bronze\.sql" is listed twice.*\n.*files\[4\]: "orders" is not a file/,
    );
    expect(() => build({ sourceRoot: "pipelines" })).toThrow(/sourceRoot: "pipelines" is not an absolute path/);
    expect(() => build({ workspaceFolder: "/Shared//x" })).toThrow(/workspaceFolder: "\/Shared\/\/x" is not a clean path; use \/Shared\/x/);
    expect(() => build({ files: [] })).toThrow(/files: none given/);
  });

  it("refuses asking for a file it did not upload", () => {
    expect(() => sources.pathOf("orders/gold.sql")).toThrow(/relative: "orders\/gold\.sql" is not one of the uploaded files/);
  });
});
