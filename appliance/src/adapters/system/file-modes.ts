import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * The data dir holds uploads, the database (with the playback signing key) and the queue: only
 * the account that runs the appliance may touch it. Files are created private by the umask;
 * what an older version (or PGlite, which asks for 0666) left behind is tightened on start.
 */
export const PRIVATE_UMASK = 0o077;

/**
 * Makes every file this process creates from now on private to its owner. Child processes
 * (the embedded redis-server, ffmpeg) inherit it. Call first thing in every entry point that
 * writes the data dir.
 */
export function usePrivateUmask(): void {
  process.umask(PRIVATE_UMASK);
}

/**
 * Creates `dir` (0700) if missing (unless `create` is false: an appliance on external servers
 * only may not use it), then walks it and removes group/other permissions from
 * every directory, file and socket this process's user owns. Symlinks are never followed
 * (chmod would change their target, which may lie outside the data dir). Returns how many
 * entries were changed.
 */
export async function tightenDataDir(dir: string, options: { create: boolean } = { create: true }): Promise<number> {
  if (options.create) await mkdir(dir, { recursive: true, mode: 0o700 });
  else if (!(await lstat(dir).catch(() => undefined))) return 0;
  const uid = process.getuid?.();
  let fixed = 0;
  const visit = async (entry: string): Promise<void> => {
    let stats;
    try {
      stats = await lstat(entry);
    } catch (error) {
      // Another part of the appliance may remove a temp file while we walk: not ours to fix.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if (stats.isSymbolicLink()) return;
    const owned = uid === undefined || stats.uid === uid;
    if (owned) {
      const mode = stats.mode & 0o7777;
      const wanted = stats.isDirectory() ? (mode & 0o700) | 0o700 : mode & 0o700;
      if (wanted !== mode) {
        await chmod(entry, wanted);
        fixed += 1;
      }
    }
    if (stats.isDirectory()) {
      const names = await readdir(entry).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [] as string[];
        throw error;
      });
      for (const name of names) await visit(path.join(entry, name));
    }
  };
  await visit(dir);
  return fixed;
}
