/**
 * `npm run drift -- --env <env>`: synthesizes the environment, plans every stack with terraform (init in layer
 * order, then plan and show -json with a bounded pool) and reports drift (changed outside Terraform) apart from
 * pending changes (code not yet applied).
 * `npm run drift -- --plan-json <file> ...`: the same report from plan JSON files made by `terraform show -json`.
 *
 * Exit codes: 0 nothing drifted and nothing pending; 2 drift or pending changes; 1 an error (a plan that cannot be
 * read or made; one line per stack or file on stderr). Bad arguments are a usage error, also 2, with the usage line
 * on stderr and no report. See docs/drift.md.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../modules/core/errors";
import { runCommand, usageError } from "./cli";
import { buildReport, errorStack, exitCodeOf, parsePlanText, PlanError, type StackReport } from "./ops/plan-report";
import { formatReport, FORMATS, type ReportFormat } from "./ops/report-format";
import { planStacks, type StackFolder } from "./ops/terraform-runner";

const USAGE =
  "usage: npm run -s drift -- (--env <env> [--terraform <path>] [--concurrency <n>] | --plan-json <file> [--plan-json <file> ...]) [--format text|markdown|json]";
const HELP = `${USAGE}

Reports drift (resources changed outside Terraform: the plan's resource_drift) apart from pending changes (code
not yet applied: resource_changes), per stack and in total. Sensitive values are never printed.
  --env <env>          synthesize that environment into cdktf.out (CDKTF_OUTDIR to change it), then in every
                       stack's folder, in layer order: terraform init -input=false; then, --concurrency stacks at
                       a time: terraform plan -input=false -lock=false -detailed-exitcode -out=drift.tfplan and
                       terraform show -json drift.tfplan
  --terraform <path>   the terraform binary (default: terraform from PATH)
  --concurrency <n>    stacks planned at once (default 2)
  --plan-json <file>   report from a plan already made by terraform show -json (repeatable)
  --format <format>    text (default), markdown (a CI job summary, an issue body) or json (fields in docs/drift.md)
Exit codes: 0 no drift and nothing pending, 2 drift or pending changes found (or a usage error), 1 an error
(unreadable or malformed plan JSON, not a plan, a plan terraform marked errored, terraform failing).
See docs/drift.md.`;

interface Options {
  env?: string;
  planJson: string[];
  terraform?: string;
  concurrency: number;
  format: ReportFormat;
}

export function parseArgs(argv: readonly string[]): Options {
  const options: Options = { planJson: [], concurrency: 2, format: "text" };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!["--env", "--plan-json", "--terraform", "--concurrency", "--format"].includes(name)) {
      throw usageError(USAGE, arg.startsWith("-") ? `unknown option "${arg}"` : `unexpected argument "${arg}"`);
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === "" || (eq < 0 && value.startsWith("--"))) throw usageError(USAGE, `${name} needs a value`);
    if (name !== "--plan-json" && seen.has(name)) throw usageError(USAGE, `${name} given twice`);
    seen.add(name);
    switch (name) {
      case "--env":
        options.env = value;
        break;
      case "--plan-json":
        options.planJson.push(value);
        break;
      case "--terraform":
        options.terraform = value;
        break;
      case "--concurrency":
        if (!/^[1-9][0-9]*$/.test(value) || Number(value) > 64)
          throw usageError(USAGE, `--concurrency must be a whole number from 1 to 64, got "${value}"`);
        options.concurrency = Number(value);
        break;
      case "--format":
        if (!(FORMATS as readonly string[]).includes(value)) throw usageError(USAGE, `--format must be one of ${FORMATS.join(", ")}, got "${value}"`);
        options.format = value as ReportFormat;
        break;
    }
  }
  if (options.env === undefined && options.planJson.length === 0) throw usageError(USAGE, "give --env <env> or --plan-json <file>");
  if (options.env !== undefined && options.planJson.length > 0) throw usageError(USAGE, "give --env or --plan-json, not both");
  if (options.planJson.length > 0 && (options.terraform !== undefined || seen.has("--concurrency"))) {
    throw usageError(USAGE, "--terraform and --concurrency go with --env only");
  }
  if (options.env !== undefined && options.env.includes(","))
    throw usageError(USAGE, "--env takes one environment; run the command once per environment");
  return options;
}

/** The report of plan JSON files; a file that cannot be read or is not a usable plan is an error entry. */
export function reportFiles(files: readonly string[]): StackReport[] {
  return files.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      const { code } = error as NodeJS.ErrnoException;
      return errorStack(
        file,
        code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder, not a plan JSON file" : `cannot read it (${code})`,
      );
    }
    try {
      return parsePlanText(file, text);
    } catch (error) {
      if (error instanceof PlanError) return errorStack(file, error.problem);
      throw error;
    }
  });
}

/** Synthesizes `env` and returns its stack folders in layer order. */
async function synthesizeEnvironment(env: string, progress: (line: string) => void): Promise<StackFolder[]> {
  // Loaded here so that a syntax error in environments/*.ts is reported as one line (see main.ts).
  const { loadSelectedEnvironments } = await import("../environments");
  const { synthesizeLakehouse } = await import("../stacks/synthesize");
  const { LAYERS } = await import("../stacks/shared/backend");
  const configs = loadSelectedEnvironments({ LAKEHOUSE_ENV: env });
  const { outdir, warnings } = synthesizeLakehouse(configs);
  for (const warning of warnings) progress(`warning: ${warning}`);
  progress(`synthesized ${env} into ${outdir}/stacks`);
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, unknown> };
  const stacks = LAYERS.map((layer) => `${configs[0].name}-${layer}`)
    .filter((name) => name in manifest.stacks)
    .map((name) => ({ name, dir: join(outdir, "stacks", name) }));
  const missing = stacks.find((s) => !existsSync(s.dir));
  if (missing) throw new UserError(`${missing.name}: its synthesized folder ${missing.dir} is missing`);
  if (stacks.length === 0) throw new UserError(`${env}: synthesized no stack`);
  return stacks;
}

async function main(argv: readonly string[]): Promise<void> {
  const options = parseArgs(argv);
  // Progress goes with the text report only: markdown and JSON on stdout are documents.
  const progress = (line: string) => {
    if (options.format === "text") process.stdout.write(`${line}\n`);
  };
  let stacks: StackReport[];
  if (options.env !== undefined) {
    const folders = await synthesizeEnvironment(options.env, progress);
    stacks = await planStacks(folders, {
      terraform: options.terraform,
      concurrency: options.concurrency,
      onStep: (stack, step) => progress(`${stack}: terraform ${step}`),
    });
  } else {
    stacks = reportFiles(options.planJson);
  }
  const report = buildReport(stacks);
  process.stdout.write(formatReport(report, options.format));
  for (const stack of report.stacks) if (stack.error !== undefined) process.stderr.write(`${stack.name}: ${stack.error}\n`);
  process.exitCode = exitCodeOf(report);
}

/**
 * Runs the command on `argv` (the arguments after the script's name) as the process does: help, errors as one line
 * on stderr, the exit code in process.exitCode. The tests run it in-process (test/run-in-process.ts).
 */
export function run(argv: readonly string[]): Promise<void> {
  return runCommand(HELP, argv, main);
}

if (require.main === module) void run(process.argv.slice(2));
