import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { STAGES, type StageJob } from '@biblio/shared';
import type { Logger } from 'pino';
import { publishesFollowers } from '../domain/stage-graph.js';
import type { Database } from '../ports/database.js';
import type { PipelineQueue } from '../ports/pipeline-queue.js';
import type { RegisteredStage } from '../pipeline/stages.js';
import { StageCancelledError, StageDeferredError, type StageContext, type StageOutcome } from '../pipeline/stage-context.js';
import type { StageWorkspace } from '../ports/stage-workspace.js';
import type { FailureAlerts } from './alerts.js';
import type { MediaService } from './media-service.js';
import { withLogContext } from './log-context.js';

const PROGRESS_WRITE_MS = 1_000;
/** How long a stage waits before checking again whether the disk has room. */
const DEFER_MS = 15_000;

/** Told about every stage attempt (metrics). */
export interface StageObserver {
  attemptFinished(stage: string, outcome: 'done' | 'skipped' | 'rejected' | 'failed', seconds: number, final: boolean): void;
}
const GONE = ['DELETED', 'EXPIRED', 'REJECTED'];

/**
 * Runs one stage job: records running/progress/done (or the error) per stage, turns a final
 * failure into FAILED with the reason, a rejection into REJECTED, and the last finished stage
 * into READY. When a finished stage ends a chain of the stage graph, it publishes the chains that
 * wait for it. The BullMQ adapter calls it with the job's data and attempt count.
 */
export class StageRunner {
  private readonly shutdown = new AbortController();

  constructor(
    private readonly db: Database,
    private readonly queue: PipelineQueue,
    private readonly media: MediaService,
    private readonly alerts: FailureAlerts,
    private readonly workspace: StageWorkspace,
    private readonly log: Logger,
    private readonly observer?: StageObserver,
    /** Why stages cannot run now (the disk is full), if so: they wait instead of failing. */
    private readonly blockedBy: () => Promise<string | undefined> = async () => undefined,
  ) {}

  /**
   * Shutdown: aborts every running stage (their tools are killed). Interrupted stages record no
   * outcome and throw StageCancelledError, so the queue runs them again after the restart.
   */
  cancelAll(): void {
    this.shutdown.abort();
  }

  run(stage: RegisteredStage, job: StageJob, attemptsMade: number, onProgress?: (p: number) => void): Promise<void> {
    // Every line logged while the stage runs (adapters included) names the media and stage.
    return withLogContext({ mediaId: job.mediaId, stage: stage.stage }, () => this.runInContext(stage, job, attemptsMade, onProgress));
  }

