/**
 * Shared command-line plumbing: expected failures (bad config, policy findings, bad input) print their own
 * one-line-per-problem message and exit 1; anything unexpected prints one line too (no stack trace unless
 * LAKEHOUSE_DEBUG=1), and exits 1.
 */

/** An error whose message is meant for the user as it is, one line per problem. */
export interface UserFacingError extends Error {
  readonly userFacing: true;
}

/** Marks an error as user-facing: its message is printed as it is, without "unexpected error". */
export function userFacing<E extends Error>(error: E): E & UserFacingError {
  return Object.assign(error, { userFacing: true as const });
}

function isUserFacing(error: unknown): error is UserFacingError {
  return error instanceof Error && (error as Partial<UserFacingError>).userFacing === true;
}

/** Runs `main`; on failure prints the message to stderr and sets exit code 1. */
export async function runCli(main: () => void | Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (isUserFacing(error) || (error instanceof Error && error.name === "ConfigError")) {
      process.stderr.write(`${error.message}\n`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`error: ${message.split("\n")[0]}\n`);
      if (process.env.LAKEHOUSE_DEBUG === "1" && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      else process.stderr.write("(set LAKEHOUSE_DEBUG=1 for the stack trace)\n");
    }
    process.exitCode = 1;
  }
}
