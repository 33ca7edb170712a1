import { STAGES, type MediaStatus, type Stage } from '@biblio/shared';
import type { StageRecord } from './media.js';
import { isInRootChain } from './stage-graph.js';
import type { QueuedJobState } from './stuck-stage.js';

/** What must be published again so a media in flight can finish. */
export interface ReconcilePlan {
  /** Publish the pipeline's start (the media is UPLOADED and a root chain's job is gone: validate). */
  pipeline: boolean;
  /** Publish the flows after the fan-out points (a later stage is unfinished and its job is gone). */
  processing: boolean;
  /** Unfinished stages whose job failed while the database still expects it to run. */
  retry: Stage[];
}

const FINISHED = new Set(['done', 'skipped']);

/** Stages a media in `status` still needs, given the stage rows the database holds. */
export function unfinishedStages(status: MediaStatus, stages: readonly StageRecord[]): Stage[] {
  const finished = new Set(stages.filter((s) => FINISHED.has(s.status)).map((s) => s.stage));
  // UPLOADED: only the chains that start the pipeline can run. PROCESSING: every stage not yet
  // finished, validate included: validate moves the media on before it publishes its followers,
  // so Redis dying at that moment leaves a PROCESSING media whose validate is still pending (its
  // attempt failed) and whose job a restart without AOF may have lost. Running it again is safe:
  // it re-checks the file, the move to PROCESSING is refused as a no-op, the publish is idempotent.
  if (status === 'UPLOADED') return STAGES.filter((s) => isInRootChain(s) && !finished.has(s));
  if (status === 'PROCESSING') return STAGES.filter((s) => !finished.has(s));
  return [];
}

/**
 * The database is the source of truth for processing: whatever it says is unfinished must have a
 * job. A job that is missing (Redis lost its data: FLUSHALL, a restart without AOF) is published
 * again with the same deterministic id; a failed job of a stage the database still expects (not
 * recorded as failed: the failure was never seen) is retried. Queued, active and finished jobs
 * are left alone. Pure: the caller fetched the job states.
 */
export function reconcilePlan(
  status: MediaStatus,
  stages: readonly StageRecord[],
  jobState: (stage: Stage) => QueuedJobState,
): ReconcilePlan {
  const plan: ReconcilePlan = { pipeline: false, processing: false, retry: [] };
  const recorded = new Map(stages.map((s) => [s.stage, s.status]));
  for (const stage of unfinishedStages(status, stages)) {
    const state = jobState(stage);
    if (state === 'missing') {
      if (isInRootChain(stage)) plan.pipeline = true;
      else plan.processing = true;
    } else if (state === 'failed' && recorded.get(stage) !== 'failed') {
      plan.retry.push(stage);
    }
  }
  return plan;
}

export function planIsEmpty(plan: ReconcilePlan): boolean {
  return !plan.pipeline && !plan.processing && plan.retry.length === 0;
}
