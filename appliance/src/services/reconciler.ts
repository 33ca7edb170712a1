import type { Stage } from '@biblio/shared';
import type { Logger } from 'pino';
import type { MediaRecord } from '../domain/media.js';
import { fanOutStages } from '../domain/stage-graph.js';
import { planIsEmpty, reconcilePlan, unfinishedStages, type ReconcilePlan } from '../domain/reconcile.js';
import type { QueuedJobState } from '../domain/stuck-stage.js';
import type { Database } from '../ports/database.js';
import type { PipelineQueue } from '../ports/pipeline-queue.js';

const BATCH = 500;
const IN_FLIGHT = ['UPLOADED', 'PROCESSING'] as const;

/**
 * Makes the queue agree with the database: every UPLOADED/PROCESSING media's unfinished stages
 * get their jobs back if Redis lost them. Runs at start, on the sweeper's schedule, when the
 * queue watchdog sees Redis data vanish, and for POST /retry of a stuck media.
 */
export class Reconciler {
  constructor(
    private readonly db: Database,
    private readonly queue: PipelineQueue,
    private readonly log: Logger,
  ) {}

  /** Returns how many media needed something published again. */
  async reconcileAll(): Promise<number> {
    // `updated_at < far future` lists every in-flight media, oldest first.
    const media = await this.db.media.listInStatusSince(IN_FLIGHT, new Date(Date.now() + 60_000), BATCH);
    let repaired = 0;
    for (const m of media) if (await this.reconcile(m)) repaired += 1;
    if (repaired > 0) this.log.warn({ repaired, checked: media.length }, 'reconciler: re-published lost processing jobs');
    return repaired;
  }

  /** Publishes what one media is missing; true when something was. */
  async reconcile(media: MediaRecord): Promise<boolean> {
    const plan = await this.planFor(media);
    if (planIsEmpty(plan)) return false;
    const job = { mediaId: media.id, ownerId: media.ownerId, objectKey: media.objectKey };
    if (plan.pipeline) await this.queue.publishPipeline(job);
    // Every fan-out point publishes again: ids that still have a job are skipped by the queue.
    if (plan.processing) for (const stage of fanOutStages()) await this.queue.publishAfter(stage, job);
    for (const stage of plan.retry) await this.queue.retryFailed(stage, media.id);
    this.log.info({ mediaId: media.id, plan }, 'reconciler: re-published');
    return true;
  }

  async planFor(media: MediaRecord): Promise<ReconcilePlan> {
    const stages = await this.db.media.stagesOf([media.id]);
    const states = new Map<Stage, QueuedJobState>();
    for (const stage of unfinishedStages(media.status, stages)) states.set(stage, await this.queue.jobState(stage, media.id));
    return reconcilePlan(media.status, stages, (stage) => states.get(stage) ?? 'missing');
  }
}
