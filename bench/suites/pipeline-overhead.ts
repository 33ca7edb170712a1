import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { talkingVideo, type SpokenLine } from '@biblio/test-support';
import { api, launchAppliance } from '../lib/appliance.js';
import { figure } from '../lib/figures.js';
import { replaySequence, stageOf } from '../lib/replay.js';
import type { Suite, SuiteContext } from '../lib/suite.js';
import { epochNs, ToolRecorder, type ToolRun } from '../lib/tool-recorder.js';
import { tusUpload } from '../lib/uploads.js';

const TOOLS = ['ffmpeg', 'ffprobe', 'pocketsphinx_continuous'];
/** Stages after validate that run side by side, each a sequence of tool runs. */
const LANES: Record<string, string[]> = { thumbnails: ['thumbnails'], hls: ['hls'], speech: ['audio', 'transcribe', 'index'] };
const POLL_MS = 100;

const LINES: SpokenLine[] = [
  { text: 'welcome to the quarterly budget review', atSec: 1 },
  { text: 'the marketing team will present the campaign', atSec: 5 },
  { text: 'next we discuss the hiring plan for engineering', atSec: 20 },
  { text: 'finally the board approved the new office', atSec: 40 },
];

interface Timeline {
  readySec: number;
  searchableSec: number;
}

/** Polls status and search from the end of the upload until READY and until the phrase is found. */
async function watch(base: string, mediaId: string, query: string, deadlineSec: number): Promise<Timeline> {
  const start = process.hrtime.bigint();
  const since = () => Number(process.hrtime.bigint() - start) / 1e9;
  let readySec: number | undefined;
  let searchableSec: number | undefined;
  while (readySec === undefined || searchableSec === undefined) {
    if (since() > deadlineSec) throw new Error(`media ${mediaId} not READY and searchable within ${deadlineSec} s`);
    if (readySec === undefined) {
      const media = await api<{ status: string; error: string | null }>(base, `/api/media/${mediaId}`);
      if (media.status === 'READY') readySec = since();
      else if (['FAILED', 'REJECTED'].includes(media.status)) throw new Error(`media ${mediaId} ended ${media.status}: ${media.error}`);
    }
    if (searchableSec === undefined) {
      const found = await api<{ results: { mediaId: string }[] }>(base, `/api/search?q=${encodeURIComponent(query)}&limit=5`);
      if (found.results.some((r) => r.mediaId === mediaId)) searchableSec = since();
    }
    await sleep(POLL_MS);
  }
  return { readySec, searchableSec };
}

const seconds = (ns: bigint) => Number(ns) / 1e9;

/** When each stage's tools ran in the appliance, relative to the end of the upload. */
function describeStages(runs: ToolRun[], stagesRoot: string, t0: bigint): string {
  const spans = new Map<string, { from: bigint; to: bigint; tools: number; busy: bigint }>();
  for (const run of runs) {
    const stage = stageOf(run, stagesRoot);
    const span = spans.get(stage) ?? { from: run.startNs, to: run.endNs, tools: 0, busy: 0n };
    span.from = run.startNs < span.from ? run.startNs : span.from;
    span.to = run.endNs > span.to ? run.endNs : span.to;
    span.tools += 1;
    span.busy += run.endNs - run.startNs;
    spans.set(stage, span);
  }
  return [...spans].map(([stage, s]) => `${stage} ${seconds(s.from - t0).toFixed(1)}-${seconds(s.to - t0).toFixed(1)} s (${s.tools} runs, ${seconds(s.busy).toFixed(1)} s in tools)`).join('; ');
}

