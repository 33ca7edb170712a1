import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { AssetNotFoundError, contentTypeOf } from '../../ports/asset-store.js';
import type { PlaybackService } from '../../services/playback.js';
import { HttpError, notFound, sendError } from '../respond.js';
import { isUuid } from '../router.js';

const PLAY_PATH = /^\/play\/([0-9a-f-]{36})\/((?:[A-Za-z0-9_.-]+\/)?[A-Za-z0-9_.-]+\.(?:m3u8|ts))$/;

/**
 * GET /play/:mediaId/<file>?exp&sig: HLS playlists and segments for players. The signature is
 * the credential (players cannot add bearer headers to every segment request), so CORS is open.
 */
export async function handlePlay(res: ServerResponse, url: URL, playback: PlaybackService): Promise<void> {
  res.setHeader('Access-Control-Allow-Origin', '*');
  const match = PLAY_PATH.exec(url.pathname);
  if (!match || !isUuid(match[1]!) || match[2]!.includes('..')) throw notFound();
  const [, mediaId, file] = match as unknown as [string, string, string];
  const exp = url.searchParams.get('exp');
  const sig = url.searchParams.get('sig');
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
}
