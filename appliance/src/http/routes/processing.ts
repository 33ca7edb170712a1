import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { toSrt, toWebVtt } from '../../domain/subtitles.js';
import { AssetNotFoundError, type AssetStore } from '../../ports/asset-store.js';
import type { PipelineQueue } from '../../ports/pipeline-queue.js';
import type { ProcessingStore } from '../../ports/processing-store.js';
import type { Database } from '../../ports/database.js';
import type { PlaybackService } from '../../services/playback.js';
import { NotRetryableError, type RetryService } from '../../services/retry.js';
import type { SearchService } from '../../services/search.js';
import type { MediaService } from '../../services/media-service.js';
import { HttpError, notFound, sendJson } from '../respond.js';
import { isUuid, type RouteContext, type Router } from '../router.js';

export interface ProcessingRouteDeps {
  db: Database;
  processing: ProcessingStore;
  assets: AssetStore;
  media: MediaService;
  playback: PlaybackService;
  search: SearchService;
  retry: RetryService;
  queue: PipelineQueue;
  /** The origin for absolute playback URLs (never the request's Host header). */
  publicOrigin: (req: IncomingMessage) => string;
}

const notReady = (what: string) => new HttpError(409, 'not_ready', `${what} is not available yet; watch /api/events or GET /api/media/:id`);

export function processingRoutes(router: Router, deps: ProcessingRouteDeps): void {
  const owned = async ({ user, params }: RouteContext) => {
    const media = isUuid(params['id']!) ? await deps.db.media.findForOwner(params['id']!, user.id) : undefined;
    if (!media) throw notFound();
    return media;
  };

  router.on('GET', '/api/media/:id/playback', async (ctx) => {
    const media = await owned(ctx);
    if (!(await deps.playback.hlsPrefix(media.id))) throw notReady('playback');
    const { query, expiresAt } = await deps.playback.sign(media.id);
    const url = `${deps.publicOrigin(ctx.req)}/play/${media.id}/master.m3u8?${query}`;
    sendJson(ctx.res, 200, { url, expiresAt: expiresAt.toISOString() });
  });

  router.on('GET', '/api/media/:id/thumbnail.jpg', async (ctx) => {
    const media = await owned(ctx);
    const large = ctx.url.searchParams.get('size') === '1280';
    const asset =
      (await deps.processing.getAsset(media.id, large ? 'poster_1280' : 'poster_320')) ?? (await deps.processing.getAsset(media.id, 'waveform'));
    if (!asset) throw notReady('the thumbnail');
    const stream = await deps.assets.read(asset.objectKey).catch((error: unknown) => {
      throw error instanceof AssetNotFoundError ? notReady('the thumbnail') : error;
    });
    ctx.res.writeHead(200, { 'Content-Type': asset.contentType, 'Cache-Control': 'private, max-age=300' });
    await pipeline(stream, ctx.res);
  });

  for (const format of ['json', 'vtt', 'srt'] as const) {
    router.on('GET', `/api/media/:id/transcript.${format}`, async (ctx) => {
      const media = await owned(ctx);
      const stage = (await deps.db.media.stagesOf([media.id])).find((s) => s.stage === 'transcribe');
      if (stage?.status !== 'done') throw notReady('the transcript');
      const segments = (await deps.processing.transcript(media.id)).map(({ windowIdx: _w, ...s }) => s);
      if (format === 'json') {
        sendJson(ctx.res, 200, { mediaId: media.id, language: media.language, segments });
        return;
      }
      const body = format === 'vtt' ? toWebVtt(segments) : toSrt(segments);
      ctx.res.writeHead(200, {
        'Content-Type': format === 'vtt' ? 'text/vtt; charset=utf-8' : 'application/x-subrip; charset=utf-8',
        'Content-Disposition': `inline; filename="${media.id}.${format}"`,
      });
      ctx.res.end(body);
    });
  }

  router.on('POST', '/api/media/:id/retry', async (ctx) => {
    const media = await owned(ctx);
    try {
      const updated = await deps.retry.retry(media);
      sendJson(ctx.res, 202, await deps.media.dto(updated));
    } catch (error) {
      if (error instanceof NotRetryableError) throw new HttpError(409, 'not_retryable', error.message);
      throw error;
    }
  });

  router.on('GET', '/api/search', async (ctx) => {
    const q = (ctx.url.searchParams.get('q') ?? '').trim();
    if (!q) throw new HttpError(400, 'missing_query', 'q is required', 'q');
    if (q.length > 500) throw new HttpError(400, 'invalid_query', 'q must be at most 500 characters', 'q');
    // Postgres text cannot hold NUL; control characters never belong in a search anyway.
    if (/[\u0000-\u001f\u007f]/.test(q)) throw new HttpError(400, 'invalid_query', 'q must not contain control characters', 'q');
    const limitText = ctx.url.searchParams.get('limit') ?? '10';
    const limit = /^\d{1,3}$/.test(limitText) ? Number(limitText) : NaN;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new HttpError(400, 'invalid_limit', 'limit must be an integer from 1 to 100', 'limit');
    const results = await deps.search.search(ctx.user.id, q, limit);
    sendJson(ctx.res, 200, { results });
  });

  router.on(
    'GET',
    '/api/jobs/failed',
    async (ctx) => {
      sendJson(ctx.res, 200, { jobs: await deps.queue.listFailed(100) });
    },
    { adminOnly: true },
  );
}
