/**
 * File-system failures as a user reads them: one line with Node's error code, never a stack trace, and "not there"
 * told apart from a real failure.
 */
import { lstatSync, type Stats } from "node:fs";
import { UserError } from "../../modules/core/errors";

/**
 * A file-system failure while writing (a full disk, no permission) as one line naming the output folder by `label`;
 * any other error is returned as it is, since it is a bug or already a message for the user.
 */
export function asWriteError(error: unknown, label: string): unknown {
  if (error instanceof UserError || typeof (error as NodeJS.ErrnoException | undefined)?.syscall !== "string") return error;
  return new UserError(`${label}: cannot write the synthesized output: ${reasonOf(error)}; the previous output is unchanged`);
}

/** The stats of `path` itself (a symbolic link is not followed), or undefined when it or a folder above is missing. */
export function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if (errorCode(error) === "ENOENT" || errorCode(error) === "ENOTDIR") return undefined;
    throw error;
  }
}

/** Node's error code ("ENOENT", "EEXIST"), or undefined for an error without one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

/** "no space left on device (ENOSPC)" from Node's "ENOSPC: no space left on device, write". */
export function reasonOf(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const text = code ? message.replace(new RegExp(`^${code}: `), "").replace(/, \w+( '.*')?( -> '.*')?$/, "") : message;
  return code ? `${text} (${code})` : text;
}
