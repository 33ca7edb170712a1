import type { Stage, StageJob } from '@biblio/shared';

export interface FailedJob {
  stage: Stage;
  jobId: string;
  mediaId: string;
  reason: string;
  attempts: number;
  failedAt: string | null;
}

import type { QueuedJobState } from '../domain/stuck-stage.js';

export type JobState = QueuedJobState;

export interface StageQueueStats {
  stage: Stage;
  counts: Record<'waiting' | 'active' | 'delayed' | 'failed' | 'completed' | 'waiting-children', number>;
  /** Age of the oldest job waiting to start, the queue-lag signal operators scale workers on. */
  oldestWaitingSec: number;
}

/** Publishes processing work. Every publish is idempotent: the same media twice is a no-op. */
export interface PipelineQueue {
  /** Enqueues the start of the pipeline (the root stages of the stage graph) for one finished upload. */
  publishPipeline(job: StageJob): Promise<void>;
  /** Enqueues the chains of stages that wait for `stage` (see domain/stage-graph.ts). */
  publishAfter(stage: Stage, job: StageJob): Promise<void>;
  /**
   * Runs the chain that `stage` belongs to once more (see domain/stage-graph) for a media whose
   * jobs there already finished (deterministic ids would make a plain publish a no-op): drops
   * those finished jobs and publishes that chain alone. False, changing nothing, while one of
   * them is still queued or running.
   */
  rerunChainOf(stage: Stage, job: StageJob): Promise<boolean>;
  jobState(stage: Stage, mediaId: string): Promise<JobState>;
  /** Re-runs a failed stage job (keeping its place in its flow); false when there is none. */
  retryFailed(stage: Stage, mediaId: string): Promise<boolean>;
  listFailed(limit: number): Promise<FailedJob[]>;
  stats(): Promise<StageQueueStats[]>;
  ping(): Promise<void>;
  /**
   * A marker key planted in the queue's store. When it vanishes, the store lost its data
   * (FLUSHALL, a restart without persistence) and jobs must be rebuilt from the database.
   */
  plantSentinel(): Promise<void>;
  sentinelPresent(): Promise<boolean>;
  close(): Promise<void>;
}
