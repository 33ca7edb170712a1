import { describe, expect, it } from 'vitest';
import { STAGES } from '@biblio/shared';
import {
  chainOf,
  chainsAfter,
  fanOutStages,
  followersOf,
  publishesFollowers,
  rootStages,
  STAGE_GRAPH,
  stageChains,
  type StageGraph,
} from '../../src/domain/stage-graph.js';

describe('stage graph', () => {
  it('starts with validate and fans out to thumbnails, hls and the audio chain', () => {
    expect(rootStages()).toEqual(['validate']);
    expect(followersOf('validate')).toEqual(['thumbnails', 'hls', 'audio']);
    expect(chainsAfter(null)).toEqual([{ after: null, stages: ['validate'] }]);
    expect(chainsAfter('validate')).toEqual([
      { after: 'validate', stages: ['thumbnails'] },
      { after: 'validate', stages: ['hls'] },
      { after: 'validate', stages: ['audio', 'transcribe', 'index'] },
    ]);
  });

  it('puts every stage in exactly one chain', () => {
    const all = stageChains().flatMap((c) => c.stages);
    expect([...all].sort()).toEqual([...STAGES].sort());
    expect(chainOf('transcribe').stages).toEqual(['audio', 'transcribe', 'index']);
  });

  it('publishes followers only where a chain ends with stages waiting for it', () => {
    expect(fanOutStages()).toEqual(['validate']);
    for (const stage of ['thumbnails', 'hls', 'audio', 'transcribe', 'index'] as const) expect(publishesFollowers(stage)).toBe(false);
  });

  it('derives chains from any graph: a fan-out in the middle of a chain splits it', () => {
    const graph: StageGraph = { ...STAGE_GRAPH, hls: { ...STAGE_GRAPH.hls, after: 'audio' } };
    expect(chainsAfter('validate').length).toBe(3);
    expect(chainsAfter('audio', graph).map((c) => c.stages)).toEqual([['hls'], ['transcribe', 'index']]);
    expect(fanOutStages(graph)).toEqual(['validate', 'audio']);
  });
});
