/**
 * `npm run diagram -- (--env <env> | --all) [--out <dir>]`: the architecture picture of an environment, drawn from
 * its synthesized stacks (synthesizing it first when the output folder has none): the reference architecture's swim
 * lanes as columns, a box per component (greyed when the environment leaves it out), the data flows, the stacks and
 * the security posture. Writes `<env>.svg` and a self-contained `<env>.html`; with --all, every registered
 * environment and an index.html comparing them. See docs/command-line.md.
 *
 * Exit codes: 0 written, 1 a synth failed, a stack file is missing or malformed, or a file cannot be written, 2 usage.
 */
import { lstatSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../modules/core/errors";
import { runCommand, usageError, writeOutputFile } from "./cli";
import { parseDiagramArgs, USAGE } from "./diagram/arguments";

const HELP = `${USAGE}

Draws the architecture of an environment from its synthesized Terraform JSON (cdktf.out, or CDKTF_OUTDIR): the
swim lanes Source, Ingest, Transform, Query/Process, Serve, Analysis, Storage, Governance and Collaboration as
columns, one box per component (greyed when the environment leaves out what the reference architecture names), the
data flows between them, the stacks each box comes from, and the security posture (PrivateLink, customer-managed
keys, protection). An environment with no synthesized stacks is synthesized first (as LAKEHOUSE_ENV=<env> npm run
synth); otherwise the stacks are read as they are: run npm run synth after changing the code.
  --env <env>    the registered environment to draw: writes <env>.svg and <env>.html
  --all          every registered environment, and index.html: the stages side by side, differences highlighted
  --out <dir>    the folder to write to (created if missing; default: cdktf.out/diagrams)
Same input, same bytes: the layout is deterministic. The HTML pages load nothing from anywhere.
Exit codes: 0 written, 1 a synth failed, a stack file is missing or malformed, or a file cannot be written,
2 usage error. See docs/command-line.md.`;

/** Creates the output folder; a path that is not a folder is a usage error. */
function outputFolder(dir: string): string {
  const existing = lstatSync(dir, { throwIfNoEntry: false });
  if (existing && !existing.isDirectory()) throw usageError(USAGE, `--out ${dir}: is not a folder`);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new UserError(`${dir}: cannot create it: ${(error as Error).message}`);
  }
  return dir;
}

async function main(argv: readonly string[]): Promise<void> {
  const options = parseDiagramArgs(argv);
  // Loaded here rather than imported at the top, so that a syntax error in environments/*.ts reaches runCommand
  // and is reported as one line with its file, line and column.
  const { ENVIRONMENTS, registeredEnvironment } = await import("../environments");
  if (options.env !== undefined && !registeredEnvironment(options.env)) {
    throw usageError(USAGE, `unknown environment "${options.env}"; registered: ${Object.keys(ENVIRONMENTS).join(", ")}`);
  }
  const envs = options.env !== undefined ? [options.env] : Object.keys(ENVIRONMENTS);
  const synthesized = process.env.CDKTF_OUTDIR?.trim() || "cdktf.out";
  const progress = (line: string) => process.stdout.write(`${line}\n`);
  const { synthesizeIfNeeded } = await import("./diagram/synthesize-if-needed");
  await synthesizeIfNeeded(synthesized, envs, progress);
  const { diagramFiles, readModels } = await import("./diagram/draw");
  const files = await diagramFiles(readModels(synthesized, envs), options.all);
  const out = outputFolder(options.out ?? join(synthesized, "diagrams"));
  for (const file of files) {
    const path = join(out, file.name);
    writeOutputFile(path, file.text);
    progress(`wrote ${path}`);
  }
}

/**
 * Runs the command on `argv` (the arguments after the script's name) as the process does: help, errors as one line
 * on stderr, the exit code in process.exitCode. The tests run it in-process (test/run-in-process.ts).
 */
export function run(argv: readonly string[]): Promise<void> {
  return runCommand(HELP, argv, main);
}

if (require.main === module) void run(process.argv.slice(2));
