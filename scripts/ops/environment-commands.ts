/**
 * plan, deploy and destroy of one environment: the arguments, and the cdktf commands they become. Pure (no process,
 * no file system): scripts/environment-ops.ts loads the environment and runs what this returns.
 */
import { UserError } from "../../modules/core/errors";
import { LAYERS } from "../../stacks/shared/backend";
import { usageError } from "../cli";
import type { EnvironmentStack } from "./environment-stacks";

export const OPERATIONS = ["plan", "deploy", "destroy"] as const;
export type Operation = (typeof OPERATIONS)[number];

export const USAGES: Readonly<Record<Operation, string>> = {
  plan: "usage: npm run plan -- --env <env> [--stack <layer>] [--terraform-parallelism <n>] [--cdktf <path>]",
  deploy:
    "usage: npm run deploy -- --env <env> [--stack <layer>] [--auto-approve] [--parallelism <n>] [--terraform-parallelism <n>] [--cdktf <path>]",
  destroy:
    "usage: npm run destroy -- --env <env> [--stack <layer>] [--auto-approve] [--confirm-destroy <env>] [--terraform-parallelism <n>] [--cdktf <path>]",
};

const DOES: Readonly<Record<Operation, string>> = {
  plan: "Plans every stack of the environment in layer order: one `cdktf diff <stack>` per stack.",
  deploy: "Deploys the environment's stacks in layer order through their declared dependencies: `cdktf deploy '<env>-*'`.",
  destroy:
    "Destroys the environment's stacks in reverse layer order: one `cdktf destroy <stack>` per stack. A protected environment\n(dataProtection on or production: true) is refused unless --confirm-destroy repeats its name.",
};

/** The `--help` text of an operation. */
export function helpOf(operation: Operation): string {
  const lines = [
    USAGES[operation],
    "",
    DOES[operation],
    "cdktf runs with LAKEHOUSE_ENV=<env> (only that environment in the app) and CHECKPOINT_DISABLE=1 unless it is set;",
    "each command is printed before it runs.",
    "  --env <env>                    the registered environment (required)",
    "  --stack <layer>                only this layer's stack, <env>-<layer>",
  ];
  if (operation !== "plan") lines.push("  --auto-approve                 pass --auto-approve to cdktf (no interactive approval)");
  if (operation === "deploy") lines.push("  --parallelism <n>              stacks deployed at once (cdktf deploy --parallelism)");
  if (operation === "destroy") lines.push("  --confirm-destroy <env>        destroy a protected environment: repeat its name");
  lines.push(
    "  --terraform-parallelism <n>    resources Terraform changes at once (cdktf --terraform-parallelism)",
    "  --cdktf <path>                 the cdktf binary (default: node_modules/.bin/cdktf)",
    "Exit codes: 0 done, 1 cdktf failed, invalid config or protected environment refused, 2 usage error.",
    "See docs/deploy-commands.md.",
  );
  return lines.join("\n");
}

/** The parsed arguments of an operation. */
export interface OperationOptions {
  readonly operation: Operation;
  readonly env: string;
  readonly stack?: string;
  readonly autoApprove: boolean;
  readonly parallelism?: number;
  readonly terraformParallelism?: number;
  readonly confirmDestroy?: string;
  readonly cdktf?: string;
}

const VALUE_OPTIONS = ["--env", "--stack", "--parallelism", "--terraform-parallelism", "--confirm-destroy", "--cdktf"] as const;
const ALLOWED: Readonly<Record<Operation, readonly string[]>> = {
  plan: ["--env", "--stack", "--terraform-parallelism", "--cdktf"],
  deploy: ["--env", "--stack", "--auto-approve", "--parallelism", "--terraform-parallelism", "--cdktf"],
  destroy: ["--env", "--stack", "--auto-approve", "--confirm-destroy", "--terraform-parallelism", "--cdktf"],
};

/** Parses `argv` (after the operation); a bad argument is a usage error (exit 2). */
export function parseOperation(operation: Operation, argv: readonly string[]): OperationOptions {
  const usage = USAGES[operation];
  const values = new Map<string, string>();
  let autoApprove = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (!arg.startsWith("-") || !ALLOWED[operation].includes(name)) {
      const known = Object.values(ALLOWED).some((a) => a.includes(name));
      const problem = !arg.startsWith("-")
        ? `unexpected argument "${arg}"${i === 0 ? `; name the environment with --env ${arg}` : ""}`
        : known
          ? `${name} is not an option of ${operation}`
          : `unknown option "${name}"`;
      throw usageError(usage, problem);
    }
    if (name === "--auto-approve") {
      if (eq !== -1) throw usageError(usage, "--auto-approve takes no value");
      autoApprove = true;
      continue;
    }
    if (!(VALUE_OPTIONS as readonly string[]).includes(name)) throw usageError(usage, `unknown option "${name}"`);
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === "" || (eq === -1 && value.startsWith("--"))) throw usageError(usage, `${name} needs a value`);
    if (values.has(name)) throw usageError(usage, `${name} is given twice`);
    values.set(name, value);
  }
  const env = values.get("--env");
  if (env === undefined) throw usageError(usage, "--env <env> is required");
  return {
    operation,
    env,
    stack: values.get("--stack"),
    autoApprove,
    parallelism: count(usage, "--parallelism", values.get("--parallelism")),
    terraformParallelism: count(usage, "--terraform-parallelism", values.get("--terraform-parallelism")),
    confirmDestroy: values.get("--confirm-destroy"),
    cdktf: values.get("--cdktf"),
  };
}

