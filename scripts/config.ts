/**
 * The config tool: `npm run config -- <command>`.
 *
 *   print <env>          prints the validated config of a registered environment as JSON (defaults applied)
 *   validate <file.json> validates a JSON config file with the same schema and rules as synth
 *   schema               prints the JSON Schema of a config, every field with its description (for editors:
 *                        "$schema" in a JSON config; docs/config.md shows the same descriptions)
 *
 * Exit codes: 0 valid, 1 invalid config, 2 usage error.
 */
import { ENVIRONMENTS, environmentSchema, readConfigFile, validateEnvironments } from "../environments";
import { configJsonSchema } from "../environments/schema/describe";
import { runCli } from "./cli";

const USAGE = "usage: npm run config -- print <env> | validate <file.json> | schema";

function main(argv: readonly string[]): void {
  const [command, argument, ...rest] = argv;
  if (rest.length > 0) return usage(`unexpected argument "${rest[0]}"`);
  switch (command) {
    case "print": {
      if (!argument) return usage("print needs an environment name");
      const registered = ENVIRONMENTS[argument];
      if (!registered) return usage(`unknown environment "${argument}"; registered: ${Object.keys(ENVIRONMENTS).join(", ")}`);
      const [config] = validateEnvironments([registered]);
      process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
      return;
    }
    case "validate": {
      if (!argument) return usage("validate needs a JSON file");
      const [config] = validateEnvironments([{ source: argument, input: readConfigFile(argument) }]);
      process.stdout.write(`${argument}: valid (environment "${config.name}")\n`);
      return;
    }
    case "schema":
      if (argument) return usage(`unexpected argument "${argument}"`);
      process.stdout.write(`${JSON.stringify(configJsonSchema(environmentSchema), null, 2)}\n`);
      return;
    default:
      return usage(command ? `unknown command "${command}"` : "no command given");
  }
}

function usage(problem: string): void {
  process.stderr.write(`${problem}\n${USAGE}\n`);
  process.exitCode = 2;
}

void runCli(() => main(process.argv.slice(2)));
