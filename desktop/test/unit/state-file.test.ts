import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockStateDir, StateDirBusyError } from '../../src/core/instance-lock.js';
import { loadQueueFile } from '../../src/core/queue-store.js';
import { SettingsStore, tokenHint } from '../../src/core/settings-store.js';
import { readJsonFile, StateWriter, writeJsonAtomic } from '../../src/core/state-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'biblio-state-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('atomic JSON state files', () => {
  it('writes, replaces and leaves no temp files behind; files are 0600', async () => {
    const file = path.join(dir, 'a', 'state.json');
    await writeJsonAtomic(file, { n: 1 });
    await writeJsonAtomic(file, { n: 2 });
    expect(await readJsonFile(file)).toEqual({ data: { n: 2 } });
    expect(await readdir(path.dirname(file))).toEqual(['state.json']);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('reports a missing file, and moves a corrupt one aside instead of failing', async () => {
    expect(await readJsonFile(path.join(dir, 'nope.json'))).toEqual({ missing: true });
    const file = path.join(dir, 'torn.json');
    await writeFile(file, '{"items": [');
    const read = await readJsonFile(file);
    expect(read).toHaveProperty('corrupt');
    expect(await readJsonFile(file)).toEqual({ missing: true });
  });

  it('coalesces a burst of saves and always ends with the latest state on disk', async () => {
    const file = path.join(dir, 'writer.json');
    let state = 0;
    let writes = 0;
    const writer = new StateWriter(file, () => (writes++, { state }), () => undefined);
    const saves: Promise<void>[] = [];
    for (let i = 1; i <= 50; i++) {
      state = i;
      saves.push(writer.save());
    }
    await Promise.all(saves);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ state: 50 });
    expect(writes).toBeLessThan(10);
  });
});

describe('queue file', () => {
  const item = (state: string) => ({
    id: `id-${state}`, path: `/m/${state}.mp4`, name: `${state}.mp4`, size: 10, mtimeMs: 1, mimeType: 'video/mp4', state,
    uploadedBytes: 5, mediaId: null, error: null, attempt: 1, createdAt: '2024-01-01T00:00:00Z', uploadUrl: 'http://a/files/x', fingerprint: 'fp',
  });

  it('brings in-flight items back queued (to resume) and keeps the rest', async () => {
    const file = path.join(dir, 'queue.json');
    await writeJsonAtomic(file, { version: 1, items: ['uploading', 'retrying', 'preparing', 'paused', 'done', 'error', 'queued'].map(item) });
    const loaded = await loadQueueFile(file, false, () => undefined);
    expect(loaded.items.map((i) => i.state)).toEqual(['queued', 'queued', 'queued', 'paused', 'done', 'error', 'queued']);
    expect(loaded.items[0]!.uploadUrl).toBe('http://a/files/x');
    const held = await loadQueueFile(file, true, () => undefined);
    expect(held.items.map((i) => i.state)).toEqual(['paused', 'paused', 'paused', 'paused', 'done', 'error', 'paused']);
  });

  it('starts empty (with a warning) when the file has an unexpected shape', async () => {
    const file = path.join(dir, 'bad-queue.json');
    await writeJsonAtomic(file, { version: 7 });
    const warnings: string[] = [];
    expect((await loadQueueFile(file, false, (m) => warnings.push(m))).items).toEqual([]);
    expect(warnings).toHaveLength(1);
  });
});

