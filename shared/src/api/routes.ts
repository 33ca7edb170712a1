import { meSchema } from './account.js';
import { emptyResponse, rawResponse, type RouteContract } from './contract.js';
import { healthSchema } from './health.js';
import { failedJobsSchema } from './jobs.js';
import { mediaIdParamsSchema, mediaListSchema, mediaSchema } from './media.js';
import { playbackSchema, playParamsSchema, playQuerySchema, thumbnailQuerySchema } from './playback.js';
import { searchQuerySchema, searchResponseSchema, suggestQuerySchema, suggestResponseSchema } from './search.js';
import { transcriptSchema } from './transcripts.js';

const byId = mediaIdParamsSchema;

/**
 * Every REST route of the appliance (tus at /files/ has its own protocol and checks). The
 * appliance registers exactly these; a unit test fails when a registered route is missing here.
 */
export const API = {
  health: { method: 'GET', path: '/healthz', access: 'none', response: healthSchema },
  me: { method: 'GET', path: '/api/me', access: 'bearer', response: meSchema },
  listMedia: { method: 'GET', path: '/api/media', access: 'bearer', response: mediaListSchema },
  getMedia: { method: 'GET', path: '/api/media/:id', access: 'bearer', params: byId, response: mediaSchema },
  deleteMedia: { method: 'DELETE', path: '/api/media/:id', access: 'bearer', params: byId, response: emptyResponse },
  retryMedia: { method: 'POST', path: '/api/media/:id/retry', access: 'bearer', params: byId, response: mediaSchema },
  events: { method: 'GET', path: '/api/events', access: 'bearer', response: rawResponse('text/event-stream') },
  playback: { method: 'GET', path: '/api/media/:id/playback', access: 'bearer', params: byId, response: playbackSchema },
  thumbnail: {
    method: 'GET',
    path: '/api/media/:id/thumbnail.jpg',
    access: 'bearer',
    params: byId,
    query: thumbnailQuerySchema,
    response: rawResponse('image/jpeg'),
  },
  transcriptJson: { method: 'GET', path: '/api/media/:id/transcript.json', access: 'bearer', params: byId, response: transcriptSchema },
  transcriptVtt: { method: 'GET', path: '/api/media/:id/transcript.vtt', access: 'bearer', params: byId, response: rawResponse('text/vtt') },
  transcriptSrt: { method: 'GET', path: '/api/media/:id/transcript.srt', access: 'bearer', params: byId, response: rawResponse('application/x-subrip') },
  search: { method: 'GET', path: '/api/search', access: 'bearer', query: searchQuerySchema, response: searchResponseSchema, errorNames: { q: 'query' } },
  suggest: { method: 'GET', path: '/api/search/suggest', access: 'bearer', query: suggestQuerySchema, response: suggestResponseSchema, errorNames: { q: 'query' } },
  failedJobs: { method: 'GET', path: '/api/jobs/failed', access: 'admin', response: failedJobsSchema },
  metrics: { method: 'GET', path: '/metrics', access: 'admin', response: rawResponse('text/plain') },
  play: {
    method: 'GET',
    path: '/play/*path',
    access: 'signature',
    params: playParamsSchema,
    query: playQuerySchema,
    response: rawResponse('application/vnd.apple.mpegurl or video/mp2t'),
  },
} as const satisfies Record<string, RouteContract>;

export type ApiRouteName = keyof typeof API;
