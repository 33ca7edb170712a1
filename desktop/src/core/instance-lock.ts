import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { acquirePidLock, PidLockBusyError } from '@biblio/node-kit';

export class StateDirBusyError extends Error {}

/**
 * One core per state dir: two (the app and a CLI run, say) would both resume the same queue,
 * uploading every file twice and overwriting each other's queue file. A pid file names the
 * owner; one whose process is gone (SIGKILL, power cut) is stale and taken over.
 */
export async function lockStateDir(stateDir: string): Promise<() => Promise<void>> {
  const dir = path.resolve(stateDir);
  const file = path.join(dir, 'instance.lock');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    return await acquirePidLock(file, { owner: 'a Biblio client' });
  } catch (error) {
    if (!(error instanceof PidLockBusyError)) throw error;
    if (error.holder.pid === process.pid) throw new StateDirBusyError(`${dir} is already used by another Biblio core in this process`);
    throw new StateDirBusyError(`${dir} is in use by another Biblio client (pid ${error.holder.pid}); close it first, or remove ${file} if that process is not Biblio`);
  }
}
