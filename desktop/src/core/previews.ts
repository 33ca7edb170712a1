import { createHash } from 'node:crypto';
import path from 'node:path';
import type { UploadPreview } from '@biblio/shared';
import { runTool, ToolMissingError, type MediaTools } from './ffmpeg.js';
import { verdictOfProbe } from './media-check.js';
import { isVideoType } from './media-types.js';
import { partialPeaks, PeakReducer } from './peaks.js';
import { parseProbe, pcmArgs, PEAK_SAMPLE_RATE, probeArgs, thumbnailArgs, thumbnailMoment, type ProbeResult } from './preview-commands.js';
import { readJsonFile, writeJsonAtomic } from './state-file.js';

export const PEAK_COUNT = 200;
/** The coarse pass reads this much of the file; files not much longer get one (final) pass. */
const COARSE_SECONDS = 60;
/** 10 ms blocks at 8 kHz. */
const BLOCK_SAMPLES = PEAK_SAMPLE_RATE / 100;

export const EMPTY_PREVIEW: UploadPreview = { thumbnail: null, peaks: null, final: false, error: null };

export interface PreviewJob {
  key: string;
  path: string;
  mimeType: string;
  /** The cache key; a function so queued jobs do not read files before their turn. */
  fingerprint: () => Promise<string>;
  onUpdate: (preview: UploadPreview) => void;
}

/**
 * Thumbnails and waveform peaks, made by FFmpeg child processes one file at a time (previews must
 * not starve uploads of CPU on small machines) and cached by fingerprint, so a restart or a
 * re-added file does not decode again.
 */
export class PreviewService {
  private readonly waiting: PreviewJob[] = [];
  private running: { key: string; abort: AbortController } | null = null;
  private closed = false;

  constructor(
    private readonly tools: MediaTools,
    private readonly cacheDir: string,
    private readonly warn: (message: string, detail?: unknown) => void,
  ) {}

  request(job: PreviewJob): void {
    if (this.closed) return;
    this.cancel(job.key);
    this.waiting.push(job);
    void this.next();
  }

  cancel(key: string): void {
    const index = this.waiting.findIndex((job) => job.key === key);
    if (index >= 0) this.waiting.splice(index, 1);
    if (this.running?.key === key) this.running.abort.abort();
  }

  close(): void {
    this.closed = true;
    this.waiting.length = 0;
    this.running?.abort.abort();
  }

  private async next(): Promise<void> {
    if (this.running || this.closed) return;
    const job = this.waiting.shift();
    if (!job) return;
    const abort = new AbortController();
    this.running = { key: job.key, abort };
    try {
      await this.make(job, abort.signal);
    } catch (error) {
      if (!abort.signal.aborted) this.warn(`preview of ${job.path} failed`, error);
    } finally {
      this.running = null;
      void this.next();
    }
  }

  private async make(job: PreviewJob, signal: AbortSignal): Promise<void> {
    const cacheFile = path.join(this.cacheDir, `${createHash('sha256').update(await job.fingerprint()).digest('hex').slice(0, 40)}.json`);
    const cached = await readJsonFile(cacheFile);
    if ('data' in cached && isPreview(cached.data)) {
      job.onUpdate(cached.data);
      return;
    }
    let preview: UploadPreview = { ...EMPTY_PREVIEW };
    const update = (patch: Partial<UploadPreview>) => {
      preview = { ...preview, ...patch };
      if (!signal.aborted) job.onUpdate(preview);
    };
    try {
      const probe = await this.probe(job, signal);
      // FFmpeg "plays" text and still images (tty, image2): no picture of them as a recording.
      const verdict = verdictOfProbe(job.path, probe);
      if (verdict.readable === false) {
        update({ error: `no preview: ${verdict.reason}`, final: true });
        return;
      }
      if (probe.hasVideo) update({ thumbnail: await this.thumbnail(job.path, probe.durationSec, signal) });
      if (!probe.hasAudio) {
        update({ peaks: [], final: true });
      } else if (probe.durationSec !== null && probe.durationSec > COARSE_SECONDS * 1.5) {
        const coarse = await this.peaks(job.path, signal, COARSE_SECONDS);
        update({ peaks: partialPeaks(coarse, PEAK_COUNT, COARSE_SECONDS / probe.durationSec), final: false });
        update({ peaks: (await this.peaks(job.path, signal)).peaks(PEAK_COUNT), final: true });
      } else {
        update({ peaks: (await this.peaks(job.path, signal)).peaks(PEAK_COUNT), final: true });
      }
    } catch (error) {
      if (signal.aborted) return;
      const reason = error instanceof ToolMissingError ? error.message : `no preview: ${error instanceof Error ? error.message : String(error)}`;
      update({ error: reason, final: true });
      return;
    }
    await writeJsonAtomic(cacheFile, preview, 0o600).catch((error: unknown) => this.warn('could not cache a preview', error));
  }

  private async probe(job: PreviewJob, signal: AbortSignal): Promise<ProbeResult> {
    try {
      return parseProbe((await runTool(this.tools.ffprobe, probeArgs(job.path), { signal, timeoutMs: 60_000 })).toString('utf8'));
    } catch (error) {
      // Without ffprobe (a system with ffmpeg only) fall back on the extension and one pass.
      if (!(error instanceof ToolMissingError)) throw error;
      return { durationSec: null, hasVideo: isVideoType(job.mimeType), hasAudio: true };
    }
  }

  private async thumbnail(file: string, durationSec: number | null, signal: AbortSignal): Promise<string | null> {
    let jpeg = await runTool(this.tools.ffmpeg, thumbnailArgs(file, thumbnailMoment(durationSec)), { signal, timeoutMs: 60_000 });
    // A seek past the last keyframe of a very short clip gives no frame: take the first one.
    if (jpeg.length === 0) jpeg = await runTool(this.tools.ffmpeg, thumbnailArgs(file, 0), { signal, timeoutMs: 60_000 });
    return jpeg.length > 0 ? `data:image/jpeg;base64,${jpeg.toString('base64')}` : null;
  }

  private async peaks(file: string, signal: AbortSignal, limitSec?: number): Promise<PeakReducer> {
    const reducer = new PeakReducer(BLOCK_SAMPLES);
    await runTool(this.tools.ffmpeg, pcmArgs(file, limitSec), { signal, onStdout: (chunk) => reducer.push(chunk), timeoutMs: 60 * 60_000 });
    return reducer;
  }
}

function isPreview(value: unknown): value is UploadPreview {
  const v = value as UploadPreview | null;
  return !!v && typeof v === 'object' && v.final === true && v.error === null && (v.peaks === null || Array.isArray(v.peaks));
}
