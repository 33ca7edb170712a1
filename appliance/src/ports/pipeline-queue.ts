import type { StageJob } from '@biblio/shared';

/** Publishes processing work. Every publish is idempotent: the same media twice is a no-op. */
export interface PipelineQueue {
  /** Enqueues the start of the pipeline (validate, then the fan-out) for one finished upload. */
  publishPipeline(job: StageJob): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
