import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, api, type ApplianceProcess, createUpload, fixtureDir, killEmbeddedRedis, randomData, startAppliance, talkingAudio, talkingVideo, waitFor } from '@biblio/test-support';
import { recall } from './harness/recall.js';
import { databaseEngineCases, type DatabaseEngineCase } from './harness/database-targets.js';

/**
 * The whole processing pipeline on the embedded defaults: real FFmpeg, pocketsphinx, PGlite
 * with pgvector (and again on Postgres 17 + pgvector), BullMQ on a private redis-server. Fixtures are synthesised at test time.
 */
const VIDEO_LINES = [
  { text: 'The river flows past the old library.', atSec: 1 },
  { text: 'Students read books about mountains and oceans.', atSec: 8 },
  { text: 'The museum opens every morning at nine.', atSec: 15 },
];
const CONTENT_WORDS = ['river', 'flows', 'past', 'old', 'library', 'students', 'read', 'books', 'mountains', 'oceans', 'museum', 'opens', 'every', 'morning', 'nine'];

let app: ApplianceProcess;
let dir: string;

async function upload(bytes: Buffer, metadata: Record<string, string>): Promise<string> {
  const created = await createUpload(app.url, ADMIN_TOKEN, bytes.length, metadata, {}, bytes);
  expect(created.status, created.body).toBe(201);
  return created.mediaId!;
}

async function settled(id: string, timeoutMs = 150_000) {
  return waitFor(
    `media ${id} to settle`,
    async () => {
      const media = (await api(app.url, ADMIN_TOKEN, `/api/media/${id}`)).json;
      return ['READY', 'FAILED', 'REJECTED'].includes(media?.status) ? media : undefined;
    },
    timeoutMs,
  );
}

