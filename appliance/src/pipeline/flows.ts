import { stageJobId, type Stage, type StageJob } from '@biblio/shared';
import { STAGE_OPTIONS } from './stage-options.js';

/** A BullMQ flow node as plain data, so its shape is unit-tested without Redis. */
export interface FlowNode {
  name: Stage;
  queueName: Stage;
  data: StageJob;
  opts: {
    jobId: string;
    attempts: number;
    backoff: { type: 'exponential'; delay: number };
    removeOnComplete: { age: number };
    removeOnFail: { age: number };
  };
  children?: FlowNode[];
}

/** Completed jobs are kept a week: long enough that a duplicate publish still hits the same id. */
const KEEP_SECONDS = 7 * 24 * 3600;

function node(stage: Stage, job: StageJob, backoffScale: number, children?: FlowNode[]): FlowNode {
  const options = STAGE_OPTIONS[stage];
  return {
    name: stage,
    queueName: stage,
    data: job,
    opts: {
      jobId: stageJobId(stage, job.mediaId),
      attempts: options.attempts,
      backoff: { type: 'exponential', delay: Math.max(1, Math.round(options.backoffMs * backoffScale)) },
      removeOnComplete: { age: KEEP_SECONDS },
      removeOnFail: { age: KEEP_SECONDS },
    },
    ...(children ? { children } : {}),
  };
}

/** Published by the outbox relay when an upload finishes: validation comes first. */
export function validateFlow(job: StageJob, backoffScale = 1): FlowNode {
  return node('validate', job, backoffScale);
}

/**
 * Published by the validate stage once the file is known good. In a BullMQ flow children run
 * before their parent, so the audio -> transcribe -> index chain is nested the other way round;
 * thumbnails and hls are independent flows that run in parallel with it.
 */
export function processingFlows(job: StageJob, backoffScale = 1): FlowNode[] {
  const at = (stage: Stage, children?: FlowNode[]) => node(stage, job, backoffScale, children);
  return [at('thumbnails'), at('hls'), at('index', [at('transcribe', [at('audio')])])];
}
