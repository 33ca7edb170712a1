import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Writes JSON so that a crash or power cut at any moment leaves either the old or the new file,
 * never a torn one: write a temp file in the same folder, fsync it, rename it over the target
 * (atomic on POSIX and NTFS), then fsync the folder so the rename itself is durable.
 */
export async function writeJsonAtomic(file: string, data: unknown, mode = 0o600): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(data, null, 1), mode);
}

/**
 * Creates a folder for state or tokens (0700), and takes group/other access away from one that
 * already exists (made by an older version, or by hand with a loose umask): the token and the
 * queue's file paths are nobody else's business. On Windows modes mean little; ACLs of the
 * user's profile folder protect it there.
 */
export async function privateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  const stats = await stat(dir);
  if ((stats.mode & 0o077) !== 0 && stats.uid === process.getuid?.()) await chmod(dir, stats.mode & 0o700);
}

export async function writeFileAtomic(file: string, content: string, mode = 0o600): Promise<void> {
  const dir = path.dirname(file);
  await privateDir(dir);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'w', mode);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await renameWithRetry(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** Windows answers EPERM/EBUSY while a virus scanner or indexer holds the target for a moment. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= 5 || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) throw error;
      await sleep(20 * 2 ** attempt);
    }
  }
}

async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open or fsync a directory; NTFS journals the rename anyway.
  }
}

/**
 * Reads a JSON state file. Missing -> undefined. Unparseable (should not happen with atomic
 * writes, but disks lie) -> moved aside as `.corrupt-<time>` and undefined, so the app starts
 * with an empty queue instead of refusing to start; the caller logs it.
 */
export async function readJsonFile(file: string): Promise<{ data: unknown } | { missing: true } | { corrupt: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
    throw error;
  }
  try {
    return { data: JSON.parse(text) as unknown };
  } catch {
    const aside = `${file}.corrupt-${Date.now()}`;
    await rename(file, aside).catch(() => undefined);
    return { corrupt: aside };
  }
}

/**
 * Serialises writes of one state file and coalesces bursts: `save()` resolves once the state as
 * it was when save() was called (or newer) is on disk. Write errors are reported, not thrown, so
 * a full disk degrades crash-safety instead of stopping uploads.
 */
export class StateWriter {
  private writing: Promise<void> | null = null;
  private dirty = false;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => unknown,
    private readonly onError: (error: unknown) => void,
    private readonly mode = 0o600,
  ) {}

  save(): Promise<void> {
    this.dirty = true;
    this.writing ??= this.drain();
    return this.writing;
  }

  /** Waits for any write in progress (used by close()). */
  async idle(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        try {
          await writeJsonAtomic(this.file, this.snapshot(), this.mode);
        } catch (error) {
          this.onError(error);
        }
      }
    } finally {
      this.writing = null;
    }
  }
}
