import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { QueueItem } from '@biblio/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, pseudoRandomFile, rawVideo } from '@biblio/test-support';
import { createDesktopCore } from '../../src/core/index.js';
import type { DesktopCore } from '../../src/core/api.js';
import { CountingProxy, removeTempDirs, startTestAppliance, tempDir, waitForQueue, type TestAppliance } from './helpers.js';

/**
 * The checks before an upload, against a real appliance and the real ffprobe: the same content
 * added again is found by its sha256 and not sent (0 file bytes on the wire); a file that is not
 * audio/video is refused before upload with a plain reason; "Upload anyway" overrides both.
 */
let t: TestAppliance;
let proxy: CountingProxy;
let dir: string;
let core: DesktopCore;

beforeAll(async () => {
  t = await startTestAppliance('dedupe');
  proxy = new CountingProxy(new URL(t.app.url));
  await proxy.start();
  dir = await tempDir('biblio-desk-precheck-');
  core = await createDesktopCore({ stateDir: await tempDir('biblio-desk-precheck-state-'), appVersion: 'test', shell: 'browser', tuning: { previews: false } });
  await core.invoke('settings:set', [{ serverUrl: proxy.url, token: t.token }]);
});
afterAll(async () => {
  await core?.close();
  await proxy?.stop();
  await t?.stop();
  await removeTempDirs();
});

async function mediaCount(): Promise<number> {
  return ((await api(t.app.url, t.token, '/api/media?limit=100')).json as { media: unknown[] }).media.length;
}

async function addAndSettle(file: string, states: QueueItem['state'][], options = {}): Promise<QueueItem> {
  const [added] = await core.invoke('queue:add', [[file], options]);
  const items = await waitForQueue(core, `${path.basename(file)} settled`, (list) => states.includes(list.find((i) => i.id === added!.id)?.state ?? 'queued'), 60_000);
  return items.find((i) => i.id === added!.id)!;
}

describe('checks before upload (content hash, local FFmpeg)', () => {
  it('the same content under another name is "already in your library": nothing is uploaded; Upload anyway sends it', async () => {
    const original = rawVideo(dir, 'seminar.avi', 2, 7);
    const first = await addAndSettle(original, ['done', 'error', 'refused', 'duplicate']);
    expect(first.state).toBe('done');
    expect(await mediaCount()).toBe(1);

    const copy = path.join(await tempDir('biblio-desk-precheck-copy-'), 'seminar (copy).avi');
    await copyFile(original, copy);
    const before = proxy.bytesUp;
    const second = await addAndSettle(copy, ['done', 'error', 'refused', 'duplicate']);
    const sent = proxy.bytesUp - before;
    console.log(`duplicate check: ${sent} B sent for a ${first.size} B file already in the library`);
    expect(second.state).toBe('duplicate');
    expect(second.duplicateOf?.mediaId).toBe(first.mediaId);
    expect(second.duplicateOf?.filename).toBe('seminar.avi');
    expect(second.mediaId).toBeNull();
    // One GET /api/media?sha256= and its headers: a few hundred bytes, none of the file.
    expect(sent).toBeLessThan(4096);
    expect(await mediaCount()).toBe(1);

    await core.invoke('queue:uploadAnyway', [second.id]);
    const forced = await waitForQueue(core, 'the forced upload done', (list) => list.find((i) => i.id === second.id)?.state === 'done', 60_000);
    const item = forced.find((i) => i.id === second.id)!;
    expect(item.mediaId).not.toBe(first.mediaId);
    expect(await mediaCount()).toBe(2);
  });

  it('two copies of the same file added together: the first uploads, the second is its duplicate', async () => {
    const one = rawVideo(dir, 'twin.avi', 1, 99);
    const two = path.join(await tempDir('biblio-desk-precheck-twin-'), 'twin copy.avi');
    await copyFile(one, two);
    const count = await mediaCount();
    const added = await core.invoke('queue:add', [[one, two]]);
    const settled = (i: QueueItem | undefined) => ['done', 'duplicate', 'error', 'refused'].includes(i?.state ?? '');
    const items = await waitForQueue(core, 'both twins settled', (list) => added.every((a) => settled(list.find((i) => i.id === a.id))), 60_000);
    const [first, second] = added.map((a) => items.find((i) => i.id === a.id)!);
    expect(first!.state).toBe('done');
    expect(second!.state).toBe('duplicate');
    expect(second!.duplicateOf?.mediaId).toBe(first!.mediaId);
    expect(second!.attempt).toBe(1);
    expect(await mediaCount()).toBe(count + 1);
  });

  it('a text file and random bytes named .mp4 are refused before upload, in plain words; Retry is not offered', async () => {
    const text = path.join(dir, 'meeting notes.txt');
    await writeFile(text, 'Agenda: budget, hiring, the new library wing.\n'.repeat(50));
    // Fixed bytes: truly random ones now and then probe as a container with no streams, which
    // the precheck refuses in other words ("has no audio or video in it").
    const fake = await pseudoRandomFile(dir, 'holiday.mp4', 200_000);
    const count = await mediaCount();
    const before = proxy.bytesUp;

    const refusedText = await addAndSettle(text, ['done', 'error', 'refused', 'duplicate']);
    const refusedFake = await addAndSettle(fake, ['done', 'error', 'refused', 'duplicate']);
    for (const item of [refusedText, refusedFake]) {
      expect(item.state).toBe('refused');
      expect(item.error).toMatch(/not a video or audio recording/);
      expect(item.error).not.toMatch(/octet-stream|application\//);
      expect(item.canRetry).toBe(false);
      expect(item.mediaId).toBeNull();
    }
    expect(refusedText.error).toMatch(/^This \.txt file/);
    expect(proxy.bytesUp - before).toBeLessThan(4096);
    expect(await mediaCount()).toBe(count);

    // Upload anyway: the appliance decides. It accepts only audio/video types, so the .txt
    // ends in an error that says so plainly, and Retry (which cannot change that) is refused.
    await core.invoke('queue:uploadAnyway', [refusedText.id]);
    const after = await waitForQueue(core, 'the forced .txt settled', (list) => list.find((i) => i.id === refusedText.id)?.state === 'error', 60_000);
    const failed = after.find((i) => i.id === refusedText.id)!;
    expect(failed.error).toMatch(/accepts only video and audio/);
    expect(failed.error).not.toMatch(/octet-stream/);
    expect(failed.canRetry).toBe(false);
    await expect(core.invoke('queue:retry', [refusedText.id])).rejects.toThrow(/retrying cannot help/);
  });
});
