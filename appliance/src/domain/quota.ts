/**
 * Per-user quotas: what one owner may reserve and keep, so one account cannot fill the disk or
 * starve processing for everyone. `null` means unlimited.
 */
export interface QuotaLimits {
  storedBytes: number | null;
  pendingBytes: number | null;
  pendingUploads: number | null;
}

/** What an owner uses now: stored = finished uploads still kept, pending = unfinished uploads. */
export interface QuotaUsage {
  storedBytes: number;
  pendingBytes: number;
  pendingUploads: number;
}

/** Per-user overrides as stored: undefined/null = the default, 'unlimited' = no limit. */
export type QuotaOverride = number | 'unlimited' | null | undefined;

export interface QuotaRejection {
  code: 'quota_pending_uploads' | 'quota_pending_bytes' | 'quota_stored_bytes';
  field: 'Upload-Length';
  message: string;
}

/** A user's effective limits: their override where set, else the configured default. */
export function effectiveLimits(
  defaults: QuotaLimits,
  overrides: { storedBytes?: QuotaOverride; pendingBytes?: QuotaOverride; pendingUploads?: QuotaOverride },
): QuotaLimits {
  const pick = (override: QuotaOverride, fallback: number | null) =>
    override === 'unlimited' ? null : override === null || override === undefined ? fallback : override;
  return {
    storedBytes: pick(overrides.storedBytes, defaults.storedBytes),
    pendingBytes: pick(overrides.pendingBytes, defaults.pendingBytes),
    pendingUploads: pick(overrides.pendingUploads, defaults.pendingUploads),
  };
}

/**
 * May an owner with `usage` start one more upload of `size` bytes? A new upload counts as
 * pending at once (its declared length is reserved), and as stored once it finishes, so it must
 * fit both: otherwise a user could fill the disk by finishing many uploads that each fit alone.
 */
export function checkNewUpload(usage: QuotaUsage, limits: QuotaLimits, size: number): QuotaRejection | undefined {
  if (limits.pendingUploads !== null && usage.pendingUploads + 1 > limits.pendingUploads) {
    return {
      code: 'quota_pending_uploads',
      field: 'Upload-Length',
      message: `you already have ${usage.pendingUploads} unfinished uploads (limit ${limits.pendingUploads}); finish or cancel one first`,
    };
  }
  if (limits.pendingBytes !== null && usage.pendingBytes + size > limits.pendingBytes) {
    return {
      code: 'quota_pending_bytes',
      field: 'Upload-Length',
      message: `unfinished uploads would reserve ${usage.pendingBytes + size} bytes, over your limit of ${limits.pendingBytes}`,
    };
  }
  if (limits.storedBytes !== null && usage.storedBytes + usage.pendingBytes + size > limits.storedBytes) {
    return {
      code: 'quota_stored_bytes',
      field: 'Upload-Length',
      message: `storing ${size} more bytes would exceed your storage limit of ${limits.storedBytes} bytes (${usage.storedBytes} used)`,
    };
  }
  return undefined;
}
