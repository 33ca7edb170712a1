import { describe, expect, it } from 'vitest';
import { checkNewUpload, effectiveLimits, type QuotaLimits } from '../../src/domain/quota.js';

const none = { storedBytes: 0, pendingBytes: 0, pendingUploads: 0 };
const limits: QuotaLimits = { storedBytes: 1000, pendingBytes: 500, pendingUploads: 2 };

describe('quota decision', () => {
  it('accepts an upload that fits every limit, up to the limit exactly', () => {
    expect(checkNewUpload(none, limits, 500)).toBeUndefined();
    expect(checkNewUpload({ storedBytes: 500, pendingBytes: 0, pendingUploads: 1 }, limits, 500)).toBeUndefined();
  });

  it('names the quota that is exceeded, checking the count first', () => {
    expect(checkNewUpload({ ...none, pendingUploads: 2 }, limits, 1)?.code).toBe('quota_pending_uploads');
    expect(checkNewUpload({ ...none, pendingBytes: 400, pendingUploads: 1 }, limits, 101)?.code).toBe('quota_pending_bytes');
    expect(checkNewUpload({ ...none, storedBytes: 900 }, limits, 101)).toMatchObject({ code: 'quota_stored_bytes', field: 'Upload-Length' });
  });

  it('counts pending bytes against storage too: many uploads that each fit cannot overfill it', () => {
    expect(checkNewUpload({ storedBytes: 600, pendingBytes: 300, pendingUploads: 1 }, limits, 150)?.code).toBe('quota_stored_bytes');
  });

  it('treats null as unlimited', () => {
    const open: QuotaLimits = { storedBytes: null, pendingBytes: null, pendingUploads: null };
    expect(checkNewUpload({ storedBytes: 1e15, pendingBytes: 1e15, pendingUploads: 1e6 }, open, 1e12)).toBeUndefined();
  });

  it('a zero limit refuses everything (0 is a limit, not "unlimited", once resolved)', () => {
    expect(checkNewUpload(none, { ...limits, pendingUploads: 0 }, 1)?.code).toBe('quota_pending_uploads');
  });

  it('resolves overrides over defaults: unlimited, a number, or the default', () => {
    expect(effectiveLimits(limits, { storedBytes: 'unlimited', pendingBytes: 7, pendingUploads: null })).toEqual({
      storedBytes: null,
      pendingBytes: 7,
      pendingUploads: 2,
    });
    expect(effectiveLimits(limits, {})).toEqual(limits);
  });
});
