import type { EventBus } from '../../ports/event-bus.js';
import type { HealthCheck } from '../../services/health.js';
import type { MediaService } from '../../services/media-service.js';
import type { Quotas } from '../../services/quotas.js';
import type { Registry } from 'prom-client';
import type { SearchService } from '../../services/search.js';
import type { Router } from '../router.js';
import { accountRoutes } from './account.js';
import { eventRoutes } from './events.js';
import { healthRoutes } from './health.js';
import { jobRoutes, type JobRouteDeps } from './jobs.js';
import { mediaRoutes } from './media.js';
import { metricsRoutes } from './metrics.js';
import { playRoutes } from './play.js';
import { playbackRoutes, type PlaybackRouteDeps } from './playback.js';
import { searchRoutes } from './search.js';
import { transcriptEditingRoutes, type TranscriptEditingRouteDeps } from './transcript-editing.js';
import { transcriptRoutes, type TranscriptRouteDeps } from './transcripts.js';

/** What the media-processing routes (playback, transcripts, search, jobs) read. */
export type ProcessingRouteDeps = Omit<PlaybackRouteDeps & JobRouteDeps, 'media'> & TranscriptRouteDeps & Omit<TranscriptEditingRouteDeps, 'announce'> & { search: SearchService };

export interface RouteDeps {
  media: MediaService;
  events: EventBus;
  healthChecks: HealthCheck[];
  metrics: Registry;
  processing: ProcessingRouteDeps;
  quotas?: Quotas;
  version: string;
  /** Is this token still live? (open event streams end when it is not). */
  tokenIsLive: (token: string) => Promise<boolean>;
}

/**
 * Registers every REST route; returns the function that ends open event streams. Registration
 * only stores closures, so the contract test can call it with stand-in dependencies.
 */
export function registerRoutes(router: Router, deps: RouteDeps): () => void {
  healthRoutes(router, deps.healthChecks, deps.version);
  accountRoutes(router, deps.quotas);
  mediaRoutes(router, deps.media);
  playbackRoutes(router, deps.processing);
  playRoutes(router, deps.processing.playback);
  transcriptRoutes(router, deps.processing);
  transcriptEditingRoutes(router, {
    ...deps.processing,
    // After the answer: a lost event must not turn a committed change into an error.
    announce: async (mediaId) => {
      const media = await deps.processing.db.media.findById(mediaId).catch(() => undefined);
      if (media) await deps.media.announceState(media).catch(() => undefined);
    },
  });
  searchRoutes(router, deps.processing.search);
  jobRoutes(router, { ...deps.processing, media: deps.media });
  metricsRoutes(router, deps.metrics);
  return eventRoutes(router, deps.events, { tokenIsLive: deps.tokenIsLive });
}
