/**
 * `npm run -s compare-synth -- <before> <after>`: compares two synthesized outputs (cdktf.out folders) stack by stack,
 * as a refactoring must leave them: the same stacks, the same dependencies, and in every stack the same blocks at
 * the same addresses (resources, data sources, providers, outputs, backend) with the same attributes. cdktf's `//`
 * metadata (construct paths, stack traces) is left out: it is not part of what Terraform plans.
 *
 * Prints one line per difference and a summary; exits 0 when both are the same, 1 when they differ, 2 on bad usage
 * or an unreadable folder.
 */
import { compareSynthOutputs, formatComparison, SynthOutputError } from "./lib/synth-comparison";
import { runCommand, usageError } from "./cli";

const USAGE = "usage: npm run -s compare-synth -- <before cdktf.out> <after cdktf.out>";
const HELP = `${USAGE}

Compares two synthesized outputs stack by stack: the same stacks, dependencies, block addresses and attributes
(cdktf's "//" metadata left out). Prints one line per difference and a summary.
Exit codes: 0 identical, 1 different, 2 usage error or a folder that is not a synthesized output.`;

function main(argv: readonly string[]): void {
  const option = argv.find((a) => a.startsWith("-"));
  if (option !== undefined) throw usageError(USAGE, `unknown option "${option}"`);
  if (argv.length !== 2) throw usageError(USAGE, `expected exactly two folders, got ${argv.length}`);
  let comparison;
  try {
    comparison = compareSynthOutputs(argv[0], argv[1]);
  } catch (error) {
    if (error instanceof SynthOutputError) throw usageError(USAGE, error.message);
    throw error;
  }
  process.stdout.write(`${formatComparison(comparison)}\n`);
  if (comparison.differences.length > 0) process.exitCode = 1;
}

void runCommand(HELP, process.argv.slice(2), main);
