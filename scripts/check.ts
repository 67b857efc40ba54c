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
import { loadSelectedEnvironments } from "../environments";
import { formatReport, type PolicyReport } from "../modules/policy";
import { PolicyViolationError, synthesizeLakehouse } from "../stacks/synthesize";
import { runCli } from "./cli";

const USAGE = "usage: npm run check [-- --json]";

function main(argv: readonly string[]): void {
  const unknown = argv.filter((a) => a !== "--json");
  if (unknown.length > 0) {
    process.stderr.write(`unknown argument "${unknown[0]}"\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const report = evaluate();
  const json = argv.includes("--json");
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  if (report.findings().length > 0) process.exitCode = 1;
}

/** The report of a full synthesis of the selected environments, findings or not. */
function evaluate(): PolicyReport {
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

void runCli(() => main(process.argv.slice(2)));
