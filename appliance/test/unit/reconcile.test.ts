import type { Stage, StageStatus } from '@biblio/shared';
import { describe, expect, it } from 'vitest';
import type { StageRecord } from '../../src/domain/media.js';
import { planIsEmpty, reconcilePlan, unfinishedStages } from '../../src/domain/reconcile.js';
import type { QueuedJobState } from '../../src/domain/stuck-stage.js';

const row = (stage: Stage, status: StageStatus): StageRecord => ({
  mediaId: 'm',
  stage,
  status,
  progress: 0,
  error: null,
  attempts: 0,
  updatedAt: new Date(0),
});
const states = (map: Partial<Record<Stage, QueuedJobState>>) => (stage: Stage) => map[stage] ?? 'missing';

describe('reconcile: the database decides what must have a job', () => {
  it('lists the unfinished stages of media in flight only', () => {
    expect(unfinishedStages('UPLOADED', [])).toEqual(['validate']);
    expect(unfinishedStages('PROCESSING', [row('validate', 'done'), row('thumbnails', 'done'), row('audio', 'skipped')])).toEqual(['hls', 'transcribe', 'index']);
    expect(unfinishedStages('READY', [])).toEqual([]);
    expect(unfinishedStages('FAILED', [row('hls', 'failed')])).toEqual([]);
  });

  it('republishes validation of an uploaded media whose job vanished (FLUSHALL)', () => {
    expect(reconcilePlan('UPLOADED', [], states({}))).toEqual({ pipeline: true, processing: false, retry: [] });
  });

  it('republishes processing when any stage after validation lost its job', () => {
    const stages = [row('validate', 'done'), row('thumbnails', 'done'), row('hls', 'running')];
    const plan = reconcilePlan('PROCESSING', stages, states({ hls: 'missing', audio: 'completed', transcribe: 'active', index: 'waiting-children' }));
    expect(plan).toEqual({ pipeline: false, processing: true, retry: [] });
  });

  it('leaves queued, active, delayed and finished jobs alone', () => {
    const stages = [row('validate', 'done')];
    const plan = reconcilePlan('PROCESSING', stages, states({ thumbnails: 'waiting', hls: 'active', audio: 'delayed', transcribe: 'waiting-children', index: 'waiting-children' }));
    expect(planIsEmpty(plan)).toBe(true);
  });

  it('retries a failed job the database never saw fail, but not one it recorded as failed', () => {
    const stages = [row('validate', 'done'), row('thumbnails', 'running'), row('hls', 'failed')];
    const plan = reconcilePlan('PROCESSING', stages, states({ thumbnails: 'failed', hls: 'failed', audio: 'active', transcribe: 'waiting-children', index: 'waiting-children' }));
    expect(plan).toEqual({ pipeline: false, processing: false, retry: ['thumbnails'] });
  });

  it('does nothing for media that are not in flight', () => {
    for (const status of ['UPLOADING', 'READY', 'REJECTED', 'FAILED', 'EXPIRED', 'DELETED'] as const) {
      expect(planIsEmpty(reconcilePlan(status, [], states({})))).toBe(true);
    }
  });
});
