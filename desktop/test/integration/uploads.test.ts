import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ConnectionState, MediaEvent } from '@biblio/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDesktopCore } from '../../src/core/index.js';
import type { CoreTuning } from '../../src/core/tuning.js';
import { api, headOffset, mediaNamed, randomFile, sha256File, waitFor } from '@biblio/test-support';
import { CountingProxy, removeTempDirs, startTestAppliance, storedFile, tempDir, waitForQueue, type TestAppliance } from './helpers.js';

const MiB = 1024 * 1024;
let t: TestAppliance;
let dir: string;

beforeAll(async () => {
  t = await startTestAppliance();
  dir = await tempDir('biblio-desk-up-');
});
afterAll(async () => {
  await t?.stop();
  await removeTempDirs();
});

interface LogLine {
  level: string;
  message: string;
  detail?: unknown;
}

// These tests move random bytes to exercise the transfer; the local media check (which would
// refuse them before upload) has its own tests in precheck.test.ts.
async function openCore(stateDir: string, settings: { serverUrl?: string; bandwidthLimit?: number | null; parallelUploads?: number } | null, tuning: Partial<CoreTuning> = {}) {
  const logs: LogLine[] = [];
  const core = await createDesktopCore({ stateDir, appVersion: 'test', shell: 'browser', log: (level, message, detail) => logs.push({ level, message, detail }), tuning: { previews: false, mediaCheck: false, ...tuning } });
  if (settings) await core.invoke('settings:set', [{ serverUrl: settings.serverUrl ?? t.app.url, token: t.token, bandwidthLimit: settings.bandwidthLimit ?? null, parallelUploads: settings.parallelUploads ?? 3 }]);
  const resumedAt = () => logs.filter((l) => l.message === 'upload resumed from the server offset').map((l) => (l.detail as { offset: number }).offset);
  return { core, logs, resumedAt };
}

async function serverOffset(mediaId: string): Promise<number | null> {
  const head = await headOffset(t.app.url, t.token, mediaId);
  return head.status < 300 ? (head.offset ?? 0) : null;
}

async function expectStoredOnce(file: string, mediaId: string | null) {
  expect(mediaId).toBeTruthy();
  expect(await mediaNamed(t.app.url, t.token, path.basename(file))).toHaveLength(1);
  expect(await sha256File(storedFile(t, mediaId!))).toBe(await sha256File(file));
}

