import { randomUUID } from 'node:crypto';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive } from './process-alive.js';

/** Lock files held by this process: a pid check cannot tell two holders in one process apart. */
const heldHere = new Set<string>();

/** A takeover guard older than this was left by a crash mid-takeover (a takeover takes ms). */
const GUARD_STALE_MS = 10_000;

export interface PidLockHolder {
  pid: number;
  /** What the holder said it is, e.g. "the Biblio appliance". */
  owner: string | undefined;
}

export class PidLockBusyError extends Error {
  constructor(
    readonly file: string,
    readonly holder: PidLockHolder,
  ) {
    super(`${file} is held by ${holder.owner ?? 'another process'} (pid ${holder.pid})`);
  }
}

export interface PidLockOptions {
  /** Who takes the lock, recorded in the file for the error a second taker gets. */
  owner: string;
  /** A holder killed a moment ago may take a little while to disappear: wait this long for it. */
  exitWaitMs?: number;
}

interface LockRecord {
  pid: number;
  owner?: string;
}

/**
 * One process at a time: an exclusive pid file. A file whose process is gone (SIGKILL, power
 * cut) is stale and taken over. Returns the release function, which removes the file only while
 * it is still ours. Throws PidLockBusyError while a live process (or this one) holds it.
 */
export async function acquirePidLock(file: string, options: PidLockOptions): Promise<() => Promise<void>> {
  const lockFile = path.resolve(file);
  const busyHere = () => new PidLockBusyError(lockFile, { pid: process.pid, owner: `${options.owner} in this process` });
  if (heldHere.has(lockFile)) throw busyHere();
  const mine = JSON.stringify({ pid: process.pid, owner: options.owner, instance: randomUUID(), startedAt: new Date().toISOString() });
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (await createExclusive(lockFile, mine)) {
      heldHere.add(lockFile);
      return async () => {
        heldHere.delete(lockFile);
        if ((await read(lockFile)) === mine) await rm(lockFile, { force: true });
      };
    }
    const seen = await settledContent(lockFile);
    if (seen === undefined) continue; // released meanwhile
    const holder = parseRecord(seen);
    if (holder?.pid === process.pid && heldHere.has(lockFile)) throw busyHere();
    if (holder && holder.pid !== process.pid && (await stillAlive(holder.pid, options.exitWaitMs ?? 2000))) {
      throw new PidLockBusyError(lockFile, { pid: holder.pid, owner: holder.owner });
    }
    // Stale: a dead holder, our own pid reused from a dead process, or unreadable.
    await removeStale(lockFile, seen);
  }
  throw new Error(`could not take the lock ${lockFile}: it keeps changing hands`);
}

async function createExclusive(file: string, content: string): Promise<boolean> {
  try {
    await writeFile(file, content, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Removes a stale lock file, but only the one judged stale: two takers that both saw it stale
 * must not have the slower one delete the lock the faster one has just created. A guard file
 * lets one taker at a time check-and-remove; the others wait for it and then look again.
 */
async function removeStale(lockFile: string, seen: string): Promise<void> {
  const guard = `${lockFile}.takeover`;
  if (!(await createExclusive(guard, String(process.pid)))) {
    const age = await stat(guard).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > GUARD_STALE_MS) await rm(guard, { force: true });
    else await sleep(20);
    return;
  }
  try {
    if ((await read(lockFile)) === seen) await rm(lockFile, { force: true });
  } finally {
    await rm(guard, { force: true });
  }
}

const read = (file: string) => readFile(file, 'utf8').catch(() => undefined);

/**
 * The file's content once it is readable: a taker creates the file and writes it in two steps,
 * so an empty file may be one being written this instant. Unreadable for 250 ms: left so by a crash.
 */
async function settledContent(file: string): Promise<string | undefined> {
  let seen = await read(file);
  for (let i = 0; i < 5 && seen !== undefined && parseRecord(seen) === undefined; i += 1) {
    await sleep(50);
    seen = await read(file);
  }
  return seen;
}

/** JSON, or the older appliance format "PID\nOWNER\n". */
function parseRecord(text: string): LockRecord | undefined {
  const valid = (pid: unknown): pid is number => typeof pid === 'number' && Number.isInteger(pid) && pid > 0;
  if (text.trimStart().startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as { pid?: unknown; owner?: unknown };
      return valid(parsed.pid) ? { pid: parsed.pid, ...(typeof parsed.owner === 'string' ? { owner: parsed.owner } : {}) } : undefined;
    } catch {
      return undefined;
    }
  }
  const [pidText, owner] = text.split('\n');
  const pid = Number(pidText);
  return /^\d+$/.test(pidText ?? '') && valid(pid) ? { pid, ...(owner ? { owner } : {}) } : undefined;
}

async function stillAlive(pid: number, waitMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (!isProcessAlive(pid)) return false;
    if (Date.now() >= deadline) return true;
    await sleep(100);
  }
}
