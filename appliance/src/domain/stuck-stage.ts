/** What the queue says about a stage's job (see PipelineQueue.jobState). */
export type QueuedJobState = 'waiting' | 'active' | 'completed' | 'failed' | 'delayed' | 'waiting-children' | 'missing';

/**
 * What the sweeper does with a stage recorded as running without progress for too long:
 * an active job belongs to a live worker (its timeout and BullMQ's stall detection apply), a
 * failed one is retried, a missing one (lost with Redis data) is published again; a job that is
 * queued or finished needs nothing.
 */
export function stuckStageAction(state: QueuedJobState): 'leave' | 'retry' | 'republish' {
  if (state === 'failed') return 'retry';
  if (state === 'missing') return 'republish';
  return 'leave';
}
