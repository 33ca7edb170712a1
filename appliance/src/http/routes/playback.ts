import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { API } from '@biblio/shared';
import type { AssetRecords } from '../../ports/asset-records.js';
import { AssetNotFoundError, type AssetStore } from '../../ports/asset-store.js';
import type { Database } from '../../ports/database.js';
import type { PlaybackService } from '../../services/playback.js';
import { notReady } from '../respond.js';
import type { Router } from '../router.js';
import { ownedMedia } from './owned-media.js';

export interface PlaybackRouteDeps {
  db: Database;
  assetRecords: AssetRecords;
  assets: AssetStore;
  playback: PlaybackService;
  /** The origin for absolute playback URLs (never the request's Host header). */
  publicOrigin: (req: IncomingMessage) => string;
}

/** What a player or a list view shows of a media: its signed HLS URL and its poster. */
export function playbackRoutes(router: Router, deps: PlaybackRouteDeps): void {
  router.on(API.playback, async ({ req, user, params, send }) => {
    const media = await ownedMedia(deps.db, user, params.id);
    if (!(await deps.playback.hlsPrefix(media.id))) throw notReady('playback');
    const { query, expiresAt } = await deps.playback.sign(media.id);
    send(200, { url: `${deps.publicOrigin(req)}/play/${media.id}/master.m3u8?${query}`, expiresAt: expiresAt.toISOString() });
  });

  router.on(API.thumbnail, async ({ res, user, params, query }) => {
    const media = await ownedMedia(deps.db, user, params.id);
    const poster = query.size === '1280' ? 'poster_1280' : 'poster_320';
    // Audio has no poster: its waveform stands in.
    const asset = (await deps.assetRecords.getAsset(media.id, poster)) ?? (await deps.assetRecords.getAsset(media.id, 'waveform'));
    if (!asset) throw notReady('the thumbnail');
    const stream = await deps.assets.read(asset.objectKey).catch((error: unknown) => {
      throw error instanceof AssetNotFoundError ? notReady('the thumbnail') : error;
    });
    res.writeHead(200, { 'Content-Type': asset.contentType, 'Cache-Control': 'private, max-age=300' });
    await pipeline(stream, res);
  });

  // The scrubbing strip of a video: SPRITE_TILES frames in one row, evenly spaced over the duration.
  router.on(API.sprite, async ({ res, user, params }) => {
    const media = await ownedMedia(deps.db, user, params.id);
    const asset = await deps.assetRecords.getAsset(media.id, 'sprite');
    if (!asset) throw notReady('the sprite');
    const stream = await deps.assets.read(asset.objectKey).catch((error: unknown) => {
      throw error instanceof AssetNotFoundError ? notReady('the sprite') : error;
    });
    res.writeHead(200, { 'Content-Type': asset.contentType, 'Cache-Control': 'private, max-age=300' });
    await pipeline(stream, res);
  });
}
