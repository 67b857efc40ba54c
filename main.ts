/**
 * The composition root: load and validate the selected environments, build every layer stack, synthesize.
 *
 *   npm run synth                        every environment in environments/
 *   LAKEHOUSE_ENV=dev,prod npm run synth  only those
 *   LAKEHOUSE_ENV_FILE=my.json npm run synth  that JSON config alone
 *
 * Nothing is written unless every environment is valid and synthesizes cleanly. The cdktf CLI runs this file too
 * (cdktf.json "app"): it shows what the app writes on stderr as [ERROR], so progress and warnings go to stdout.
 */
import { runCommand, usageError } from "./scripts/cli";

const USAGE = "usage: [LAKEHOUSE_ENV=<env>[,<env>] | LAKEHOUSE_ENV_FILE=<file.json>] npm run synth";
const HELP = `${USAGE}

Synthesizes the selected environments into cdktf.out/stacks/ (CDKTF_OUTDIR to change it), all or nothing.
  LAKEHOUSE_ENV=<env>[,<env>]      only these registered environments (default: every one)
  LAKEHOUSE_ENV_FILE=<file.json>   that JSON config alone, checked against the registered environments
Exit codes: 0 written, 1 invalid config, guardrail finding or unusable output folder, 2 usage error.
See docs/command-line.md.`;

/**
 * Runs the app on `argv` (the arguments after main.ts) as the process does: help, errors as one line on stderr, the
 * exit code in process.exitCode. The tests run it in-process (test/run-in-process.ts).
 */
export function run(argv: readonly string[]): Promise<void> {
  return runCommand(HELP, argv, synth);
}

async function synth(argv: readonly string[]): Promise<void> {
  if (argv.length > 0) {
    const hint = argv[0].startsWith("-") ? "" : `; choose environments with LAKEHOUSE_ENV=${argv[0]}`;
    throw usageError(USAGE, `unexpected argument "${argv[0]}"${hint}`);
  }
  // Loaded here rather than imported at the top, so that a syntax error in environments/*.ts reaches runCommand
  // and is reported as one line with its file, line and column.
  const { loadSelectedEnvironments } = await import("./environments");
  const { formatWarningLine } = await import("./modules/policy");
  const { synthesizeLakehouse } = await import("./stacks/synthesize");
  const configs = loadSelectedEnvironments(process.env);
  const { outdir, stacks, report, warnings } = synthesizeLakehouse(configs);
  for (const warning of warnings) process.stdout.write(`warning: ${warning}\n`);
  // Rules rolling out as warnings do not fail synth; say what they found so it gets fixed before they enforce.
  for (const warning of report.warnings()) process.stdout.write(`warning: ${formatWarningLine(warning)}\n`);
  const names = stacks.map((s) => s.config.name).join(", ");
  process.stdout.write(`synthesized ${names} into ${outdir}/stacks\n`);
}

// The process's entry (npm run synth, the cdktf CLI's app): run at once. Imported (the tests), it waits to be run.
if (require.main === module) void run(process.argv.slice(2));
