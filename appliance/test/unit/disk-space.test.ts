import { describe, expect, it } from 'vitest';
import { formatBytes, isLow, minFreeBytes } from '../../src/domain/disk-space.js';

const GiB = 1024 ** 3;

describe('disk space threshold', () => {
  it('defaults to 2 GiB or 5% of the disk, whichever is smaller', () => {
    expect(minFreeBytes(1000 * GiB, undefined)).toBe(2 * GiB);
    expect(minFreeBytes(10 * GiB, undefined)).toBe(Math.floor(0.5 * GiB));
  });

  it('uses BIBLIO_MIN_FREE_BYTES when set', () => {
    expect(minFreeBytes(1000 * GiB, 5 * GiB)).toBe(5 * GiB);
  });

  it('is low when the bytes about to be written would cross the threshold', () => {
    const usage = { freeBytes: 3 * GiB, totalBytes: 1000 * GiB };
    expect(isLow(usage, undefined)).toBe(false);
    expect(isLow(usage, undefined, 0.5 * GiB)).toBe(false);
    expect(isLow(usage, undefined, 1.5 * GiB)).toBe(true);
    expect(isLow({ freeBytes: GiB, totalBytes: 1000 * GiB }, undefined)).toBe(true);
  });

  it('formats sizes for people', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(2 * GiB)).toBe('2.0 GiB');
  });
});