/** Replays validate, then the lanes side by side as the workers run them; returns lane end times. */
async function replay(ctx: SuiteContext, runs: ToolRun[], stagesRoot: string): Promise<{ validateSec: number; lanes: Record<string, number> }> {
  const replayRoot = path.join(ctx.workDir, 'replay');
  const byStage = (stages: string[]) => runs.filter((r) => stages.includes(stageOf(r, stagesRoot)));
  const validateSec = await replaySequence(byStage(['validate']), stagesRoot, replayRoot);
  const start = process.hrtime.bigint();
  const lanes: Record<string, number> = {};
  await Promise.all(
    Object.entries(LANES).map(async ([lane, stages]) => {
      await replaySequence(byStage(stages), stagesRoot, replayRoot);
      lanes[lane] = validateSec + Number(process.hrtime.bigint() - start) / 1e9;
    }),
  );
  return { validateSec, lanes };
}

export const pipelineOverhead: Suite = {
  name: 'pipeline-overhead',
  description: 'a 720p talking clip through the real pipeline vs the same tool runs replayed raw',
  async run(ctx) {
    const clipSec = ctx.quick ? 10 : 60;
    const lines = LINES.filter((l) => l.atSec < clipSec - 3);
    const clip = await talkingVideo(ctx.workDir, lines, { seconds: clipSec, width: 1280, height: 720, name: 'talk-720p.mp4' });
    const recorder = await ToolRecorder.create(ctx.workDir, TOOLS);
    const appliance = await launchAppliance({ env: { PATH: recorder.path() } });
    const stagesRoot = path.join(appliance.dataDir, 'tmp', 'stages');
    try {
      const upload = await tusUpload(appliance.url, clip.file, Number.POSITIVE_INFINITY);
      const t0 = epochNs();
      ctx.log(`uploaded ${clip.bytes.length} bytes in ${upload.seconds.toFixed(2)} s; waiting for READY`);
      const timeline = await watch(appliance.url, upload.mediaId, 'quarterly budget review', 20 * 60);
      // Engine checks (ffmpeg -version, pocketsphinx on a missing file) are not media work.
      const runs = (await recorder.runs()).filter((r) => r.startNs >= t0 - 1_000_000_000n && r.exitCode === 0 && r.args[0] !== '-version');
      const inAppliance = describeStages(runs, stagesRoot, t0);
      ctx.log(`READY after ${timeline.readySec.toFixed(1)} s, searchable after ${timeline.searchableSec.toFixed(1)} s; ${inAppliance}`);
      // The appliance is stopped (its data dir kept) so the replay has the machine to itself.
      await appliance.process.stop();
      const raw = await replay(ctx, runs, stagesRoot);
      const rawWall = Math.max(...Object.values(raw.lanes));
      ctx.log(`raw: validate ${raw.validateSec.toFixed(1)} s, lanes end ${JSON.stringify(raw.lanes)}`);
      return {
        figures: [
          figure('wall_ratio', { value: timeline.readySec, baseline: rawWall, unit: 's', better: 'lower', target: 'ratio <= 1.15', note: 'end of upload -> READY, vs the same tool runs replayed raw (validate, then thumbnails | hls | audio+transcribe side by side)' }),
          figure('searchable_ratio', { value: timeline.searchableSec, baseline: raw.lanes['speech']!, unit: 's', better: 'lower', note: 'end of upload -> /api/search finds a spoken phrase, vs the raw critical path (validate + audio + transcribe runs, replayed alongside the other lanes)' }),
        ],
        notes: [
          `fixture: ${clipSec} s 1280x720 testsrc2 + flite speech (H.264/AAC, ${(clip.bytes.length / 1e6).toFixed(1)} MB); filesystem store, PGlite, pocketsphinx, hashing embedder`,
          `tools in the appliance (s after the upload ended): ${inAppliance}`,
          `raw replay: validate ${raw.validateSec.toFixed(1)} s, lanes done at ${Object.entries(raw.lanes).map(([l, s]) => `${l} ${s.toFixed(1)} s`).join(', ')}; status and search polled every ${POLL_MS} ms`,
        ],
      };
    } finally {
      await appliance.dispose();
    }
  },
};
