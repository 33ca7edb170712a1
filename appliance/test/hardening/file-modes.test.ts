import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tightenDataDir } from '../../src/adapters/system/file-modes.js';

const modeOf = async (p: string) => (await stat(p)).mode & 0o777;

describe('data dir modes (adapters/system/file-modes)', () => {
  const roots: string[] = [];
  afterAll(async () => {
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  it('creates a missing data dir 0700', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'biblio-modes-'));
    roots.push(root);
    const dir = path.join(root, 'data');
    const previous = process.umask(0);
    try {
      expect(await tightenDataDir(dir)).toBe(0);
    } finally {
      process.umask(previous);
    }
    expect(await modeOf(dir)).toBe(0o700);
  });

  it('tightens what an older version left world-readable, counts it, and leaves symlink targets alone', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'biblio-modes-'));
    roots.push(root);
    const dir = path.join(root, 'data');
    await mkdir(path.join(dir, 'db', 'base'), { recursive: true });
    await writeFile(path.join(dir, 'db', 'base', 'PG_VERSION'), '17');
    await writeFile(path.join(dir, 'local-admin-token'), 'bib_x');
    const outside = path.join(root, 'outside.txt');
    await writeFile(outside, 'not ours to change');
    await chmod(outside, 0o644);
    await symlink(outside, path.join(dir, 'link'));
    for (const p of [dir, path.join(dir, 'db'), path.join(dir, 'db', 'base')]) await chmod(p, 0o777);
    for (const p of [path.join(dir, 'db', 'base', 'PG_VERSION'), path.join(dir, 'local-admin-token')]) await chmod(p, 0o666);

    expect(await tightenDataDir(dir)).toBe(5);
    expect(await modeOf(dir)).toBe(0o700);
    expect(await modeOf(path.join(dir, 'db', 'base'))).toBe(0o700);
    expect(await modeOf(path.join(dir, 'db', 'base', 'PG_VERSION'))).toBe(0o600);
    expect(await modeOf(path.join(dir, 'local-admin-token'))).toBe(0o600);
    expect(await modeOf(outside)).toBe(0o644);
    expect(await readFile(path.join(dir, 'local-admin-token'), 'utf8')).toBe('bib_x');
    // A second start finds nothing to fix.
    expect(await tightenDataDir(dir)).toBe(0);
  });

  it('does not create the dir when asked not to (external servers only)', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'biblio-modes-'));
    roots.push(root);
    expect(await tightenDataDir(path.join(root, 'absent'), { create: false })).toBe(0);
    await expect(stat(path.join(root, 'absent'))).rejects.toThrow();
  });
});
