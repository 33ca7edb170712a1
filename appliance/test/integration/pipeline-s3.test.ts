import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADMIN_TOKEN, api, type ApplianceProcess, createUpload, fixtureDir, killEmbeddedRedis, startAppliance, talkingVideo, waitFor } from '@biblio/test-support';

/**
 * The whole product on S3: uploads, HLS, thumbnails and transcripts written to the bucket,
 * playback segments served as presigned S3 URLs, and a delete that leaves no object behind.
 */
const s3 = inject('s3');
const skip = 'missing' in s3 ? `SKIPPED, ${s3.missing}` : undefined;

describe.skipIf(skip)(`the pipeline on S3${skip ? `: ${skip}` : ''}`, () => {
  let app: ApplianceProcess;
  let dir: string;
  let client: S3Client;
  const env = 'env' in s3 ? s3.env : {};

  const keysUnder = async (prefix: string): Promise<string[]> => {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: env['S3_BUCKET'], Prefix: prefix }));
    return (listed.Contents ?? []).map((o) => o.Key!);
  };

  beforeAll(async () => {
    if (skip) return;
    dir = await fixtureDir();
    client = new S3Client({
      endpoint: env['S3_ENDPOINT'],
      region: env['S3_REGION'] ?? 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: env['S3_ACCESS_KEY']!, secretAccessKey: env['S3_SECRET_KEY']! },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    app = await startAppliance({ env: { ...env, BIBLIO_TRANSCRIBE_WINDOW: '10s' } });
  });

  afterAll(async () => {
    if (skip) return;
    client?.destroy();
    await app?.stop();
    await killEmbeddedRedis(app.dataDir);
    await rm(app.dataDir, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  });

  it('processes, plays from presigned S3 URLs, and deletes every object', async () => {
    const video = await talkingVideo(dir, [{ text: 'Glaciers carve the valley floor.', atSec: 1 }], { seconds: 10 });
    const created = await createUpload(app.url, ADMIN_TOKEN, video.bytes.length, { filename: 'glacier.mp4', filetype: 'video/mp4' }, {}, video.bytes);
    const id = created.mediaId!;
    const media = await waitFor('READY', async () => {
      const m = (await api(app.url, ADMIN_TOKEN, `/api/media/${id}`)).json;
      return ['READY', 'FAILED', 'REJECTED'].includes(m?.status) ? m : undefined;
    }, 150_000);
    expect(media.status, JSON.stringify(media)).toBe('READY');
    const owner = (await api(app.url, ADMIN_TOKEN, '/api/me')).json.id as string;

    const derived = await keysUnder(`media/${owner}/${id}/`);
    expect(derived.some((k) => /\/hls\/[^/]+\/master\.m3u8$/.test(k))).toBe(true);
    expect(derived.some((k) => k.endsWith('.ts'))).toBe(true);
    expect(derived.some((k) => k.endsWith('poster-320.jpg'))).toBe(true);
    expect(derived.some((k) => k.endsWith('speech.wav'))).toBe(false); // removed once transcribed

    const playback = (await api(app.url, ADMIN_TOKEN, `/api/media/${id}/playback`)).json;
    const master = await (await fetch(playback.url)).text();
    const variantPath = master.split('\n').find((l) => l.includes('index.m3u8'))!;
    const variant = await (await fetch(new URL(variantPath, playback.url))).text();
    const segment = variant.split('\n').find((l) => l.includes('.ts'))!;
    expect(segment.startsWith(env['S3_ENDPOINT']!)).toBe(true);
    expect(segment).toMatch(/X-Amz-Signature=/);
    expect((await fetch(segment)).status).toBe(200);
    const probe = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', playback.url], { encoding: 'utf8' });
    expect(Number(probe.trim())).toBeCloseTo(10, 0);
    expect((await api(app.url, ADMIN_TOKEN, `/api/media/${id}/transcript.json`)).json.segments.length).toBeGreaterThan(0);

    expect((await api(app.url, ADMIN_TOKEN, `/api/media/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await keysUnder(`media/${owner}/${id}/`)).toEqual([]);
    expect(await keysUnder(`uploads/${owner}/${id}`)).toEqual([]);
  });
});
