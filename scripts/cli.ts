/**
 * Shared command-line plumbing. Expected failures (a bad config, invalid props, policy findings, bad arguments) are
 * UserErrors: their message is printed whole, one line per problem, and the tool exits with the error's code (1, or
 * 2 for usage). Anything else is a bug: one line, no stack trace unless LAKEHOUSE_DEBUG=1, exit 1.
 */
import { isUserError, UserError } from "../modules/core/errors";

/** A usage error: the problem, then the usage line; exit code 2. */
export function usageError(usage: string, problem: string): UserError {
  return new UserError(`${problem}\n${usage}`, 2);
}

/** Runs `main`; on failure prints the message to stderr and sets the exit code. */
export async function runCli(main: () => void | Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (isUserError(error)) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message.split("\n")[0]}\n`);
    if (process.env.LAKEHOUSE_DEBUG === "1" && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    else process.stderr.write("(set LAKEHOUSE_DEBUG=1 for the stack trace)\n");
    process.exitCode = 1;
  }
}
