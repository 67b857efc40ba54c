/**
 * The synth lock: one synth writes an output folder at a time. The lock is a file beside the output folder, created
 * atomically and naming its holder, so that a second synth can say who holds it and a crashed one's lock is taken over.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { resolve } from "node:path";
import { UserError } from "../../modules/core/errors";
import { errorCode, reasonOf } from "./fs-errors";
import type { OutputFolder } from "./output-folder";

/** What a lock file says about its holder. */
interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

/** Locks this process holds (a synth started from inside another one's check must not take the same lock). */
const heldLocks = new Set<string>();

/** Runs `run` holding the lock of `folder`; throws without running it if another synth holds the lock. */
export function withLock<T>(folder: OutputFolder, run: () => T): T {
  const lock = resolve(folder.lock);
  acquireLock(folder);
  heldLocks.add(lock);
  try {
    return run();
  } finally {
    heldLocks.delete(lock);
    rmSync(folder.lock, { force: true });
  }
}

/** Creates the lock file, or throws naming the synth that holds it; a lock left by a process that is gone is taken over. */
function acquireLock(folder: OutputFolder): void {
  const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      // "wx": create or fail, atomically; two synths cannot both succeed.
      writeFileSync(folder.lock, `${JSON.stringify(holder)}\n`, { flag: "wx" });
      return;
    } catch (error) {
      if (errorCode(error) !== "EEXIST") throw new UserError(`${folder.label}: cannot create the lock file ${folder.lock}: ${reasonOf(error)}`);
    }
    const current = readLock(folder.lock);
    if (attempt > 0 || !isStale(current, folder.lock)) {
      const who = current ? `pid ${current.pid} on ${current.host}, since ${current.startedAt}` : "its lock file cannot be read";
      throw new UserError(
        `${folder.label}: another synth is writing it (${who}); wait for it to finish, or delete ${folder.lock} if that process is gone`,
      );
    }
    rmSync(folder.lock, { force: true });
  }
}

function readLock(file: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<LockHolder>;
    if (typeof parsed.pid === "number" && typeof parsed.host === "string" && typeof parsed.startedAt === "string") return parsed as LockHolder;
  } catch {
    // Unreadable or half-written: treated as held, and the message says how to clear it.
  }
  return undefined;
}

/**
 * A lock is stale when its process is gone: on this host, a pid that no longer runs, or our own pid when this process
 * does not hold it (containers reuse pids, so a crashed run's lock often names the pid of the next one).
 */
function isStale(holder: LockHolder | undefined, file: string): boolean {
  if (!holder || holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return !heldLocks.has(resolve(file));
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return errorCode(error) === "ESRCH";
  }
}
