/** Free space of one filesystem. */
export interface DiskUsage {
  freeBytes: number;
  totalBytes: number;
}

/** BIBLIO_MIN_FREE_BYTES when set; else 2 GiB or 5% of the disk, whichever is smaller. */
export function minFreeBytes(total: number, configured: number | undefined): number {
  if (configured !== undefined) return configured;
  return Math.min(2 * 1024 ** 3, Math.floor(total * 0.05));
}

/** Below this nothing can start safely (the database and the queue's log need room too). */
export const START_FLOOR_BYTES = 16 * 1024 ** 2;

/** Low: writes are refused (507) and stages wait; `incoming` counts bytes about to be written. */
export function isLow(usage: DiskUsage, configured: number | undefined, incoming = 0): boolean {
  return usage.freeBytes - incoming < minFreeBytes(usage.totalBytes, configured);
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
