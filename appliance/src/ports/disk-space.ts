import type { DiskUsage } from '../domain/disk-space.js';

/** Free space of the filesystem holding a path (the data dir, the stage workspace). */
export interface DiskSpace {
  usage(path: string): Promise<DiskUsage>;
}
