/**
 * `npm run check [-- --json]`: synthesizes the selected environments (LAKEHOUSE_ENV / LAKEHOUSE_ENV_FILE, as synth)
 * into a temporary folder, never cdktf.out, and prints the guardrails' report: rules by stacks with pass / fail /
 * suppressed counts, every suppression with its reason, every finding on one line.
 *
 * Exit codes: 0 no unsuppressed finding, 1 findings (or an invalid config), 2 usage error.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PolicyReport } from "../modules/policy";
import { runCommand, usageError } from "./cli";

const USAGE = "usage: [LAKEHOUSE_ENV=<env>[,<env>] | LAKEHOUSE_ENV_FILE=<file.json>] npm run check [-- --json]";
const HELP = `${USAGE}

Synthesizes the selected environments into a temporary folder (never cdktf.out) and prints the guardrails' report:
rules by stacks with pass/fail/suppressed counts, suppressions with their reasons, findings.
  --json   the report as JSON (npm run -s check -- --json > report.json: -s keeps npm's banner out of the file)
Exit codes: 0 no unsuppressed finding, 1 findings or an invalid config, 2 usage error.`;

async function main(argv: readonly string[]): Promise<void> {
  const unknown = argv.find((a) => a !== "--json");
  if (unknown !== undefined) throw usageError(USAGE, `unknown argument "${unknown}"`);
  const report = await evaluate();
  const { formatReport } = await import("../modules/policy");
  const json = argv.includes("--json");
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  if (report.findings().length > 0) process.exitCode = 1;
}

/** The report of a full synthesis of the selected environments, findings or not. */
async function evaluate(): Promise<PolicyReport> {
  // Loaded here, not at the top: a syntax error in environments/*.ts is then reported as one line by runCommand.
  const { loadSelectedEnvironments } = await import("../environments");
  const { PolicyViolationError, synthesizeLakehouse } = await import("../stacks/synthesize");
  const configs = loadSelectedEnvironments(process.env);
  const scratch = mkdtempSync(join(tmpdir(), "lakehouse-check-"));
  try {
    return synthesizeLakehouse(configs, { outdir: join(scratch, "cdktf.out") }).report;
  } catch (error) {
    if (error instanceof PolicyViolationError) return error.report;
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
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
