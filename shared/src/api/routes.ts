import { meSchema } from './account.js';
import { emptyResponse, rawResponse, type RouteContract } from './contract.js';
import { healthSchema } from './health.js';
import { failedJobsSchema } from './jobs.js';
import { downloadQuerySchema, mediaListQuerySchema, mediaPageSchema, mediaPatchSchema } from './library.js';
import { mediaIdParamsSchema, mediaSchema } from './media.js';
import { playbackSchema, playParamsSchema, playQuerySchema, thumbnailQuerySchema } from './playback.js';
import { searchQuerySchema, searchResponseSchema, suggestQuerySchema, suggestResponseSchema } from './search.js';
import {
  retranscribeQuerySchema,
  segmentParamsSchema,
  segmentPatchSchema,
  segmentSplitSchema,
  speakersPatchSchema,
  speakersResponseSchema,
  transcriptExportQuerySchema,
  transcriptSchema,
  transcriptVersionSchema,
  transcriptVersionsSchema,
  versionOnlySchema,
  versionParamsSchema,
} from './transcripts.js';

const byId = mediaIdParamsSchema;

/**
 * Every REST route of the appliance (tus at /files/ has its own protocol and checks). The
 * appliance registers exactly these; a unit test fails when a registered route is missing here.
 */
export const API = {
  health: { method: 'GET', path: '/healthz', access: 'none', response: healthSchema },
  me: { method: 'GET', path: '/api/me', access: 'bearer', response: meSchema },
  listMedia: { method: 'GET', path: '/api/media', access: 'bearer', query: mediaListQuerySchema, response: mediaPageSchema },
  getMedia: { method: 'GET', path: '/api/media/:id', access: 'bearer', params: byId, response: mediaSchema },
  updateMedia: { method: 'PATCH', path: '/api/media/:id', access: 'bearer', params: byId, body: mediaPatchSchema, response: mediaSchema },
  /** The uploaded file itself, with Range support (206/416) and the filename it was uploaded with. */
  original: { method: 'GET', path: '/api/media/:id/original', access: 'bearer', params: byId, query: downloadQuerySchema, response: rawResponse('the upload\'s own type') },
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
  sprite: { method: 'GET', path: '/api/media/:id/sprite.jpg', access: 'bearer', params: byId, response: rawResponse('image/jpeg') },
  // ?download=1 adds Content-Disposition: attachment named after the media ("Lecture 3.vtt").
  // ?version=N exports an older version from the history. The JSON answer carries an ETag (the
  // version) that the editing routes take as If-Match.
  transcriptJson: { method: 'GET', path: '/api/media/:id/transcript.json', access: 'bearer', params: byId, query: transcriptExportQuerySchema, response: transcriptSchema },
  transcriptVtt: { method: 'GET', path: '/api/media/:id/transcript.vtt', access: 'bearer', params: byId, query: transcriptExportQuerySchema, response: rawResponse('text/vtt') },
  transcriptSrt: { method: 'GET', path: '/api/media/:id/transcript.srt', access: 'bearer', params: byId, query: transcriptExportQuerySchema, response: rawResponse('application/x-subrip') },
  transcriptTxt: { method: 'GET', path: '/api/media/:id/transcript.txt', access: 'bearer', params: byId, query: transcriptExportQuerySchema, response: rawResponse('text/plain') },
  /**
   * Replaces the transcript with an SRT, WebVTT or Biblio JSON file; the Content-Type decides
   * (application/x-subrip, text/vtt, application/json). The body is the file itself, so the
   * route reads it rather than the contract; If-Match is optional here.
   */
  importTranscript: { method: 'PUT', path: '/api/media/:id/transcript', access: 'bearer', params: byId, response: transcriptSchema },
  editSegment: { method: 'PATCH', path: '/api/media/:id/transcript/segments/:n', access: 'bearer', params: segmentParamsSchema, body: segmentPatchSchema, response: transcriptSchema },
  splitSegment: { method: 'POST', path: '/api/media/:id/transcript/segments/:n/split', access: 'bearer', params: segmentParamsSchema, body: segmentSplitSchema, response: transcriptSchema },
  mergeSegment: { method: 'POST', path: '/api/media/:id/transcript/segments/:n/merge-next', access: 'bearer', params: segmentParamsSchema, body: versionOnlySchema, response: transcriptSchema },
  transcriptVersions: { method: 'GET', path: '/api/media/:id/transcript/versions', access: 'bearer', params: byId, response: transcriptVersionsSchema },
  transcriptVersion: { method: 'GET', path: '/api/media/:id/transcript/versions/:v', access: 'bearer', params: versionParamsSchema, response: transcriptVersionSchema },
  restoreTranscriptVersion: { method: 'POST', path: '/api/media/:id/transcript/versions/:v/restore', access: 'bearer', params: versionParamsSchema, body: versionOnlySchema, response: transcriptSchema },
  speakers: { method: 'GET', path: '/api/media/:id/speakers', access: 'bearer', params: byId, response: speakersResponseSchema },
  /**
   * Speech-to-text again (then the index), as a new version. An imported or edited transcript is
   * only replaced with ?overwrite=true (409 transcript_protected otherwise). 202 with the media.
   */
  retranscribe: { method: 'POST', path: '/api/media/:id/retranscribe', access: 'bearer', params: byId, query: retranscribeQuerySchema, response: mediaSchema },
  updateSpeakers: { method: 'PATCH', path: '/api/media/:id/speakers', access: 'bearer', params: byId, body: speakersPatchSchema, response: speakersResponseSchema },
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