describe('settings and token', () => {
  it('keeps the token out of settings.json, in a 0600 file, and shows only a hint', async () => {
    const stateDir = path.join(dir, 'settings');
    const store = await SettingsStore.open(stateDir, () => undefined);
    expect(store.get()).toMatchObject({ serverUrl: '', tokenHint: '', parallelUploads: 3, bandwidthLimit: null });
    const token = 'bib_abcdefghijklmnopqrstuvwx3Fq';
    const changed = await store.set({ serverUrl: 'http://127.0.0.1:8080/', token, bandwidthLimit: 2048 });
    expect([...changed].sort()).toEqual(['bandwidthLimit', 'serverUrl', 'token']);
    expect(store.get()).toMatchObject({ serverUrl: 'http://127.0.0.1:8080', tokenHint: 'bib_…x3Fq', bandwidthLimit: 2048 });
    const settingsText = await readFile(path.join(stateDir, 'settings.json'), 'utf8');
    expect(settingsText).not.toContain(token);
    expect(await readFile(path.join(stateDir, 'token'), 'utf8')).toBe(token);
    if (process.platform !== 'win32') expect((await stat(path.join(stateDir, 'token'))).mode & 0o777).toBe(0o600);
    const reopened = await SettingsStore.open(stateDir, () => undefined);
    expect(reopened.credentials()).toEqual({ serverUrl: 'http://127.0.0.1:8080', token });
    expect(await reopened.set({ serverUrl: 'http://127.0.0.1:8080' })).toEqual(new Set());
  });

  it('keeps the UI language choice: auto by default, then what Settings saved', async () => {
    const stateDir = path.join(dir, 'settings-language');
    const store = await SettingsStore.open(stateDir, () => undefined);
    expect(store.get().language).toBe('auto');
    expect(await store.set({ language: 'ko' })).toEqual(new Set(['language']));
    expect((await SettingsStore.open(stateDir, () => undefined)).get().language).toBe('ko');
    // A settings.json from before the choice existed still loads, with the default.
    await writeFile(path.join(stateDir, 'settings.json'), JSON.stringify({ serverUrl: '', parallelUploads: 2 }));
    const older = await SettingsStore.open(stateDir, () => undefined);
    expect(older.get()).toMatchObject({ parallelUploads: 2, language: 'auto' });
  });

  it('tightens a state folder and settings an older version left open: folder 0700, files 0600', async (ctx) => {
    if (process.platform === 'win32') ctx.skip('POSIX modes only');
    const stateDir = path.join(dir, 'loose-state');
    const previous = process.umask(0);
    try {
      await mkdir(stateDir, { mode: 0o755 });
      await writeFile(path.join(stateDir, 'settings.json'), JSON.stringify({ serverUrl: 'http://127.0.0.1:8080' }), { mode: 0o644 });
      const store = await SettingsStore.open(stateDir, () => undefined);
      expect((await stat(stateDir)).mode & 0o777).toBe(0o700);
      expect((await stat(path.join(stateDir, 'settings.json'))).mode & 0o777).toBe(0o600);
      await store.set({ token: 'bib_abcdefghijklmnopqrstuvwxyz012345' });
      expect((await stat(path.join(stateDir, 'token'))).mode & 0o777).toBe(0o600);
      expect((await stat(path.join(stateDir, 'settings.json'))).mode & 0o777).toBe(0o600);
      // A new state folder (the CLI's --state-dir) is private from the start, even with umask 0.
      const fresh = path.join(dir, 'fresh-state', 'nested');
      await writeJsonAtomic(path.join(fresh, 'queue.json'), { entries: [] });
      expect((await stat(fresh)).mode & 0o777).toBe(0o700);
      expect((await stat(path.join(fresh, 'queue.json'))).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });

  it('hints short tokens without revealing them', () => {
    expect(tokenHint('')).toBe('');
    expect(tokenHint('abcdefgh')).toBe('…gh');
  });
});

describe('state dir lock', () => {
  it('allows one core per state dir and takes over a stale lock', async () => {
    const stateDir = path.join(dir, 'locked');
    const release = await lockStateDir(stateDir);
    await expect(lockStateDir(stateDir)).rejects.toBeInstanceOf(StateDirBusyError);
    await release();
    // A lock left by a process that no longer exists (pid 2^22 + 1 is beyond pid_max defaults).
    await writeFile(path.join(stateDir, 'instance.lock'), JSON.stringify({ pid: 4_194_305 }));
    const again = await lockStateDir(stateDir);
    await again();
  });
});
