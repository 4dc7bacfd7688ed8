import { openSync, closeSync, writeSync, readFileSync, unlinkSync } from 'node:fs';

/** Lock files this process holds; a lock naming our own pid but absent here is left from an earlier life of a reused pid. */
const heldHere = new Set<string>();

export interface DataDirLock {
  release(): void;
}

/**
 * PGlite happily opens one data directory twice (two servers, or a server and a script) and each copy then
 * overwrites the other's writes without an error. A pid file makes the second opener fail instead; a file
 * left by a dead process is taken over.
 */
export function lockDataDir(lockPath: string): DataDirLock {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      heldHere.add(lockPath);
      return {
        release() {
          if (!heldHere.delete(lockPath)) return;
          try {
            unlinkSync(lockPath);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(lockPath);
      if (holder !== undefined && isHeld(lockPath, holder)) {
        throw new Error(
          `it is in use by process ${holder}${holder === process.pid ? ' (this one)' : ''}; ` +
            `close that first, or remove ${lockPath} if no such process uses it`,
        );
      }
      unlinkSync(lockPath);
    }
  }
  throw new Error(`could not take the lock ${lockPath}: another process keeps taking it`);
}

function readHolder(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isHeld(lockPath: string, pid: number): boolean {
  if (pid === process.pid) return heldHere.has(lockPath);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
