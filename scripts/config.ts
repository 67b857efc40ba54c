/**
 * The config tool: `npm run config -- <command>`.
 *
 *   print <env>          prints the validated config of a registered environment as JSON (defaults applied)
 *   validate <file.json> validates a JSON config file with the same schema and rules as synth, registered
 *                        environments included
 *   schema               prints the JSON Schema of a config, every field with its description (for editors:
 *                        "$schema" in a JSON config; docs/config.md shows the same descriptions)
 *
 * `--out <file>` writes what print or schema prints into a file instead (whole or not at all).
 * Exit codes: 0 valid, 1 invalid config, 2 usage error.
 */
import { runCommand, usageError, writeOutputFile } from "./cli";

const USAGE = "usage: npm run config -- print <env> [--out <file>] | validate <file.json> | schema [--out <file>]";
const HELP = `${USAGE}

  print <env>           the validated config of a registered environment as JSON, defaults applied
  validate <file.json>  checks a JSON config with the rules synth applies (LAKEHOUSE_ENV_FILE), registered
                        environments included; "$schema" is allowed, duplicate keys are not
  schema                the JSON Schema of a config, for editors: "$schema": "./env.schema.json" in a JSON config
  --out <file>          write the JSON of print or schema into <file> (a redirect through npm needs npm run -s)
Exit codes: 0 valid, 1 invalid config, 2 usage error.`;

/** The arguments: a command, at most one operand, and `--out <file>`. */
interface ConfigArguments {
  readonly command?: string;
  readonly operand?: string;
  readonly out?: string;
}

function parseArguments(argv: readonly string[]): ConfigArguments {
  const positional: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--out" || arg.startsWith("--out=")) {
      if (out !== undefined) throw usageError(USAGE, "--out is given twice");
      out = arg === "--out" ? argv[++i] : arg.slice("--out=".length);
      if (!out) throw usageError(USAGE, "--out needs a file name");
    } else if (arg.startsWith("-") && arg !== "-") {
      throw usageError(USAGE, `unknown option "${arg}"`);
    } else positional.push(arg);
  }
  if (positional.length > 2) throw usageError(USAGE, `unexpected argument "${positional[2]}"`);
  return { command: positional[0], operand: positional[1], out };
}

async function main(argv: readonly string[]): Promise<void> {
  const { command, operand, out } = parseArguments(argv);
  const emit = (value: unknown) => {
    const text = `${JSON.stringify(value, null, 2)}\n`;
    if (out === undefined) process.stdout.write(text);
    else writeOutputFile(out, text);
  };
  // Loaded here, not at the top: a syntax error in environments/*.ts is then reported as one line by runCommand.
  const environments = await import("../environments");
  switch (command) {
    case "print": {
      if (!operand) throw usageError(USAGE, "print needs an environment name");
      const registered = environments.registeredEnvironment(operand);
      if (!registered) throw usageError(USAGE, `unknown environment "${operand}"; registered: ${Object.keys(environments.ENVIRONMENTS).join(", ")}`);
      emit(environments.validateEnvironments([registered])[0]);
      return;
    }
    case "validate": {
      if (!operand) throw usageError(USAGE, "validate needs a JSON file");
      if (out !== undefined) throw usageError(USAGE, "--out goes with print or schema");
      const config = environments.validateConfigFile(operand, environments.readConfigFile(operand));
      process.stdout.write(`${operand}: valid (environment "${config.name}")\n`);
      return;
    }
    case "schema": {
      if (operand) throw usageError(USAGE, `unexpected argument "${operand}"`);
      const { configJsonSchema } = await import("../environments/schema/describe");
      emit(withSchemaProperty(configJsonSchema(environments.environmentSchema)));
      return;
    }
    default:
      throw usageError(USAGE, command ? `unknown command "${command}"` : "no command given");
  }
}

/**
 * The schema with `$schema` among the properties: the schema refuses unknown keys, and an editor would otherwise flag
 * the very line that tells it which schema to use. (Validation accepts `$schema` too: readConfigFile drops it.)
 */
function withSchemaProperty<T extends { properties?: Record<string, unknown> }>(schema: T): T {
  const $schema = {
    type: "string",
    description: "The JSON Schema this file follows, for editors (npm run -s config -- schema). Ignored by validation.",
  };
  return { ...schema, properties: { $schema, ...schema.properties } };
}

/**
 * Runs the command on `argv` (the arguments after the script's name) as the process does: help, errors as one line
 * on stderr, the exit code in process.exitCode. The tests run it in-process (test/run-in-process.ts).
 */
export function run(argv: readonly string[]): Promise<void> {
  return runCommand(HELP, argv, main);
}

if (require.main === module) void run(process.argv.slice(2));