function count(usage: string, name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw usageError(usage, `${name} must be a positive whole number, not "${value}"`);
  return Number(value);
}

/** The environment's stacks the run covers, in deploy order; an unknown or unbuilt layer is a usage error. */
export function selectStacks(options: OperationOptions, stacks: readonly EnvironmentStack[]): EnvironmentStack[] {
  if (options.stack === undefined) return [...stacks];
  const selected = stacks.find((s) => s.layer === options.stack);
  if (!selected) {
    const valid = stacks.map((s) => s.layer).join(", ");
    const what = (LAYERS as readonly string[]).includes(options.stack) ? "a layer that is not built yet" : "an unknown layer";
    throw usageError(USAGES[options.operation], `--stack "${options.stack}" is ${what}; layers of ${options.env}: ${valid}`);
  }
  return [selected];
}

/** What protects an environment from destroy, or [] when nothing does. */
export function protectionsOf(config: { readonly production?: boolean; readonly dataProtection: boolean }): string[] {
  return [...(config.production === true ? ["production: true"] : []), ...(config.dataProtection ? ["dataProtection: true"] : [])];
}

/** Refuses to destroy a protected environment unless --confirm-destroy names it; refuses a --confirm-destroy naming another. */
export function checkDestroyAllowed(options: OperationOptions, protections: readonly string[], doomed: readonly EnvironmentStack[]): void {
  if (options.confirmDestroy !== undefined && options.confirmDestroy !== options.env) {
    throw usageError(USAGES.destroy, `--confirm-destroy names "${options.confirmDestroy}", but the environment is "${options.env}"`);
  }
  if (protections.length === 0 || options.confirmDestroy === options.env) return;
  const stackArg = options.stack === undefined ? "" : ` --stack ${options.stack}`;
  throw new UserError(
    [
      `refusing to destroy ${options.env}: it is protected (${protections.join(", ")})`,
      `it would destroy, in this order: ${doomed.map((s) => s.id).join(", ")}`,
      `to destroy it anyway, name the environment again: npm run destroy -- --env ${options.env}${stackArg} --confirm-destroy ${options.env}`,
    ].join("\n"),
  );
}

/** One cdktf run: its arguments and the stack(s) it acts on (named when it fails). */
export interface CdktfCommand {
  readonly args: readonly string[];
  readonly target: string;
}

/**
 * The cdktf commands of the run, in the order they run. `all` is every stack of the environment (to tell which
 * stacks depend on a selected one); `selected` is what selectStacks returned.
 */
export function cdktfCommands(options: OperationOptions, all: readonly EnvironmentStack[], selected: readonly EnvironmentStack[]): CdktfCommand[] {
  const terraformParallelism = options.terraformParallelism === undefined ? [] : ["--terraform-parallelism", String(options.terraformParallelism)];
  const autoApprove = options.autoApprove ? ["--auto-approve"] : [];
  switch (options.operation) {
    case "plan":
      return selected.map((s) => ({ args: ["diff", s.id, ...terraformParallelism], target: s.id }));
    case "deploy": {
      const parallelism = options.parallelism === undefined ? [] : ["--parallelism", String(options.parallelism)];
      if (options.stack === undefined) {
        const pattern = `${options.env}-*`;
        return [{ args: ["deploy", pattern, ...autoApprove, ...parallelism, ...terraformParallelism], target: pattern }];
      }
      // One stack alone: the CLI refuses it while the stacks it depends on are not in the same command.
      const [stack] = selected;
      const ignore = stack.dependsOn.length > 0 ? ["--ignore-missing-stack-dependencies"] : [];
      return [{ args: ["deploy", stack.id, ...ignore, ...autoApprove, ...parallelism, ...terraformParallelism], target: stack.id }];
    }
    case "destroy":
      // The CLI refuses to destroy a stack while a stack depending on it is in the app but not in the command; in
      // reverse order every dependant has just been destroyed by the previous command.
      return [...selected].reverse().map((s) => {
        const ignore = dependantsOf(s, all).length > 0 ? ["--ignore-missing-stack-dependencies"] : [];
        return { args: ["destroy", s.id, ...ignore, ...autoApprove, ...terraformParallelism], target: s.id };
      });
  }
}

/** The environment's stacks that depend on `stack`. */
export function dependantsOf(stack: EnvironmentStack, all: readonly EnvironmentStack[]): EnvironmentStack[] {
  return all.filter((s) => s.dependsOn.includes(stack.id));
}

/** A command as printed: `LAKEHOUSE_ENV=dev CHECKPOINT_DISABLE=1 cdktf deploy 'dev-*' --auto-approve`. */
export function formatCommand(env: Readonly<Record<string, string>>, args: readonly string[]): string {
  const vars = Object.entries(env).map(([k, v]) => `${k}=${quote(v)}`);
  return [...vars, "cdktf", ...args.map(quote)].join(" ");
}

function quote(word: string): string {
  return /^[A-Za-z0-9_./:=,@+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
