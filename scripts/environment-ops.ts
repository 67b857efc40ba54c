/**
 * Plan, deploy and destroy one environment with the cdktf CLI (docs/deploy-commands.md):
 *
 *   npm run plan -- --env <env> [--stack <layer>]       cdktf diff <stack>, per stack in layer order
 *   npm run deploy -- --env <env> [--stack <layer>]     cdktf deploy '<env>-*'
 *   npm run destroy -- --env <env> [--stack <layer>]    cdktf destroy <stack>, per stack in reverse layer order
 *
 * The environment and layer are checked, and the environment's config validated, before cdktf runs.
 */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { UserError } from "../modules/core/errors";
import { runCommand, usageError } from "./cli";
import {
  cdktfCommands,
  checkDestroyAllowed,
  dependantsOf,
  formatCommand,
  helpOf,
  OPERATIONS,
  parseOperation,
  protectionsOf,
  selectStacks,
  USAGES,
  type Operation,
} from "./ops/environment-commands";

const REPO_ROOT = join(__dirname, "..");
const USAGE = `usage: npm run ${OPERATIONS.join("|")} -- --env <env> ... (npm run plan|deploy|destroy -- --help)`;

/**
 * Runs the command on `argv` (the arguments after the script's name: the operation, then its options) as the process
 * does: help, errors as one line on stderr, the exit code in process.exitCode. The tests run it in-process
 * (test/run-in-process.ts).
 */
export function run(argv: readonly string[]): Promise<void> {
  const [operationArg, ...rest] = argv;
  const operation = (OPERATIONS as readonly string[]).includes(operationArg) ? (operationArg as Operation) : undefined;
  return runCommand(operation ? helpOf(operation) : USAGE, operation ? rest : argv, async (args) => {
    if (!operation) throw usageError(USAGE, operationArg === undefined ? "name the operation" : `unknown operation "${operationArg}"`);
    await runOperation(operation, args);
  });
}

/** Checks the operation's options and environment, then runs its cdktf commands, stopping at the first that fails. */
async function runOperation(operation: Operation, argv: readonly string[]): Promise<void> {
  const options = parseOperation(operation, argv);
  // Loaded here rather than imported at the top, so that a syntax error in environments/*.ts reaches runCommand
  // and is reported as one line with its file, line and column.
  const { ENVIRONMENTS, loadSelectedEnvironments, registeredEnvironment } = await import("../environments");
  if (!registeredEnvironment(options.env)) {
    throw usageError(USAGES[operation], `unknown environment "${options.env}"; registered: ${Object.keys(ENVIRONMENTS).join(", ")}`);
  }
  const [config] = loadSelectedEnvironments({ LAKEHOUSE_ENV: options.env });
  const { environmentStacks } = await import("./ops/environment-stacks");
  const all = environmentStacks(config);
  const selected = selectStacks(options, all);
  if (operation === "destroy") {
    checkDestroyAllowed(options, protectionsOf(config), [...selected].reverse());
    if (options.stack !== undefined) {
      const dependants = dependantsOf(selected[0], all).map((s) => s.id);
      if (dependants.length > 0)
        process.stdout.write(
          `warning: ${dependants.join(", ")} ${dependants.length === 1 ? "depends" : "depend"} on ${selected[0].id}; destroy ${dependants.length === 1 ? "it" : "them"} first\n`,
        );
    }
  }

  const binary = options.cdktf === undefined ? join(REPO_ROOT, "node_modules", ".bin", "cdktf") : resolve(options.cdktf);
  const shown: Record<string, string> = { LAKEHOUSE_ENV: options.env };
  if (!process.env.CHECKPOINT_DISABLE) shown.CHECKPOINT_DISABLE = "1";
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...shown };
  delete childEnv.LAKEHOUSE_ENV_FILE;

  const commands = cdktfCommands(options, all, selected);
  for (const [index, command] of commands.entries()) {
    process.stdout.write(`$ ${formatCommand(shown, command.args)}\n`);
    const result = spawnSync(binary, command.args, { cwd: REPO_ROOT, env: childEnv, stdio: "inherit" });
    const notRun = commands.slice(index + 1).map((c) => c.target);
    const after = notRun.length > 0 ? `; not run: ${notRun.join(", ")}` : "";
    if (result.error) throw new UserError(`${operation} of ${command.target}: cannot run ${binary}: ${result.error.message}${after}`);
    if (result.status !== 0) {
      const how = result.signal ? `was stopped by ${result.signal}` : `exited with ${result.status}`;
      throw new UserError(`${operation} of ${command.target} failed: cdktf ${command.args[0]} ${how}${after}`);
    }
  }
  process.stdout.write(
    `${operation} of ${options.env} done: ${(operation === "destroy" ? [...selected].reverse() : selected).map((s) => s.id).join(", ")}\n`,
  );
}

if (require.main === module) void run(process.argv.slice(2));