// The whole file runs once per database engine: embedded PGlite, then the real Postgres +
// pgvector from scripts/pg-test-server (a fresh database; skipped, with the reason, without one).
for (const engine of databaseEngineCases()) describe.skipIf(engine.skip !== undefined)(`on ${engine.label}`, () => {
  let database: Awaited<ReturnType<DatabaseEngineCase['create']>> | undefined;
  let env: Record<string, string> = {};

  beforeAll(async () => {
    dir = await fixtureDir();
    database = await engine.create();
    env = { BIBLIO_TRANSCRIBE_WINDOW: '10s', ...database.env };
    app = await startAppliance({ env });
  });

  afterAll(async () => {
    await app?.stop();
    if (app) await killEmbeddedRedis(app.dataDir);
    if (app) await rm(app.dataDir, { recursive: true, force: true });
    await database?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  describe('a talking video', () => {
    it('reaches READY with playable HLS, a JPEG thumbnail, a transcript and search that jumps to the phrase', async () => {
      const video = await talkingVideo(dir, VIDEO_LINES, { seconds: 24 });
      const id = await upload(video.bytes, { filename: 'lecture.mp4', filetype: 'video/mp4', language: 'en' });
      const media = await settled(id);
      expect(media.status, JSON.stringify(media)).toBe('READY');
      expect(media.durationSec).toBeCloseTo(24, 0);
      for (const stage of ['validate', 'thumbnails', 'hls', 'audio', 'transcribe', 'index']) {
        expect(media.stages[stage]).toMatchObject({ status: 'done', progress: 100, error: null });
      }

      // Playback: a signed URL that ffprobe can read end to end; unsigned or tampered: 403.
      const playback = (await api(app.url, ADMIN_TOKEN, `/api/media/${id}/playback`)).json;
      expect(new Date(playback.expiresAt).getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
      const probe = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,height:format=duration', '-of', 'json', playback.url], { encoding: 'utf8' });
      const probed = JSON.parse(probe) as { streams: { codec_name: string; height?: number }[]; format: { duration: string } };
      expect(probed.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
      expect(probed.streams.find((s) => s.codec_name === 'h264')?.height).toBe(360);
      expect(Number(probed.format.duration)).toBeCloseTo(24, 0);
      const unsigned = playback.url.split('?')[0];
      expect((await fetch(unsigned)).status).toBe(403);
      expect((await fetch(playback.url.replace(/sig=[^&]+/, 'sig=forged'))).status).toBe(403);
      expect((await fetch(playback.url.replace(/exp=\d+/, 'exp=1000'))).status).toBe(403);

      const thumb = await fetch(`${app.url}/api/media/${id}/thumbnail.jpg`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(thumb.headers.get('content-type')).toBe('image/jpeg');
      const jpeg = Buffer.from(await thumb.arrayBuffer());
      expect(jpeg.subarray(0, 3).toString('hex')).toBe('ffd8ff');

      const vtt = (await api(app.url, ADMIN_TOKEN, `/api/media/${id}/transcript.vtt`)).text;
      expect(vtt.startsWith('WEBVTT')).toBe(true);
      expect(recall(CONTENT_WORDS, vtt)).toBeGreaterThanOrEqual(0.6);
      const srt = (await api(app.url, ADMIN_TOKEN, `/api/media/${id}/transcript.srt`)).text;
      expect(srt).toMatch(/^1\n\d\d:\d\d:\d\d,\d{3} --> /);

      // Search: the phrase of the second line returns this media first, at the moment it is said.
      const spoken = video.lines[1]!;
      const search = (await api(app.url, ADMIN_TOKEN, `/api/search?q=${encodeURIComponent('mountains and oceans')}`)).json;
      expect(search.results[0]).toMatchObject({ mediaId: id, filename: 'lecture.mp4' });
      expect(search.results[0].start).toBeGreaterThanOrEqual(spoken.atSec - 1);
      expect(search.results[0].start).toBeLessThanOrEqual(spoken.atSec + spoken.durationSec! + 1);
    });
  });

  describe('an audio-only upload', () => {
    it('reaches READY with a waveform, audio HLS, a transcript and a search hit', async () => {
      const audio = await talkingAudio(dir, [{ text: 'Our podcast talks about the ocean and the weather.', atSec: 1 }], 8);
      const id = await upload(audio.bytes, { filename: 'episode.mp3', filetype: 'audio/mpeg' });
      const media = await settled(id);
      expect(media.status, JSON.stringify(media)).toBe('READY');
      const thumb = await fetch(`${app.url}/api/media/${id}/thumbnail.jpg`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(thumb.status).toBe(200);
      const playback = (await api(app.url, ADMIN_TOKEN, `/api/media/${id}/playback`)).json;
      const probe = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', playback.url], { encoding: 'utf8' });
      expect([...new Set(probe.split('\n').filter(Boolean))]).toEqual(['audio']);
      const transcript = (await api(app.url, ADMIN_TOKEN, `/api/media/${id}/transcript.json`)).json;
      expect(recall(['podcast', 'ocean', 'weather'], transcript.segments.map((s: { text: string }) => s.text).join(' '))).toBeGreaterThanOrEqual(0.6);
      const search = (await api(app.url, ADMIN_TOKEN, '/api/search?q=weather')).json;
      expect(search.results.map((r: { mediaId: string }) => r.mediaId)).toContain(id);

      // Deleting removes the upload and every derived file, and the media leaves search.
      const owner = (await api(app.url, ADMIN_TOKEN, '/api/me')).json.id as string;
      const derived = path.join(app.dataDir, 'storage', 'media', owner, id);
      expect(existsSync(derived)).toBe(true);
      expect((await api(app.url, ADMIN_TOKEN, `/api/media/${id}`, { method: 'DELETE' })).status).toBe(204);
      expect(existsSync(derived)).toBe(false);
      expect(existsSync(path.join(app.dataDir, 'storage', 'uploads', owner, id))).toBe(false);
      const after = (await api(app.url, ADMIN_TOKEN, '/api/search?q=weather')).json;
      expect(after.results.map((r: { mediaId: string }) => r.mediaId)).not.toContain(id);
    });
  });

  describe('files that are not what they claim', () => {
    it.each([
      ['random bytes named .mp4', () => randomData(200_000), 'not a supported video or audio format'],
      ['an executable', () => execFileSync('cat', ['/bin/ls']), 'not a supported video or audio format'],
      ['a zero-length file', () => Buffer.alloc(0), 'empty'],
    ])('rejects %s with a reason', async (_name, bytes, reason) => {
      const id = await upload(bytes(), { filename: 'holiday.mp4', filetype: 'video/mp4' });
      const media = await settled(id, 60_000);
      expect(media.status).toBe('REJECTED');
      expect(media.error).toContain(reason);
      expect(media.stages.validate.status).toBe('failed');
      expect((await api(app.url, ADMIN_TOKEN, `/api/media/${id}/playback`)).status).toBe(409);
    });

    it('rejects a truncated video', async () => {
      const video = await talkingVideo(dir, VIDEO_LINES.slice(0, 1), { seconds: 6, name: 'short.mp4' });
      const id = await upload(video.bytes.subarray(0, Math.floor(video.bytes.length * 0.6)), { filename: 'cut.mp4', filetype: 'video/mp4' });
      const media = await settled(id, 60_000);
      expect(media.status).toBe('REJECTED');
      expect(media.error).toMatch(/truncated|damaged|cannot be read/);
    });
  });

  describe('a worker killed mid-stage', () => {
    it('has its HLS job picked up again after a SIGKILL and the media still reaches READY', async () => {
      const video = await talkingVideo(dir, VIDEO_LINES.slice(0, 1), { seconds: 40, width: 1280, height: 720, name: 'long.mp4' });
      const id = await upload(video.bytes, { filename: 'long.mp4', filetype: 'video/mp4' });
      await waitFor(
        'the hls stage to be under way',
        async () => {
          const hls = (await api(app.url, ADMIN_TOKEN, `/api/media/${id}`)).json?.stages?.hls;
          return hls?.status === 'running' && hls.progress >= 5;
        },
        120_000,
      );
      await app.kill();
      const restarted = Date.now();
      app = await startAppliance({ dataDir: app.dataDir, env });
      // The dead worker's lock expires (10 s) and the stalled-job check (every 5 s) requeues it.
      await waitFor(
        'the hls stage to run again',
        async () => {
          const hls = (await api(app.url, ADMIN_TOKEN, `/api/media/${id}`)).json?.stages?.hls;
          return (hls?.status === 'running' && hls.progress < 5) || hls?.status === 'done';
        },
        60_000,
      );
      const recoveredAfterMs = Date.now() - restarted;
      const media = await settled(id, 180_000);
      expect(media.status, JSON.stringify(media)).toBe('READY');
      expect(recoveredAfterMs).toBeLessThan(30_000);
      const playback = (await api(app.url, ADMIN_TOKEN, `/api/media/${id}/playback`)).json;
      const master = await (await fetch(playback.url)).text();
      expect(master.match(/#EXT-X-STREAM-INF/g)?.length).toBe(2); // 360p and 720p, never upscaled to 1080p
    });
  });
});
