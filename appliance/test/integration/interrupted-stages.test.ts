import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, api, type ApplianceProcess, createUpload, fixtureDir, killEmbeddedRedis, randomData, startAppliance, talkingVideo, tempDir, waitFor } from '@biblio/test-support';
import { ToolHold } from './harness/tool-hold.js';

/**
 * Issue 17: a stage's verdict about a file (REJECTED) is given only when its tool ran to
 * completion and said so. A tool killed by a signal, or a shutdown in the middle of validation,
 * is retried, and the valid upload reaches READY.
 */
describe('an interrupted validation never rejects a valid upload', () => {
  let hold: ToolHold;
  let dataDir: string;
  let fixtures: string;
  let video: Buffer;
  let appliance: ApplianceProcess | undefined;

  const start = () =>
    startAppliance({ dataDir, ownGroup: true, env: { PATH: hold.path(), BIBLIO_BACKOFF_SCALE: '0.05', BIBLIO_LOG_LEVEL: 'info' } });
  const upload = async (app: ApplianceProcess, bytes: Buffer, filename = 'talk.mp4') =>
    (await createUpload(app.url, ADMIN_TOKEN, bytes.length, { filename, filetype: 'video/mp4' }, {}, bytes)).mediaId!;
  const status = async (app: ApplianceProcess, id: string) => (await api(app.url, ADMIN_TOKEN, `/api/media/${id}`)).json;
  const settled = (app: ApplianceProcess, id: string, timeoutMs = 90_000) =>
    waitFor(
      `media ${id} to settle`,
      async () => {
        const media = await status(app, id);
        return ['READY', 'REJECTED', 'FAILED'].includes(media?.status) ? media : undefined;
      },
      timeoutMs,
    );

  beforeAll(async () => {
    hold = await ToolHold.create(['ffprobe']);
    dataDir = await tempDir();
    fixtures = await fixtureDir();
    video = (await talkingVideo(fixtures, [{ text: 'Keep this recording safe.', atSec: 0.3 }], { seconds: 3, width: 320, height: 180 })).bytes;
    appliance = await start();
  });

  afterAll(async () => {
    await appliance?.stop();
    await killEmbeddedRedis(dataDir);
    await hold.dispose();
    await rm(dataDir, { recursive: true, force: true });
    await rm(fixtures, { recursive: true, force: true });
  });

  it('retries when ffprobe is killed by a signal mid-validation, then reaches READY', async () => {
    await hold.hold();
    const id = await upload(appliance!, video);
    const [pid] = await waitFor('ffprobe to start validating', async () => ((await hold.held()).length > 0 ? hold.held() : undefined));
    process.kill(pid!, 'SIGTERM');
    await hold.release();
    const media = await settled(appliance!, id);
    expect(media.status, JSON.stringify(media)).toBe('READY');
    expect(media.error).toBeNull();
  });

  it('keeps the upload when the whole process group gets SIGTERM mid-validation, and finishes it after the restart', async () => {
    await hold.hold();
    const id = await upload(appliance!, video, 'interrupted.mp4');
    await waitFor('ffprobe to start validating', async () => (await hold.held()).length > 0);
    const started = Date.now();
    appliance!.signalGroup('SIGTERM');
    const code = await appliance!.exited;
    const output = appliance!.output();
    expect(code, output).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(output).not.toContain('"outcome":"rejected"');
    await hold.release();

    appliance = await start();
    const media = await settled(appliance, id);
    expect(media.status, JSON.stringify(media)).toBe('READY');
  });

  it('still rejects a file that is truly not media, or cut short, with its reason', async () => {
    const random = await upload(appliance!, randomData(64 * 1024), 'random.mp4');
    const truncated = await upload(appliance!, video.subarray(0, Math.floor(video.length / 3)), 'truncated.mp4');
    const notMedia = await settled(appliance!, random);
    expect(notMedia.status).toBe('REJECTED');
    expect(notMedia.error).toMatch(/not a supported video or audio format/);
    const cut = await settled(appliance!, truncated);
    expect(cut.status).toBe('REJECTED');
    expect(cut.error).toMatch(/truncated or damaged|cannot be read as media/);
  });
});
