import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive } from './process-alive.js';

export class DataDirBusyError extends Error {}

/**
 * One process owns an embedded data dir (PGlite is single-process). The lock is a pid file;
 * a file left by a killed process is recognised by its dead pid and taken over.
 */
export async function lockDataDir(dataDir: string, purpose: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, 'biblio.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${process.pid}\n${purpose}\n`);
      await handle.close();
      return async () => {
        const [pid] = (await readFile(file, 'utf8').catch(() => '')).split('\n');
        if (Number(pid) === process.pid) await rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const [pidText, holder] = (await readFile(file, 'utf8').catch(() => '')).split('\n');
      const pid = Number(pidText);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isProcessAlive(pid)) {
        throw new DataDirBusyError(
          `the data dir ${dataDir} is in use by ${holder || 'another process'} (pid ${pid}); stop it first or use another BIBLIO_DATA_DIR`,
        );
      }
      await rm(file, { force: true });
    }
  }
  throw new DataDirBusyError(`could not lock the data dir ${dataDir}`);
}
