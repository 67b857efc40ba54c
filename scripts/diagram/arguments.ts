/** The arguments of `npm run diagram`: which environments, and where the files go. */
import { usageError } from "../cli";

export const USAGE = "usage: npm run diagram -- (--env <env> | --all) [--out <dir>]";

/** The parsed arguments. */
export interface DiagramOptions {
  /** One environment, or undefined with `all`. */
  readonly env?: string;
  /** Every registered environment, and the index page. */
  readonly all: boolean;
  /** The folder to write to. @default - `<output folder>/diagrams` */
  readonly out?: string;
}

/** Parses `argv`; a bad argument is a usage error (exit 2). */
export function parseDiagramArgs(argv: readonly string[]): DiagramOptions {
  const values = new Map<string, string>();
  let all = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (name === "--all") {
      if (eq !== -1) throw usageError(USAGE, "--all takes no value");
      if (all) throw usageError(USAGE, "--all is given twice");
      all = true;
      continue;
    }
    if (name !== "--env" && name !== "--out") {
      throw usageError(
        USAGE,
        arg.startsWith("-") ? `unknown option "${name}"` : `unexpected argument "${arg}"${i === 0 ? `; name the environment with --env ${arg}` : ""}`,
      );
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === "" || (eq === -1 && value.startsWith("--"))) throw usageError(USAGE, `${name} needs a value`);
    if (values.has(name)) throw usageError(USAGE, `${name} is given twice`);
    values.set(name, value);
  }
  const env = values.get("--env");
  if (env === undefined && !all) throw usageError(USAGE, "give --env <env> or --all");
  if (env !== undefined && all) throw usageError(USAGE, "give --env or --all, not both");
  if (env?.includes(",")) throw usageError(USAGE, "--env takes one environment; use --all for every one");
  return { env, all, out: values.get("--out") };
}
