import { stageJobId, type Stage, type StageJob } from '@biblio/shared';
import { chainsAfter, STAGE_GRAPH, type StageChain, type StageGraph } from '../../domain/stage-graph.js';

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

function node(graph: StageGraph, stage: Stage, job: StageJob, backoffScale: number, children?: FlowNode[]): FlowNode {
  const options = graph[stage].options;
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

/**
 * One chain as one flow. In a BullMQ flow children run before their parent, so a chain
 * (audio -> transcribe -> index) is nested the other way round: index <- transcribe <- audio.
 */
function chainFlow(graph: StageGraph, chain: StageChain, job: StageJob, backoffScale: number): FlowNode {
  let flow: FlowNode | undefined;
  for (const stage of chain.stages) flow = node(graph, stage, job, backoffScale, flow ? [flow] : undefined);
  return flow!;
}

/**
 * The flows published when `after` finishes (null: when the upload finishes), one per chain of
 * the stage graph; independent chains (thumbnails, hls, audio...) run in parallel.
 */
export function flowsAfter(after: Stage | null, job: StageJob, backoffScale = 1, graph: StageGraph = STAGE_GRAPH): FlowNode[] {
  return chainsAfter(after, graph).map((chain) => chainFlow(graph, chain, job, backoffScale));
}
