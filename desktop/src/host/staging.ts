import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat, utimes } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { QueueItem } from '@biblio/shared';
import { LAST_MODIFIED_HEADER } from './protocol.js';

/**
 * A browser cannot hand the core a file path, so the page streams each picked file to the host,
 * which writes it under `<stateDir>/staging/<random>/<name>` and returns that path for `queue:add`.
 * Each file gets its own folder so the original name (which the appliance shows) is kept as is.
 */

/** A file name safe on every OS: no directories, no control or reserved characters. */
export function safeFileName(raw: string | null): string {
  const base = (raw ?? '').replace(/\\/g, '/').split('/').pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '');
  if (!cleaned) return 'upload.bin';
  if (cleaned.length <= 200) return cleaned;
  const ext = path.extname(cleaned).slice(0, 20);
  return cleaned.slice(0, 200 - ext.length) + ext;
}

export class StagingArea {
  /** Folders written by this process recently: a file can be staged before it is queued. */
  private readonly fresh = new Map<string, number>();

  readonly dir: string;

  constructor(
    dir: string,
    private readonly graceMs = 60 * 60 * 1000,
  ) {
    this.dir = path.resolve(dir);
  }

  /** Streams the request body to a new staged file; returns its absolute path. */
  async receive(req: IncomingMessage, name: string | null): Promise<string> {
    const folder = path.join(this.dir, randomUUID());
    await mkdir(folder, { recursive: true, mode: 0o700 });
    this.fresh.set(folder, Date.now());
    const target = path.join(folder, safeFileName(name));
    try {
      await pipeline(req, createWriteStream(target, { flags: 'wx', mode: 0o600 }));
      const expected = Number(req.headers['content-length']);
      const { size } = await stat(target);
      if (Number.isFinite(expected) && size !== expected) throw new Error(`received ${size} of ${expected} bytes`);
      // Keep the original modification time: the core's fingerprint includes it.
      const modified = Number(req.headers[LAST_MODIFIED_HEADER]);
      if (Number.isFinite(modified) && modified > 0) await utimes(target, new Date(), new Date(modified));
      return target;
    } catch (error) {
      this.fresh.delete(folder);
      await rm(folder, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * Deletes staged copies the queue no longer needs: finished or cancelled uploads whose preview is
   * settled, and leftovers of earlier runs. Folders staged in the last hour are kept even when not
   * queued yet, since the page queues them right after staging.
   */
  async sweep(items: readonly QueueItem[]): Promise<number> {
    const needed = new Set<string>();
    for (const item of items) {
      const finished = item.state === 'done' || item.state === 'cancelled';
      const previewSettled = item.preview.final || item.preview.error !== null;
      if (!finished || !previewSettled) needed.add(path.dirname(path.resolve(item.path)));
    }
    const now = Date.now();
    for (const [folder, at] of this.fresh) if (now - at > this.graceMs) this.fresh.delete(folder);
    const entries = await readdir(this.dir, { withFileTypes: true }).catch(() => []);
    let removed = 0;
    for (const entry of entries) {
      const folder = path.join(this.dir, entry.name);
      if (!entry.isDirectory() || needed.has(folder) || this.fresh.has(folder)) continue;
      await rm(folder, { recursive: true, force: true });
      removed += 1;
    }
    return removed;
  }
}
