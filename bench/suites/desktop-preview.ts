import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import type { UploadPreview } from '@biblio/shared';
import { resolveMediaTools } from '../../desktop/src/core/ffmpeg.js';
import { pcmArgs, thumbnailArgs, thumbnailMoment } from '../../desktop/src/core/preview-commands.js';
import { PreviewService } from '../../desktop/src/core/previews.js';
import { timeCommand } from '../lib/commands.js';
import { figure, notMeasured, type Figure } from '../lib/figures.js';
import { durationOf, loopedCopy, toneVideo } from '../lib/media.js';
import { percentile } from '../lib/stats.js';
import type { Suite, SuiteContext } from '../lib/suite.js';

interface PreviewTimes {
  thumbnailSec: number;
  /** First (coarse) waveform shown, for files long enough to get one. */
  firstPeaksSec: number;
  waveformSec: number;
}

/** The desktop core's PreviewService on one file with an empty cache, timed from the request. */
async function servicePreview(file: string, cacheRoot: string): Promise<PreviewTimes> {
  const cacheDir = await mkdtemp(path.join(cacheRoot, 'cache-'));
  const warnings: string[] = [];
  const service = new PreviewService(resolveMediaTools({}), cacheDir, (m) => warnings.push(m));
  const start = process.hrtime.bigint();
  const since = () => Number(process.hrtime.bigint() - start) / 1e9;
  try {
    return await new Promise<PreviewTimes>((resolve, reject) => {
      const times: Partial<PreviewTimes> = {};
      service.request({
        key: 'bench',
        path: file,
        mimeType: 'video/mp4',
        fingerprint: async () => `${file}:${start}`,
        onUpdate: (preview: UploadPreview) => {
          if (preview.error) return reject(new Error(`preview failed: ${preview.error}`));
          if (preview.thumbnail && times.thumbnailSec === undefined) times.thumbnailSec = since();
          if (preview.peaks && times.firstPeaksSec === undefined) times.firstPeaksSec = since();
          if (preview.final) {
            times.waveformSec = since();
            if (times.thumbnailSec === undefined) return reject(new Error('the preview finished without a thumbnail'));
            resolve(times as PreviewTimes);
          }
        },
      });
    });
  } finally {
    service.close();
  }
}

/** The same FFmpeg commands alone: one seek-and-decode for the frame, one full audio decode. */
async function rawPreview(file: string, durationSec: number): Promise<{ thumbnailSec: number; waveformSec: number }> {
  const ffmpeg = resolveMediaTools({}).ffmpeg;
  const thumbnailSec = await timeCommand(ffmpeg, thumbnailArgs(file, thumbnailMoment(durationSec)));
  const waveformSec = await timeCommand(ffmpeg, pcmArgs(file));
  return { thumbnailSec, waveformSec };
}

const median = (xs: number[]) => percentile(xs, 50);

async function measure(ctx: SuiteContext, label: string, file: string, reps: number): Promise<Figure[]> {
  const durationSec = await durationOf(file);
  const service: PreviewTimes[] = [];
  const raw: { thumbnailSec: number; waveformSec: number }[] = [];
  // Alternate the two so drifting background load hits both alike.
  for (let i = 0; i < reps; i++) {
    service.push(await servicePreview(file, ctx.workDir));
    raw.push(await rawPreview(file, durationSec));
  }
  ctx.log(`${label}: service ${JSON.stringify(service)} raw ${JSON.stringify(raw)}`);
  const note = `median of ${reps}; baseline: the same FFmpeg command alone (${label}, ${durationSec.toFixed(0)} s)`;
  return [
    figure(`thumbnail_s_${label}`, { value: median(service.map((s) => s.thumbnailSec)), baseline: median(raw.map((r) => r.thumbnailSec)), unit: 's', better: 'lower', note }),
    figure(`waveform_first_s_${label}`, { value: median(service.map((s) => s.firstPeaksSec)), unit: 's', better: 'lower', note: 'first (coarse or final) waveform shown' }),
    figure(`waveform_s_${label}`, { value: median(service.map((s) => s.waveformSec)), baseline: median(raw.map((r) => r.waveformSec)), unit: 's', better: 'lower', note }),
  ];
}

export const desktopPreview: Suite = {
  name: 'desktop-preview',
  description: 'desktop first thumbnail and complete waveform for 1 min and 1 h files vs raw FFmpeg',
  async run(ctx) {
    const minute = await toneVideo(path.join(ctx.workDir, 'minute.mp4'), 60);
    const longMinutes = ctx.quick ? 5 : 60;
    const long = await loopedCopy(minute, longMinutes, path.join(ctx.workDir, `long-${longMinutes}min.mp4`));
    ctx.log(`fixtures ready (1 min and ${longMinutes} min, 640x360 H.264 + AAC)`);
    const figures = [...(await measure(ctx, '1min', minute, 3))];
    if (ctx.quick) {
      figures.push(...(await measure(ctx, '5min', long, 1)));
      figures.push(notMeasured('thumbnail_s_1h', 's', 'lower', 'not measured with --quick (5 min file instead)'));
      figures.push(notMeasured('waveform_s_1h', 's', 'lower', 'not measured with --quick (5 min file instead)'));
    } else {
      figures.push(...(await measure(ctx, '1h', long, 2)));
    }
    return {
      figures,
      notes: [
        'fixtures: testsrc2 640x360 24 fps H.264 (GOP 48) + 440 Hz AAC; the long file is the 1 min clip repeated without re-encoding',
        'service times include ffprobe, the thumbnail, and for files over 90 s a coarse 60 s waveform pass before the full one',
      ],
    };
  },
};
