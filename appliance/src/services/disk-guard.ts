import type { Logger } from 'pino';
import { formatBytes, isLow, minFreeBytes, type DiskUsage } from '../domain/disk-space.js';
import type { DiskSpace } from '../ports/disk-space.js';

/** Thrown before a write that would leave the data dir's disk below its free-space threshold. */
export class DiskFullError extends Error {
  constructor(
    readonly path: string,
    readonly usage: DiskUsage,
    readonly thresholdBytes: number,
  ) {
    super(
      `the appliance is out of disk space: ${formatBytes(usage.freeBytes)} free under ${path}, ` +
        `it keeps at least ${formatBytes(thresholdBytes)} free (BIBLIO_MIN_FREE_BYTES); free some space and try again`,
    );
    this.name = 'DiskFullError';
  }
}

const CACHE_MS = 1_000;

/**
 * Keeps the data dir (and the stage workspace, when on another disk) above a free-space
 * threshold: uploads are refused with 507 before writing, stages wait instead of failing, and
 * /healthz names the storage as degraded with the free bytes. Checks are cached for a second:
 * a PATCH per chunk must not cost a syscall storm.
 */
export class DiskGuard {
  private cache = new Map<string, { at: number; usage: DiskUsage }>();
  private wasLow = false;

  constructor(
    private readonly disk: DiskSpace,
    private readonly paths: readonly string[],
    private readonly configuredMinFree: number | undefined,
    private readonly log: Logger,
  ) {}

  private async usage(path: string): Promise<DiskUsage> {
    const hit = this.cache.get(path);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.usage;
    const usage = await this.disk.usage(path);
    this.cache.set(path, { at: Date.now(), usage });
    return usage;
  }

  /** The first path that is low, if any. */
  async lowest(incomingBytes = 0): Promise<DiskFullError | undefined> {
    let low: DiskFullError | undefined;
    for (const path of this.paths) {
      const usage = await this.usage(path);
      if (isLow(usage, this.configuredMinFree, incomingBytes)) {
        low = new DiskFullError(path, usage, minFreeBytes(usage.totalBytes, this.configuredMinFree));
        break;
      }
    }
    if (Boolean(low) !== this.wasLow) {
      this.wasLow = Boolean(low);
      if (low) this.log.error({ path: low.path, freeBytes: low.usage.freeBytes }, 'disk space low: uploads refused (507), stages wait');
      else this.log.info('disk space recovered: uploads and stages resume');
    }
    return low;
  }

  /** Throws DiskFullError when writing `incomingBytes` more would cross the threshold. */
  async ensureRoom(incomingBytes = 0): Promise<void> {
    const low = await this.lowest(incomingBytes);
    if (low) throw low;
  }

  /** For /healthz: degraded (with the free bytes) while low. */
  async health(): Promise<void | { degraded: string }> {
    const low = await this.lowest();
    return low ? { degraded: low.message } : undefined;
  }

  /** Free bytes per watched path, for the metrics gauge. */
  async freeBytes(): Promise<{ path: string; freeBytes: number }[]> {
    return Promise.all(this.paths.map(async (path) => ({ path, freeBytes: (await this.usage(path)).freeBytes })));
  }
}
