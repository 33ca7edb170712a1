import { statfs } from 'node:fs/promises';
import type { DiskUsage } from '../../domain/disk-space.js';
import type { DiskSpace } from '../../ports/disk-space.js';

/** statfs(2): bytes available to an unprivileged writer (bavail), like `df`. */
export class StatfsDiskSpace implements DiskSpace {
  async usage(path: string): Promise<DiskUsage> {
    const stats = await statfs(path);
    return { freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
  }
}
