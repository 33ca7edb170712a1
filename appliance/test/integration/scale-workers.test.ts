import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADMIN_TOKEN, api, type ApplianceProcess, createUpload, fixtureDir, startAppliance, talkingVideo, waitFor } from '@biblio/test-support';
import { freshPostgresDatabase, postgresMissing, postgresUrl, redactUrl } from './harness/database-targets.js';
import { TestRedis } from './harness/redis-server.js';

/**
 * Scale-out for real: one `--role api` and two `--role worker` processes share a real Postgres
 * 17 + pgvector (scripts/pg-test-server), a private redis-server and the S3 server (Ceph RGW).
 * A batch of uploads is shared between the workers with every stage run exactly once per media
 * (counted from the workers' JSON logs), and a worker SIGKILLed in the middle of a stage has
 * its job finished by the other one.
 */
const STAGES = ['validate', 'thumbnails', 'hls', 'audio', 'transcribe', 'index'] as const;
const s3 = inject('s3');
const skip = postgresMissing() ?? ('missing' in s3 ? s3.missing : undefined);
const pgUrl = postgresUrl();
const title = skip
  ? `two workers sharing the pipeline: SKIPPED, ${skip}`
  : `two workers sharing the pipeline on Postgres + pgvector (${redactUrl(pgUrl!)}), Redis and S3`;

const SENTENCES = [
  'The river flows past the old library.',
  'Students read books about mountains and oceans.',
  'The museum opens every morning at nine.',
  'A farmer grows apples in the valley.',
  'The orchestra plays music in the park.',
  'Engineers build a bridge across the harbour.',
];

interface StageLine {
  worker: number;
  mediaId: string;
  stage: string;
  msg: string;
}

/** 'stage finished' / 'stage attempt failed' lines of the workers' pino JSON logs. */
function stageLines(workers: ApplianceProcess[]): StageLine[] {
  return workers.flatMap((w, worker) =>
    w
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => {
        try {
          return JSON.parse(line) as { msg?: string; mediaId?: string; stage?: string };
        } catch {
          return {};
        }
      })
      .filter((l) => (l.msg === 'stage finished' || l.msg === 'stage attempt failed') && l.mediaId && l.stage)
      .map((l) => ({ worker, mediaId: l.mediaId!, stage: l.stage!, msg: l.msg! })),
  );
}

function finishedCount(lines: StageLine[], mediaId: string, stage: string, worker?: number): number {
  return lines.filter((l) => l.msg === 'stage finished' && l.mediaId === mediaId && l.stage === stage && (worker === undefined || l.worker === worker)).length;
}

/** Command lines of the direct children of a process (the FFmpeg or pocketsphinx a worker runs). */
function childProcesses(pid: number): { pid: number; comm: string; cmdline: string }[] {
  const children: { pid: number; comm: string; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== pid) continue;
      children.push({
        pid: Number(entry),
        comm: readFileSync(`/proc/${entry}/comm`, 'utf8').trim(),
        cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' '),
      });
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

