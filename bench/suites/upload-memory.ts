import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { api, compiledEntry, launchAppliance, type BenchAppliance } from '../lib/appliance.js';
import { figure, notMeasured, type Figure } from '../lib/figures.js';
import { randomFile } from '../lib/media.js';
import { describeTree, sampleTreeRss, treeRss } from '../lib/rss.js';
import { GiB, mean, MiB } from '../lib/stats.js';
import type { Suite, SuiteContext } from '../lib/suite.js';
import { tusUpload } from '../lib/uploads.js';
import { DEFAULT_TUNING } from '../../desktop/src/core/tuning.js';

const CONCURRENT = 20;
const CHUNK = DEFAULT_TUNING.chunkSize;

/** Mean tree RSS over a few seconds of doing nothing. */
async function idleRss(appliance: BenchAppliance, seconds: number): Promise<number> {
  const sampler = sampleTreeRss(appliance.process.child.pid!, 250);
  await sleep(seconds * 1000);
  return mean(sampler.stop().samples);
}

/** Peak tree RSS while CONCURRENT uploads of `file` run at once, minus the idle level before. */
async function growthUnderLoad(ctx: SuiteContext, appliance: BenchAppliance, file: string, label: string): Promise<{ figure: Figure; note: string }> {
  const before = await idleRss(appliance, 3);
  const sampler = sampleTreeRss(appliance.process.child.pid!, 200);
  const start = process.hrtime.bigint();
  const done = await Promise.all(Array.from({ length: CONCURRENT }, () => tusUpload(appliance.url, file, CHUNK)));
  const { peak } = sampler.stop();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  for (const { mediaId } of done) await api(appliance.url, `/api/media/${mediaId}`, { method: 'DELETE' }).catch(() => undefined);
  const growth = peak.totalMiB - before;
  ctx.log(`${label}: idle ${before.toFixed(0)} MiB, peak ${peak.totalMiB.toFixed(0)} MiB (${describeTree(peak)}) in ${seconds.toFixed(0)} s`);
  return {
    figure: figure(`rss_growth_mb_${label}`, { value: growth, unit: 'MiB', better: 'lower' }),
    note: `${label}: ${CONCURRENT} uploads at once in ${seconds.toFixed(0)} s; peak ${peak.totalMiB.toFixed(0)} MiB (${describeTree(peak)}) over ${before.toFixed(0)} MiB before`,
  };
}

export const uploadMemory: Suite = {
  name: 'upload-memory',
  description: 'RSS of the all-in-one appliance process tree: idle, and growth under 20 concurrent uploads',
  async run(ctx) {
    const small = await randomFile(path.join(ctx.workDir, 'upload-256mib.mp4'), 256 * MiB);
    const large = ctx.quick ? null : await randomFile(path.join(ctx.workDir, 'upload-1gib.mp4'), GiB);
    // Memory is measured on what production runs: the compiled JavaScript, not the tsx loader.
    const appliance = await launchAppliance({ entry: compiledEntry() });
    try {
      // Let start-up work (migrations, the reconciler's first pass) settle before "idle".
      await sleep(5_000);
      const idle = await idleRss(appliance, 5);
      const idleTree = treeRss(appliance.process.child.pid!);
      ctx.log(`idle ${idle.toFixed(0)} MiB: ${describeTree(idleTree)}`);
      const figures = [
        figure('idle_rss_mb', { value: idle, unit: 'MiB', better: 'lower', target: 'value <= 250', note: `mean over 5 s after a 5 s settle: ${describeTree(idleTree)}` }),
      ];
      const notes = ['the appliance runs as in production (compiled JavaScript, MALLOC_ARENA_MAX=2, all-in-one role, PGlite, embedded redis-server, filesystem store); RSS is summed over its whole process tree from /proc', `uploads use the desktop UploadTask with its default ${CHUNK / MiB} MiB chunks; each run's media are deleted afterwards`];
      const smallRun = await growthUnderLoad(ctx, appliance, small, '256mib');
      figures.push(smallRun.figure);
      notes.push(smallRun.note);
      if (large) {
        const largeRun = await growthUnderLoad(ctx, appliance, large, '1gib');
        figures.push(largeRun.figure);
        notes.push(largeRun.note);
      } else {
        figures.push(notMeasured('rss_growth_mb_1gib', 'MiB', 'lower', 'not measured with --quick (20 GiB of uploads)'));
      }
      return { figures, notes };
    } finally {
      await appliance.dispose();
    }
  },
};
