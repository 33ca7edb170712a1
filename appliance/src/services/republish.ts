import type { Stage, StageJob } from '@biblio/shared';
import { chainOf } from '../domain/stage-graph.js';
import type { PipelineQueue } from '../ports/pipeline-queue.js';

/**
 * Publishes again the flow a stage runs in, for a stage whose job the queue lost: the chains
 * published with it (the pipeline's start, or everything after the stage its chain waits for).
 * Deterministic job ids make stages that still have a job a no-op.
 */
export async function republishFlowOf(queue: PipelineQueue, stage: Stage, job: StageJob): Promise<void> {
  const { after } = chainOf(stage);
  if (after === null) await queue.publishPipeline(job);
  else await queue.publishAfter(after, job);
}