describe.skipIf(skip !== undefined)(title, () => {
  let redis: TestRedis;
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>> | undefined;
  let apiProcess: ApplianceProcess;
  const workers: ApplianceProcess[] = [];
  let dir: string;
  let env: Record<string, string>;

  async function upload(bytes: Buffer, filename: string): Promise<string> {
    const created = await createUpload(apiProcess.url, ADMIN_TOKEN, bytes.length, { filename, filetype: 'video/mp4', language: 'en' }, {}, bytes);
    expect(created.status, created.body).toBe(201);
    return created.mediaId!;
  }

  const media = async (id: string) => (await api(apiProcess.url, ADMIN_TOKEN, `/api/media/${id}`)).json;

  async function allSettled(ids: string[], timeoutMs: number) {
    return waitFor(
      `${ids.length} media to settle`,
      async () => {
        const all = await Promise.all(ids.map(media));
        return all.every((m) => ['READY', 'FAILED', 'REJECTED'].includes(m?.status)) ? all : undefined;
      },
      timeoutMs,
    );
  }

  beforeAll(async () => {
    if (skip || !('env' in s3)) return;
    dir = await fixtureDir();
    redis = await TestRedis.create();
    await redis.start();
    database = await freshPostgresDatabase();
    env = {
      ...s3.env,
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      BIBLIO_LOG_LEVEL: 'info',
      BIBLIO_TRANSCRIBE_WINDOW: '10s',
      BIBLIO_BACKOFF_SCALE: '0.01',
    };
    apiProcess = await startAppliance({ env, args: ['--role', 'api'] });
    // Started one after the other: both run the migrations, serialised by an advisory lock.
    workers.push(await startAppliance({ env, args: ['--role', 'worker'] }));
    workers.push(await startAppliance({ env, args: ['--role', 'worker'] }));
  }, 180_000);

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await apiProcess?.stop();
    await database?.dispose();
    await redis?.stop();
    for (const d of [apiProcess?.dataDir, redis?.dir, dir, ...workers.map((w) => w.dataDir)]) if (d) await rm(d, { recursive: true, force: true });
  });

  it('share a batch of six uploads: each stage runs exactly once per media, both workers work, all READY', async () => {
    const clips = [];
    for (const [i, text] of SENTENCES.entries()) clips.push(await talkingVideo(dir, [{ text, atSec: 1 }], { seconds: 6, width: 320, height: 180, name: `clip-${i}.mp4` }));
    const started = Date.now();
    const ids = await Promise.all(clips.map((clip, i) => upload(clip.bytes, `clip-${i}.mp4`)));
    const settled = await allSettled(ids, 300_000);
    const seconds = (Date.now() - started) / 1000;
    for (const m of settled) expect(m.status, JSON.stringify(m)).toBe('READY');

    const lines = stageLines(workers);
    const perWorker = [0, 1].map((w) => lines.filter((l) => l.worker === w && l.msg === 'stage finished' && ids.includes(l.mediaId)).length);
    console.log(`six uploads READY in ${seconds.toFixed(1)} s; stages finished per worker: ${perWorker.join(' + ')}`);
    for (const id of ids) {
      for (const stage of STAGES) expect(finishedCount(lines, id, stage), `${stage} of ${id}`).toBe(1);
    }
    expect(lines.filter((l) => l.msg === 'stage attempt failed' && ids.includes(l.mediaId))).toEqual([]);
    expect(perWorker[0]).toBeGreaterThan(0);
    expect(perWorker[1]).toBeGreaterThan(0);
    expect(perWorker[0]! + perWorker[1]!).toBe(ids.length * STAGES.length);

    // The shared index (pgvector on the real Postgres) answers through the api process.
    const search = (await api(apiProcess.url, ADMIN_TOKEN, `/api/search?q=${encodeURIComponent('orchestra plays music')}`)).json;
    expect(search.results[0]?.mediaId).toBe(ids[4]);
  }, 420_000);

  it('finish every media when one worker is SIGKILLed mid-stage while the other runs', async () => {
    const long = await talkingVideo(dir, [{ text: SENTENCES[0]!, atSec: 1 }], { seconds: 30, width: 1280, height: 720, name: 'long.mp4' });
    const short = await talkingVideo(dir, [{ text: SENTENCES[1]!, atSec: 1 }], { seconds: 6, width: 320, height: 180, name: 'short.mp4' });
    const longId = await upload(long.bytes, 'long.mp4');
    const shortIds = [await upload(short.bytes, 'short-a.mp4'), await upload(short.bytes, 'short-b.mp4')];

    // Which worker runs the long video's HLS? The one whose FFmpeg child writes into an hls work dir.
    const victim = await waitFor(
      'the long video HLS to be under way in a worker',
      async () => {
        const hls = (await media(longId))?.stages?.hls;
        if (hls?.status !== 'running' || hls.progress < 5) return undefined;
        const index = workers.findIndex((w) => childProcesses(w.child.pid!).some((c) => c.comm === 'ffmpeg' && /\/stages\/hls-\d+-/.test(c.cmdline)));
        return index >= 0 ? index : undefined;
      },
      180_000,
    );
    const survivor = 1 - victim;
    const orphans = childProcesses(workers[victim]!.child.pid!);
    await workers[victim]!.kill();
    // A container runtime would take the whole process group down; here the worker's FFmpeg
    // children would run on as orphans, so end them (only these PIDs, checked by name).
    for (const child of orphans) {
      try {
        if (readFileSync(`/proc/${child.pid}/comm`, 'utf8').trim() === child.comm) process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const killedAt = Date.now();

    const settled = await allSettled([longId, ...shortIds], 300_000);
    for (const m of settled) expect(m.status, JSON.stringify(m)).toBe('READY');
    const lines = stageLines(workers);
    // The interrupted HLS was finished by the survivor (BullMQ's stalled-job check gave it the job).
    expect(finishedCount(lines, longId, 'hls', victim)).toBe(0);
    expect(finishedCount(lines, longId, 'hls', survivor)).toBe(1);
    for (const id of [longId, ...shortIds]) {
      for (const stage of STAGES) expect(finishedCount(lines, id, stage), `${stage} of ${id}`).toBeGreaterThanOrEqual(1);
    }
    console.log(`worker ${victim + 1} killed mid-HLS; everything READY ${((Date.now() - killedAt) / 1000).toFixed(1)} s later`);
    const master = await (await fetch((await api(apiProcess.url, ADMIN_TOKEN, `/api/media/${longId}/playback`)).json.url)).text();
    expect(master.match(/#EXT-X-STREAM-INF/g)?.length).toBe(2);
  }, 420_000);
});
