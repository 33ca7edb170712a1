import { describe, expect, it } from 'vitest';
import { MEDIA_STATUSES } from '@biblio/shared';
import { canTransition, statusesLeadingTo } from '../../src/domain/media-state.js';

describe('media state machine', () => {
  it('follows the upload lifecycle', () => {
    expect(canTransition('UPLOADING', 'UPLOADED')).toBe(true);
    expect(canTransition('UPLOADED', 'PROCESSING')).toBe(true);
    expect(canTransition('PROCESSING', 'READY')).toBe(true);
    expect(canTransition('FAILED', 'PROCESSING')).toBe(true);
  });

  it('never revives expired or deleted media', () => {
    expect(canTransition('EXPIRED', 'UPLOADED')).toBe(false);
    for (const to of MEDIA_STATUSES) expect(canTransition('DELETED', to)).toBe(false);
  });

  it('cannot skip the upload', () => {
    expect(canTransition('UPLOADING', 'READY')).toBe(false);
    expect(canTransition('UPLOADING', 'PROCESSING')).toBe(false);
  });

  it('lists the guard statuses of a target', () => {
    expect(statusesLeadingTo('UPLOADED')).toEqual(['UPLOADING']);
    expect(statusesLeadingTo('DELETED')).not.toContain('DELETED');
    expect(statusesLeadingTo('EXPIRED')).toEqual(['UPLOADING']);
  });
});
