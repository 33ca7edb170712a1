import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { acquirePidLock, PidLockBusyError } from '@biblio/node-kit';

export class DataDirBusyError extends Error {}

/**
 * One process owns an embedded data dir (PGlite is single-process): a pid file, taken over when
 * the process that left it is gone.
 */
export async function lockDataDir(dataDir: string, purpose: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  try {
    return await acquirePidLock(path.join(dataDir, 'biblio.lock'), { owner: purpose });
  } catch (error) {
    if (!(error instanceof PidLockBusyError)) throw error;
    throw new DataDirBusyError(
      `the data dir ${dataDir} is in use by ${error.holder.owner ?? 'another process'} (pid ${error.holder.pid}); stop it first or use another BIBLIO_DATA_DIR`,
    );
  }
}
