/**
 * Local source files (pipeline SQL and Python) uploaded to a workspace folder as `databricks_workspace_file`s, their
 * content read at synth time so that an edit shows in the synthesized JSON and in the plan.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, normalize, posix } from "node:path";
import type { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { WorkspaceFile } from "@cdktf/provider-databricks/lib/workspace-file";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../../core/errors";
import { throwIfInvalidProps } from "../../core/validation";

/**
 * Largest base64 content the workspace import API takes (`MAX_NOTEBOOK_SIZE_EXCEEDED` above it).
 * @see https://docs.databricks.com/api/workspace/workspace/import
 */
export const WORKSPACE_IMPORT_MAX_BASE64_BYTES = 10 * 1024 * 1024;

/** Properties of {@link WorkspaceSourceFiles}. */
export interface WorkspaceSourceFilesProps {
  /** The workspace-level Databricks provider. */
  readonly provider: DatabricksProvider;
  /** Absolute local directory the files are read from (e.g. the repository's `pipelines/` folder). */
  readonly sourceRoot: string;
  /**
   * The files to upload, relative to `sourceRoot` with `/` separators (`telemetry/bronze.py`). Each is uploaded to
   * the same relative path under `workspaceFolder`; the relative name is also its construct id, so keep it stable.
   */
  readonly files: readonly string[];
  /**
   * Absolute workspace folder the files go to, e.g. `/Shared/lakehouse/prod/pipelines` (created on first upload).
   * Workspace paths are given without the `/Workspace` prefix, like the provider's `path` argument.
   */
  readonly workspaceFolder: string;
}

/**
 * Uploads local files to a workspace folder.
 *
 * Each file becomes a `databricks_workspace_file` whose `content_base64` is the file read when the app is
 * synthesized, not a `source` path read by Terraform later. Reasons (provider v1.99 `workspace/file_resource.go`):
 * - with `content_base64`, an edit changes the synthesized JSON and the plan shows the attribute changing, so a code
 *   change is reviewed and redeployed like any other change (and `compare-synth` sees it);
 * - with `source`, the JSON holds only a local path (absolute on the machine that synthesized), which breaks when the
 *   plan runs elsewhere (CI, another checkout), and an edit is detected only through the provider's `md5`
 *   diff-suppression, so the JSON never changes and the plan shows nothing but `md5 = "different"`;
 * - `md5` is computed by the provider from whichever content is given; setting it adds nothing.
 * The cost the provider docs warn about is state size: the content is stored in state. Pipeline sources are a few
 * kilobytes; a file beyond the import API's 10 MB (base64) limit is refused at synth.
 *
 * @see https://registry.terraform.io/providers/databricks/databricks/1.99.0/docs/resources/workspace_file
 * @example
 * const sources = new WorkspaceSourceFiles(this, "TelemetrySources", {
 *   provider: workspace, sourceRoot: PIPELINES_ROOT, files: ["telemetry/bronze.py", "telemetry/silver.sql"],
 *   workspaceFolder: "/Shared/lakehouse/prod/pipelines",
 * });
 * sources.pathOf("telemetry/bronze.py"); // "/Shared/lakehouse/prod/pipelines/telemetry/bronze.py", as a reference
 */
export class WorkspaceSourceFiles extends Construct {
  /** The workspace folder the files are uploaded to. */
  public readonly workspaceFolder: string;
  /** The `databricks_workspace_file` resources, by relative name. */
  public readonly files: Readonly<Record<string, WorkspaceFile>>;
  /** The workspace path of each uploaded file (a reference to the resource's `path`), by relative name. */
  public readonly paths: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: WorkspaceSourceFilesProps) {
    super(scope, id);
    throwIfInvalidProps(this, sourceFilesProblems(props));
    this.workspaceFolder = props.workspaceFolder;
    const files: Record<string, WorkspaceFile> = {};
    const paths: Record<string, string> = {};
    for (const relative of props.files) {
      const file = new WorkspaceFile(this, fileId(relative), {
        provider: props.provider,
        path: posix.join(props.workspaceFolder, relative),
        contentBase64: readFileSync(join(props.sourceRoot, relative)).toString("base64"),
      });
      files[relative] = file;
      paths[relative] = file.path;
    }
    this.files = files;
    this.paths = paths;
  }

  /** The workspace path of the uploaded file `relative` (a reference: users wait for the upload). */
  public pathOf(relative: string): string {
    const path = this.paths[relative];
    if (path === undefined) {
      throw new ValidationError(this.node.path, [`relative: "${relative}" is not one of the uploaded files (${Object.keys(this.paths).join(", ")})`]);
    }
    return path;
  }
}

