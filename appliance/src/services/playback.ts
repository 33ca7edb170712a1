import type { Readable } from 'node:stream';
import { PLAYABLE_STATUSES } from '../domain/media.js';
import { liveExpiry, playbackSignature, sameSignature } from '../domain/playback-signature.js';
import type { AssetStore } from '../ports/asset-store.js';
import type { MediaRepository } from '../ports/database.js';
import type { AssetRecords } from '../ports/asset-records.js';
import type { PlaybackKeys } from './playback-keys.js';

export const PLAYBACK_TTL_SEC = 3600;

/**
 * Signed HLS playback. Players cannot send bearer headers for every segment, so the URL carries
 * an HMAC of (media id, media generation, expiry): valid for that media's playlists and segments
 * until it expires, the media is deleted (its generation moves on) or the key is rotated.
 * Playlists are rewritten on the way out so every URI they list carries the same signature (or,
 * on S3, is a presigned URL of the segment itself).
 */
export class PlaybackService {
  constructor(
    private readonly media: Pick<MediaRepository, 'findById'>,
    private readonly assetRecords: Pick<AssetRecords, 'getAsset'>,
    private readonly assets: AssetStore,
    private readonly keys: Pick<PlaybackKeys, 'current'>,
    private readonly ttlSec = PLAYBACK_TTL_SEC,
  ) {}

  /** Query string that authorises playback of one media until `expiresAt`. */
  async sign(mediaId: string, now = Date.now()): Promise<{ query: string; expiresAt: Date }> {
    const media = await this.media.findById(mediaId);
    if (!media) throw new Error(`no media ${mediaId} to sign playback for`);
    const exp = Math.floor(now / 1000) + this.ttlSec;
    const sig = playbackSignature(await this.keys.current(), mediaId, media.generation, exp);
    return { query: `exp=${exp}&sig=${sig}`, expiresAt: new Date(exp * 1000) };
  }

  /**
   * Checks a playback request against the media as it is now. Returns the HLS prefix to serve
   * from, or undefined to refuse: bad or expired signature, a media deleted since the URL was
   * issued (another generation), one that is not playable (rejected, expired, gone), or no HLS.
   * Every refusal looks the same, so a URL reveals nothing about a media it does not cover.
   */
  async authorize(mediaId: string, exp: string | null, sig: string | null, now = Date.now()): Promise<string | undefined> {
    const expiry = liveExpiry(exp, now);
    if (expiry === undefined || !sig) return undefined;
    const media = await this.media.findById(mediaId);
    if (!media || !PLAYABLE_STATUSES.includes(media.status)) return undefined;
    const expected = playbackSignature(await this.keys.current(), mediaId, media.generation, expiry);
    if (!sameSignature(expected, sig)) return undefined;
    return this.hlsPrefix(mediaId);
  }

  async hlsPrefix(mediaId: string): Promise<string | undefined> {
    return (await this.assetRecords.getAsset(mediaId, 'hls'))?.objectKey;
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
