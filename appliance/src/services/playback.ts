import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { AssetStore } from '../ports/asset-store.js';
import type { ProcessingStore } from '../ports/processing-store.js';

export const PLAYBACK_TTL_SEC = 3600;

/**
 * Signed HLS playback. Players cannot send bearer headers for every segment, so the URL carries
 * an HMAC of (media id, expiry): valid for that media's playlists and segments until it expires.
 * Playlists are rewritten on the way out so every URI they list carries the same signature (or,
 * on S3, is a presigned URL of the segment itself).
 */
export class PlaybackService {
  constructor(
    private readonly processing: ProcessingStore,
    private readonly assets: AssetStore,
    private readonly secret: string,
    private readonly ttlSec = PLAYBACK_TTL_SEC,
  ) {}

  signature(mediaId: string, exp: number): string {
    return createHmac('sha256', this.secret).update(`${mediaId}.${exp}`).digest('base64url');
  }

  /** Query string that authorises playback of one media until `expiresAt`. */
  sign(mediaId: string, now = Date.now()): { query: string; expiresAt: Date } {
    const exp = Math.floor(now / 1000) + this.ttlSec;
    return { query: `exp=${exp}&sig=${this.signature(mediaId, exp)}`, expiresAt: new Date(exp * 1000) };
  }

  verify(mediaId: string, exp: string | null, sig: string | null, now = Date.now()): boolean {
    if (!exp || !sig || !/^\d+$/.test(exp) || Number(exp) * 1000 < now) return false;
    const expected = Buffer.from(this.signature(mediaId, Number(exp)));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  async hlsPrefix(mediaId: string): Promise<string | undefined> {
    return (await this.processing.getAsset(mediaId, 'hls'))?.objectKey;
  }

  /** A playlist with every URI signed; `relativePath` is inside the media's HLS folder. */
  async playlist(prefix: string, relativePath: string, query: string): Promise<string> {
    const text = await this.assets.readText(`${prefix}/${relativePath}`);
    const folder = relativePath.includes('/') ? relativePath.slice(0, relativePath.lastIndexOf('/') + 1) : '';
    const lines = await Promise.all(
      text.split('\n').map(async (line) => {
        const trimmed = line.trim();
        if (trimmed === '') return line;
        if (trimmed.startsWith('#')) {
          // URI="..." attributes (EXT-X-MEDIA, EXT-X-MAP) need signing too.
          return line.replace(/URI="([^"]+)"/g, (_m, uri: string) => `URI="${uri}${uri.includes('?') ? '&' : '?'}${query}"`);
        }
        if (trimmed.endsWith('.ts')) {
          const direct = await this.assets.presignedUrl(`${prefix}/${folder}${trimmed}`, this.ttlSec);
          if (direct) return direct;
        }
        return `${trimmed}?${query}`;
      }),
    );
    return lines.join('\n');
  }

  segment(prefix: string, relativePath: string): Promise<Readable> {
    return this.assets.read(`${prefix}/${relativePath}`);
  }
}
