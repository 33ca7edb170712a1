import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** State dirs locked by cores in this process (a pid check cannot tell those apart). */
const lockedHere = new Set<string>();

export class StateDirBusyError extends Error {}

/**
 * One core per state dir: two (the app and a CLI run, say) would both resume the same queue,
 * uploading every file twice and overwriting each other's queue file. A lock file names the
 * owner's pid; a lock whose process is gone (SIGKILL, power cut) is stale and taken over.
 */
export async function lockStateDir(stateDir: string): Promise<() => Promise<void>> {
  const dir = path.resolve(stateDir);
  const file = path.join(dir, 'instance.lock');
  if (lockedHere.has(dir)) throw new StateDirBusyError(`${dir} is already used by another Biblio core in this process`);
  const instance = randomUUID();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const mine = JSON.stringify({ pid: process.pid, instance, startedAt: new Date().toISOString() });
  try {
    await writeFile(file, mine, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = await readOwner(file);
    if (owner !== undefined && owner !== process.pid && (await stillAlive(owner))) {
      throw new StateDirBusyError(`${dir} is in use by another Biblio client (pid ${owner}); close it first, or remove ${file} if that process is not Biblio`);
    }
    await writeFile(file, mine, { mode: 0o600 });
  }
  lockedHere.add(dir);
  return async () => {
    lockedHere.delete(dir);
    const current = await readFile(file, 'utf8').catch(() => '');
    if (current === mine) await rm(file, { force: true });
  };
}

async function readOwner(file: string): Promise<number | undefined> {
  try {
    const pid = (JSON.parse(await readFile(file, 'utf8')) as { pid?: unknown }).pid;
    return typeof pid === 'number' ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** A process killed a moment ago may take a little while to disappear: give it 2 s. */
async function stillAlive(pid: number): Promise<boolean> {
  for (let i = 0; i < 20; i++) {
    if (!isAlive(pid)) return false;
    await sleep(100);
  }
  return true;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
