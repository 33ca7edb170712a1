import { describe, expect, it } from 'vitest';
import { stuckStageAction } from '../../src/domain/stuck-stage.js';

describe('stuckStageAction', () => {
  it('leaves jobs a live worker holds or that are queued or finished', () => {
    for (const state of ['active', 'waiting', 'delayed', 'waiting-children', 'completed'] as const) {
      expect(stuckStageAction(state)).toBe('leave');
    }
  });

  it('retries failed jobs and republishes lost ones', () => {
    expect(stuckStageAction('failed')).toBe('retry');
    expect(stuckStageAction('missing')).toBe('republish');
  });
});
