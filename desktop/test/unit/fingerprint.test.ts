import { mkdtemp, open, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeFingerprint, fingerprintFile, FINGERPRINT_SAMPLE_BYTES } from '../../src/core/fingerprint.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'biblio-fp-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, bytes: Buffer, mtime = new Date('2024-01-02T03:04:05Z')): Promise<string> {
  const target = path.join(dir, name);
  await writeFile(target, bytes);
  await utimes(target, mtime, mtime);
  return target;
}

describe('fingerprintFile', () => {
  it('is stable for the same file across calls (unlike tus-js-client default fingerprints)', async () => {
    const target = await file('a.bin', Buffer.alloc(3 * FINGERPRINT_SAMPLE_BYTES, 7));
    const first = await fingerprintFile(target);
    expect(await fingerprintFile(target)).toEqual(first);
    expect(first.size).toBe(3 * FINGERPRINT_SAMPLE_BYTES);
    expect(first.fingerprint).toMatch(/^biblio-fp-v1-[0-9a-f]{64}$/);
  });

  it('changes when the first MiB changes even with the same size and mtime', async () => {
    const bytes = Buffer.alloc(3 * FINGERPRINT_SAMPLE_BYTES, 1);
    const target = await file('b.bin', bytes);
    const before = await fingerprintFile(target);
    const handle = await open(target, 'r+');
    await handle.write(Buffer.from([9]), 0, 1, 10);
    await handle.close();
    await utimes(target, new Date('2024-01-02T03:04:05Z'), new Date('2024-01-02T03:04:05Z'));
    const after = await fingerprintFile(target);
    expect(after.size).toBe(before.size);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.fingerprint).not.toBe(before.fingerprint);
  });

  it('changes when the last MiB changes, but not for edits in the unhashed middle (size+mtime cover those)', async () => {
    const target = await file('c.bin', Buffer.alloc(4 * FINGERPRINT_SAMPLE_BYTES, 2));
    const before = await fingerprintFile(target);
    const handle = await open(target, 'r+');
    await handle.write(Buffer.from([9]), 0, 1, 2 * FINGERPRINT_SAMPLE_BYTES); // middle
    await handle.close();
    await utimes(target, new Date('2024-01-02T03:04:05Z'), new Date('2024-01-02T03:04:05Z'));
    expect((await fingerprintFile(target)).fingerprint).toBe(before.fingerprint);
    const tail = await open(target, 'r+');
    await tail.write(Buffer.from([9]), 0, 1, 4 * FINGERPRINT_SAMPLE_BYTES - 1);
    await tail.close();
    await utimes(target, new Date('2024-01-02T03:04:05Z'), new Date('2024-01-02T03:04:05Z'));
    expect((await fingerprintFile(target)).fingerprint).not.toBe(before.fingerprint);
  });

  it('changes with mtime, size and path', async () => {
    const a = await file('d.bin', Buffer.from('hello world'));
    const base = await fingerprintFile(a);
    await utimes(a, new Date('2025-01-01T00:00:00Z'), new Date('2025-01-01T00:00:00Z'));
    expect((await fingerprintFile(a)).fingerprint).not.toBe(base.fingerprint);
    const b = await file('e.bin', Buffer.from('hello world'));
    const c = await file('f.bin', Buffer.from('hello world'));
    expect((await fingerprintFile(b)).fingerprint).not.toBe((await fingerprintFile(c)).fingerprint);
    expect(composeFingerprint('/x', 1, 2, 'h', 't')).not.toBe(composeFingerprint('/x', 2, 2, 'h', 't'));
  });

  it('handles empty and tiny files', async () => {
    const empty = await file('empty.bin', Buffer.alloc(0));
    expect((await fingerprintFile(empty)).size).toBe(0);
  });
});
