import { describe, expect, it } from 'vitest';
import { stageJobId, STAGES } from '@biblio/shared';
import { flowsAfter, type FlowNode } from '../../src/adapters/queue/bullmq-flows.js';
import { stageOptions } from '../../src/domain/stage-graph.js';

// The flows are derived from the stage graph now; these names keep the assertions as they were.
const STAGE_OPTIONS = stageOptions();
const validateFlow = (j: typeof job): FlowNode => flowsAfter(null, j)[0]!;
const processingFlows = (j: typeof job): FlowNode[] => flowsAfter('validate', j);

const job = {
  mediaId: '0b6a3e0e-8f59-4d7a-9a43-1f0d1c6f2a11',
  ownerId: '5a0c1d52-36a3-4d70-b0f4-5bd4d9e0d2f4',
  objectKey: 'uploads/5a0c1d52-36a3-4d70-b0f4-5bd4d9e0d2f4/0b6a3e0e-8f59-4d7a-9a43-1f0d1c6f2a11',
};

function flatten(nodes: FlowNode[]): FlowNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children ?? [])]);
}

describe('pipeline flows', () => {
  it('starts with validate under a deterministic job id', () => {
    const flow = validateFlow(job);
    expect(flow.queueName).toBe('validate');
    expect(flow.opts.jobId).toBe(`validate.${job.mediaId}`);
    expect(flow.opts.jobId).not.toContain(':');
    expect(flow.opts.attempts).toBe(STAGE_OPTIONS.validate.attempts);
  });

  it('fans out every other stage exactly once, audio before transcribe before index', () => {
    const nodes = flatten(processingFlows(job));
    expect(nodes.map((n) => n.name).sort()).toEqual(STAGES.filter((s) => s !== 'validate').sort());
    const index = processingFlows(job).find((n) => n.name === 'index')!;
    expect(index.children?.[0]?.name).toBe('transcribe');
    expect(index.children?.[0]?.children?.[0]?.name).toBe('audio');
    for (const node of nodes) expect(node.opts.jobId).toBe(stageJobId(node.name, job.mediaId));
  });

  it('uses exponential backoff from the stage table', () => {
    for (const node of flatten(processingFlows(job))) {
      expect(node.opts.backoff).toEqual({ type: 'exponential', delay: STAGE_OPTIONS[node.name].backoffMs });
    }
  });
});
