/**
 * `npm run bench`: whole-process measurements of what platform teams run (synth, the cdktf CLI, N environments,
 * the tests), several runs after a warm-up, median, min and max of wall time and peak memory. See
 * docs/performance.md, which keeps the latest recorded run.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../modules/core/errors";
import { markdown, targets, thisMachine } from "./bench/report";
import { PHASES, runPhases, type Phase } from "./bench/phases";
import { MAX_GENERATED } from "./bench/generated-environments";
import { runCommand, usageError, writeOutputFile } from "./cli";

const USAGE = "usage: npm run -s bench -- [--phases <phase>[,<phase>...]] [--runs <n>] [--scale <n>[,<n>...]] [--json] [--record]";
const HELP = `${USAGE}

Measures, as whole processes (wall time; peak memory from each node process's ru_maxrss), after a warm-up run:
  synth    npm run synth (every shipped environment) alternating with a new cdktf user's baseline app
           (scripts/bench/baseline-app.ts: provider packages imported from their roots, ts-node type-checking), and the
           ratio ours/baseline pair by pair
  cli      npx cdktf synth of the same app, and its overhead over npm run synth
  scale    N generated environments (copies of prod with every layer on) synthesized in one process, and the
           marginal cost of one more (least-squares slope)
  stacks   resources, data sources and JSON bytes per synthesized stack
  tests    npm test, once, and its slowest suites
  --phases <list>   which phases (default: ${PHASES.join(",")})
  --runs <n>        measured runs per command after the warm-up (default 3)
  --scale <list>    environment counts for the scale phase (default 1,3,10,30; from 1 to ${MAX_GENERATED})
  --json            the figures as JSON on stdout instead of tables
  --record          also write the tables into docs/performance.md ("Latest run")
Progress goes to stderr. Exit codes: 0 measured (targets met or not: see the Targets table), 1 a command failed,
2 usage error. See docs/performance.md.`;

const RECORD_START = "<!-- bench:latest-run:start -->";
const RECORD_END = "<!-- bench:latest-run:end -->";

interface Options {
  phases: Phase[];
  runs: number;
  scale: number[];
  json: boolean;
  record: boolean;
}

function positiveIntegers(name: string, value: string, max: number): number[] {
  const numbers = value.split(",").map((part) => Number(part));
  if (numbers.some((n) => !Number.isInteger(n) || n < 1 || n > max))
    throw usageError(USAGE, `${name}: "${value}" must be whole numbers from 1 to ${max}`);
  return numbers;
}

export function parseArgs(argv: readonly string[]): Options {
  const options: Options = { phases: [...PHASES], runs: 3, scale: [1, 3, 10, 30], json: false, record: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--json" || arg === "--record") {
      options[arg === "--json" ? "json" : "record"] = true;
      continue;
    }
    if (!["--phases", "--runs", "--scale"].includes(arg))
      throw usageError(USAGE, arg.startsWith("-") ? `unknown option "${arg}"` : `unexpected argument "${arg}"`);
    const value = argv[++i];
    if (value === undefined || value.startsWith("--")) throw usageError(USAGE, `${arg} needs a value`);
    if (arg === "--runs") options.runs = positiveIntegers(arg, value, 20)[0];
    if (arg === "--scale") {
      options.scale = [...new Set(positiveIntegers(arg, value, MAX_GENERATED))].sort((a, b) => a - b);
      if (options.scale.length < 2) throw usageError(USAGE, "--scale needs two counts at least (the slope is fitted through them)");
    }
    if (arg === "--phases") {
      const unknown = value.split(",").find((p) => !(PHASES as readonly string[]).includes(p));
      if (unknown !== undefined) throw usageError(USAGE, `--phases: unknown phase "${unknown}" (phases: ${PHASES.join(", ")})`);
      options.phases = PHASES.filter((p) => value.split(",").includes(p));
    }
  }
  return options;
}

/** docs/performance.md with its latest-run block replaced by `body`. */
function recorded(document: string, body: string): string {
  const start = document.indexOf(RECORD_START);
  const end = document.indexOf(RECORD_END);
  if (start < 0 || end < start)
    throw new UserError(`docs/performance.md: the markers ${RECORD_START} and ${RECORD_END} are missing; nothing was written`);
  return `${document.slice(0, start + RECORD_START.length)}\n${body}${document.slice(end)}`;
}

if (require.main === module)
  void runCommand(HELP, process.argv.slice(2), (argv) => {
    const options = parseArgs(argv);
    const root = join(__dirname, "..");
    const machine = thisMachine();
    const date = new Date().toISOString().slice(0, 10);
    let figures;
    try {
      figures = runPhases({ ...options, root, progress: (line) => process.stderr.write(`bench: ${line}\n`) });
    } catch (error) {
      throw new UserError(`bench: ${error instanceof Error ? error.message : String(error)}`);
    }
    const tables = markdown(figures, machine, date);
    process.stdout.write(options.json ? `${JSON.stringify({ date, machine, options, figures, targets: targets(figures) }, null, 2)}\n` : tables);
    if (options.record) {
      const file = join(root, "docs", "performance.md");
      writeOutputFile(file, recorded(readFileSync(file, "utf8"), tables));
      process.stderr.write("bench: recorded in docs/performance.md\n");
    }
  });