/** The construct id of a file: its relative name with `/` (the construct path separator) written as `--`. */
function fileId(relative: string): string {
  return relative.split("/").join("--");
}

function sourceFilesProblems(props: WorkspaceSourceFilesProps): string[] {
  const problems: string[] = [];
  if (!isAbsolute(props.sourceRoot))
    problems.push(`sourceRoot: "${props.sourceRoot}" is not an absolute path; pass e.g. path.join(__dirname, "...")`);
  problems.push(...workspaceFolderProblems(props.workspaceFolder));
  if (props.files.length === 0) problems.push("files: none given; name at least one file to upload");
  const ids = new Map<string, string>();
  props.files.forEach((relative, i) => {
    const where = `files[${i}]`;
    const shape = relativeNameProblem(relative);
    if (shape) {
      problems.push(`${where}: "${relative}" ${shape}`);
      return;
    }
    const earlier = ids.get(fileId(relative));
    if (earlier !== undefined) problems.push(`${where}: "${relative}" is listed twice or collides with "${earlier}"; list each file once`);
    ids.set(fileId(relative), relative);
    if (isAbsolute(props.sourceRoot)) problems.push(...localFileProblems(join(props.sourceRoot, relative), where, relative));
  });
  return problems;
}

/** Why `relative` is not a clean relative name, or undefined. */
function relativeNameProblem(relative: string): string | undefined {
  if (relative.length === 0) return "is empty";
  if (relative.startsWith("/") || isAbsolute(relative)) return "is absolute; give it relative to sourceRoot";
  if (relative.includes("\\")) return "uses \\; separate folders with /";
  if (posix.normalize(relative) !== relative || relative.split("/").includes("..") || relative.endsWith("/")) {
    return "is not a clean relative path (no ., .., // or trailing /)";
  }
  return undefined;
}

/** The file must exist, be a regular file, and fit the import API. */
function localFileProblems(absolute: string, where: string, relative: string): string[] {
  if (!existsSync(absolute)) return [`${where}: "${relative}" does not exist (looked for ${normalize(absolute)})`];
  const stat = statSync(absolute);
  if (!stat.isFile()) return [`${where}: "${relative}" is not a file (${normalize(absolute)})`];
  const base64Bytes = Math.ceil(stat.size / 3) * 4;
  if (base64Bytes > WORKSPACE_IMPORT_MAX_BASE64_BYTES) {
    return [`${where}: "${relative}" is ${stat.size} bytes, over the workspace import limit of 10 MB base64; keep large files in a volume`];
  }
  return [];
}

/** The provider refuses paths that are not clean (`Clean path required`) and `dbfs:`/`Volume` prefixes. */
function workspaceFolderProblems(folder: string): string[] {
  if (Token.isUnresolved(folder)) return [];
  if (!folder.startsWith("/")) return [`workspaceFolder: "${folder}" is not absolute; start it with / (e.g. /Shared/lakehouse/pipelines)`];
  if (folder !== "/" && (posix.normalize(folder) !== folder || folder.endsWith("/"))) {
    return [`workspaceFolder: "${folder}" is not a clean path; use ${posix.normalize(folder).replace(/(.)\/$/, "$1")}`];
  }
  if (folder.startsWith("/Volumes") || folder.startsWith("/dbfs")) {
    return [`workspaceFolder: "${folder}" is not a workspace folder; workspace files live under /Shared, /Users or /Workspace`];
  }
  return [];
}
