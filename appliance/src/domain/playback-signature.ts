import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The HMAC behind a signed playback URL. It covers the media id, the media's generation (moved
 * on by a delete) and the expiry, so a URL cannot be moved to another media, outlive a delete,
 * or be extended; a new key (rotation) invalidates every URL at once.
 */
export function playbackSignature(key: string, mediaId: string, generation: number, exp: number): string {
  return createHmac('sha256', key).update(`${mediaId}.${generation}.${exp}`).digest('base64url');
}

/** Constant-time comparison of a URL's `sig` with the expected one. */
export function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A URL's `exp` (unix seconds), or undefined when it is malformed or already past. */
export function liveExpiry(exp: string | null, nowMs: number): number | undefined {
  if (!exp || !/^\d{1,12}$/.test(exp)) return undefined;
  const value = Number(exp);
  return value * 1000 < nowMs ? undefined : value;
}
