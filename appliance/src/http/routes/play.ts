import { pipeline } from 'node:stream/promises';
import { API } from '@biblio/shared';
import { AssetNotFoundError, contentTypeOf } from '../../ports/asset-store.js';
import type { PlaybackService } from '../../services/playback.js';
import { HttpError, notFound, sendError } from '../respond.js';
import type { Router } from '../router.js';

/**
 * GET /play/:mediaId/<file>?exp&sig: HLS playlists and segments for players. The signature is
 * the credential (players cannot add bearer headers to every segment request); app.ts opens CORS
 * for signed routes.
 */
export function playRoutes(router: Router, playback: PlaybackService): void {
  router.on(API.play, async ({ res, params: { mediaId, file }, query }) => {
    const exp = query.exp ?? null;
    const sig = query.sig ?? null;
    // Checked against the media as it is now: a delete or a key rotation ends the URL at once.
    const prefix = await playback.authorize(mediaId, exp, sig);
    if (!prefix) {
      throw new HttpError(403, 'invalid_signature', 'this playback URL is unsigned, tampered with or expired; ask /api/media/:id/playback for a new one');
    }
    try {
      if (file.endsWith('.m3u8')) {
        const body = await playback.playlist(prefix, file, `exp=${exp}&sig=${sig}`);
        res.writeHead(200, { 'Content-Type': contentTypeOf(file), 'Cache-Control': 'private, no-cache' });
        res.end(body);
        return;
      }
      const stream = await playback.segment(prefix, file);
      res.writeHead(200, { 'Content-Type': contentTypeOf(file), 'Cache-Control': 'private, max-age=3600' });
      await pipeline(stream, res);
    } catch (error) {
      if (error instanceof AssetNotFoundError) {
        sendError(res, notFound());
        return;
      }
      throw error;
    }
  });
}