describe('desktop core against a real appliance', () => {
  it('pairs: connection:test names the bad field, then the connection comes up with SSE', async () => {
    const { core } = await openCore(await tempDir('biblio-desk-state-'), null);
    try {
      expect(await core.invoke('connection:get', [])).toEqual({ state: 'unpaired' });
      const refused = await core.invoke('connection:test', [{ serverUrl: 'http://127.0.0.1:9', token: t.token }]);
      expect(refused).toMatchObject({ ok: false, field: 'serverUrl' });
      expect(await core.invoke('connection:test', [{ serverUrl: t.app.url, token: 'bib_wrong-token-123' }])).toMatchObject({ ok: false, field: 'token' });
      const good = await core.invoke('connection:test', [{ serverUrl: t.app.url, token: t.token }]);
      expect(good).toMatchObject({ ok: true, user: 'desk' });
      if (good.ok) expect(good.engines['database']).toBe('pglite');
      const states: ConnectionState[] = [];
      core.on('connection:changed', (s) => states.push(s));
      const settings = await core.invoke('settings:set', [{ serverUrl: t.app.url, token: t.token }]);
      expect(settings.tokenHint).toMatch(/^bib_…/);
      expect(JSON.stringify(settings)).not.toContain(t.token);
      await waitFor('connected', () => states.find((s) => s.state === 'connected'));
      expect(await core.invoke('connection:get', [])).toMatchObject({ state: 'connected', user: 'desk' });
    } finally {
      await core.close();
    }
  });

  it('uploads 3 files at once (never more), each stored once and byte-identical; SSE reports the outcome', async () => {
    const files = await Promise.all([1, 2, 3, 4].map((i) => randomFile(dir, `parallel-${i}.mp4`, 2 * MiB)));
    const { core } = await openCore(await tempDir('biblio-desk-state-'), { bandwidthLimit: 4 * MiB, parallelUploads: 3 });
    const events: MediaEvent[] = [];
    core.on('media:event', (e) => events.push(e));
    let maxActive = 0;
    core.on('queue:changed', (items) => {
      maxActive = Math.max(maxActive, items.filter((i) => i.state === 'uploading' || i.state === 'preparing').length);
    });
    try {
      await waitFor('connected', async () => (await core.invoke('connection:get', [])).state === 'connected');
      const added = await core.invoke('queue:add', [files]);
      expect(added.map((i) => i.name)).toEqual(files.map((f) => path.basename(f)));
      const done = await waitForQueue(core, 'all done', (items) => items.length === 4 && items.every((i) => i.state === 'done'));
      expect(maxActive).toBe(3);
      for (const item of done) await expectStoredOnce(item.path, item.mediaId);
      // Random bytes are not media: the appliance rejects them after the upload, and that
      // outcome reaches the queue item through SSE (not through the tus response).
      const first = done[0]!;
      await waitFor('media event', () => events.find((e) => e.mediaId === first.mediaId));
      const rejected = await waitForQueue(core, 'rejection noted', (items) => /Rejected on the appliance/.test(items[0]?.error ?? ''));
      expect(rejected[0]!.state).toBe('done');
      // Library channels over REST.
      const library = await core.invoke('library:list', []);
      expect(library.map((m) => m.id)).toEqual(expect.arrayContaining(done.map((i) => i.mediaId)));
      expect((await core.invoke('library:get', [first.mediaId!])).filename).toBe(first.name);
      await expect(core.invoke('library:playback', [first.mediaId!])).rejects.toThrow(/not available/);
      expect(await core.invoke('library:search', ['anything'])).toEqual(expect.objectContaining({ results: expect.any(Array) }));
      await core.invoke('library:delete', [done[3]!.mediaId!]);
      await expect(core.invoke('library:get', [done[3]!.mediaId!])).rejects.toThrow(/no such media/);
      await core.invoke('queue:clearFinished', []);
      expect(await core.invoke('queue:list', [])).toEqual([]);
    } finally {
      await core.close();
    }
  });

  it('pauses (nothing moves on the server) and resumes from the server offset', async () => {
    const file = await randomFile(dir, 'pause.mp4', 4 * MiB);
    const { core, resumedAt } = await openCore(await tempDir('biblio-desk-state-'), { bandwidthLimit: MiB });
    try {
      const [item] = await core.invoke('queue:add', [[file]]);
      await waitForQueue(core, '1 MiB sent', (items) => items[0]!.uploadedBytes > MiB);
      await core.invoke('queue:pause', [item!.id]);
      const paused = (await core.invoke('queue:list', []))[0]!;
      expect(paused.state).toBe('paused');
      await new Promise((r) => setTimeout(r, 300));
      const offset = (await serverOffset(paused.mediaId!))!;
      await new Promise((r) => setTimeout(r, 1200));
      expect(await serverOffset(paused.mediaId!)).toBe(offset);
      expect(offset).toBeGreaterThan(0);
      await core.invoke('queue:resume', [item!.id]);
      const [done] = await waitForQueue(core, 'done', (items) => items[0]!.state === 'done');
      expect(resumedAt()).toEqual([offset]);
      await expectStoredOnce(file, done!.mediaId);
    } finally {
      await core.close();
    }
  });

  it('cancel aborts and terminates the upload on the server (no orphan media)', async () => {
    const file = await randomFile(dir, 'cancel.mp4', 4 * MiB);
    const { core } = await openCore(await tempDir('biblio-desk-state-'), { bandwidthLimit: MiB });
    try {
      const [item] = await core.invoke('queue:add', [[file]]);
      const [moving] = await waitForQueue(core, 'some bytes sent', (items) => items[0]!.uploadedBytes > 256 * 1024);
      await core.invoke('queue:cancel', [item!.id]);
      expect((await core.invoke('queue:list', []))[0]!.state).toBe('cancelled');
      expect(await serverOffset(moving!.mediaId!)).toBeNull();
      expect((await api(t.app.url, t.token, `/api/media/${moving!.mediaId}`)).status).toBe(404);
    } finally {
      await core.close();
    }
  });

  it('restores the persisted queue in a new core and resumes from the server offset', async () => {
    const stateDir = await tempDir('biblio-desk-state-');
    const file = await randomFile(dir, 'restore.mp4', 3 * MiB);
    const first = await openCore(stateDir, { bandwidthLimit: MiB });
    const [item] = await first.core.invoke('queue:add', [[file]]);
    await waitForQueue(first.core, '1 MiB sent', (items) => items[0]!.uploadedBytes > MiB);
    await first.core.close();
    const persisted = JSON.parse(await readFile(path.join(stateDir, 'queue.json'), 'utf8')) as { items: { id: string; uploadUrl: string; fingerprint: string; state: string }[] };
    expect(persisted.items[0]).toMatchObject({ id: item!.id, state: 'uploading', uploadUrl: expect.stringContaining('/files/'), fingerprint: expect.stringMatching(/^biblio-fp-v1-/) });
    const mediaId = persisted.items[0]!.uploadUrl.split('/').pop()!;
    const offset = (await serverOffset(mediaId))!;

    const second = await openCore(stateDir, null);
    try {
      const restored = await second.core.invoke('queue:list', []);
      expect(restored.map((i) => i.id)).toEqual([item!.id]);
      const [done] = await waitForQueue(second.core, 'done', (items) => items[0]!.state === 'done');
      expect(second.resumedAt()).toEqual([offset]);
      expect(done!.mediaId).toBe(mediaId);
      await expectStoredOnce(file, mediaId);
    } finally {
      await second.core.close();
    }
  });

  it('a file modified on disk restarts cleanly: new upload, the old one terminated, a note says why', async () => {
    const stateDir = await tempDir('biblio-desk-state-');
    const file = await randomFile(dir, 'modified.mp4', 3 * MiB);
    const first = await openCore(stateDir, { bandwidthLimit: MiB });
    await first.core.invoke('queue:add', [[file]]);
    const [moving] = await waitForQueue(first.core, 'some bytes sent', (items) => items[0]!.uploadedBytes > 512 * 1024);
    await first.core.close();
    const oldMediaId = moving!.mediaId!;
    await writeFile(file, randomBytes(3 * MiB + 4096));

    const second = await openCore(stateDir, null);
    try {
      await second.core.invoke('settings:set', [{ bandwidthLimit: null }]);
      const [done] = await waitForQueue(second.core, 'done', (items) => items[0]!.state === 'done');
      expect(done!.mediaId).not.toBe(oldMediaId);
      expect(done!.error).toMatch(/changed on disk/);
      expect(done!.size).toBe(3 * MiB + 4096);
      await waitFor('old upload terminated', async () => (await serverOffset(oldMediaId)) === null);
      expect((await api(t.app.url, t.token, `/api/media/${oldMediaId}`)).status).toBe(404);
      await expectStoredOnce(file, done!.mediaId);
    } finally {
      await second.core.close();
    }
  });

  it('honours the bandwidth limit within 20% (1 MiB/s, 4 MiB)', async () => {
    const file = await randomFile(dir, 'bandwidth.mp4', 4 * MiB);
    const { core } = await openCore(await tempDir('biblio-desk-state-'), { bandwidthLimit: MiB });
    try {
      const started = performance.now();
      await core.invoke('queue:add', [[file]]);
      const [done] = await waitForQueue(core, 'done', (items) => items[0]!.state === 'done');
      const seconds = (performance.now() - started) / 1000;
      console.log(`bandwidth: 4 MiB at a 1 MiB/s limit took ${seconds.toFixed(2)} s (ideal 4.00 s, ${(((4 / seconds) - 1) * 100).toFixed(1)}% off the rate)`);
      expect(seconds).toBeGreaterThan(4 * 0.8);
      expect(seconds).toBeLessThan(4 * 1.2);
      await expectStoredOnce(file, done!.mediaId);
    } finally {
      await core.close();
    }
  });

  it('while the appliance is unreachable uploads retry (never error) and resume when it is back', async () => {
    const proxy = new CountingProxy(new URL(t.app.url));
    await proxy.start();
    const file = await randomFile(dir, 'outage.mp4', 4 * MiB);
    const { core, resumedAt } = await openCore(
      await tempDir('biblio-desk-state-'),
      { serverUrl: proxy.url, bandwidthLimit: MiB },
      { retryDelays: [0, 300], retryBaseMs: 300, retryMaxMs: 1_000, requestTimeoutMs: 5_000 },
    );
    const states = new Set<string>();
    const connection: string[] = [];
    core.on('queue:changed', (items) => items.forEach((i) => states.add(i.state)));
    core.on('connection:changed', (s) => connection.push(s.state));
    try {
      await waitFor('connected', async () => (await core.invoke('connection:get', [])).state === 'connected');
      await core.invoke('queue:add', [[file]]);
      await waitForQueue(core, '1 MiB sent', (items) => items[0]!.uploadedBytes > MiB);
      await proxy.down();
      const [retrying] = await waitForQueue(core, 'retrying', (items) => items[0]!.state === 'retrying');
      expect(retrying!.error).toBeTruthy();
      await waitFor('reconnecting', () => connection.includes('reconnecting'));
      await new Promise((r) => setTimeout(r, 2_000));
      expect((await core.invoke('queue:list', []))[0]!.state).toBe('retrying');
      await proxy.start();
      const [done] = await waitForQueue(core, 'done', (items) => items[0]!.state === 'done', 40_000);
      expect(states.has('error')).toBe(false);
      expect(done!.attempt).toBeGreaterThan(1);
      expect(resumedAt().length).toBeGreaterThanOrEqual(1);
      // It resumed from what the server had durably stored (not from zero). The client had
      // handed over 1 MiB, but the cut may land anywhere in what was in flight.
      expect(resumedAt()[0]).toBeGreaterThan(0);
      await waitFor('connected again', () => connection.lastIndexOf('connected') > connection.indexOf('reconnecting'));
      await expectStoredOnce(file, done!.mediaId);
    } finally {
      await core.close();
      await proxy.stop();
    }
  });

  it('a connection that dies silently times out (tus-js-client has no timeout of its own) and the upload resumes', async () => {
    const proxy = new CountingProxy(new URL(t.app.url));
    await proxy.start();
    const file = await randomFile(dir, 'stall.mp4', 3 * MiB);
    const { core, resumedAt, logs } = await openCore(await tempDir('biblio-desk-state-'), { serverUrl: proxy.url, bandwidthLimit: MiB }, { requestTimeoutMs: 2_000, retryDelays: [0, 500] });
    try {
      await core.invoke('queue:add', [[file]]);
      await waitForQueue(core, '1 MiB sent', (items) => items[0]!.uploadedBytes > MiB);
      const stalledAt = performance.now();
      proxy.stallOpenConnections();
      const [done] = await waitForQueue(core, 'done', (items) => items[0]!.state === 'done', 30_000);
      expect(performance.now() - stalledAt).toBeGreaterThan(2_000);
      expect(resumedAt().length).toBeGreaterThanOrEqual(1);
      expect(logs.some((l) => l.level === 'error')).toBe(false);
      await expectStoredOnce(file, done!.mediaId);
    } finally {
      await core.close();
      await proxy.stop();
    }
  });
});
