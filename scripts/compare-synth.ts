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
import { runCli, usageError } from "./cli";

const USAGE = "usage: npm run -s compare-synth -- <before cdktf.out> <after cdktf.out>";

function main(argv: readonly string[]): void {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (argv.length !== 2 || argv.some((a) => a.startsWith("-"))) throw usageError(USAGE, "expected exactly two folders");
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

void runCli(() => main(process.argv.slice(2)));
