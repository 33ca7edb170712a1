import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, open, readdir, readFile, readlink, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, api, createUpload, patch, runEntry, waitFor } from '@biblio/test-support';
import { ToolHold } from '../integration/harness/tool-hold.js';
import { FaultLab, makeClips, type Clips } from './fault-lab.js';
import { tally } from './tally.js';

const MiB = 1024 ** 2;
const THRESHOLD = 64 * MiB;
const isRoot = process.getuid?.() === 0;

/** Processes whose working directory is inside `dir` (redis-server runs in its data folder). */
async function processesInside(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => '');
    if (cwd.startsWith(dir)) found.push(`${pid} ${(await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replace(/\0/g, ' ')}`);
  }
  return found;
}

/** Fills the disk of `dir` until `leaveFree` bytes are left, with one ballast file. */
async function fillUntil(dir: string, leaveFree: number): Promise<string> {
  const ballast = path.join(dir, `ballast-${Date.now()}`);
  const stats = await statfs(dir);
  const free = stats.bavail * stats.bsize;
  const handle = await open(ballast, 'w');
  const chunk = Buffer.alloc(MiB);
  for (let written = 0; written < free - leaveFree; written += chunk.length) await handle.write(chunk);
  await handle.close();
  return ballast;
}

/**
 * A full disk is reported as a full disk: with the data dir on a small tmpfs filled past
 * BIBLIO_MIN_FREE_BYTES, uploads get 507 before a byte is written, stages wait instead of
 * failing, /healthz says the storage is degraded with the free bytes; everything recovers once
 * space is freed; a start on a full disk says so and leaves no process behind.
 */
describe.skipIf(!isRoot)('the data dir runs out of space (a small tmpfs)', () => {
  let mount: string;
  let clips: Clips;
  let hold: ToolHold;
  let lab: FaultLab;

  beforeAll(async () => {
    mount = await mkdtemp(path.join(tmpdir(), 'biblio-tmpfs-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=320m,mode=0700', 'tmpfs', mount]);
    clips = await makeClips();
    hold = await ToolHold.create(['ffprobe']);
    lab = await FaultLab.open({ BIBLIO_MIN_FREE_BYTES: String(THRESHOLD), PATH: hold.path() }, path.join(mount, 'data'));
  });

  afterAll(async () => {
    await lab?.close().catch(() => undefined);
    await hold?.dispose();
    spawnSync('umount', ['-l', mount]);
    await rm(mount, { recursive: true, force: true });
    await rm(clips.dir, { recursive: true, force: true });
  });

  it('answers 507 before writing, reports degraded storage, and recovers once space is freed', async () => {
    const before = (await api(lab.url, ADMIN_TOKEN, '/api/media')).json.media.length as number;
    const unfinished = await lab.create(clips.video, 'started-before.mp4');
    const ballast = await fillUntil(mount, THRESHOLD - 8 * MiB);
    await new Promise((r) => setTimeout(r, 1_100)); // the guard caches free space for a second

    const refused = await createUpload(lab.url, ADMIN_TOKEN, clips.video.length, { filename: 'full.mp4', filetype: 'video/mp4' }, {}, clips.video);
    expect(refused.status).toBe(507);
    expect(refused.headers.get('content-type')).toMatch(/application\/json/);
    expect(JSON.parse(refused.body).error.code).toBe('insufficient_storage');
    expect(JSON.parse(refused.body).error.message).toMatch(/out of disk space: .* free/);
    const refusedPatch = await patch(lab.url, ADMIN_TOKEN, unfinished, 0, clips.video);
    expect(refusedPatch.status).toBe(507);
    // Nothing half-stored: no new row for the refused creation, the started upload has no bytes.
    expect((await api(lab.url, ADMIN_TOKEN, '/api/media')).json.media.length).toBe(before + 1);
    expect((await lab.media(unfinished))?.status).toBe('UPLOADING');

    const health = await api(lab.url, undefined, '/healthz');
    expect(health.status).toBe(200);
    expect(health.json.status).toBe('degraded');
    expect(health.json.components.storage).toMatchObject({ status: 'degraded' });
    expect(health.json.components.storage.detail).toMatch(/MiB free/);
    const metrics = await api(lab.url, ADMIN_TOKEN, '/metrics');
    expect(metrics.text).toMatch(/biblio_disk_free_bytes\{path="[^"]+"\} \d+/);

    await rm(ballast);
    await new Promise((r) => setTimeout(r, 1_100));
    await lab.resume(unfinished, clips.video);
    const after = await lab.upload(clips.video, 'after-freeing.mp4');
    expect(await lab.lost([unfinished, after], 120_000)).toEqual([]);
    tally('faults', { injected: 1, survived: 1, lost: 0 });
  });

  it('makes stages wait for space instead of failing, then finishes them', async () => {
    await hold.hold();
    const id = await lab.upload(clips.video, 'waits.mp4');
    await waitFor('validation to start', async () => (await hold.held()).length > 0);
    const ballast = await fillUntil(mount, THRESHOLD - 8 * MiB);
    await hold.release();
    const waiting = await lab.waitStage(id, 'a stage to wait for disk space', (s) => Object.values(s).some((st) => /waiting: .*disk space/.test((st as { error?: string }).error ?? '')), 60_000);
    expect(waiting).toBe(true);
    expect((await lab.media(id))?.status).toBe('PROCESSING');
    await rm(ballast);
    const lost = await lab.lost([id], 120_000);
    tally('faults', { injected: 1, survived: lost.length === 0 ? 1 : 0, lost: lost.length });
    expect(lost).toEqual([]);
  });

  it('refuses to start on a full disk, saying so, and leaves no process behind', async () => {
    await lab.app.stop();
    const ballast = await fillUntil(mount, 4 * MiB);
    const { code, stderr } = await runEntry('appliance/src/main/appliance.ts', [], { ...process.env, BIBLIO_PORT: '0', BIBLIO_DATA_DIR: lab.dataDir, BIBLIO_ADMIN_TOKEN: ADMIN_TOKEN });
    expect(code).toBe(3);
    expect(stderr).toMatch(/cannot start: the appliance is out of disk space/);
    expect(await processesInside(mount)).toEqual([]);
    await rm(ballast);
    await lab.start();
    expect(await lab.leftovers()).toEqual([]);
    tally('faults', { injected: 1, survived: 1, lost: 0 });
  });
});
