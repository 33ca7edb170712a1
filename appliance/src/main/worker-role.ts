import { startStageWorkers } from '../adapters/queue/bullmq-workers.js';
import { startMaintenance } from '../adapters/queue/maintenance.js';
import path from 'node:path';
import { FfmpegMediaTool } from '../adapters/media/ffmpeg.js';
import { DataDirStageWorkspace } from '../adapters/system/stage-workspace.js';
import { selectSpeechToText } from '../adapters/stt/select.js';
import { buildRegistry } from '../pipeline/stages.js';
import { systemClock } from '../ports/clock.js';
import { FailureAlerts } from '../services/alerts.js';
import { refreshEmbeddings } from '../services/embedding-refresh.js';
import { StageRunner } from '../services/stage-runner.js';
import { Reconciler } from '../services/reconciler.js';
import { Sweeper } from '../services/sweeper.js';
import type { SharedParts } from './shared-parts.js';

/** The processing side: one BullMQ worker per stage, plus the sweeper's schedule. */
export async function startWorkerRole(parts: SharedParts) {
  const { config, log, db } = parts;
  const speechToText = await selectSpeechToText(config.stt, {
    modelsDir: config.modelsDir,
    ...(config.sttHttp.url ? { httpUrl: config.sttHttp.url } : {}),
    ...(config.sttHttp.model ? { httpModel: config.sttHttp.model } : {}),
    ...(config.sttHttp.apiKey ? { httpApiKey: config.sttHttp.apiKey } : {}),
    onWarning: (message) => log.warn(message),
  });
  const registry = buildRegistry({
    db,
    processing: db.processing,
    uploads: parts.storage,
    assets: parts.assets,
    mediaTool: new FfmpegMediaTool(),
    speechToText,
    embedder: parts.embedder,
    transcribeWindowSec: config.transcribeWindowSec,
  });
  const { stageDuration, stageFailures } = parts.metrics;
  const workspace = await DataDirStageWorkspace.open(path.join(config.dataDir, 'tmp', 'stages'));
  const orphans = await workspace.sweepOrphans();
  if (orphans > 0) log.info({ removed: orphans }, 'removed stage temp folders left by a crash');
  const runner = new StageRunner(
    db,
    parts.queue,
    parts.media,
    new FailureAlerts(config.alertWebhook, log),
    workspace,
    log,
    {
      attemptFinished: (stage, outcome, seconds, final) => {
        stageDuration.observe({ stage, outcome }, seconds);
        if (outcome === 'failed') stageFailures.inc({ stage, final: String(final) });
      },
    },
    async () => (await parts.diskGuard.lowest())?.message,
  );
  const workers = startStageWorkers(parts.redisUrl, registry, (stage, job, attempts, onProgress) => runner.run(stage, job, attempts, onProgress), log);
  const reconciler = new Reconciler(db, parts.queue, log);
  const sweeper = new Sweeper(
    db,
    parts.storage,
    parts.media,
    parts.queue,
    { uploadTtlMs: config.uploadTtlMs, retentionMs: config.retentionMs, stuckStageMs: config.stuckStageMs },
    systemClock,
    log,
    reconciler,
  );
  const maintenance = await startMaintenance(parts.redisUrl, config.sweepIntervalMs, () => sweeper.sweep(), log);
  // The database is the source of truth: rebuild lost jobs at start and whenever Redis loses data.
  // In the background: start-up must never wait on the queue (after a crash there are media in
  // flight, and each needs Redis round trips); the sweeper and the watchdog run it again anyway.
  void reconciler.reconcileAll().catch((err: unknown) => log.warn({ err }, 'reconciler: start-up pass failed; the sweeper retries'));
  parts.watchdog.onLoss(async () => {
    await maintenance.ensureSchedule();
    await reconciler.reconcileAll();
  });
  const embeddingRefresh = startEmbeddingRefresh(parts);
  log.info({ stt: speechToText.engine, embedder: parts.embedder.engine }, 'workers started');
  return {
    sttEngine: speechToText.engine,
    sttLanguages: speechToText.languages,
    /** At the very start of a shutdown: running stages end at once and record no outcome. */
    cancelStages: () => runner.cancelAll(),
    async stop() {
      runner.cancelAll();
      await embeddingRefresh.stop();
      await maintenance.close();
      await workers.close();
    },
  };
}

/**
 * In the background: chunks indexed by another engine get this one's vectors (or, for a
 * lexical-only engine, lose theirs). Search ignores other engines' vectors meanwhile.
 */
function startEmbeddingRefresh({ db, embedder, log }: SharedParts) {
  const abort = new AbortController();
  let logged = 0;
  const done = refreshEmbeddings(db.processing, embedder, {
    signal: abort.signal,
    onWalk: () => log.info({ embedder: embedder.engine }, 'embeddings: checking that every chunk is on the current engine'),
    onProgress: (written) => {
      if (written - logged < 5000) return;
      logged = written;
      log.info({ chunks: written, embedder: embedder.engine }, 'embeddings: brought chunks to the current engine so far');
    },
  }).then(
    (written) => {
      if (written > 0) log.info({ chunks: written, embedder: embedder.engine }, 'embeddings: every chunk is on the current engine');
    },
    (err: unknown) => log.warn({ err }, 'embeddings: refresh stopped; the next start resumes it'),
  );
  return {
    async stop() {
      abort.abort();
      await done;
    },
  };
}
