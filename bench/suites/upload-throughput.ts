import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { api, compiledEntry, launchAppliance } from '../lib/appliance.js';
import { figure, notMeasured, type Figure } from '../lib/figures.js';
import { randomFile } from '../lib/media.js';
import { rawPut, rawS3Put, startRawPutServer } from '../lib/raw-put.js';
import { GiB, MiB } from '../lib/stats.js';
import type { Suite, SuiteContext } from '../lib/suite.js';
import { tusUpload } from '../lib/uploads.js';
import { DEFAULT_TUNING } from '../../desktop/src/core/tuning.js';

const label = (chunk: number) => (Number.isFinite(chunk) ? `${chunk / MiB}mib` : 'unlimited');
/** The desktop's default chunk size: the headline figure uses it. */
const DEFAULT_CHUNK = DEFAULT_TUNING.chunkSize;

/** Dirty pages of the previous transfer are written out first, so each run starts alike. */
const settle = () => execFileSync('sync');

interface StoreRun {
  store: 'fs' | 's3';
  env: Record<string, string>;
  raw: (file: string, dataDir: string, n: number) => Promise<number>;
}

/** Best of `reps` for tus (each chunk size) and for the raw PUT, alternating them. */
async function measureStore(ctx: SuiteContext, run: StoreRun, file: string, warmUp: string, bytes: number, chunks: number[], reps: number): Promise<Figure[]> {
  const appliance = await launchAppliance({ env: run.env, entry: compiledEntry() });
  const mibps = (seconds: number) => bytes / MiB / seconds;
  try {
    const raw: number[] = [];
    const tus = new Map<number, number[]>(chunks.map((c) => [c, []]));
    const resumed: string[] = [];
    // A running appliance is warm: one upload first, so the JIT's start-up is not in the figures.
    const warm = await tusUpload(appliance.url, warmUp, 8 * MiB);
    await api(appliance.url, `/api/media/${warm.mediaId}`, { method: 'DELETE' }).catch(() => undefined);
    for (let rep = 0; rep < reps; rep++) {
      settle();
      raw.push(await run.raw(file, appliance.dataDir, rep));
      for (const chunk of chunks) {
        settle();
        const done = await tusUpload(appliance.url, file, chunk);
        tus.get(chunk)!.push(done.seconds);
        if (done.resumes > 0) resumed.push(`${label(chunk)} rep ${rep + 1}: ${done.resumes}`);
        // Rejected by validate (random bytes); deleting frees the disk for the next run.
        await api(appliance.url, `/api/media/${done.mediaId}`, { method: 'DELETE' }).catch(() => undefined);
      }
      ctx.log(`${run.store} rep ${rep + 1}: raw ${mibps(raw[rep]!).toFixed(0)} MiB/s, tus ${chunks.map((c) => `${label(c)} ${mibps(tus.get(c)![rep]!).toFixed(0)}`).join(', ')} MiB/s`);
    }
    const rawBest = mibps(Math.min(...raw));
    const figures = chunks.map((chunk) =>
      figure(`${run.store}_${label(chunk)}_mibps`, { value: mibps(Math.min(...tus.get(chunk)!)), baseline: rawBest, unit: 'MiB/s', better: 'higher' }),
    );
    const headline = figures[chunks.indexOf(DEFAULT_CHUNK)]!;
    const name = run.store === 'fs' ? 'throughput_ratio' : 'throughput_ratio_s3';
    const hiccups = resumed.length > 0 ? `; uploads resumed after a transient failure (e.g. HTTP 423): ${resumed.join(', ')}` : '';
    figures.unshift({
      ...headline,
      name,
      target: run.store === 'fs' ? 'ratio >= 0.9' : null,
      note: `tus at the desktop's default ${DEFAULT_CHUNK / MiB} MiB chunks vs the raw streaming PUT, ${run.store === 'fs' ? 'filesystem store' : 'S3 store (Ceph RGW)'}${hiccups}`,
    });
    return figures;
  } finally {
    await appliance.dispose();
  }
}

export const uploadThroughput: Suite = {
  name: 'upload-throughput',
  description: 'tus upload (desktop UploadTask) vs a raw streaming PUT, filesystem and S3 stores, by chunk size',
  async run(ctx) {
    const bytes = ctx.quick ? 256 * MiB : GiB;
    const chunks = ctx.quick ? [8 * MiB, DEFAULT_CHUNK, Number.POSITIVE_INFINITY] : [8 * MiB, 32 * MiB, DEFAULT_CHUNK, 128 * MiB, Number.POSITIVE_INFINITY];
    const reps = ctx.quick ? 1 : 2;
    const file = await randomFile(path.join(ctx.workDir, 'upload.mp4'), bytes);
    const warmUp = await randomFile(path.join(ctx.workDir, 'warm-up.mp4'), 64 * MiB);
    const notes = [
      `${bytes / MiB} MiB of random data per upload, best of ${reps}, after one 64 MiB warm-up upload; client and appliance on one machine over loopback; the appliance runs compiled (as in the image)`,
      'raw baseline, filesystem: one streaming PUT from Node to a plain Node server process writing to the same disk; S3: one streaming PUT with curl straight to RGW',
    ];
    const fsRun: StoreRun = {
      store: 'fs',
      env: {},
      raw: async (f, dataDir) => {
        const dir = path.join(dataDir, 'raw');
        await mkdir(dir, { recursive: true });
        const server = await startRawPutServer(dir);
        try {
          return await rawPut(server.url, f);
        } finally {
          await server.stop();
        }
      },
    };
    const figures = await measureStore(ctx, fsRun, file, warmUp, bytes, chunks, reps);
    const s3 = await ctx.servers.s3Env();
    if (s3.ok) {
      const s3Run: StoreRun = { store: 's3', env: s3.value, raw: (f, _dir, n) => rawS3Put(s3.value, `bench/raw-${Date.now()}-${n}`, f) };
      figures.push(...(await measureStore(ctx, s3Run, file, warmUp, bytes, chunks, reps)));
    } else {
      figures.push(notMeasured('throughput_ratio_s3', 'MiB/s', 'higher', s3.missing));
    }
    return { figures, notes };
  },
};