  private async runInContext(stage: RegisteredStage, job: StageJob, attemptsMade: number, onProgress?: (p: number) => void): Promise<void> {
    const log = this.log.child({ attempt: attemptsMade + 1 });
    const media = await this.db.media.findById(job.mediaId);
    if (!media || GONE.includes(media.status)) {
      log.info({ status: media?.status ?? 'missing' }, 'stage skipped: the media is gone');
      return;
    }
    if (this.shutdown.signal.aborted) throw new StageCancelledError(stage.stage);
    // A job published again after Redis lost its data may cover a stage that already finished.
    const recorded = (await this.db.media.stagesOf([job.mediaId])).find((s) => s.stage === stage.stage);
    if (recorded && (recorded.status === 'done' || recorded.status === 'skipped')) {
      log.info('stage skipped: already finished');
      await this.readyIfComplete(job.mediaId);
      return;
    }
    await this.deferIfBlocked(stage, job, log);
    await this.record(job, stage.stage, { status: 'running', progress: 0, error: null });
    const workDir = await this.workspace.create(stage.stage);
    const timeout = AbortSignal.timeout(stage.timeoutMs);
    const signal = AbortSignal.any([timeout, this.shutdown.signal]);
    let lastWrite = 0;
    // Progress writes are not awaited by the stage, but they run one after another and are all
    // settled before the outcome is recorded: on a Postgres pool a late "running 40 %" write
    // could otherwise land after "failed" and leave a rejected media's stage running.
    let progressWrites: Promise<void> = Promise.resolve();
    let settled = false;
    const settleProgress = async () => {
      settled = true;
      await progressWrites;
    };
    const ctx: StageContext = {
      job,
      media,
      attempt: attemptsMade + 1,
      workDir,
      runId: `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`,
      signal,
      log,
      progress: (percent) => {
        const now = Date.now();
        onProgress?.(percent);
        if (settled || now - lastWrite < PROGRESS_WRITE_MS) return;
        lastWrite = now;
        const progress = Math.max(0, Math.min(99, Math.round(percent)));
        progressWrites = progressWrites.then(() => this.record(job, stage.stage, { status: 'running', progress })).catch(() => undefined);
      },
    };
    let outcome: StageOutcome;
    const started = Date.now();
    try {
      outcome = await stage.process(ctx);
      await settleProgress();
      // Before the stage is recorded done, so a done stage always has its followers queued; a
      // failed publish (Redis down) fails this attempt and the retry publishes again (same ids).
      if (outcome.status !== 'rejected' && publishesFollowers(stage.stage)) await this.queue.publishAfter(stage.stage, job);
    } catch (error) {
      await settleProgress();
      if (this.shutdown.signal.aborted) throw await this.cancelled(stage, job, log);
      // A tool that failed because the disk filled up says nothing about the file: wait for space.
      await this.deferIfBlocked(stage, job, log);
      this.observer?.attemptFinished(stage.stage, 'failed', (Date.now() - started) / 1000, attemptsMade + 1 >= stage.attempts);
      const reason = timeout.aborted ? new Error(`timed out after ${Math.round(stage.timeoutMs / 1000)} s`) : (error as Error);
      await this.failed(stage, job, media.filename, attemptsMade, reason, log);
      throw error;
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
    // A verdict reached while shutting down may rest on a tool the shutdown killed: never keep it.
    if (outcome.status === 'rejected' && this.shutdown.signal.aborted) throw await this.cancelled(stage, job, log);
    log.info({ outcome: outcome.status, ms: Date.now() - started }, 'stage finished');
    this.observer?.attemptFinished(stage.stage, outcome.status, (Date.now() - started) / 1000, true);
    if (outcome.status === 'rejected') {
      await this.db.media.upsertStage(job.mediaId, stage.stage, { status: 'failed', error: outcome.reason });
      const rejected = await this.db.media.transition(job.mediaId, 'REJECTED', { error: outcome.reason });
      if (rejected) await this.media.announceState(rejected);
      return;
    }
    await this.record(job, stage.stage, {
      status: outcome.status,
      progress: 100,
      error: outcome.status === 'skipped' ? outcome.reason : null,
    });
    await this.readyIfComplete(job.mediaId);
  }

  private async deferIfBlocked(stage: RegisteredStage, job: StageJob, log: Logger): Promise<void> {
    const reason = await this.blockedBy().catch(() => undefined);
    if (!reason) return;
    log.warn({ reason }, 'stage waits for disk space');
    await this.record(job, stage.stage, { status: 'pending', error: `waiting: ${reason}` }).catch(() => undefined);
    throw new StageDeferredError(stage.stage, reason, DEFER_MS);
  }

  private async cancelled(stage: RegisteredStage, job: StageJob, log: Logger): Promise<StageCancelledError> {
    log.info('stage interrupted by shutdown; no outcome recorded');
    await this.record(job, stage.stage, { status: 'pending', progress: 0, error: null }).catch(() => undefined);
    return new StageCancelledError(stage.stage);
  }

  private async failed(stage: RegisteredStage, job: StageJob, filename: string, attemptsMade: number, error: Error, log: Logger) {
    const final = attemptsMade + 1 >= stage.attempts;
    const message = error.message;
    log.warn({ err: message, final }, 'stage attempt failed');
    await this.record(job, stage.stage, {
      status: final ? 'failed' : 'pending',
      error: final ? message : `attempt ${attemptsMade + 1} of ${stage.attempts} failed, retrying: ${message}`,
    });
    if (!final) return;
    const media = await this.db.media.transition(job.mediaId, 'FAILED', { error: `${stage.stage} failed: ${message}` });
    if (media) await this.media.announceState(media);
    this.alerts.notify({ mediaId: job.mediaId, ownerId: job.ownerId, filename, stage: stage.stage, error: message, at: new Date().toISOString() });
  }

  private async record(job: StageJob, stage: RegisteredStage['stage'], update: Parameters<Database['media']['upsertStage']>[2]) {
    await this.db.media.upsertStage(job.mediaId, stage, update);
    const media = await this.db.media.findById(job.mediaId);
    if (media) await this.media.announceState(media);
  }

  /** READY once every stage is done or skipped. */
  private async readyIfComplete(mediaId: string): Promise<void> {
    const stages = await this.db.media.stagesOf([mediaId]);
    const finished = STAGES.every((s) => stages.some((r) => r.stage === s && (r.status === 'done' || r.status === 'skipped')));
    if (!finished) return;
    const ready = await this.db.media.transition(mediaId, 'READY', { error: null });
    if (ready) await this.media.announceState(ready);
  }
}
